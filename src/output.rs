//! Where command output goes: standard output (with colour as the user chose), warnings to
//! standard error unless `--quiet`. Commands write through [`Context::out`], so printing stays in
//! this layer and tests can capture it.
//!
//! Documents, ledgers, settings and file names can hold control characters: ESC, BEL,
//! backspace, a lone carriage return, C1 controls, bidirectional overrides. Printed raw, they
//! would drive the terminal (or the pager, or the CI log viewer): set its title, move the cursor
//! over text, hide or reorder words. Every human-readable output therefore goes through
//! [`Visible`], which shows each such character as `\u{1b}`; decl's own colours (SGR sequences
//! of the styles it uses) pass when colour is on. File formats (JSON, SARIF, CSV, YAML,
//! Markdown, HTML, rendered text, man page, completions) go out exactly as written, unless
//! standard output is a terminal, where they are shown the same visible way. JSON escapes
//! control characters itself.

use std::io::{IsTerminal as _, Write};

use anstyle::{AnsiColor, Style};

use crate::cli::{ColorChoice, GlobalArgs};
use crate::model::Warning;

/// What a command writes to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Text for a person: control characters are always shown visibly.
    Human,
    /// A file format: exact bytes, except on a terminal.
    File,
}

pub struct Context {
    /// Standard output, buffered, through [`Visible`] (see the module docs). Commands style
    /// their output only when [`Context::color`] says so.
    pub out: Box<dyn Write>,
    pub quiet: bool,
    /// Whether to style standard output: `--color always`, or `auto` on a terminal that shows
    /// colour (honouring `NO_COLOR`, `CLICOLOR` and `CLICOLOR_FORCE`).
    pub color: bool,
}

/// Standard output without the standard library's line buffer under our own buffer: that
/// buffer looks for the last line break of every block written, which reads a one-line output
/// (JSON) twice over (14 M of the 554 M instructions of a 10,000-clause `diff --format json`).
fn unbuffered_stdout() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd as _;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

impl Context {
    #[must_use]
    pub fn new(global: &GlobalArgs, output: Output) -> Context {
        let choice = match global.color {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
            }
        };
        let stdout = std::io::BufWriter::with_capacity(64 * 1024, unbuffered_stdout());
        let out: Box<dyn Write> = match output {
            Output::File if !std::io::stdout().is_terminal() => Box::new(stdout),
            Output::File => Box::new(Visible::new(stdout, false)),
            Output::Human => Box::new(Visible::new(stdout, color)),
        };
        Context {
            out,
            quiet: global.quiet,
            color,
        }
    }

    /// `style` when output is coloured, else no style at all.
    #[must_use]
    pub fn paint(&self, style: Style) -> Style {
        if self.color { style } else { Style::new() }
    }

    /// Print a warning to standard error, unless quiet.
    pub fn warn(&self, warning: &Warning) {
        self.warn_text(&warning.to_string());
    }

    pub fn warn_text(&self, text: &str) {
        if self.quiet {
            return;
        }
        let style = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
        let mut err = stderr();
        let _ = writeln!(err, "{style}warning{style:#}: {text}");
        let _ = err.flush();
    }

    /// A progress or status note on standard error, unless quiet.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            let mut err = stderr();
            let _ = writeln!(err, "{text}");
            let _ = err.flush();
        }
    }
}

/// Standard error for messages: control characters shown visibly; decl's colours pass (and are
/// stripped by anstream when standard error is no terminal).
#[must_use]
pub fn stderr() -> Visible<anstream::AutoStream<std::io::StderrLock<'static>>> {
    Visible::new(anstream::stderr().lock(), true)
}

/// A writer that shows control characters visibly (`\u{1b}`), letting through only decl's
/// own colour codes when `styles` is set. It works on the bytes, whatever the writes: a
/// sequence split across two writes is held until it is complete.
pub struct Visible<W: Write> {
    inner: W,
    styles: bool,
    /// The start of a sequence not yet complete at the end of the last write.
    held: Vec<u8>,
}

