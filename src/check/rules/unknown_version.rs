use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};
use crate::text::closest;

declare_rule! {
    /// A ledger event that refers to a version the declaration does not have.
    ///
    /// ## Why
    /// An endorsement is of one version of the text. An event naming a version id that is not
    /// in `declaration.yaml` (renamed, or never listed) cannot say what was endorsed, nor
    /// whether the endorsement is stale.
    ///
    /// ## Example
    /// ```yaml
    /// - {event: endorse, date: 2025-12-10, version: final, source: "note verbale"}
    /// ```
    ///
    /// where the declaration's versions are `2025-07-18-draft` and `2025-12-10-adopted`.
    ///
    /// ## Fix
    /// Write the version id as `decl show DECL` names it. If a version file was renamed,
    /// record the rename rather than edit the ledger: add a line correcting the event.
    pub struct UnknownVersion => "D402", "unknown-version", Error;
}

impl Rule for UnknownVersion {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        // Without every version read, an id may be missing only because its file is broken.
        if cx.versions.iter().any(Option::is_none) {
            return;
        }
        let ids: Vec<&str> = cx
            .versions
            .iter()
            .flatten()
            .map(|v| v.id.as_str())
            .collect();
        let known: std::collections::HashSet<&str> = ids.iter().copied().collect();
        // The hint for each unknown id, worked out once however often the id is used.
        let mut hints: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
        for file in cx.ledger {
            for event in &file.events {
                if known.contains(event.version.as_str()) {
                    continue;
                }
                let range = super::field_on_line(&file.source, event.line, "version");
                let help = hints
                    .entry(event.version.as_str())
                    .or_insert_with(
                        || match closest(&event.version, ids.iter().copied()).first() {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!(
                                "the versions are {}",
                                crate::text::and_list(
                                    &ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>(),
                                )
                            ),
                        },
                    )
                    .clone();
                out.push(
                    Diagnostic::at(
                        &Self::INFO,
                        &file.source,
                        range,
                        format!(
                            "`{}` of `{}` refers to version `{}`, which the declaration does not have",
                            event.action.as_str(),
                            file.code,
                            event.version
                        ),
                    )
                    .help(help),
                );
            }
        }
    }
}
