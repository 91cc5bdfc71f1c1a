//! The formats of a check report. Each is a pure function of the [`Report`] and a writer; none
//! reads a file. Adding a format means one file here and one [`Format`] variant; the shared
//! snapshot test in `tests/check.rs` then fails until its snapshot exists.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use clap::ValueEnum;

use super::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style: `path:line:col`, the source line with a caret, and help.
    Human,
    /// The `decl-check/1` JSON document.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`): annotations on the pull
    /// request.
    Github,
    /// SARIF 2.1.0, for code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
}

impl Format {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }
}

/// Write `report` in `format`; `color` styles the human format.
pub fn render(format: Format, report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, out, color),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, out),
    }
}
