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
    // When a long line is cut, the renderer counts the column from the cut: the column it
    // shows, to be put back.
    let mut shown_column = None;
    if d.line == 0 || d.source_line.is_empty() {
        let mut origin = Origin::path(d.path.as_str());
        if d.line > 0 {
            origin = origin.line(d.line).char_column(d.column.saturating_sub(1));
        }
        group = group.element(origin);
    } else {
        let (line, mark, cut) = window(d.source_line.as_str(), d.mark.clone());
        if cut {
            shown_column = Some(line[..mark.start].chars().count() + 1);
        }
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
    let text = renderer.render(&[group]);
    match shown_column {
        Some(shown) => text.replacen(
            &format!("{}:{}:{shown}", d.path, d.line),
            &format!("{}:{}:{}", d.path, d.line, d.column),
            1,
        ),
        None => text,
    }
}

/// Lines longer than this are cut around the mark before they are rendered.
const LONG: usize = 2_000;

/// What of a long line to hand to the renderer: the line itself when it is short, else the
/// part of it around the mark (ample for the [`WIDTH`] columns shown, with the renderer's own
/// `...` where it trims), so that a finding on a 20 MB line costs no more than one on a short
/// one. Returns the text, the mark within it, and whether the text was cut.
fn window(line: &str, mark: std::ops::Range<usize>) -> (&str, std::ops::Range<usize>, bool) {
    let start = floor(line, mark.start.min(line.len()));
    let end = floor(line, mark.end.clamp(start, line.len()));
    if line.len() <= LONG {
        return (line, start..end, false);
    }
    // A margin of characters well beyond what is shown on each side.
    let margin = WIDTH * 4;
    let end = floor(line, end.min(start + margin * 4));
    let from = line[..start]
        .char_indices()
        .rev()
        .nth(margin - 1)
        .map_or(0, |(i, _)| i);
    let to = line[end..]
        .char_indices()
        .nth(margin)
        .map_or(line.len(), |(i, _)| end + i);
    (&line[from..to], start - from..end - from, from > 0)
}

/// The nearest character boundary at or before `at`.
fn floor(line: &str, mut at: usize) -> usize {
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    at
}
