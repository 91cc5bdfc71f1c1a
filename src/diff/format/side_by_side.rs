//! `--format side-by-side`: the old version on the left, the new on the right.
//!
//! Each row starts with the mark `term` uses (`~` modified, `>` moved, `+` added, `-` deleted,
//! `*` split or merged), then the clause's index and text in the old version, `│`, its index and
//! text in the new. Both columns share the width given by `--width` (or the terminal); words wrap
//! inside their column, and characters are measured by their display width, so CJK text and
//! emoji keep the columns straight. Word changes are coloured, or written `{-old-}` (left) and
//! `{+new+}` (right) without colour. Unchanged clauses more than `--context` away from a change
//! are collapsed into a count; a heading row names the section, old and new, whenever it
//! changes. Moves, splits, merges and brackets opened or closed are noted under the clause.

use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::Style;
use unicode_width::UnicodeWidthChar;

use super::collapse::{self, lines};
use super::term::{Palette, summary_line};
use super::{Settings, indices, section_place};
use crate::diff::inline::joined;
use crate::diff::model::{Change, ClauseRef, Diff, InlineOp, Kind, Op, SectionKind, Side};
use crate::text::count;

/// Narrower columns than this would wrap every word: the display grows wider instead.
const MIN_COLUMN: usize = 12;

/// A run of text in one style.
type Span = (Style, String);
/// One display line of a column: its spans and its display width.
type Line = (Vec<Span>, usize);

/// One clause (or heading) in a column: its index, if any, and its text in styled runs.
struct Block {
    number: Option<String>,
    spans: Vec<Span>,
}

impl Block {
    fn plain(number: Option<String>, style: Style, text: &str) -> Block {
        Block {
            number,
            spans: vec![(style, text.to_string())],
        }
    }
}

/// Column widths: the mark, the clause-number gutter and the text of each side.
struct Layout {
    number: usize,
    column: usize,
    /// Where notes start: under the left column's text.
    indent: usize,
    /// The whole row.
    total: usize,
}

impl Layout {
    fn new(diff: &Diff<'_>, width: usize) -> Layout {
        let number = super::number_width(diff);
        // `M NNN left │ NNN right`: mark and space, then per side a number, a space and the
        // text, with ` │ ` between the sides.
        let column = (width.saturating_sub(2 * number + 7) / 2).max(MIN_COLUMN);
        Layout {
            number,
            column,
            indent: number + 3,
            total: 2 * column + 2 * number + 7,
        }
    }
}

