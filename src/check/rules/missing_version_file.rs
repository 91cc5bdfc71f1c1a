use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// A `versions` entry of `declaration.yaml` that names no file.
    ///
    /// ## Why
    /// The manifest is the declaration's list of drafts. An entry pointing nowhere (a file
    /// renamed or never committed) breaks every command that opens the declaration:
    /// `show`, `diff`, `history`, `endorse`.
    ///
    /// ## Example
    /// ```yaml
    /// versions:
    ///   - versions/2025-07-18-draft.md
    ///   - versions/2025-09-30-draft.md   # not in the repository
    /// ```
    ///
    /// ## Fix
    /// Correct the path (relative to the folder of `declaration.yaml`), add the file, or
    /// remove the entry.
    pub struct MissingVersionFile => "D107", "missing-version-file", Error;
}

impl Rule for MissingVersionFile {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        let manifest = cx.manifest;
        for entry in &manifest.versions {
            let Some(what) = crate::repo::unreadable(&entry.path) else {
                continue;
            };
            let at = manifest.entry_offset(entry);
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    &manifest.source,
                    at..at + entry.file.len(),
                    format!("version file `{}` {what}", entry.file),
                )
                .help("paths are relative to the folder of `declaration.yaml`"),
            );
        }
    }
}
