//! Where command output goes: standard output (with colour as the user chose), warnings to
//! standard error unless `--quiet`. Commands write through [`Context::out`], so printing stays in
//! this layer and tests can capture it.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::cli::{ColorChoice, GlobalArgs};
use crate::model::Warning;

pub struct Context {
    pub out: anstream::AutoStream<std::io::Stdout>,
    pub quiet: bool,
    /// Whether styled output reaches a terminal that shows colour.
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
        let out = anstream::AutoStream::new(std::io::stdout(), choice);
        let color = !matches!(out.current_choice(), anstream::ColorChoice::Never);
        Context {
            out,
            quiet: global.quiet,
            color,
        }
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
