//! `--format docx`: the new version as a Word document with native tracked changes against the
//! old one, so that accepting every change in Word gives the new text and rejecting every change
//! the old text (`decl import --changes accept|reject` reads it back so, and the tests check it).
//!
//! - word changes inside a clause or a heading: `w:ins` and `w:del`;
//! - a clause added or deleted: the whole paragraph inserted or deleted (its mark too);
//! - a clause moved (also moved and edited): `w:moveFrom` at its old place and `w:moveTo` at its
//!   new one, named as a pair; the words it gained on the way are inserted in the move, those
//!   it lost are only in its old place;
//! - a split: the old clause's words, with the new paragraph marks inserted between its parts;
//!   a merge: the old clauses with the paragraph marks between them deleted; each part with its
//!   own word changes. A split or merge whose parts do not keep the order of the words (or that
//!   is moved) is written as the old clauses deleted and the new ones inserted;
//! - clauses whose order changed without being called moved (a section moved whole) are moves
//!   too, but for the longest run that keeps its order, so that rejecting gives the old order;
//!   a heading that in place would not stand before its section's first clause of that order
//!   moves from there (of two sections swapped, the one whose clauses moved, whichever of them
//!   the diff calls moved);
//! - headings renamed, added or removed, the title and the place-and-date line, with their word
//!   changes.
//!
//! Every change has the author and date of [`Word`]. What the text does not show (front matter
//! fields, blocks that are not clauses) is listed in notes, in the `Comparison Note` style that
//! `decl import` leaves out. The page header carries the new version's marking, the footer the
//! Council footer and page numbers, as `decl render --to docx` does.

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::Duration;

use super::{Settings, other_title, side_label};
use crate::diff::inline;
use crate::diff::model::{Diff, InlineOp, Kind, Op, SectionKind};
use crate::docx::styles;
use crate::docx::write::{
    Block, Change as Mark, Content, Document, Paragraph, Run, footer_line, header_line,
};

/// What a Word redline needs beyond the diff: who made the changes, when, and the new version's
/// page furniture.
#[derive(Debug, Clone, Default)]
pub struct Word {
    /// The author of every tracked change (`--author`, default the new version's `from`).
    pub author: String,
    /// The new version's date, `YYYY-MM-DD` (empty when it has none).
    pub date: String,
    /// The new version's Council footer: `11767/1/25 REV 1 JAI.1 LIMITE EN`.
    pub footer: String,
    /// The new version's place-and-date line.
    pub dateline: Option<String>,
    /// The heading levels of the new version's sections (2 for `##`).
    pub levels: Vec<u8>,
    /// Of the old version's sections.
    pub old_levels: Vec<u8>,
}

pub fn write(diff: &Diff<'_>, settings: &Settings, out: &mut dyn Write) -> io::Result<()> {
    let bytes = document(diff, settings.word.as_ref().unwrap_or(&Word::default()))
        .to_docx(None)
        .map_err(|e| io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
}

const TIMEOUT: Duration = Duration::from_millis(500);

/// The runs of a clause's word changes; `moved`: at the new place of a move, where the words
/// kept are moved there and those lost are left out (they are in the old clause moved from its
/// old place).
fn runs(ops: &[&InlineOp], moved: Option<u32>) -> Vec<Run> {
    ops.iter()
        .filter(|o| !o.text.is_empty())
        .filter_map(|o| {
            let change = match (o.op, moved) {
                (Op::Equal, None) => Mark::None,
                (Op::Equal, Some(n)) => Mark::MoveTo(n),
                (Op::Insert, _) => Mark::Insert,
                (Op::Delete, None) => Mark::Delete,
                (Op::Delete, Some(_)) => return None,
            };
            Some(Run::text(o.text.as_str()).with(change))
        })
        .collect()
}

fn clause(runs: Vec<Run>) -> Paragraph {
    Paragraph::styled(styles::CLAUSE, runs)
}

fn plain(text: &str) -> Paragraph {
    clause(vec![Run::text(text)])
}

fn note(text: &str) -> Paragraph {
    Paragraph::styled(styles::COMPARISON_NOTE, vec![Run::text(text)])
}

/// A paragraph with the word changes from `old` to `new`.
fn changed(style: &'static str, old: &str, new: &str) -> Paragraph {
    let diff = inline::diff(old, new, TIMEOUT);
    let ops: Vec<&InlineOp> = diff.ops.iter().collect();
    Paragraph::styled(style, runs(&ops, None))
}

fn heading_style(level: u8) -> &'static str {
    styles::HEADING[usize::from(level.clamp(2, 7) - 2).min(5)]
}

