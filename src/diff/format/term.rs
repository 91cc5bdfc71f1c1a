//! `--format term`: clause by clause for a terminal.
//!
//! Each line starts with a mark (`~` modified, `>` moved, `+` added, `-` deleted, `*` split or
//! merged, blank for unchanged), then the clause's index in the old and in the new version.
//! Word changes are coloured, or written `{-old-}{+new+}` without colour. Unchanged clauses
//! more than `--context` clauses away from a change are collapsed into a count. A heading line
//! names the section whenever it changes.

use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};

use super::collapse::{Line, lines};
use super::{Settings, indices, section_place};
use crate::diff::model::{Change, ClauseRef, Diff, InlineOp, Kind, Op};
use crate::output::styles;
use crate::text::count;

pub(super) struct Palette {
    pub(super) heading: Style,
    pub(super) dim: Style,
    pub(super) del: Style,
    pub(super) ins: Style,
    pub(super) moved: Style,
    pub(super) bracket: Style,
    pub(super) note: Style,
    pub(super) warn: Style,
    pub(super) color: bool,
}

impl Palette {
    pub(super) fn new(color: bool) -> Self {
        let pick = |s: Style| if color { s } else { Style::new() };
        Palette {
            heading: pick(styles::HEADING),
            dim: pick(styles::DIM),
            del: pick(
                Style::new()
                    .fg_color(Some(AnsiColor::Red.into()))
                    .effects(Effects::STRIKETHROUGH),
            ),
            ins: pick(
                Style::new()
                    .fg_color(Some(AnsiColor::Green.into()))
                    .effects(Effects::UNDERLINE),
            ),
            moved: pick(Style::new().fg_color(Some(AnsiColor::Blue.into()))),
            bracket: pick(styles::BRACKET),
            note: pick(Style::new().fg_color(Some(AnsiColor::Yellow.into()))),
            warn: pick(
                Style::new()
                    .fg_color(Some(AnsiColor::Red.into()))
                    .effects(Effects::BOLD),
            ),
            color,
        }
    }
}

pub fn write(diff: &Diff<'_>, settings: &Settings, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let p = Palette::new(settings.color);
    let (h, dim) = (p.heading, p.dim);
    writeln!(out, "{h}{}{h:#}", super::sources(diff))?;
    writeln!(out, "{dim}{}{dim:#}", summary_line(diff))?;
    let mark = |op: Op, text: &str| mark(&p, op, text);
    // The marking and the status first, and said so that no one misses them.
    let (prominent, rest): (Vec<_>, Vec<_>) = diff.document.iter().partition(|f| f.is_prominent());
    for f in prominent {
        let w = p.warn;
        writeln!(out, "{w}! {}{w:#}", super::field_line(f, &mark))?;
    }
    for f in rest {
        writeln!(out, "{}", super::field_line(f, &mark))?;
    }
    for s in &diff.sections {
        writeln!(out, "{}", s.describe())?;
    }

    let width = super::number_width(diff);
    for line in lines(diff, settings.context) {
        match line {
            Line::Heading(s) => writeln!(out, "\n{h}{}{h:#}", heading(diff, s))?,
            Line::RemovedHeading(s) => {
                let old = diff.sections[s].old_heading.as_deref().unwrap_or("");
                writeln!(out, "\n{d}## {old} (removed){d:#}", d = p.del)?;
            }
            Line::Break => writeln!(out)?,
            Line::Hidden(n) => writeln!(
                out,
                "{dim}  ⋮ {}{dim:#}",
                count(n, "unchanged clause", "unchanged clauses")
            )?,
            Line::HiddenSections(n, sections) => writeln!(
                out,
                "\n{dim}  ⋮ {} in {}{dim:#}",
                count(n, "unchanged clause", "unchanged clauses"),
                match sections.as_slice() {
                    [one] => section_place(&diff.new, *one),
                    _ => count(sections.len(), "section", "sections"),
                }
            )?,
            Line::Change(i) => clause(&mut out, diff, i, &p, width)?,
        }
    }
    if !diff.other.is_empty() {
        writeln!(out, "\n{h}other changes{h:#}")?;
        for o in &diff.other {
            let sign = match (&o.old, &o.new) {
                (Some(_), Some(_)) => "~",
                (Some(_), None) => "-",
                _ => "+",
            };
            writeln!(out, "{sign} {}", super::other_title(o))?;
            for (op, line) in super::other_lines(o) {
                let (style, sign) = match op {
                    Op::Equal => (p.dim, ' '),
                    Op::Delete => (p.del, '-'),
                    Op::Insert => (p.ins, '+'),
                };
                writeln!(out, "    {style}{sign} {line}{style:#}")?;
            }
        }
    }
    out.flush()
}