pub fn write(diff: &Diff<'_>, settings: &Settings, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let p = Palette::new(settings.color);
    let lay = Layout::new(diff, settings.width);

    // The sources as full lines: paths are long and break badly inside a column.
    for (which, side) in [("old", &diff.old), ("new", &diff.new)] {
        let illustrative = if side.illustrative {
            " (illustrative)"
        } else {
            ""
        };
        let text = format!("{which}: {}{illustrative}", side.source);
        note(&mut out, &lay, p.heading, &text, 0)?;
    }
    let rule = "─".repeat(lay.column + lay.number + 4);
    writeln!(
        out,
        "{d}{rule}┼{}{d:#}",
        "─".repeat(lay.column + lay.number + 2),
        d = p.dim
    )?;
    note(&mut out, &lay, p.dim, &summary_line(diff), 0)?;
    // Document fields, the marking and the status first: old value left, new value right.
    let (prominent, rest): (Vec<_>, Vec<_>) = diff.document.iter().partition(|f| f.is_prominent());
    for (f, mark) in prominent
        .into_iter()
        .map(|f| (f, (p.warn, "!")))
        .chain(rest.into_iter().map(|f| (f, (p.moved, "~"))))
    {
        let side = |value: Option<&serde_json::Value>, style: Style| {
            vec![Block {
                number: None,
                spans: vec![
                    (p.dim, format!("{}: ", f.field)),
                    (style, crate::diff::model::FieldChange::show(value)),
                ],
            }]
        };
        rows(
            &mut out,
            &lay,
            &p,
            mark,
            &side(f.old.as_ref(), p.del),
            &side(f.new.as_ref(), p.ins),
        )?;
    }
    for s in &diff.sections {
        note(&mut out, &lay, Style::new(), &s.describe(), 0)?;
    }

    // Wrapping the clauses into two columns is most of the time on a large diff: the lines are
    // rendered on two threads, in order (at 100,000 clauses 1.5 s of CPU on one thread). Writing
    // into a buffer cannot fail.
    let lines = lines(diff, settings.context);
    crate::par::write_blocks(&lines, 256, &mut out, |_, block, buf| {
        for line in block {
            let _ = write_line(buf, diff, &lay, &p, line);
        }
    })?;
    if !diff.other.is_empty() {
        writeln!(out)?;
        note(&mut out, &lay, p.heading, "other changes", 0)?;
        for o in &diff.other {
            note(&mut out, &lay, p.dim, &super::other_title(o), 0)?;
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for (op, line) in super::other_lines(o) {
                let text = if p.color {
                    line.to_string()
                } else {
                    op.marked(line).into_owned()
                };
                match op {
                    Op::Equal => {
                        left.push(Block::plain(None, Style::new(), line));
                        right.push(Block::plain(None, Style::new(), line));
                    }
                    Op::Delete => left.push(Block::plain(None, p.del, &text)),
                    Op::Insert => right.push(Block::plain(None, p.ins, &text)),
                }
            }
            let mark = match (&o.old, &o.new) {
                (Some(_), Some(_)) => (p.moved, "~"),
                (Some(_), None) => (p.del, "-"),
                _ => (p.ins, "+"),
            };
            rows(&mut out, &lay, &p, mark, &left, &right)?;
        }
    }
    out.flush()
}

/// One line of the body: a heading, a collapsed run, or a change.
fn write_line(
    out: &mut dyn Write,
    diff: &Diff<'_>,
    lay: &Layout,
    p: &Palette,
    line: &collapse::Line,
) -> io::Result<()> {
    match *line {
        collapse::Line::Heading(s) => {
            writeln!(out)?;
            heading(out, diff, lay, p, s)?;
        }
        collapse::Line::RemovedHeading(s) => {
            // The deleted clauses of a removed section come under its old heading.
            writeln!(out)?;
            let old = diff.sections[s].old_heading.as_deref().unwrap_or("");
            let left = [Block::plain(None, p.del, &format!("## {old}"))];
            rows(out, lay, p, (p.del, "-"), &left, &[])?;
        }
        collapse::Line::Break => writeln!(out)?,
        collapse::Line::Hidden(n) => {
            collapsed(out, p, &count(n, "unchanged clause", "unchanged clauses"))?;
        }
        collapse::Line::HiddenSections(n, ref sections) => {
            let place = match sections.as_slice() {
                [one] => section_place(&diff.new, *one),
                _ => count(sections.len(), "section", "sections"),
            };
            writeln!(out)?;
            collapsed(
                out,
                p,
                &format!(
                    "{} in {place}",
                    count(n, "unchanged clause", "unchanged clauses")
                ),
            )?;
        }
        collapse::Line::Change(i) => clause(out, diff, i, lay, p)?,
    }
    Ok(())
}

fn collapsed(out: &mut dyn Write, p: &Palette, what: &str) -> io::Result<()> {
    writeln!(out, "{d}  ⋮ {what}{d:#}", d = p.dim)
}

