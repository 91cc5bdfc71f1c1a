use std::ops::Range;

use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};
use crate::source::Source;

declare_rule! {
    /// A version whose `classification` differs from the one its `declaration.yaml` gives.
    ///
    /// ## Why
    /// A classification in the manifest marks the whole declaration; a version that says
    /// otherwise leaves readers unsure which marking applies. The version's value wins when
    /// rendering, so a `PUBLIC` version of a `LIMITE` declaration would be printed and shared
    /// as public. Each fact should have one home.
    ///
    /// ## Example
    /// ```yaml
    /// # declaration.yaml
    /// classification: LIMITE
    /// ```
    ///
    /// with `classification: PUBLIC` in a version's front matter.
    ///
    /// ## Fix
    /// Remove `classification` from the manifest and give each version its own marking, or
    /// correct the version's value.
    pub struct ClassificationMismatch => "D502", "classification-mismatch", Error;
}

impl Rule for ClassificationMismatch {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        let Some(outer) = cx.manifest.and_then(|m| m.classification.as_ref()) else {
            return;
        };
        let Some(own) = &cx.version.own_meta.classification else {
            return;
        };
        if own.trim().eq_ignore_ascii_case(outer.trim()) {
            return;
        }
        let range = field_range(cx.source, "classification").unwrap_or(0..0);
        out.push(
            Diagnostic::at(
                &Self::INFO,
                cx.source,
                range,
                format!(
                    "version `{}` is marked `{own}`, its declaration.yaml says `{outer}`",
                    cx.version.id
                ),
            )
            .help("keep the marking in one place: the manifest for all versions, or each version"),
        );
    }
}

/// The byte range of a front matter field's value (`classification: LIMITE` → `LIMITE`).
#[must_use]
pub fn field_range(source: &Source, field: &str) -> Option<Range<usize>> {
    let fm = crate::parse::markdown::find_front_matter(source).ok()??;
    let yaml = &source.text[fm.yaml.clone()];
    let mut pos = fm.yaml.start;
    for line in yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(field)
            && let Some(value) = rest.trim_start().strip_prefix(':')
        {
            let value = value.trim();
            let at = pos + line.find(value).unwrap_or(0);
            return Some(at..at + value.len());
        }
        pos += line.len();
    }
    None
}
