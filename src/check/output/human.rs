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
        let (line, mark) = window(d.source_line.as_str(), d.mark.clone());
        group = group.element(
            Snippet::source(line)
                .path(d.path.as_str())
                .line_start(d.line)
                .annotation(AnnotationKind::Primary.span(mark)),
        );
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// The part of a long line around the mark (about [`WIDTH`] characters) and the mark within
/// it: what is shown, and all that is handed on, so that a finding on a 20 MB line costs no
/// more than one on a short one.
fn window(line: &str, mark: std::ops::Range<usize>) -> (&str, std::ops::Range<usize>) {
    let start = floor(line, mark.start.min(line.len()));
    let end = floor(
        line,
        mark.end.clamp(start, (start + WIDTH * 4).min(line.len())),
    );
    let mut from = floor(line, start.saturating_sub(WIDTH / 2 * 4));
    if line[from..start].chars().count() > WIDTH / 2 {
        from = line[..start]
            .char_indices()
            .rev()
            .nth(WIDTH / 2 - 1)
            .map_or(0, |(i, _)| i);
    }
    let to = line[end..]
        .char_indices()
        .nth(WIDTH)
        .map_or(line.len(), |(i, _)| end + i);
    (&line[from..to], start - from..end - from)
}

/// The nearest character boundary at or before `at`.
fn floor(line: &str, mut at: usize) -> usize {
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    at
}
