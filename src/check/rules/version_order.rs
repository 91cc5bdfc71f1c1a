use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// Versions listed in an order their dates or Council document numbers contradict.
    ///
    /// ## Why
    /// `declaration.yaml` lists versions oldest first, and `first`, `latest`, `previous`,
    /// `decl diff DECL` and the staleness of endorsements all follow that order. A REV 2 listed
    /// before REV 1, or a draft dated before the one it follows, makes every one of them wrong.
    ///
    /// ## Example
    /// ```yaml
    /// versions:
    ///   - versions/rev1.md    # document: 11767/1/25 REV 1, date: 2025-09-12
    ///   - versions/draft.md   # document: 11767/25, date: 2025-07-18
    /// ```
    ///
    /// ## Fix
    /// List the versions oldest first, or correct the `date` or `document` field that is
    /// wrong.
    pub struct VersionOrder => "D108", "version-order", Error;
}

impl Rule for VersionOrder {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        let manifest = cx.manifest;
        let mut previous: Option<&crate::model::Version> = None;
        for (entry, version) in manifest.versions.iter().zip(&cx.versions) {
            let Some(version) = version else { continue };
            if let Some(prev) = previous {
                let at = manifest.entry_offset(entry);
                let range = at..at + entry.file.len();
                if let (Some(a), Some(b)) = (prev.meta.date, version.meta.date)
                    && b < a
                {
                    out.push(
                        Diagnostic::at(
                            &Self::INFO,
                            &manifest.source,
                            range.clone(),
                            format!(
                                "version `{}` is listed after `{}` but dated {b}, before {a}",
                                version.id, prev.id
                            ),
                        )
                        .help("list versions oldest first, or correct the `date`"),
                    );
                }
                // One version out of place is one finding, though its date and its number
                // both say so.
                let misdated =
                    matches!((prev.meta.date, version.meta.date), (Some(a), Some(b)) if b < a);
                if let (Some(a), Some(b)) = (&prev.meta.document, &version.meta.document)
                    && b < a
                    && !misdated
                {
                    out.push(
                        Diagnostic::at(
                            &Self::INFO,
                            &manifest.source,
                            range,
                            format!(
                                "version `{}` ({b}) is listed after `{}` ({a}), an earlier document number",
                                version.id, prev.id
                            ),
                        )
                        .help("list versions oldest first, or correct the `document` number"),
                    );
                }
            }
            previous = Some(version);
        }
    }
}