/// The heading row of new section `ordinal`, with the old heading it came from on the left.
fn heading(
    out: &mut dyn Write,
    diff: &Diff<'_>,
    lay: &Layout,
    p: &Palette,
    ordinal: usize,
) -> io::Result<()> {
    let name = |side: &Side, ordinal: usize| match side
        .sections
        .get(ordinal)
        .and_then(|s| s.heading.as_deref())
    {
        Some(h) => format!("## {h}"),
        None if ordinal == 0 => "(preamble)".to_string(),
        None => "---".to_string(),
    };
    let new = name(&diff.new, ordinal);
    let change = diff.sections.iter().find(|s| s.new == Some(ordinal));
    let (mark, left, right) = match change {
        None => (
            (Style::new(), " "),
            vec![Block::plain(None, p.heading, &new)],
            vec![Block::plain(None, p.heading, &new)],
        ),
        Some(s) if s.kind == SectionKind::Moved => (
            (p.moved, ">"),
            vec![Block::plain(None, p.heading, &new)],
            vec![Block::plain(None, p.heading, &new)],
        ),
        Some(s) if s.kind == SectionKind::Added => (
            (p.ins, "+"),
            Vec::new(),
            vec![Block::plain(None, p.ins, &new)],
        ),
        Some(s) => {
            let old = s.old.map_or_else(String::new, |o| name(&diff.old, o));
            (
                (p.moved, "~"),
                vec![Block::plain(None, p.del, &old)],
                vec![Block::plain(None, p.ins, &new)],
            )
        }
    };
    rows(out, lay, p, mark, &left, &right)
}

fn clause(
    out: &mut dyn Write,
    diff: &Diff<'_>,
    at: usize,
    lay: &Layout,
    p: &Palette,
) -> io::Result<()> {
    let c = &diff.changes[at];
    let plain = Style::new();
    let blocks = |refs: &[ClauseRef<'_>], style: Style| -> Vec<Block> {
        refs.iter()
            .map(|r| Block::plain(Some(r.number.to_string()), style, r.text()))
            .collect()
    };
    let (mark, left, right) = match c.kind {
        Kind::Unchanged => ((plain, " "), blocks(&c.old, plain), blocks(&c.new, plain)),
        Kind::Moved => ((p.moved, ">"), blocks(&c.old, plain), blocks(&c.new, plain)),
        Kind::Added => ((p.ins, "+"), Vec::new(), blocks(&c.new, p.ins)),
        Kind::Deleted => ((p.del, "-"), blocks(&c.old, p.del), Vec::new()),
        Kind::Split | Kind::Merged => {
            let (left, right) = group_changes(c, p);
            ((p.moved, "*"), left, right)
        }
        Kind::Modified => {
            let mark = if c.moved { ">" } else { "~" };
            let (left, right) = word_changes(c, p);
            ((p.moved, mark), left, right)
        }
    };
    rows(out, lay, p, mark, &left, &right)?;

    let indent = lay.indent;
    match c.kind {
        Kind::Split => note(
            out,
            lay,
            p.moved,
            &format!(
                "split into {}: {}",
                count(c.new.len(), "clause", "clauses"),
                indices(&c.new)
            ),
            indent,
        )?,
        Kind::Merged => note(
            out,
            lay,
            p.moved,
            &format!(
                "merged from {}: {}",
                count(c.old.len(), "clause", "clauses"),
                indices(&c.old)
            ),
            indent,
        )?,
        _ => {}
    }
    if let Some(text) = super::move_note(diff, at) {
        note(out, lay, p.moved, &text, indent)?;
    }
    if !c.brackets.is_empty() {
        let mut parts = Vec::new();
        if !c.brackets.closed().is_empty() {
            parts.push(format!("closed {}", c.brackets.closed().join(", ")));
        }
        if !c.brackets.opened().is_empty() {
            parts.push(format!("opened {}", c.brackets.opened().join(", ")));
        }
        note(
            out,
            lay,
            p.bracket,
            &format!("brackets {}", parts.join("; ")),
            indent,
        )?;
    }
    if let Some(m) = &c.markup {
        note(out, lay, p.note, "formatting:", indent)?;
        let (left, right) = two_sides(&m.inline, p);
        let block = |spans| {
            vec![Block {
                number: None,
                spans,
            }]
        };
        rows(out, lay, p, (p.note, " "), &block(left), &block(right))?;
    }
    for f in &c.footnotes {
        note(out, lay, p.note, &format!("footnote {}:", f.number), indent)?;
        let (left, right) = match &f.inline {
            Some(inline) => two_sides(inline, p),
            None => (
                f.old.iter().map(|t| (p.del, t.clone())).collect(),
                f.new.iter().map(|t| (p.ins, t.clone())).collect(),
            ),
        };
        let block = |spans| {
            vec![Block {
                number: None,
                spans,
            }]
        };
        rows(out, lay, p, (p.note, " "), &block(left), &block(right))?;
    }
    if c.id_changed() {
        let id = |refs: &[ClauseRef<'_>]| {
            refs.first()
                .and_then(super::super::model::ClauseRef::id)
                .map_or("(none)".to_string(), |id| format!("<{id}>"))
        };
        note(
            out,
            lay,
            p.note,
            &format!("id {} → {}", id(&c.old), id(&c.new)),
            indent,
        )?;
    }
    for text in super::status_notes(c) {
        note(out, lay, p.note, &text, indent)?;
    }
    if let Some(fallback) = c.inline.as_ref().and_then(|i| i.fallback.as_deref()) {
        note(out, lay, p.note, &format!("note: {fallback}"), indent)?;
    }
    Ok(())
}

