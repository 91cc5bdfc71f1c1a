//! Output formats of a [`Diff`]: each is a pure function of the diff, the display settings and
//! a writer.

mod collapse;
pub mod html;
pub mod json;
pub mod md;
pub mod side_by_side;
pub mod stat;
pub mod term;

use std::io::{self, Write};

use clap::ValueEnum;

use super::model::{ClauseRef, Diff, Side};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Clause by clause for a terminal: word changes, moves, splits, merges and brackets, with
    /// unchanged clauses collapsed.
    Term,
    /// Two columns, old and new, fitted to `--width` (or the terminal), words wrapped in each.
    SideBySide,
    /// One self-contained HTML page: a redline with a summary, a list of changes and
    /// links between them, ready to print.
    Html,
    /// The marked-up new text in `CriticMarkup` (`{++ ++}`, `{-- --}`, `{~~ ~> ~~}`).
    Md,
    /// The `decl-diff/1` JSON document.
    Json,
    /// Counts of changes.
    Stat,
}

/// How a display looks.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Unchanged clauses shown around each change (`term`).
    pub context: usize,
    /// Whether to write ANSI styles (`term`, `side-by-side`).
    pub color: bool,
    /// Columns of the display (`side-by-side`).
    pub width: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            context: 2,
            color: false,
            width: 100,
        }
    }
}

/// Write `diff` in `format`.
pub fn write(
    diff: &Diff<'_>,
    format: Format,
    settings: &Settings,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Term => term::write(diff, settings, out),
        Format::SideBySide => side_by_side::write(diff, settings, out),
        Format::Html => html::write(diff, out),
        Format::Md => md::write(diff, out),
        Format::Json => json::write(diff, out),
        Format::Stat => stat::write(diff, settings, out),
    }
}

/// A side's name for people: its source, and `(illustrative)` when the version is marked so,
/// so that no output presents an illustrative text as a real one.
pub(crate) fn side_label(side: &Side) -> String {
    if side.illustrative {
        format!("{} (illustrative)", side.source)
    } else {
        side.source.clone()
    }
}

/// `the heading` of the section a clause is in, or `the preamble`.
pub(crate) fn section_name(side: &Side, clause: &ClauseRef<'_>) -> String {
    section_place(side, clause.section)
}

/// `the heading` of section `ordinal`, or `the preamble`, or `an unnamed section`.
pub(crate) fn section_place(side: &Side, ordinal: usize) -> String {
    match side
        .sections
        .get(ordinal)
        .and_then(|s| s.heading.as_deref())
    {
        Some(h) => format!("“{h}”"),
        None if ordinal == 0 => "the preamble".to_string(),
        None => "an unnamed section".to_string(),
    }
}

/// `3`, `3, 4` or `3–6` for a list of clause indices.
pub(crate) fn indices(clauses: &[ClauseRef<'_>]) -> String {
    match clauses {
        [] => String::new(),
        [one] => one.index.to_string(),
        [first, .., last] if last.index - first.index + 1 == clauses.len() && clauses.len() > 2 => {
            format!("{}–{}", first.index, last.index)
        }
        _ => clauses
            .iter()
            .map(|c| c.index.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }
}
