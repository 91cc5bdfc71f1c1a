use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, VersionCx, declare_rule};
use crate::model::Warning;
use crate::source::Source;

declare_rule! {
    /// A front matter or manifest field that `decl` does not know.
    ///
    /// ## Why
    /// Field names are fixed. A misspelt field (`titel`, `clasification`) is silently ignored
    /// by every other command, so the version loses the title or the marking the drafter
    /// meant to give it. `show` and `diff` only warn, so they still work on any Markdown file;
    /// in a declaration repository it is an error.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// clasification: LIMITE
    /// ---
    /// ```
    ///
    /// ## Fix
    /// Use the field named in the message (`classification`), or remove the line. The README
    /// lists the known fields under "File formats".
    pub struct UnknownField => "D102", "unknown-field", Error;
}

impl Rule for UnknownField {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        push(cx.source, &cx.version.warnings, out);
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        push(&cx.manifest.source, &cx.manifest.warnings, out);
    }
}

fn push(source: &Source, warnings: &[Warning], out: &mut Findings) {
    for w in warnings {
        let (message, help) = match w.message.split_once("; ") {
            Some((m, h)) => (m.to_string(), Some(h.to_string())),
            None => (w.message.clone(), None),
        };
        let mut d =
            Diagnostic::at_line(&UnknownField::INFO, source, w.line, w.column, message).mark_word();
        d.help = help;
        out.push(d);
    }
}
