//! The human format: one rustc-style block per finding, then a summary line.
//!
//! ```text
//! error[D202]: placeholder `[date]` in an adopted version
//!  --> declarations/x/versions/final.md:12:20
//!    |
//! 12 | gathered in Brussels on [date];
//!    |                         ^^^^^^
//!    |
//!    = help: write the fact in, or set `status: draft` while it is still awaited
//! ```

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::check::{Diagnostic, Report, Severity};
use crate::text::count;

/// Long clauses are one line: show about this much of it around the mark.
const WIDTH: usize = 100;

pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(WIDTH);
    for d in &report.diagnostics {
        writeln!(out, "{}", block(&renderer, d))?;
        writeln!(out)?;
    }
    let s = &report.summary;
    let files = count(s.files, "file", "files");
    if report.diagnostics.is_empty() {
        writeln!(out, "checked {files}: no problems found")
    } else {
        writeln!(
            out,
            "checked {files}: {}, {}, {}",
            count(s.errors, "error", "errors"),
            count(s.warnings, "warning", "warnings"),
            count(s.infos, "info", "infos")
        )
    }
}

fn block(renderer: &Renderer, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = level
        .primary_title(d.message.as_str())
        .id(format!("{}/{}", d.code, d.name));
    let mut group = Group::with_title(title);
    if d.line == 0 || d.source_line.is_empty() {
        let mut origin = Origin::path(d.path.as_str());
        if d.line > 0 {
            origin = origin.line(d.line).char_column(d.column.saturating_sub(1));
        }
        group = group.element(origin);
    } else {
        let line = d.source_line.as_str();
        let start = byte_of_column(line, d.column);
        let end = byte_of_column(line, d.end_column).max(start);
        group = group.element(
            Snippet::source(line)
                .path(d.path.as_str())
                .line_start(d.line)
                .annotation(AnnotationKind::Primary.span(start..end)),
        );
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// The byte offset of a 1-based character column (clamped to the line).
fn byte_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}