impl<W: Write> Visible<W> {
    pub fn new(inner: W, styles: bool) -> Visible<W> {
        Visible {
            inner,
            styles,
            held: Vec::new(),
        }
    }

    /// Write `bytes`, ending with whatever cannot yet be decided held back when `more` may
    /// follow.
    fn emit(&mut self, bytes: &[u8], more: bool) -> std::io::Result<()> {
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            match classify(&bytes[i..], self.styles) {
                Class::Plain(n) => i += n,
                Class::Pass(n) => {
                    i += n;
                }
                Class::Show(n, ch) => {
                    self.inner.write_all(&bytes[run..i])?;
                    write!(self.inner, "\\u{{{:x}}}", u32::from(ch))?;
                    i += n;
                    run = i;
                }
                Class::Incomplete if more => {
                    self.inner.write_all(&bytes[run..i])?;
                    self.held.extend_from_slice(&bytes[i..]);
                    return Ok(());
                }
                Class::Incomplete => {
                    // The output ends inside a sequence: show its first byte, go on after it.
                    self.inner.write_all(&bytes[run..i])?;
                    let ch = char::from(bytes[i]);
                    write!(self.inner, "\\u{{{:x}}}", u32::from(ch))?;
                    i += 1;
                    run = i;
                }
            }
        }
        self.inner.write_all(&bytes[run..])
    }
}

/// What the bytes at the start of a slice are.
enum Class {
    /// This many bytes of ordinary text.
    Plain(usize),
    /// One of decl's colour codes, this long: written as it is.
    Pass(usize),
    /// A control character of this many bytes, shown as this character.
    Show(usize, char),
    /// Cannot tell before more bytes come.
    Incomplete,
}

fn classify(b: &[u8], styles: bool) -> Class {
    match b[0] {
        b'\n' | b'\t' => Class::Plain(1),
        b'\r' => match b.get(1) {
            Some(b'\n') => Class::Plain(2),
            Some(_) => Class::Show(1, '\r'),
            None => Class::Incomplete,
        },
        0x1b if styles => sgr(b),
        c @ (0..=0x1f | 0x7f) => Class::Show(1, char::from(c)),
        0xc2 => match b.get(1) {
            Some(&c @ 0x80..=0x9f) => Class::Show(2, char::from(c)),
            Some(_) => Class::Plain(2),
            None => Class::Incomplete,
        },
        0xe2 => match (b.get(1), b.get(2)) {
            // U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates).
            (Some(0x80), Some(&c @ 0xaa..=0xae)) => Class::Show(
                3,
                char::from_u32(0x2000 + u32::from(c) - 0x80).unwrap_or('?'),
            ),
            (Some(0x81), Some(&c @ 0xa6..=0xa9)) => Class::Show(
                3,
                char::from_u32(0x2040 + u32::from(c) - 0x80).unwrap_or('?'),
            ),
            (Some(_), Some(_)) => Class::Plain(3),
            _ => Class::Incomplete,
        },
        _ => {
            // Ordinary text up to the next byte that may start something.
            let n = b
                .iter()
                .position(|&c| c < 0x20 || c == 0x7f || c == 0xc2 || c == 0xe2)
                .unwrap_or(b.len());
            Class::Plain(n.max(1))
        }
    }
}

/// The SGR sequence (`ESC [ … m`) at the start of `b`: passed when it is one of decl's own,
/// shown when it is anything else, incomplete when more bytes are needed to tell.
fn sgr(b: &[u8]) -> Class {
    let other = Class::Show(1, '\u{1b}');
    match b.get(1) {
        None => return Class::Incomplete,
        Some(b'[') => {}
        Some(_) => return other,
    }
    for (i, &c) in b.iter().enumerate().skip(2) {
        match c {
            b'0'..=b'9' | b';' if i < 24 => {}
            b'm' => {
                let params = std::str::from_utf8(&b[2..i]).unwrap_or("");
                return if is_own_style(params) {
                    Class::Pass(i + 1)
                } else {
                    other
                };
            }
            _ => return other,
        }
    }
    if b.len() >= 24 {
        other
    } else {
        Class::Incomplete
    }
}