/// Whether the parts of a split's or merge's ops come in order, so that joining the paragraphs
/// gives back the whole text.
fn parts_in_order(ops: &[InlineOp]) -> bool {
    ops.windows(2).all(|w| w[0].part <= w[1].part)
}

/// The longest run of changes (by position in `candidates`) whose first old clauses come in
/// increasing order: these stay where they are; the others move.
fn longest_increasing(keys: &[(usize, usize)]) -> Vec<usize> {
    // Patience sorting: tails[k] is the index (into keys) of the smallest tail of a run of k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; keys.len()];
    for (i, &(_, key)) in keys.iter().enumerate() {
        let at = tails.partition_point(|&t| keys[t].1 < key);
        prev[i] = at.checked_sub(1).map(|a| tails[a]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(keys[i].0);
        at = prev[i];
    }
    out.reverse();
    out
}

/// The redline as a document to write.
#[must_use]
pub fn document(diff: &Diff<'_>, word: &Word) -> Document {
    let mut body: Vec<Paragraph> = Vec::new();
    // The title, with its changes.
    let field = |name: &str| diff.document.iter().find(|f| f.field == name);
    let text_of = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    for (name, style, current) in [
        ("title", styles::TITLE, diff.new.title.clone()),
        ("dateline", styles::DATELINE, word.dateline.clone()),
    ] {
        match field(name) {
            Some(f) => match (text_of(f.old.as_ref()), text_of(f.new.as_ref())) {
                (Some(old), Some(new)) => body.push(changed(style, &old, &new)),
                (None, Some(new)) => {
                    body.push(Paragraph::styled(style, vec![Run::text(new)]).all(Mark::Insert));
                }
                (Some(old), None) => {
                    body.push(Paragraph::styled(style, vec![Run::text(old)]).all(Mark::Delete));
                }
                (None, None) => {}
            },
            None => {
                if let Some(text) = current {
                    body.push(Paragraph::styled(style, vec![Run::text(text)]));
                }
            }
        }
    }
    body.push(note(&format!(
        "Changes from {} to {}.",
        side_label(&diff.old),
        side_label(&diff.new)
    )));
    for f in diff
        .document
        .iter()
        .filter(|f| f.field != "title" && f.field != "dateline")
    {
        body.push(note(&super::field_line(f, &|op, t| match op {
            Op::Equal => t.to_string(),
            Op::Delete => format!("[-{t}-]"),
            Op::Insert => format!("[+{t}+]"),
        })));
    }
    // Which changes stay in place: those not moved whose old clauses keep their order.
    let keys: Vec<(usize, usize)> = diff
        .changes
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.moved && !c.old.is_empty())
        .filter_map(|(i, c)| {
            c.old
                .iter()
                .map(super::super::model::ClauseRef::index)
                .min()
                .map(|k| (i, k))
        })
        .collect();
    let mut anchored = vec![false; diff.changes.len()];
    for i in longest_increasing(&keys) {
        anchored[i] = true;
    }
    let mut plan = Plan::default();
    // Every change planned first: a clause moved down is written at its old place before the
    // flow reaches its new one.
    let mut flows: Vec<Vec<(Option<usize>, Paragraph)>> = Vec::with_capacity(diff.changes.len());
    for (i, &stays) in anchored.iter().enumerate() {
        let (flow, old_at, new_at) = plan.change(diff, i, stays);
        flows.push(flow);
        plan.old_at.extend(old_at);
        plan.new_at.extend(new_at);
    }
    // The first old clause of each old section: old clauses written where they were go after
    // the heading of their own section, before the next one.
    let mut section_start: HashMap<usize, usize> = HashMap::new();
    for r in diff.changes.iter().flat_map(|c| c.old.iter()) {
        let first = section_start.entry(r.section).or_insert(r.index());
        *first = (*first).min(r.index());
    }
    // A section removed whose clauses went elsewhere: its heading is deleted where it stood.
    let mut removed_done = vec![false; diff.sections.len()];
    for (k, s) in diff.sections.iter().enumerate() {
        if s.kind != SectionKind::Removed || s.is_break {
            continue;
        }
        let (Some(old), Some(text)) = (s.old, s.old_heading.as_deref()) else {
            continue;
        };
        if let Some(&start) = section_start.get(&old) {
            let level = word.old_levels.get(old).copied().unwrap_or(2);
            let p =
                Paragraph::styled(heading_style(level), vec![Run::text(text)]).all(Mark::Delete);
            plan.old_at.push((2 * start, p));
            removed_done[k] = true;
        }
    }
    // Each heading is written where its section starts in the new text. Where that is not
    // where the section started in the old text (the clauses that stay in place, not the order
    // of the sections, decide: two sections swapped keep the longer one's clauses in place),
    // the heading moves there, so that rejecting every change gives the old order. Each pass
    // moves at least one more heading, so there are at most as many passes as sections.
    let mut new_start = vec![diff.new.clauses; diff.new.sections.len() + 1];
    for r in diff.changes.iter().flat_map(|c| c.new.iter()) {
        if let Some(first) = new_start.get_mut(r.section) {
            *first = (*first).min(r.index());
        }
    }
    for p in (0..diff.new.sections.len()).rev() {
        new_start[p] = new_start[p].min(new_start[p + 1]);
    }
    let layout = Layout {
        diff,
        word,
        anchored: &anchored,
        flows: &flows,
        section_start: &section_start,
        new_start: &new_start,
    };
    let mut moved: Vec<usize> = Vec::new();
    let laid = loop {
        let (laid, misplaced) = layout.lay_out(plan.clone(), removed_done.clone(), &moved);
        let before = moved.len();
        for p in misplaced {
            if !moved.contains(&p) {
                moved.push(p);
            }
        }
        if moved.len() == before {
            break laid;
        }
    };
    body.extend(laid);
    for o in &diff.other {
        let show = |b: &Option<crate::diff::model::Block>| {
            b.as_ref().map_or_else(
                || "(none)".to_string(),
                |b| crate::text::collapse_whitespace(&b.text),
            )
        };
        body.push(note(&format!(
            "Not in the text: {}: {} → {}",
            other_title(o),
            show(&o.old),
            show(&o.new)
        )));
    }
    let marking = diff
        .new
        .classification
        .as_ref()
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    let mut top = String::new();
    if diff.old.illustrative || diff.new.illustrative {
        top.push_str("ILLUSTRATIVE TEXT");
    }
    let header = header_line(top, marking.as_deref(), false);
    let footer = footer_line(word.footer.as_str(), false);
    Document {
        body: body.into_iter().map(Block::Paragraph).collect(),
        header: vec![header],
        footer: vec![footer],
        footnotes: Vec::new(),
        landscape: false,
        author: word.author.clone(),
        date: if word.date.is_empty() {
            String::new()
        } else {
            format!("{}T00:00:00Z", word.date)
        },
        title: diff.new.title.clone().unwrap_or_default(),
        language: diff.new.language.clone(),
    }
}

