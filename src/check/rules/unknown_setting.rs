use crate::check::diagnostic::Diagnostic;
use crate::check::registry::{Rule, RuleInfo, declare_rule};

declare_rule! {
    /// A key in `decl.yaml` that `decl` does not know, or a rule setting naming no rule.
    ///
    /// ## Why
    /// A misspelt setting is ignored: `publc:` declares no public folder, and `D3O1: off`
    /// (with a letter O) turns nothing off. The check then runs with settings other than the
    /// ones the repository meant.
    ///
    /// ## Example
    /// ```yaml
    /// check:
    ///   rules:
    ///     doubled-words: off
    /// ```
    ///
    /// ## Fix
    /// Use the key or rule named in the message (`doubled-word`). Known top-level keys are
    /// `templates`, `delegations` and `check`; under `check`: `rules`, `spelling`, `public`.
    /// `decl check --list-rules` lists the rules.
    pub struct UnknownSetting => "D109", "unknown-setting", Warning;
}

impl Rule for UnknownSetting {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }
}

/// A finding from a settings warning or a rule name the registry does not know.
#[must_use]
pub fn diagnostic(
    source: &crate::source::Source,
    line: usize,
    column: usize,
    message: &str,
) -> Diagnostic {
    let (message, help) = match message.split_once("; ") {
        Some((m, h)) => (m.to_string(), Some(h.to_string())),
        None => (message.to_string(), None),
    };
    let mut d =
        Diagnostic::at_line(&UnknownSetting::INFO, source, line, column, message).mark_word();
    d.help = help;
    d
}
