use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};
use crate::endorse::{Fingerprint, State};

declare_rule! {
    /// A standing endorsement whose version no longer reads as the text that was endorsed.
    ///
    /// ## Why
    /// `decl endorse` records with each endorsement a fingerprint of the clause texts of the
    /// version endorsed. A version edited afterwards (a word changed in an adopted text after
    /// nine delegations endorsed it) still has its id, so nothing else notices: the ledger
    /// would claim the delegations endorsed words they never saw.
    ///
    /// ## Example
    /// ```yaml
    /// # endorsements/FR.yaml; versions/adopted.md was edited after this line was recorded
    /// - {event: endorse, date: 2025-12-10, version: adopted, fingerprint: 9f2c…, clauses: "1a2b3c4d …"}
    /// ```
    ///
    /// ## Fix
    /// If the edit was a mistake, undo it (`git log -p` on the version file shows it). If the
    /// text really changed, it is a new version: keep the endorsed one, add the changed text
    /// as a new version file, and record endorsements of it as delegations give them. Records
    /// made before fingerprints existed have none and are not checked.
    pub struct EndorsedTextChanged => "D407", "endorsed-text-changed", Error;
}

impl Rule for EndorsedTextChanged {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        let mut now: std::collections::HashMap<&str, Fingerprint> =
            std::collections::HashMap::new();
        for file in cx.ledger {
            let Some(endorsement) = State::derive(&file.events).endorsement else {
                continue;
            };
            let Some(recorded) = &endorsement.fingerprint else {
                continue;
            };
            let Some(version) = cx
                .versions
                .iter()
                .flatten()
                .find(|v| v.id == endorsement.version)
            else {
                continue;
            };
            let current = now
                .entry(version.id.as_str())
                .or_insert_with(|| Fingerprint::of(version));
            if current.text == recorded.text {
                continue;
            }
            let changed = recorded.changed_in(version);
            let names: Vec<String> = changed
                .iter()
                .take(5)
                .map(|c| format!("{} `{}`", c.kind, c.label()))
                .collect();
            let more = if changed.len() > names.len() {
                format!(" and {} more", changed.len() - names.len())
            } else {
                String::new()
            };
            let range = super::field_on_line(&file.source, endorsement.line, "fingerprint");
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    &file.source,
                    range,
                    format!(
                        "`{}` endorsed `{}`, whose text has changed since: {}{more}",
                        file.code,
                        version.id,
                        names.join(", ")
                    ),
                )
                .help(
                    "undo the edit, or keep the endorsed text and add the change as a new version",
                ),
            );
        }
    }
}
