use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

declare_rule! {
    /// Square-bracketed text in a version whose `status` is `adopted`.
    ///
    /// ## Why
    /// In a negotiation, square brackets mark text not yet agreed. An adopted text has no
    /// text that is not agreed: brackets left in it were either agreed (and the brackets
    /// forgotten) or dropped (and the text forgotten). Either way the published declaration
    /// would be wrong.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// status: adopted
    /// ---
    ///
    /// ## [On prevention of migrant smuggling, we:]
    ///
    /// Cooperate with transport operators [within 24 hours];
    /// ```
    ///
    /// ## Fix
    /// Remove the brackets around agreed text and delete text that was not agreed. If the
    /// version is not final yet, set `status: draft`. Placeholders such as `[date]` are
    /// reported by `placeholder-in-adopted` (D202).
    pub struct BracketInAdopted => "D201", "bracket-in-adopted", Error;
}

impl Rule for BracketInAdopted {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        if !cx.version.meta.is_adopted() {
            return;
        }
        for (range, bracket, _) in super::open_brackets::all(cx) {
            if bracket.placeholder {
                continue;
            }
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    cx.source,
                    range,
                    format!("square brackets `{}` in an adopted version", bracket.text),
                )
                .help("remove the brackets around agreed text, or delete text that was not agreed"),
            );
        }
    }
}