/// A word diff as the old text with its deletions marked and the new with its insertions.
fn two_sides(inline: &crate::diff::model::Inline, p: &Palette) -> (Vec<Span>, Vec<Span>) {
    let mut left: Vec<Span> = Vec::new();
    let mut right: Vec<Span> = Vec::new();
    let plain = Style::new();
    for op in &inline.ops {
        match (op.op, p.color) {
            (Op::Equal, _) => {
                left.push((plain, op.text.clone()));
                right.push((plain, op.text.clone()));
            }
            (Op::Delete, true) => left.push((p.del, op.text.clone())),
            (Op::Insert, true) => right.push((p.ins, op.text.clone())),
            (Op::Delete, false) => left.push((plain, op.op.marked(&op.text).into_owned())),
            (Op::Insert, false) => right.push((plain, op.op.marked(&op.text).into_owned())),
        }
    }
    (left, right)
}

/// The spans of some word changes for one column: equal text, and the deletions (left) or
/// insertions (right), styled or marked.
fn spans<'i>(ops: impl Iterator<Item = &'i InlineOp>, left: bool, p: &Palette) -> Vec<Span> {
    let plain = Style::new();
    let mut out = Vec::new();
    for op in ops {
        let side = if left { Op::Delete } else { Op::Insert };
        match (op.op, p.color) {
            (Op::Equal, _) => out.push((plain, op.text.clone())),
            (kind, _) if kind != side => {}
            (Op::Delete, true) => out.push((p.del, op.text.clone())),
            (Op::Insert, true) => out.push((p.ins, op.text.clone())),
            (kind, false) => out.push((plain, kind.marked(&op.text).into_owned())),
        }
    }
    out
}

/// A split's or merge's columns: each old clause (left) and new clause (right) with its word
/// changes, the old against the part of the new it went to, and the reverse.
fn group_changes(c: &Change<'_>, p: &Palette) -> (Vec<Block>, Vec<Block>) {
    let block = |r: &ClauseRef<'_>, spans: Vec<Span>| Block {
        number: Some(r.number.to_string()),
        spans,
    };
    // The side of one clause shows all the word changes; each clause of the other side its
    // part's.
    let whole = c
        .inline
        .as_ref()
        .map(|i| joined(&i.ops))
        .unwrap_or_default();
    let one = |refs: &[ClauseRef<'_>], left: bool| -> Vec<Block> {
        refs.iter()
            .map(|r| block(r, spans(whole.iter(), left, p)))
            .collect()
    };
    let each = |refs: &[ClauseRef<'_>], left: bool| -> Vec<Block> {
        refs.iter()
            .enumerate()
            .map(|(k, r)| block(r, spans(super::part_ops(c, k), left, p)))
            .collect()
    };
    if c.kind == Kind::Split {
        (one(&c.old, true), each(&c.new, false))
    } else {
        (each(&c.old, true), one(&c.new, false))
    }
}