/// Whether SGR parameters are ones decl's styles use: reset, bold, dim, italic, underline,
/// strikethrough, their resets, and the 16 foreground colours. Nothing that hides text
/// (conceal, backgrounds, reverse video, 256 or RGB colours) passes.
fn is_own_style(params: &str) -> bool {
    params.split(';').all(|p| {
        matches!(
            p.parse::<u8>(),
            Ok(0..=4 | 9 | 22..=24 | 29 | 30..=37 | 39 | 90..=97)
        ) || p.is_empty()
    })
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        // The common case, a write with nothing to look at, goes straight through.
        #[allow(clippy::needless_bitwise_bool)]
        let special = buf.iter().fold(false, |any, &c| {
            any | (c < 0x20 && c != b'\n' && c != b'\t') | (c == 0x7f) | (c == 0xc2) | (c == 0xe2)
        });
        if !special && self.held.is_empty() {
            return self.inner.write_all(buf);
        }
        if self.held.is_empty() {
            return self.emit(buf, true);
        }
        let mut joined = std::mem::take(&mut self.held);
        joined.extend_from_slice(buf);
        self.emit(&joined, true)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.emit(&held, false)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Visible<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Styles used across outputs.
pub mod styles {
    use anstyle::{AnsiColor, Style};

    pub const HEADING: Style = Style::new().bold();
    pub const DIM: Style = Style::new().dimmed();
    pub const ID: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
    pub const BRACKET: Style =
        Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)));
}

#[cfg(test)]
mod tests {
    use super::Visible;
    use std::io::Write as _;

    fn shown(pieces: &[&[u8]], styles: bool) -> String {
        let mut out = Vec::new();
        {
            let mut v = Visible::new(&mut out, styles);
            for p in pieces {
                v.write_all(p).expect("write");
            }
            v.flush().expect("flush");
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn regression_control_characters_from_documents_are_shown_not_obeyed() {
        let doc = "a\u{1b}]0;title\u{7}b\u{8}c\rd\r\ne\u{9b}2Jf\u{202e}g\u{7f}\u{1b}[8mhidden";
        assert_eq!(
            shown(&[doc.as_bytes()], false),
            "a\\u{1b}]0;title\\u{7}b\\u{8}c\\u{d}d\r\ne\\u{9b}2Jf\\u{202e}g\\u{7f}\\u{1b}[8mhidden"
        );
        // In colour, decl's own codes pass and others do not, however the writes fall.
        let ours = "\u{1b}[1m\u{1b}[32mok\u{1b}[0m \u{1b}[8mno\u{1b}[2J";
        let bytes = ours.as_bytes();
        let expected = "\u{1b}[1m\u{1b}[32mok\u{1b}[0m \\u{1b}[8mno\\u{1b}[2J";
        assert_eq!(shown(&[bytes], true), expected);
        for cut in 0..bytes.len() {
            assert_eq!(
                shown(&[&bytes[..cut], &bytes[cut..]], true),
                expected,
                "{cut}"
            );
        }
        // Text without controls, and a character split across writes, are untouched.
        let text = "Réaffirmer — “the need”; 移民\n\ttab";
        for cut in 0..text.len() {
            let b = text.as_bytes();
            assert_eq!(shown(&[&b[..cut], &b[cut..]], true), text);
        }
        assert_eq!(shown(&[b"end\x1b"], true), "end\\u{1b}");
    }

    #[test]
    fn shows_what_decl_check_reports() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let is_shown = shown(&[text.as_bytes()], false) != text;
            let reported = crate::check::rules::control_character::is_control(c);
            assert_eq!(is_shown, reported, "U+{:04X}", u32::from(c));
        }
    }
}