/// What a clause's text does not show, as notes: markup, footnotes, the clause id.
fn extras(c: &crate::diff::model::Change<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(m) = &c.markup {
        out.push(format!(
            "Formatting changed; the Markdown was: {}",
            crate::text::collapse_whitespace(&m.old)
        ));
    }
    for f in &c.footnotes {
        let show = |t: &Option<String>| t.clone().unwrap_or_else(|| "(none)".to_string());
        out.push(format!(
            "Footnote {}: {} → {}",
            f.number,
            show(&f.old),
            show(&f.new)
        ));
    }
    if c.id_changed() {
        let id = |refs: &[crate::diff::model::ClauseRef<'_>]| {
            refs.first()
                .and_then(super::super::model::ClauseRef::id)
                .unwrap_or("(none)")
                .to_string()
        };
        out.push(format!("Clause id: {} → {}", id(&c.old), id(&c.new)));
    }
    out
}

/// The heading of new section `ordinal`, with its changes; `moved`: the change it is written
/// with instead, when it is moved here. Whether it is written in place: a paragraph of the
/// rejected reading too.
fn heading(
    laid: &mut Laid,
    diff: &Diff<'_>,
    word: &Word,
    ordinal: usize,
    done: &mut [bool],
    moved: Option<Mark>,
) -> bool {
    let Some(info) = diff.new.sections.get(ordinal) else {
        return false;
    };
    let change = diff.sections.iter().position(|s| s.new == Some(ordinal));
    if let Some(k) = change {
        done[k] = true;
    }
    let level = word.levels.get(ordinal).copied().unwrap_or(2);
    let style = heading_style(level);
    let Some(new) = info.heading.as_deref() else {
        // An unnamed section after the first opens with a break (`---`).
        if ordinal == 0 {
            return false;
        }
        let p = Paragraph::styled(styles::SECTION_BREAK, Vec::new());
        let added = change.is_some_and(|k| diff.sections[k].kind == SectionKind::Added);
        let mark = moved.or(added.then_some(Mark::Insert));
        laid.push(None, if let Some(m) = mark { p.all(m) } else { p });
        return mark.is_none();
    };
    let (mut p, in_place) = match (moved, change.map(|k| &diff.sections[k])) {
        (Some(mark), _) => (
            Paragraph::styled(style, vec![Run::text(new)]).all(mark),
            false,
        ),
        (None, Some(s)) if s.kind == SectionKind::Added || s.old_heading.is_none() => (
            Paragraph::styled(style, vec![Run::text(new)]).all(Mark::Insert),
            false,
        ),
        (None, Some(s)) => (
            changed(style, s.old_heading.as_deref().unwrap_or(""), new),
            true,
        ),
        (None, None) => (Paragraph::styled(style, vec![Run::text(new)]), true),
    };
    p.keep_next = true;
    laid.push(None, p);
    if let Some(s) = change.map(|k| &diff.sections[k])
        && matches!(
            s.kind,
            SectionKind::Level | SectionKind::Formatting | SectionKind::Id
        )
    {
        laid.push(None, note(&s.describe()));
    }
    in_place
}

