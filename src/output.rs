//! Where command output goes: standard output (with colour as the user chose), warnings to
//! standard error unless `--quiet`. Commands write through [`Context::out`], so printing stays in
//! this layer and tests can capture it.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::cli::{ColorChoice, GlobalArgs};
use crate::model::Warning;

pub struct Context {
    /// Standard output, buffered. Bytes go out exactly as written: commands style their output
    /// only when [`Context::color`] says so (a stream that strips styles would also strip
    /// control characters that belong to the document, and costs time on large outputs).
    pub out: Box<dyn Write>,
    pub quiet: bool,
    /// Whether to style standard output: `--color always`, or `auto` on a terminal that shows
    /// colour (honouring `NO_COLOR`, `CLICOLOR` and `CLICOLOR_FORCE`).
    pub color: bool,
}

impl Context {
    #[must_use]
    pub fn new(global: &GlobalArgs) -> Context {
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
        Context {
            out: Box::new(std::io::BufWriter::with_capacity(
                64 * 1024,
                std::io::stdout(),
            )),
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
        let mut err = anstream::stderr().lock();
        let _ = writeln!(err, "{style}warning{style:#}: {text}");
    }

    /// A progress or status note on standard error, unless quiet.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(anstream::stderr().lock(), "{text}");
        }
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
