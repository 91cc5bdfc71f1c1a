use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};
use crate::endorse::State;
use crate::endorse::status::changed_since;

declare_rule! {
    /// A standing endorsement of an earlier version of a declaration whose latest version is
    /// adopted, when clauses changed since.
    ///
    /// ## Why
    /// Once the text is adopted, the list of endorsers is published with it. A delegation
    /// that endorsed a draft has not endorsed the clauses changed since: listing it as an
    /// endorser of the adopted text claims more than it said.
    ///
    /// ## Example
    /// ```yaml
    /// # endorsements/FR.yaml, with 2025-12-10-adopted the latest version
    /// - {event: endorse, date: 2025-07-24, version: 2025-07-18-draft}
    /// ```
    ///
    /// ## Fix
    /// Record the delegation's endorsement of the adopted version when it gives it
    /// (`decl endorse DECL FR`), or leave the warning as the reminder that it has not.
    /// `decl endorsements DECL` names the changed clauses.
    pub struct StaleEndorsement => "D405", "stale-endorsement", Warning;
}

impl Rule for StaleEndorsement {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        let Some(Some(latest)) = cx.versions.last() else {
            return;
        };
        if !latest.meta.is_adopted() {
            return;
        }
        // One diff per endorsed version, however many delegations endorsed it.
        let mut diffs: std::collections::HashMap<&str, Vec<crate::endorse::status::ChangedClause>> =
            std::collections::HashMap::new();
        for file in cx.ledger {
            let state = State::derive(&file.events);
            let Some(endorsement) = &state.endorsement else {
                continue;
            };
            if endorsement.version == latest.id {
                continue;
            }
            let Some(old) = cx
                .versions
                .iter()
                .flatten()
                .find(|v| v.id == endorsement.version)
            else {
                continue;
            };
            let changed = diffs
                .entry(old.id.as_str())
                .or_insert_with(|| changed_since(old, latest));
            if changed.is_empty() {
                continue;
            }
            let range = super::field_on_line(&file.source, endorsement.line, "version");
            let names: Vec<String> = changed
                .iter()
                .take(5)
                .map(|c| format!("`{}`", c.label()))
                .collect();
            let more = if changed.len() > names.len() {
                format!(" and {} more", changed.len() - names.len())
            } else {
                String::new()
            };
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    &file.source,
                    range,
                    format!(
                        "`{}` endorsed `{}`, not the adopted `{}`; {} changed since: {}{more}",
                        file.code,
                        old.id,
                        latest.id,
                        crate::text::count(changed.len(), "clause", "clauses"),
                        names.join(", ")
                    ),
                )
                .help(format!(
                    "record the endorsement of `{}` when it is given",
                    latest.id
                )),
            );
        }
    }
}