fn removed_heading(laid: &mut Laid, diff: &Diff<'_>, word: &Word, k: usize) {
    let s = &diff.sections[k];
    let Some(old) = s.old_heading.as_deref() else {
        if s.is_break {
            let p = Paragraph::styled(styles::SECTION_BREAK, Vec::new()).all(Mark::Delete);
            laid.push(None, p);
        }
        return;
    };
    let level = s
        .old
        .and_then(|o| word.old_levels.get(o).copied())
        .unwrap_or(2);
    laid.push(
        None,
        Paragraph::styled(heading_style(level), vec![Run::text(old)]).all(Mark::Delete),
    );
}

/// Paragraphs waiting for their place: those of old clauses (only in the rejected reading) by
/// old index (twice it, plus one; a heading moved away from before clause `k` is at `2k`),
/// those of new clauses (only in the accepted one) by new index.
#[derive(Default, Clone)]
struct Plan {
    old_at: Vec<(usize, Paragraph)>,
    new_at: Vec<(usize, Paragraph)>,
    moves: u32,
}

type Placed = (
    Vec<(Option<usize>, Paragraph)>,
    Vec<(usize, Paragraph)>,
    Vec<(usize, Paragraph)>,
);

impl Plan {
    fn next_move(&mut self) -> u32 {
        self.moves += 1;
        self.moves
    }

