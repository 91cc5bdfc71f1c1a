//! `decl-check/1` (`decl check --format json`). Field order is the declaration order below
//! and is part of the format; fields may be added, never removed.
//!
//! - `schema`: `"decl-check/1"`
//! - `diagnostics`: sorted by path, line, column, code; each:
//!   - `code`: the rule's code, `D202`; `name`: its name, `placeholder-in-adopted`
//!   - `severity`: `error`, `warning` or `info` (after the repository's settings)
//!   - `message`: one line
//!   - `path`: the file, relative to the current directory where possible
//!   - `line`, `column`: 1-based (column in characters); both 0 for a finding about a whole
//!     file
//!   - `end_column`: the column just past the marked text, on `line`
//!   - `help`: what to do, or null
//! - `summary`: `errors`, `warnings`, `infos` (counts), `files` (files read)

use std::io::{self, Write};

use serde::Serialize;

use crate::check::{Diagnostic, Report, Severity, Summary};

#[derive(Serialize)]
pub struct CheckV1<'a> {
    pub schema: &'static str,
    pub diagnostics: Vec<DiagnosticV1<'a>>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct DiagnosticV1<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub help: Option<&'a str>,
}

impl<'a> CheckV1<'a> {
    #[must_use]
    pub fn new(report: &'a Report) -> Self {
        CheckV1 {
            schema: "decl-check/1",
            diagnostics: report.diagnostics.iter().map(DiagnosticV1::new).collect(),
            summary: report.summary,
        }
    }
}

impl<'a> DiagnosticV1<'a> {
    fn new(d: &'a Diagnostic) -> Self {
        DiagnosticV1 {
            code: d.code,
            name: d.name,
            severity: d.severity,
            message: &d.message,
            path: &d.path,
            line: d.line,
            column: d.column,
            end_column: d.end_column,
            help: d.help.as_deref(),
        }
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &CheckV1::new(report)).map_err(io::Error::from)?;
    writeln!(out)
}
