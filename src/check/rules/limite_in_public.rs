use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

declare_rule! {
    /// A version marked `LIMITE` inside a folder that `decl.yaml` declares public.
    ///
    /// ## Why
    /// `LIMITE` documents are not for public release. A folder listed under `check.public` is
    /// one whose contents are published (a website, a public mirror of the repository), so a
    /// LIMITE version there is about to leak.
    ///
    /// ## Example
    /// ```yaml
    /// # decl.yaml
    /// check:
    ///   public:
    ///     - declarations/published
    /// ```
    ///
    /// with `classification: LIMITE` in `declarations/published/…/versions/draft.md`.
    ///
    /// ## Fix
    /// Move the version out of the public folder, or, once its release is decided, change
    /// its marking (`classification: PUBLIC`).
    pub struct LimiteInPublic => "D501", "limite-in-public", Error;
}

impl Rule for LimiteInPublic {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        if !cx.public {
            return;
        }
        let Some(class) = &cx.version.meta.classification else {
            return;
        };
        if !class.to_uppercase().contains("LIMITE") {
            return;
        }
        let range = super::classification_mismatch::field_range(cx.source, "classification")
            .unwrap_or(0..0);
        out.push(
            Diagnostic::at(
                &Self::INFO,
                cx.source,
                range,
                format!("version `{}` is marked `{class}` but lies in a public folder", cx.version.id),
            )
            .help("move it out of the folders listed under `check.public` in `decl.yaml`, or change its marking"),
        );
    }
}