    /// Write the waiting old paragraphs that come before old clause `before` (all: `None`).
    fn flush_old(&mut self, laid: &mut Laid, before: Option<usize>) {
        for (k, p) in flush(&mut self.old_at, before) {
            laid.push(Some(k), p);
        }
    }

    fn flush_new(&mut self, laid: &mut Laid, before: Option<usize>) {
        for (_, p) in flush(&mut self.new_at, before) {
            laid.push(None, p);
        }
    }

    /// The paragraphs of change `at`: those written where it stands in the new text, and those
    /// to write at an old or a new position of their own.
    fn change(&mut self, diff: &Diff<'_>, at: usize, anchored: bool) -> Placed {
        let c = &diff.changes[at];
        let ops: Vec<&InlineOp> = c.inline.iter().flat_map(|i| i.ops.iter()).collect();
        let consecutive = |refs: &[crate::diff::model::ClauseRef<'_>]| {
            refs.windows(2).all(|w| w[1].index() == w[0].index() + 1)
        };
        let in_order = c.inline.as_ref().is_some_and(|i| parts_in_order(&i.ops));
        // The paragraphs written here, each with its place in the old text when the rejected
        // reading has it as a paragraph of its own.
        let mut flow: Vec<(Option<usize>, Paragraph)> = Vec::new();
        let first = c.old.first().map(old_key);
        let mut old_at = Vec::new();
        let mut new_at = Vec::new();
        match (c.kind, anchored) {
            (Kind::Unchanged | Kind::Moved, true) => {
                let olds = c.old.iter().map(|r| Some(old_key(r)));
                flow.extend(olds.zip(c.new.iter().map(|r| plain(r.text()))));
            }
            (Kind::Modified, true)
                if c.inline.is_some() && c.old.len() == 1 && c.new.len() == 1 =>
            {
                flow.push((first, clause(runs(&ops, None))));
            }
            (Kind::Deleted, true) => {
                flow.extend(
                    c.old
                        .iter()
                        .map(|r| (Some(old_key(r)), plain(r.text()).all(Mark::Delete))),
                );
            }
            (Kind::Split, true) if c.old.len() == 1 && c.inline.is_some() => {
                if consecutive(&c.new) && in_order {
                    // One paragraph per new clause; the marks between them are new.
                    for part in 0..c.new.len() {
                        let mut p = clause(runs(&of_part(&ops, part), None));
                        if part + 1 < c.new.len() {
                            p.mark = Mark::Insert;
                        }
                        // Rejected, the parts are one paragraph: the old clause.
                        flow.push((if part == 0 { first } else { None }, p));
                    }
                } else {
                    // The old clause where the first new one is, the words of the others moved
                    // away from it to where they stand.
                    let names: Vec<u32> = (1..c.new.len()).map(|_| self.next_move()).collect();
                    let here = ops
                        .iter()
                        .filter(|o| o.part == 0 || o.op != Op::Insert)
                        .map(|o| {
                            let change = match (o.part, o.op) {
                                (0, Op::Equal) => Mark::None,
                                (0, Op::Insert) => Mark::Insert,
                                (_, Op::Delete) => Mark::Delete,
                                (k, _) => Mark::MoveFrom(names[k - 1]),
                            };
                            Run::text(o.text.as_str()).with(change)
                        })
                        .filter(|r| r.content != Content::Text(String::new()))
                        .collect();
                    flow.push((first, clause(here)));
                    for (k, r) in c.new.iter().enumerate().skip(1) {
                        let mut p = clause(runs(&of_part(&ops, k), Some(names[k - 1])));
                        p.mark = Mark::MoveTo(names[k - 1]);
                        new_at.push((r.index(), p));
                    }
                }
            }
            (Kind::Merged, true) if c.new.len() == 1 && c.inline.is_some() => {
                if consecutive(&c.old) && in_order {
                    // One paragraph per old clause; the marks between them are gone.
                    for part in 0..c.old.len() {
                        let mut p = clause(runs(&of_part(&ops, part), None));
                        if part + 1 < c.old.len() {
                            p.mark = Mark::Delete;
                        }
                        flow.push((c.old.get(part).map(old_key), p));
                    }
                } else {
                    // The new clause where the first old one was, the others moved into it from
                    // where they stood.
                    let names: Vec<u32> = (1..c.old.len()).map(|_| self.next_move()).collect();
                    let here = ops
                        .iter()
                        .filter(|o| o.part == 0 || o.op != Op::Delete)
                        .map(|o| {
                            let change = match (o.part, o.op) {
                                (0, Op::Equal) => Mark::None,
                                (0, Op::Delete) => Mark::Delete,
                                (_, Op::Insert) => Mark::Insert,
                                (k, _) => Mark::MoveTo(names[k - 1]),
                            };
                            Run::text(o.text.as_str()).with(change)
                        })
                        .filter(|r| r.content != Content::Text(String::new()))
                        .collect();
                    flow.push((first, clause(here)));
                    for (k, r) in c.old.iter().enumerate().skip(1) {
                        let p = plain(r.text()).all(Mark::MoveFrom(names[k - 1]));
                        old_at.push((old_key(r), p));
                    }
                }
            }
            (_, true) | (Kind::Split | Kind::Merged, false) => {
                // Written whole: the old clauses deleted where they were, the new inserted
                // where they are.
                for (k, r) in c.old.iter().enumerate() {
                    let p = plain(r.text()).all(Mark::Delete);
                    if anchored && k == 0 {
                        flow.push((Some(old_key(r)), p));
                    } else {
                        old_at.push((old_key(r), p));
                    }
                }
                for (k, r) in c.new.iter().enumerate() {
                    let p = plain(r.text()).all(Mark::Insert);
                    if k == 0 {
                        flow.push((None, p));
                    } else {
                        new_at.push((r.index(), p));
                    }
                }
            }
            (_, false) => match (c.old.as_slice(), c.new.as_slice()) {
                ([old], [new]) => {
                    // Moved (and perhaps edited on the way): the old clause moved from its old
                    // place, the new one to its new place with the words it gained inserted and
                    // those it lost left out. Shown there as deleted inside the move, they were in
                    // both readings in LibreOffice (7.4), which drops a `w:del` inside a
                    // `w:moveTo` of the same author.
                    let name = self.next_move();
                    old_at.push((old_key(old), plain(old.text()).all(Mark::MoveFrom(name))));
                    let mut p = match &c.inline {
                        Some(i) if c.kind == Kind::Modified => {
                            let ops: Vec<&InlineOp> = i.ops.iter().collect();
                            clause(runs(&ops, Some(name)))
                        }
                        _ => plain(new.text()).all(Mark::MoveTo(name)),
                    };
                    p.mark = Mark::MoveTo(name);
                    flow.push((None, p));
                }
                (olds, news) => {
                    for r in olds {
                        old_at.push((old_key(r), plain(r.text()).all(Mark::Delete)));
                    }
                    flow.extend(
                        news.iter()
                            .map(|r| (None, plain(r.text()).all(Mark::Insert))),
                    );
                }
            },
        }
        (flow, old_at, new_at)
    }
}

