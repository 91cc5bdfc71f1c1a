use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};
use crate::source::Source;

declare_rule! {
    /// A control character in a version, manifest, ledger or settings file: ESC, BEL,
    /// backspace, another C0 or C1 control, DEL, or a bidirectional override or isolate.
    ///
    /// ## Why
    /// Nobody types these into a declaration; they arrive by copy and paste, or on purpose.
    /// They are invisible in most editors, but a terminal (or a pager, or a CI log) obeys
    /// them: an escape sequence can rewrite what a diff shows, and a bidirectional override
    /// can show words in another order than they are read. `decl` shows them as `\u{1b}` in
    /// its own output; the file should not have them at all.
    ///
    /// ## Example
    /// ```markdown
    /// Reaffirm our support␛[8m for the return of migrants; <!-- the ␛ is a raw ESC -->
    /// ```
    ///
    /// ## Fix
    /// Delete the character. Tabs, line ends (LF or CRLF) and ordinary Unicode text are
    /// fine.
    pub struct ControlCharacter => "D110", "control-character", Error;
}

impl Rule for ControlCharacter {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_source(&self, source: &Source, out: &mut Findings) {
        scan(source, out);
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        scan(&cx.manifest.source, out);
        for file in cx.ledger {
            scan(&file.source, out);
        }
        if let Some(settings) = &cx.settings.source {
            scan(settings, out);
        }
    }
}

/// Report every control character of a file, in one pass.
fn scan(source: &Source, out: &mut Findings) {
    let text = source.text.as_str();
    // Most files have none: say so in one pass that vectorises.
    #[allow(clippy::needless_bitwise_bool)]
    let maybe = text.bytes().fold(false, |any, b| {
        any | (b < 0x20 && b != b'\n' && b != b'\t' && b != b'\r')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xe2)
    });
    if !maybe {
        return;
    }
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let crlf = c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n');
        if !is_control(c) || crlf {
            continue;
        }
        out.push(
            Diagnostic::at(
                &ControlCharacter::INFO,
                source,
                at..at + c.len_utf8(),
                format!("control character U+{:04X} ({})", u32::from(c), name(c)),
            )
            .help("delete it: it is invisible here, and a terminal showing the text would obey it"),
        );
    }
}

/// Whether `decl` treats a character as a control character to report (and to show visibly).
#[must_use]
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn name(c: char) -> &'static str {
    match c {
        '\u{1b}' => "escape",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\r' => "carriage return",
        '\u{7f}' => "delete",
        '\u{9b}' => "control sequence introducer",
        '\u{202a}'..='\u{202e}' => "bidirectional embedding or override",
        '\u{2066}'..='\u{2069}' => "bidirectional isolate",
        '\u{80}'..='\u{9f}' => "C1 control",
        _ => "C0 control",
    }
}