/// A word diff's op as this display writes it: coloured, or marked `{-…-}` / `{+…+}`.
fn mark(p: &Palette, op: Op, text: &str) -> String {
    let (del, ins) = (p.del, p.ins);
    match (op, p.color) {
        (Op::Equal, _) => text.to_string(),
        (Op::Delete, true) => format!("{del}{text}{del:#}"),
        (Op::Insert, true) => format!("{ins}{text}{ins:#}"),
        (op, false) => op.marked(text).into_owned(),
    }
}

pub(super) fn summary_line(diff: &Diff<'_>) -> String {
    let s = &diff.summary;
    let parts: Vec<String> = [
        (s.modified, "modified"),
        (s.moved, "moved"),
        (s.added, "added"),
        (s.deleted, "deleted"),
        (s.split, "split"),
        (s.merged, "merged"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    let beyond = super::beyond_clauses(diff);
    let unchanged = count(s.unchanged, "clause", "clauses");
    let mut line = match (parts.is_empty(), beyond.is_empty()) {
        (true, true) => format!("no changes; {unchanged} unchanged"),
        (true, false) => format!("{unchanged} unchanged"),
        (false, _) => format!("{}, {} unchanged", parts.join(", "), s.unchanged),
    };
    if let Some(brackets) = super::brackets_line(diff) {
        let _ = write!(line, "; {brackets}");
    }
    if !beyond.is_empty() {
        let _ = write!(line, "; {}", beyond.join(", "));
    }
    line
}

/// A section of the new version as a heading line.
fn heading(diff: &Diff<'_>, section: usize) -> String {
    match diff
        .new
        .sections
        .get(section)
        .and_then(|s| s.heading.as_deref())
    {
        Some(h) => format!("## {h}"),
        None if section == 0 => "(preamble)".to_string(),
        None => "---".to_string(),
    }
}

fn numbers(change: &Change, width: usize) -> String {
    let side = |refs: &[ClauseRef<'_>]| match refs {
        [] => " ".repeat(width),
        [one] => format!("{:>width$}", one.number.to_string()),
        [first, ..] => format!("{:>width$}", first.number.to_string()),
    };
    format!("{} {}", side(&change.old), side(&change.new))
}

fn clause(
    out: &mut dyn Write,
    diff: &Diff<'_>,
    at: usize,
    p: &Palette,
    width: usize,
) -> io::Result<()> {
    let c = &diff.changes[at];
    let dim = p.dim;
    let (del, ins) = (p.del, p.ins);
    let nums = numbers(c, width);
    let text = |refs: &[ClauseRef<'_>]| refs.first().map_or("", |r| r.text()).to_string();
    let indent = " ".repeat(2 * width + 4);
    match c.kind {
        Kind::Unchanged => writeln!(out, "  {dim}{nums}{dim:#}  {}", text(&c.new))?,
        Kind::Added => writeln!(
            out,
            "{ins}+{ins:#} {dim}{nums}{dim:#}  {ins}{}{ins:#}",
            text(&c.new)
        )?,
        Kind::Deleted => writeln!(
            out,
            "{del}-{del:#} {dim}{nums}{dim:#}  {del}{}{del:#}",
            text(&c.old)
        )?,
        Kind::Moved => writeln!(
            out,
            "{m}>{m:#} {dim}{nums}{dim:#}  {}",
            text(&c.new),
            m = p.moved
        )?,
        Kind::Modified => {
            let mark = if c.moved { ">" } else { "~" };
            write!(out, "{m}{mark}{m:#} {dim}{nums}{dim:#}  ", m = p.moved)?;
            write_ops(out, super::part_ops(c, 0), p)?;
            writeln!(out)?;
        }
        Kind::Split | Kind::Merged => {
            let what = if c.kind == Kind::Split {
                format!(
                    "split into {}: {}",
                    count(c.new.len(), "clause", "clauses"),
                    indices(&c.new)
                )
            } else {
                format!(
                    "merged from {}: {}",
                    count(c.old.len(), "clause", "clauses"),
                    indices(&c.old)
                )
            };
            writeln!(
                out,
                "{m}*{m:#} {dim}{nums}{dim:#}  {m}{what}{m:#}",
                m = p.moved
            )?;
            // Each clause on a line with its word changes: a split's new clauses, a merge's old
            // ones in the order the new text takes them.
            let part_width = 2 * width + 1;
            for (r, k) in super::parts(c) {
                write!(
                    out,
                    "{indent}{dim}{:>part_width$}{dim:#}  ",
                    r.number.to_string()
                )?;
                write_ops(out, super::part_ops(c, k), p)?;
                writeln!(out)?;
            }
        }
    }
    if let Some(note) = super::move_note(diff, at) {
        writeln!(out, "{indent}{m}{note}{m:#}", m = p.moved)?;
    }
    if !c.brackets.is_empty() {
        let b = p.bracket;
        let mut parts = Vec::new();
        if !c.brackets.closed().is_empty() {
            parts.push(format!("closed {}", c.brackets.closed().join(", ")));
        }
        if !c.brackets.opened().is_empty() {
            parts.push(format!("opened {}", c.brackets.opened().join(", ")));
        }
        writeln!(out, "{indent}{b}brackets {}{b:#}", parts.join("; "))?;
    }
    let marker = |op: Op, text: &str| mark(p, op, text);
    if let Some(m) = &c.markup {
        writeln!(
            out,
            "{indent}{n}formatting:{n:#} {}",
            super::marked(&m.inline, &marker),
            n = p.note
        )?;
    }
    for f in &c.footnotes {
        let text = match (&f.inline, &f.old, &f.new) {
            (Some(inline), _, _) => super::marked(inline, &marker),
            (None, Some(old), None) => marker(Op::Delete, old),
            (None, None, Some(new)) => marker(Op::Insert, new),
            (None, _, _) => "(not defined)".to_string(),
        };
        writeln!(
            out,
            "{indent}{n}footnote {}:{n:#} {text}",
            f.number,
            n = p.note
        )?;
    }
    if c.id_changed() {
        let id = |refs: &[ClauseRef<'_>]| {
            refs.first()
                .and_then(super::super::model::ClauseRef::id)
                .map_or("(none)".to_string(), |id| format!("<{id}>"))
        };
        writeln!(
            out,
            "{indent}{n}id {} → {}{n:#}",
            id(&c.old),
            id(&c.new),
            n = p.note
        )?;
    }
    for note in super::status_notes(c) {
        writeln!(out, "{indent}{n}{note}{n:#}", n = p.note)?;
    }
    if let Some(note) = c.inline.as_ref().and_then(|i| i.fallback.as_deref()) {
        writeln!(out, "{indent}{n}note: {note}{n:#}", n = p.note)?;
    }
    Ok(())
}

/// Word changes, coloured, or marked `{-deleted-}{+inserted+}` without colour.
fn write_ops<'i>(
    out: &mut dyn Write,
    ops: impl Iterator<Item = &'i InlineOp>,
    p: &Palette,
) -> io::Result<()> {
    let (del, ins) = (p.del, p.ins);
    for op in ops {
        match (op.op, p.color) {
            (Op::Equal, _) => write!(out, "{}", op.text)?,
            (Op::Delete, true) => write!(out, "{del}{}{del:#}", op.text)?,
            (Op::Insert, true) => write!(out, "{ins}{}{ins:#}", op.text)?,
            (op_kind, false) => write!(out, "{}", op_kind.marked(&op.text))?,
        }
    }
    Ok(())
}