fn of_part<'o>(ops: &[&'o InlineOp], part: usize) -> Vec<&'o InlineOp> {
    ops.iter().copied().filter(|o| o.part == part).collect()
}

/// Take the waiting paragraphs whose position is before `before` (all: `None`), in order of
/// position.
fn flush(
    waiting: &mut Vec<(usize, Paragraph)>,
    before: Option<usize>,
) -> std::vec::Drain<'_, (usize, Paragraph)> {
    let n = before.map_or(waiting.len(), |b| waiting.partition_point(|(k, _)| *k < b));
    waiting.drain(..n)
}

/// Where the rejected reading has old clause `r`: after the heading of its section (`2 ×` the
/// first clause's index), in the order of the old text.
fn old_key(r: &crate::diff::model::ClauseRef<'_>) -> usize {
    2 * r.index() + 1
}

/// The body's paragraphs in order and, of each that the rejected reading shows as a paragraph
/// of its own and that has a place in the old text (see [`old_key`]), that place.
#[derive(Default)]
struct Laid {
    body: Vec<Paragraph>,
    keys: Vec<Option<usize>>,
}

impl Laid {
    fn push(&mut self, key: Option<usize>, p: Paragraph) {
        self.body.push(p);
        self.keys.push(key);
    }
}

/// What laying out the body needs, the same in every pass.
struct Layout<'d, 'a> {
    diff: &'d Diff<'a>,
    word: &'d Word,
    /// Per change: whether it stays in place.
    anchored: &'d [bool],
    /// Per change: its paragraphs written where it stands in the new text.
    flows: &'d [Vec<(Option<usize>, Paragraph)>],
    /// The first clause of each old section.
    section_start: &'d HashMap<usize, usize>,
    /// Of each new section, the first new clause in it or after it.
    new_start: &'d [usize],
}