/// Every op of a change's word diff, whatever its part.
fn all_ops<'i>(c: &'i Change<'_>) -> impl Iterator<Item = &'i InlineOp> {
    c.inline.iter().flat_map(|i| i.ops.iter())
}

/// The old text with its deletions marked (left) and the new text with its insertions (right).
fn word_changes(c: &Change<'_>, p: &Palette) -> (Vec<Block>, Vec<Block>) {
    let (left, right) = if c.inline.is_some() {
        (spans(all_ops(c), true, p), spans(all_ops(c), false, p))
    } else {
        // A modified clause always carries its word diff; should one be missing, show both
        // texts whole rather than nothing.
        (
            c.old
                .first()
                .map(|r| (p.del, r.text().to_string()))
                .into_iter()
                .collect(),
            c.new
                .first()
                .map(|r| (p.ins, r.text().to_string()))
                .into_iter()
                .collect(),
        )
    };
    let block = |refs: &[ClauseRef<'_>], spans| {
        vec![Block {
            number: refs.first().map(|r| r.number.to_string()),
            spans,
        }]
    };
    (block(&c.old, left), block(&c.new, right))
}

/// Write one change's rows: both columns wrapped, side by side, the mark on the first row.
fn rows(
    out: &mut dyn Write,
    lay: &Layout,
    p: &Palette,
    (mark_style, mark): (Style, &str),
    left: &[Block],
    right: &[Block],
) -> io::Result<()> {
    let left = column(left, lay.column);
    let right = column(right, lay.column);
    let dim = p.dim;
    let mut row = String::new();
    for i in 0..left.len().max(right.len()).max(1) {
        row.clear();
        if i == 0 && mark != " " {
            let _ = write!(row, "{mark_style}{mark}{mark_style:#} ");
        } else {
            row.push_str("  ");
        }
        cell(&mut row, lay, dim, left.get(i), true);
        let _ = write!(row, " {dim}│{dim:#} ");
        cell(&mut row, lay, dim, right.get(i), false);
        writeln!(out, "{}", row.trim_end_matches(' '))?;
    }
    Ok(())
}

/// One column's share of a row: the clause number (on a clause's first line), then the text,
/// padded to the column width when another column follows.
fn cell(
    row: &mut String,
    lay: &Layout,
    dim: Style,
    line: Option<&(Option<String>, Line)>,
    pad: bool,
) {
    let width = lay.number;
    match line.and_then(|(n, _)| n.as_deref()) {
        Some(n) => {
            let _ = write!(row, "{dim}{n:>width$}{dim:#} ");
        }
        None => {
            let _ = write!(row, "{:width$} ", "");
        }
    }
    let mut used = 0;
    if let Some((_, (spans, w))) = line {
        push_spans(row, spans);
        used = *w;
    }
    if pad {
        row.extend(std::iter::repeat_n(' ', lay.column.saturating_sub(used)));
    }
}

fn push_spans(row: &mut String, spans: &[Span]) {
    for (style, text) in spans {
        if *style == Style::new() {
            row.push_str(text);
        } else {
            let _ = write!(row, "{style}{text}{style:#}");
        }
    }
}

/// The display lines of a column: each block wrapped, its number on its first line.
fn column(blocks: &[Block], width: usize) -> Vec<(Option<String>, Line)> {
    let mut out = Vec::new();
    for block in blocks {
        let mut lines = wrap(&block.spans, width).into_iter();
        if let Some(first) = lines.next() {
            out.push((block.number.clone(), first));
        }
        out.extend(lines.map(|l| (None, l)));
    }
    out
}

/// A note under a change (or a header line), wrapped to the display, starting at column `at`.
fn note(out: &mut dyn Write, lay: &Layout, style: Style, text: &str, at: usize) -> io::Result<()> {
    let width = lay.total.saturating_sub(at).max(MIN_COLUMN);
    let mut row = String::new();
    for (spans, _) in wrap(&[(style, text.to_string())], width) {
        row.clear();
        row.extend(std::iter::repeat_n(' ', at));
        push_spans(&mut row, &spans);
        writeln!(out, "{}", row.trim_end_matches(' '))?;
    }
    Ok(())
}

