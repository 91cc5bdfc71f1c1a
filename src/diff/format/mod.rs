//! Output formats of a [`Diff`]: each is a pure function of the diff, the display settings and
//! a writer.

mod collapse;
pub mod docx;
pub mod html;
pub mod json;
pub mod md;
pub mod side_by_side;
pub mod stat;
pub mod term;

use std::io::{self, Write};

use clap::ValueEnum;

use super::model::{
    Change, ClauseRef, Diff, FieldChange, Inline, InlineOp, Kind, Op, OtherChange, Side,
};

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
    /// A Word document with native tracked changes (needs `-o`): accepting them all gives the
    /// new text, rejecting them all the old.
    Docx,
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
    /// Author, date and page furniture of the tracked changes (`docx`).
    pub word: Option<docx::Word>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            context: 2,
            color: false,
            width: 100,
            word: None,
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
        Format::Docx => docx::write(diff, settings, out),
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

/// The two sides for a header line: `old → new`, or one name when both are the same file (as
/// `git diff` of a file that was not renamed), each marked `(illustrative)` where it is.
pub(crate) fn sources(diff: &Diff<'_>) -> String {
    if diff.old.source == diff.new.source && diff.old.illustrative == diff.new.illustrative {
        side_label(&diff.new)
    } else {
        format!("{} → {}", side_label(&diff.old), side_label(&diff.new))
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

/// `3`, `3, 4` or `3–6` for some clauses, by the numbers a reader sees on them (see
/// [`crate::model::number`]).
pub(crate) fn indices(clauses: &[ClauseRef<'_>]) -> String {
    let run = clauses.len() > 2
        && clauses
            .windows(2)
            .all(|w| w[1].number.follows(&w[0].number));
    match clauses {
        [] => String::new(),
        [one] => one.number.to_string(),
        [first, .., last] if run => format!("{}–{}", first.number, last.number),
        _ => clauses
            .iter()
            .map(|c| c.number.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The widest clause number of a diff, for the number columns of the displays.
pub(crate) fn number_width(diff: &Diff<'_>) -> usize {
    diff.changes
        .iter()
        .flat_map(|c| c.old.iter().chain(&c.new))
        .map(|r| r.number.width())
        .max()
        .unwrap_or(1)
}

/// A document field change in one line, for people: `status: draft → adopted`, or, for long
/// texts (a cover note), the word diff with its changes marked by `mark`.
pub(crate) fn field_line(f: &FieldChange, mark: &dyn Fn(Op, &str) -> String) -> String {
    let (old, new) = (
        FieldChange::show(f.old.as_ref()),
        FieldChange::show(f.new.as_ref()),
    );
    let long = old.chars().count() + new.chars().count() > 100;
    match (&f.old, &f.new) {
        (Some(serde_json::Value::String(a)), Some(serde_json::Value::String(b))) if long => {
            let inline = crate::diff::inline::diff(a, b, std::time::Duration::from_millis(200));
            format!("{}: {}", f.field, marked(&inline, mark))
        }
        _ => format!("{}: {old} → {new}", f.field),
    }
}

/// The text of a word diff with each op written by `mark`.
pub(crate) fn marked(inline: &Inline, mark: &dyn Fn(Op, &str) -> String) -> String {
    inline.ops.iter().map(|o| mark(o.op, &o.text)).collect()
}

/// A change to a block that is not a clause, for people: `code block changed, line 12 → 14`.
pub(crate) fn other_title(o: &OtherChange) -> String {
    match (&o.old, &o.new) {
        (Some(a), Some(b)) if o.moved => {
            format!("{} moved, line {} → {}", o.kind, a.line, b.line)
        }
        (Some(a), Some(b)) => format!("{} changed, line {} → {}", o.kind, a.line, b.line),
        (Some(a), None) => format!("{} removed, line {}", o.kind, a.line),
        (None, Some(b)) => format!("{} added, line {}", o.kind, b.line),
        (None, None) => o.kind.to_string(),
    }
}

/// The lines of a block change: unchanged lines with `Equal`, the old block's own with
/// `Delete`, the new one's with `Insert`, in order.
pub(crate) fn other_lines(o: &OtherChange) -> Vec<(Op, &str)> {
    fn lines(s: &str) -> Vec<&str> {
        if s.is_empty() {
            Vec::new()
        } else {
            s.split('\n').collect()
        }
    }
    let old = o.old.as_ref().map_or("", |b| b.text.as_str());
    let new = o.new.as_ref().map_or("", |b| b.text.as_str());
    let (a, b) = (lines(old), lines(new));
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => out.extend(a[old_range].iter().map(|l| (Op::Equal, *l))),
            similar::DiffTag::Delete => out.extend(a[old_range].iter().map(|l| (Op::Delete, *l))),
            similar::DiffTag::Insert => out.extend(b[new_range].iter().map(|l| (Op::Insert, *l))),
            similar::DiffTag::Replace => {
                out.extend(a[old_range].iter().map(|l| (Op::Delete, *l)));
                out.extend(b[new_range].iter().map(|l| (Op::Insert, *l)));
            }
        }
    }
    out
}

/// What the summary counts besides clauses: `2 document fields, 1 other change, 3 ids`.
pub(crate) fn beyond_clauses(diff: &Diff<'_>) -> Vec<String> {
    let s = &diff.summary;
    let mut parts = Vec::new();
    if s.document > 0 {
        parts.push(crate::text::count(
            s.document,
            "document field",
            "document fields",
        ));
    }
    if !diff.sections.is_empty() {
        parts.push(crate::text::count(
            diff.sections.len(),
            "heading change",
            "heading changes",
        ));
    }
    if s.ids_changed > 0 {
        parts.push(crate::text::count(
            s.ids_changed,
            "clause id changed",
            "clause ids changed",
        ));
    }
    if s.statuses_changed > 0 {
        parts.push(crate::text::count(
            s.statuses_changed,
            "paragraph status changed",
            "paragraph statuses changed",
        ));
    }
    if s.agreed_reopened > 0 {
        parts.push(crate::text::count(
            s.agreed_reopened,
            "agreed paragraph reopened",
            "agreed paragraphs reopened",
        ));
    }
    if s.other > 0 {
        parts.push(crate::text::count(s.other, "other change", "other changes"));
    }
    parts
}

/// What changed in a clause's paragraph status, for people: `status agreed ad ref → open`
/// (`(none)` where none is written), with the warning when agreed words changed while the
/// clause still says it is agreed.
pub(crate) fn status_notes(c: &Change<'_>) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some((old, new)) = c.status_change() {
        // No status written is open; `status: open` written says so.
        let show = |s: Option<crate::model::ClauseStatus>| match s {
            None => "open",
            Some(crate::model::ClauseStatus::Open) => "open (written)",
            Some(s) => s.label(),
        };
        notes.push(format!("status {} → {}", show(old), show(new)));
    }
    if c.reopens_agreed_text() {
        notes.push(REOPENED.to_string());
    }
    notes
}

/// The warning on a change of agreed words (see [`Change::reopens_agreed_text`]).
pub(crate) const REOPENED: &str =
    "warning: agreed text reopened: its words changed, and it is still marked agreed";

/// `brackets: 3 closed (3 in headings), 1 opened`, or `None` when none changed.
pub(crate) fn brackets_line(diff: &Diff<'_>) -> Option<String> {
    let s = &diff.summary;
    if s.brackets_opened + s.brackets_closed == 0 {
        return None;
    }
    let part = |n: usize, in_headings: usize, what: &str| {
        if in_headings > 0 {
            format!("{n} {what} ({in_headings} in headings)")
        } else {
            format!("{n} {what}")
        }
    };
    Some(format!(
        "brackets: {}, {}",
        part(s.brackets_closed, s.heading_brackets_closed, "closed"),
        part(s.brackets_opened, s.heading_brackets_opened, "opened")
    ))
}

/// The ops of one part of a split or merge (all ops of any other change).
pub(crate) fn part_ops<'i>(c: &'i Change<'_>, part: usize) -> impl Iterator<Item = &'i InlineOp> {
    let grouped = matches!(c.kind, Kind::Split | Kind::Merged);
    c.inline
        .iter()
        .flat_map(|i| i.ops.iter())
        .filter(move |o| !grouped || o.part == part)
}

/// The clauses of a split or merge one per line, in the order they read: a split's new clauses
/// in order, a merge's old clauses in the order their words come in the new clause. Each with
/// its word changes (see [`part_ops`]).
pub(crate) fn parts<'c, 'a>(c: &'c Change<'a>) -> Vec<(&'c ClauseRef<'a>, usize)> {
    match c.kind {
        Kind::Split => c.new.iter().enumerate().map(|(k, r)| (r, k)).collect(),
        Kind::Merged => {
            let mut order: Vec<usize> = Vec::with_capacity(c.old.len());
            for op in c.inline.iter().flat_map(|i| i.ops.iter()) {
                if !order.contains(&op.part) {
                    order.push(op.part);
                }
            }
            for k in 0..c.old.len() {
                if !order.contains(&k) {
                    order.push(k);
                }
            }
            order
                .into_iter()
                .filter_map(|k| c.old.get(k).map(|r| (r, k)))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The note of a move, or `None`: `moved from clause 5 in “x” to clause 9`, or, for clauses
/// moved together, `clauses 5–7 moved together from “x” to 9–11` said at the first of them
/// only.
pub(crate) fn move_note(diff: &Diff<'_>, at: usize) -> Option<String> {
    let c = &diff.changes[at];
    if !c.moved {
        return None;
    }
    let (from, to) = (c.old.first()?, c.new.first()?);
    if let Some(block) = c.block.and_then(|b| diff.moves.get(b)) {
        if block.changes.start != at {
            return None;
        }
        let members = &diff.changes[block.changes.clone()];
        let olds: Vec<ClauseRef<'_>> = members
            .iter()
            .filter_map(|m| m.old.first().copied())
            .collect();
        let news: Vec<ClauseRef<'_>> = members
            .iter()
            .filter_map(|m| m.new.first().copied())
            .collect();
        let place = if c.cross_section {
            format!(" from {}", section_name(&diff.old, from))
        } else {
            String::new()
        };
        return Some(format!(
            "{} clauses moved together{place}: {} → {}",
            members.len(),
            indices(&olds),
            indices(&news)
        ));
    }
    let place = if c.cross_section {
        format!(" in {}", section_name(&diff.old, from))
    } else {
        String::new()
    };
    Some(format!(
        "moved from clause {}{place} to clause {}",
        from.number, to.number
    ))
}