impl Layout<'_, '_> {
    /// The old section that new section `new` was.
    fn old_section(&self, new: usize) -> Option<usize> {
        self.diff
            .section_pairs
            .iter()
            .find(|(_, n)| *n == new)
            .map(|(o, _)| *o)
    }

    /// The body after the title and the notes, the headings of new sections `moved` moved
    /// from where their old sections started; and the new sections whose headings, written in
    /// place, do not stand where their old sections started in the rejected reading.
    fn lay_out(
        &self,
        mut plan: Plan,
        mut removed_done: Vec<bool>,
        moved: &[usize],
    ) -> (Vec<Paragraph>, Vec<usize>) {
        let (diff, word) = (self.diff, self.word);
        let mut heading_moves: Vec<(usize, Mark)> = Vec::new();
        for &new in moved {
            let Some(old) = self.old_section(new) else {
                continue;
            };
            let Some(&first) = self.section_start.get(&old) else {
                continue;
            };
            let level = word.old_levels.get(old).copied().unwrap_or(2);
            let old_text = diff
                .old
                .sections
                .get(old)
                .and_then(|s| s.heading.as_deref());
            let new_named = diff
                .new
                .sections
                .get(new)
                .is_some_and(|s| s.heading.is_some());
            let old_heading =
                |text: &str| Paragraph::styled(heading_style(level), vec![Run::text(text)]);
            let (from, to) = match old_text {
                Some(text) if new_named => {
                    let name = plan.next_move();
                    (
                        Some(old_heading(text).all(Mark::MoveFrom(name))),
                        Mark::MoveTo(name),
                    )
                }
                Some(text) => (Some(old_heading(text).all(Mark::Delete)), Mark::Insert),
                // The preamble has no break before it.
                None if old == 0 => (None, Mark::Insert),
                None => (
                    Some(Paragraph::styled(styles::SECTION_BREAK, Vec::new()).all(Mark::Delete)),
                    Mark::Insert,
                ),
            };
            plan.old_at.extend(from.map(|p| (2 * first, p)));
            heading_moves.push((new, to));
        }
        plan.old_at.sort_by_key(|(k, _)| *k);
        plan.new_at.sort_by_key(|(k, _)| *k);
        let mut laid = Laid::default();
        // Headings written in place: (where in the body, new section).
        let mut in_place: Vec<(usize, usize)> = Vec::new();
        let mut section: Option<usize> = None;
        for ((i, change), flow) in diff.changes.iter().enumerate().zip(self.flows) {
            let first_old = change.old.iter().min_by_key(|r| r.index());
            let mut after_heading = None;
            if self.anchored[i]
                && let Some(r) = first_old
            {
                let start = self
                    .section_start
                    .get(&r.section)
                    .copied()
                    .unwrap_or(r.index());
                plan.flush_old(&mut laid, Some(2 * start));
                after_heading = Some(old_key(r));
            }
            match change.place {
                Some(place) if section != Some(place) => {
                    section = Some(place);
                    // New clauses written apart (parts of a split) go before the heading when
                    // they are in a section before it, after it when they are in its section.
                    plan.flush_new(&mut laid, self.new_start.get(place).copied());
                    let moved = heading_moves
                        .iter()
                        .find(|(n, _)| *n == place)
                        .map(|(_, m)| *m);
                    let at = laid.body.len();
                    if heading(&mut laid, diff, word, place, &mut removed_done, moved) {
                        in_place.push((at, place));
                    }
                }
                Some(_) => {}
                None => {
                    if let Some(k) = change.old.first().and_then(|r| {
                        diff.sections.iter().position(|s| {
                            s.kind == SectionKind::Removed && s.old == Some(r.section)
                        })
                    }) && !removed_done[k]
                    {
                        removed_done[k] = true;
                        section = None;
                        removed_heading(&mut laid, diff, word, k);
                    }
                }
            }
            if after_heading.is_some() {
                plan.flush_old(&mut laid, after_heading);
            }
            if let Some(k) = change
                .new
                .iter()
                .map(super::super::model::ClauseRef::index)
                .min()
            {
                plan.flush_new(&mut laid, Some(k));
            }
            for (key, p) in flow {
                laid.push(*key, p.clone());
            }
            for t in extras(change) {
                laid.push(None, note(&t));
            }
        }
        plan.flush_old(&mut laid, None);
        plan.flush_new(&mut laid, None);
        for (k, done) in removed_done.iter().enumerate() {
            if !done && diff.sections[k].kind == SectionKind::Removed {
                removed_heading(&mut laid, diff, word, k);
            }
        }
        // In place, a heading must come after the old text's paragraphs of the sections before
        // its own and right before its section's first clause.
        let misplaced = in_place
            .into_iter()
            .filter(|&(at, new)| {
                let Some(&start) = self
                    .old_section(new)
                    .and_then(|o| self.section_start.get(&o))
                else {
                    return false;
                };
                let before = laid.keys[..at].iter().rev().find_map(|k| *k);
                let after = laid.keys[at + 1..].iter().find_map(|k| *k);
                before.is_some_and(|k| k >= 2 * start) || after != Some(2 * start + 1)
            })
            .map(|(_, new)| new)
            .collect();
        (laid.body, misplaced)
    }
}

/// The word settings of a comparison, from the new version.
#[must_use]
pub fn word_settings(
    old: &crate::model::Version,
    new: &crate::model::Version,
    author: Option<&str>,
) -> Word {
    let meta = &new.meta;
    let marking = meta
        .classification
        .as_ref()
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    let footer = [
        meta.document.as_ref().map(ToString::to_string),
        meta.dg.clone(),
        marking,
        meta.language.as_ref().map(|l| l.to_uppercase()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    Word {
        author: author
            .map(ToString::to_string)
            .or_else(|| meta.from.clone())
            .unwrap_or_else(|| "decl".to_string()),
        date: meta.date.map(|d| d.to_string()).unwrap_or_default(),
        footer,
        dateline: new.dateline.as_ref().map(|d| d.text.clone()),
        levels: new.sections.iter().map(|s| s.level).collect(),
        old_levels: old.sections.iter().map(|s| s.level).collect(),
    }
}
