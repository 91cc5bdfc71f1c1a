use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// A version file in a declaration's `versions/` folder that `declaration.yaml` does not
    /// list.
    ///
    /// ## Why
    /// Only the versions the manifest lists are the declaration's: `decl diff DECL`,
    /// `synopsis`, `history`, `endorse` and `check` itself never see the others. A draft
    /// imported or copied into `versions/` without its line in the manifest is invisible, and
    /// a reader of the folder takes it for part of the negotiation.
    ///
    /// ## Example
    /// ```yaml
    /// versions:               # versions/2025-09-10-rev-1.md is in the folder too
    ///   - versions/2025-07-18-draft.md
    ///   - versions/2025-12-10-adopted.md
    /// ```
    ///
    /// ## Fix
    /// Add the file to `versions` where it belongs in time (`decl import --into` does this),
    /// or move it out of the folder.
    pub struct UnlistedVersion => "D111", "unlisted-version", Warning;
}

impl Rule for UnlistedVersion {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        let manifest = cx.manifest;
        for file in manifest.unlisted_files() {
            let at = manifest.versions_offset();
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    &manifest.source,
                    at..at + "versions".len().min(manifest.source.text.len() - at),
                    format!("`{file}` is in the folder but not listed in `versions`"),
                )
                .help("add it to `versions` in its place in time, or move it out of `versions/`"),
            );
        }
    }
}
