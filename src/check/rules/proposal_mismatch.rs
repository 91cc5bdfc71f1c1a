use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// A proposal that does not fit its declaration: it names a delegation the repository does
    /// not know or a version the declaration does not have, or the clauses it changes no
    /// longer read as that version's.
    ///
    /// ## Why
    /// A proposal (`proposals/<version>/<CODE>-….yaml`, written by `decl propose`) records a
    /// delegation's changes to the clauses of one version. If the version was edited after
    /// the proposal was made, or removed from `declaration.yaml`, or the file was edited by
    /// hand, `decl proposals` and `decl compile` cannot place the proposal: they refuse it or
    /// leave it out, and the compilation would be missing a delegation's words.
    ///
    /// ## Example
    /// ```yaml
    /// # proposals/draft/EU-2025-03-20-1a2b3c4d.yaml; versions/draft.md was edited since
    /// changes:
    /// - change: modify
    ///   index: 2
    ///   old: Promote the exchange of information …
    /// ```
    ///
    /// ## Fix
    /// Restore the version's text if it was edited by mistake (a version, once circulated, is
    /// not edited: a new text is a new version). Otherwise record the delegation's proposal
    /// again on the version as it stands (`decl propose`), and remove the old file.
    pub struct ProposalMismatch => "D208", "proposal-mismatch", Error;
}

impl Rule for ProposalMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        for file in cx.proposals {
            let p = &file.proposal;
            let at = |field: &str| {
                super::field_on_line(&file.source, line_of(&file.source, field), field)
            };
            if let Some(registry) = cx.delegations
                && registry.get(&p.delegation).is_none()
            {
                out.push(
                    Diagnostic::at(
                        &Self::INFO,
                        &file.source,
                        at("delegation"),
                        format!(
                            "the proposal names the delegation `{}`, which is not known",
                            p.delegation
                        ),
                    )
                    .help("`decl delegations` lists the codes; add the delegation to `decl.yaml`"),
                );
            }
            let Some(base) = cx.versions.iter().flatten().find(|v| v.id == p.version) else {
                if cx.versions.iter().all(Option::is_some) {
                    out.push(
                        Diagnostic::at(
                            &Self::INFO,
                            &file.source,
                            at("version"),
                            format!(
                                "the proposal is on version `{}`, which the declaration does not have",
                                p.version
                            ),
                        )
                        .help("list the version in `declaration.yaml`, or remove the proposal"),
                    );
                }
                continue;
            };
            if let Some(why) = crate::negotiate::proposal::mismatch(p, base) {
                out.push(
                    Diagnostic::at(
                        &Self::INFO,
                        &file.source,
                        super::line_range(&file.source, line_of(&file.source, "changes")),
                        format!("the proposal does not fit: {why}"),
                    )
                        .help("restore the version's text, or record the proposal again on the version as it stands"),
                );
            }
        }
    }
}

/// The 1-based line of the top-level key `field`, else 1.
fn line_of(source: &crate::source::Source, field: &str) -> usize {
    source
        .text
        .lines()
        .position(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))
        .map_or(1, |i| i + 1)
}
