use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// Ledger events out of date order: an event dated before the one above it, or before
    /// the version it refers to.
    ///
    /// ## Why
    /// A ledger is a record in time, oldest first, and the current state is derived by
    /// reading it in order. An event dated before its predecessor makes that state depend on
    /// where a line was written rather than on what happened; an endorsement dated before the
    /// version existed endorses a text no one had seen.
    ///
    /// ## Example
    /// ```yaml
    /// - {event: endorse, date: 2025-12-10, version: 2025-12-10-adopted}
    /// - {event: withdraw, date: 2025-11-02, version: 2025-12-10-adopted}
    /// ```
    ///
    /// ## Fix
    /// Correct the date that is wrong. If the lines were written in the wrong order, add a
    /// correcting line rather than rewrite history: `decl` derives the state from the order
    /// of lines.
    pub struct EndorsementDateOrder => "D404", "endorsement-date-order", Error;
}

impl Rule for EndorsementDateOrder {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        let dates: std::collections::HashMap<&str, Option<crate::model::Date>> = cx
            .versions
            .iter()
            .flatten()
            .rev()
            .map(|v| (v.id.as_str(), v.meta.date))
            .collect();
        for file in cx.ledger {
            let mut previous: Option<&crate::endorse::Event> = None;
            for event in &file.events {
                let range = super::field_on_line(&file.source, event.line, "date");
                if let Some(p) = previous
                    && event.date < p.date
                {
                    out.push(
                        Diagnostic::at(
                            &Self::INFO,
                            &file.source,
                            range.clone(),
                            format!(
                                "`{}` dated {}, before the event above it ({}, line {})",
                                event.action.as_str(),
                                event.date,
                                p.date,
                                p.line
                            ),
                        )
                        .help("events are recorded oldest first; correct the date"),
                    );
                }
                if let Some(&Some(date)) = dates.get(event.version.as_str())
                    && event.date < date
                {
                    out.push(
                        Diagnostic::at(
                            &Self::INFO,
                            &file.source,
                            range,
                            format!(
                                "`{}` dated {}, before version `{}` ({date})",
                                event.action.as_str(),
                                event.date,
                                event.version
                            ),
                        )
                        .help("an event cannot precede the version it refers to; correct the date or the version"),
                    );
                }
                previous = Some(event);
            }
        }
    }
}
