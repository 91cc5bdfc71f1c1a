use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

declare_rule! {
    /// A version without a title: no `#` heading and no `title` field.
    ///
    /// ## Why
    /// The title names the declaration on the printed page, in the list of endorsements and
    /// in every diff header. A version without one is usually a file that lost its first lines.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// date: 2025-07-18
    /// ---
    ///
    /// We, representatives of …
    /// ```
    ///
    /// ## Fix
    /// Start the body with `# Joint Declaration on …`, or set `title` in the front matter or
    /// in the declaration's `declaration.yaml`.
    pub struct MissingTitle => "D103", "missing-title", Error;
}

impl Rule for MissingTitle {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        if cx
            .version
            .title_text()
            .is_some_and(|t| !t.trim().is_empty())
        {
            return;
        }
        let at = cx
            .version
            .clauses()
            .next()
            .map_or(0, |c| super::clause_range(cx.source, c).start);
        out.push(
            Diagnostic::at(
                &Self::INFO,
                cx.source,
                at..at,
                "version has no title".to_string(),
            )
            .help("add a `# Title` heading above the first clause, or a `title` field"),
        );
    }
}