/// Fill lines of at most `width` display columns with the words of `spans`, breaking only at
/// spaces (a word wider than a line is cut). Styles follow their characters, across lines.
fn wrap(spans: &[Span], width: usize) -> Vec<Line> {
    let mut w = Wrapper {
        width: width.max(2),
        lines: Vec::new(),
        line: Vec::new(),
        used: 0,
        space: None,
    };
    let mut word: Vec<(Style, char)> = Vec::new();
    for (style, text) in spans {
        for c in text.chars() {
            if c.is_whitespace() {
                w.word(&word);
                word.clear();
                if w.used > 0 && w.space.is_none() {
                    w.space = Some(*style);
                }
            } else {
                // Control characters would move the cursor and break the columns.
                let c = if c.is_control() { '\u{fffd}' } else { c };
                word.push((*style, c));
            }
        }
    }
    w.word(&word);
    if !w.line.is_empty() || w.lines.is_empty() {
        w.lines.push((std::mem::take(&mut w.line), w.used));
    }
    w.lines
}

struct Wrapper {
    width: usize,
    lines: Vec<Line>,
    line: Vec<Span>,
    used: usize,
    /// The style of the space owed before the next word on this line.
    space: Option<Style>,
}

impl Wrapper {
    fn word(&mut self, word: &[(Style, char)]) {
        if word.is_empty() {
            return;
        }
        let w: usize = word.iter().map(|&(_, c)| char_width(c)).sum();
        if self.used > 0 {
            if self.used + 1 + w <= self.width {
                let style = self.space.unwrap_or_default();
                self.push(style, ' ');
            } else {
                self.break_line();
            }
        }
        self.space = None;
        for &(style, c) in word {
            if self.used > 0 && self.used + char_width(c) > self.width {
                self.break_line();
            }
            self.push(style, c);
        }
    }

    fn push(&mut self, style: Style, c: char) {
        match self.line.last_mut() {
            Some((s, text)) if *s == style => text.push(c),
            _ => self.line.push((style, c.to_string())),
        }
        self.used += char_width(c);
    }

    fn break_line(&mut self) {
        self.lines.push((std::mem::take(&mut self.line), self.used));
        self.used = 0;
        self.space = None;
    }
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|(spans, _)| spans.iter().map(|(_, t)| t.as_str()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let lines = wrap(
            &[(Style::new(), "the quick brown fox jumps over".to_string())],
            10,
        );
        assert_eq!(texts(&lines), ["the quick", "brown fox", "jumps over"]);
        assert!(lines.iter().all(|(_, w)| *w <= 10));
    }

    #[test]
    fn cuts_a_word_wider_than_the_line() {
        let lines = wrap(&[(Style::new(), "abcdefghij xy".to_string())], 4);
        assert_eq!(texts(&lines), ["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn measures_wide_characters_by_display_width() {
        // Each ideograph takes two columns: three fit in six.
        let lines = wrap(&[(Style::new(), "移民走私 合作".to_string())], 6);
        assert_eq!(texts(&lines), ["移民走", "私", "合作"]);
        assert!(lines.iter().all(|(_, w)| *w <= 6));
    }

    #[test]
    fn keeps_a_word_whole_across_style_changes() {
        let del = Style::new().strikethrough();
        let lines = wrap(
            &[
                (Style::new(), "aa b".to_string()),
                (del, "cc".to_string()),
                (Style::new(), "dd e".to_string()),
            ],
            7,
        );
        assert_eq!(texts(&lines), ["aa", "bccdd e"]);
    }

    #[test]
    fn replaces_control_characters() {
        let lines = wrap(&[(Style::new(), "a\u{1b}[31mb".to_string())], 20);
        assert_eq!(texts(&lines), ["a\u{fffd}[31mb"]);
    }
}
