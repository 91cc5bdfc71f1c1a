use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

declare_rule! {
    /// A section heading with no clauses under it and no deeper headings.
    ///
    /// ## Why
    /// A heading without clauses is usually the trace of clauses deleted in negotiation, or
    /// of clauses placed under the wrong heading. Printed, it announces commitments that are
    /// not there.
    ///
    /// ## Example
    /// ```markdown
    /// ## On alternatives to irregular migration, we:
    ///
    /// ## On partnerships, we:
    ///
    /// Commit to …
    /// ```
    ///
    /// ## Fix
    /// Delete the heading, or move the clauses that belong to it under it.
    pub struct EmptySection => "D106", "empty-section", Warning;
}

impl Rule for EmptySection {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        let sections = &cx.version.sections;
        for (i, section) in sections.iter().enumerate() {
            let Some(heading) = &section.heading else {
                continue;
            };
            if section.clauses().next().is_some() {
                continue;
            }
            let has_children = sections
                .get(i + 1)
                .is_some_and(|next| next.heading.is_some() && next.level > section.level);
            if has_children {
                continue;
            }
            let range = super::find_in_heading(cx.source, heading, &heading.markdown);
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    cx.source,
                    range,
                    format!("section `{}` has no clauses", heading.text),
                )
                .help("delete the heading, or move its clauses under it"),
            );
        }
    }
}
