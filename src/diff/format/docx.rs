//! `--format docx`: the new version as a Word document with native tracked changes against the
//! old one, so that accepting every change in Word gives the new text and rejecting every change
//! the old text (`decl import --changes accept|reject` reads it back so, and the tests check it).
//!
//! - word changes inside a clause or a heading: `w:ins` and `w:del`;
//! - a clause added or deleted: the whole paragraph inserted or deleted (its mark too);
//! - a clause moved (also moved and edited): `w:moveFrom` at its old place and `w:moveTo` at its
//!   new one, named as a pair; the words it gained or lost on the way are marked inside the
//!   move;
//! - a split: the old clause's words, with the new paragraph marks inserted between its parts;
//!   a merge: the old clauses with the paragraph marks between them deleted; each part with its
//!   own word changes. A split or merge whose parts do not keep the order of the words (or that
//!   is moved) is written as the old clauses deleted and the new ones inserted;
//! - clauses whose order changed without being called moved (a section moved whole) are moves
//!   too, but for the longest run that keeps its order, so that rejecting gives the old order;
//! - headings renamed, added or removed, the title and the place-and-date line, with their word
//!   changes.
//!
//! Every change has the author and date of [`Word`]. What the text does not show (front matter
//! fields, blocks that are not clauses) is listed in notes, in the `Comparison Note` style that
//! `decl import` leaves out. The page header carries the new version's marking, the footer the
//! Council footer and page numbers, as `decl render --to docx` does.

use std::io::{self, Write};
use std::time::Duration;

use super::{Settings, other_title, side_label};
use crate::diff::inline;
use crate::diff::model::{Diff, InlineOp, Kind, Op, SectionKind};
use crate::docx::styles;
use crate::docx::write::{Block, Change as Mark, Content, Document, Paragraph, Run, text_width};

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

fn runs(ops: &[&InlineOp], moved: Option<u32>) -> Vec<Run> {
    ops.iter()
        .filter(|o| !o.text.is_empty())
        .map(|o| {
            let change = match (o.op, moved) {
                (Op::Equal, None) => Mark::None,
                (Op::Equal, Some(n)) => Mark::MoveTo(n),
                (Op::Insert, _) => Mark::Insert,
                (Op::Delete, None) => Mark::Delete,
                (Op::Delete, Some(n)) => Mark::MoveToDeleted(n),
            };
            Run::text(o.text.as_str()).with(change)
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
        .filter_map(|(i, c)| c.old.iter().map(|r| r.index).min().map(|k| (i, k)))
        .collect();
    let mut anchored = vec![false; diff.changes.len()];
    for i in longest_increasing(&keys) {
        anchored[i] = true;
    }
    let mut plan = Plan::default();
    let mut section: Option<usize> = None;
    // Every change planned first: a clause moved down is written at its old place before the
    // flow reaches its new one.
    let mut flows: Vec<Vec<Paragraph>> = Vec::with_capacity(diff.changes.len());
    for (i, &stays) in anchored.iter().enumerate() {
        let (flow, old_at, new_at) = plan.change(diff, i, stays);
        flows.push(flow);
        plan.old_at.extend(old_at);
        plan.new_at.extend(new_at);
    }
    // The first old clause of each old section: old clauses written where they were go after
    // the heading of their own section, before the next one.
    let mut section_start: std::collections::HashMap<usize, usize> =
        std::collections::HashMap::new();
    for r in diff.changes.iter().flat_map(|c| c.old.iter()) {
        let first = section_start.entry(r.section).or_insert(r.index);
        *first = (*first).min(r.index);
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
    // A section moved whole: its heading moves from before the first clause it had.
    let mut heading_moves: Vec<(usize, u32)> = Vec::new();
    for s in diff
        .sections
        .iter()
        .filter(|s| s.moved && s.kind != SectionKind::Added)
    {
        let (Some(old), Some(new), Some(text)) = (s.old, s.new, s.old_heading.as_deref()) else {
            continue;
        };
        let first = diff
            .changes
            .iter()
            .flat_map(|c| c.old.iter())
            .filter(|r| r.section == old)
            .map(|r| r.index)
            .min();
        let Some(first) = first else { continue };
        let name = plan.next_move();
        let level = word.old_levels.get(old).copied().unwrap_or(2);
        let p = Paragraph::styled(heading_style(level), vec![Run::text(text)])
            .all(Mark::MoveFrom(name));
        plan.old_at.push((2 * first, p));
        heading_moves.push((new, name));
    }
    plan.old_at.sort_by_key(|(k, _)| *k);
    plan.new_at.sort_by_key(|(k, _)| *k);
    for ((i, change), flow) in diff.changes.iter().enumerate().zip(flows) {
        let first_old = change.old.iter().min_by_key(|r| r.index);
        let mut after_heading = None;
        if anchored[i]
            && let Some(r) = first_old
        {
            let start = section_start.get(&r.section).copied().unwrap_or(r.index);
            plan.flush_old(&mut body, Some(2 * start));
            after_heading = Some(2 * r.index + 1);
        }
        if let Some(k) = change.new.iter().map(|r| r.index).min() {
            plan.flush_new(&mut body, Some(k));
        }
        match change.place {
            Some(place) if section != Some(place) => {
                section = Some(place);
                let moved = heading_moves
                    .iter()
                    .find(|(n, _)| *n == place)
                    .map(|(_, m)| *m);
                heading(&mut body, diff, word, place, &mut removed_done, moved);
            }
            Some(_) => {}
            None => {
                if let Some(k) = change.old.first().and_then(|r| {
                    diff.sections
                        .iter()
                        .position(|s| s.kind == SectionKind::Removed && s.old == Some(r.section))
                }) && !removed_done[k]
                {
                    removed_done[k] = true;
                    section = None;
                    removed_heading(&mut body, diff, word, k);
                }
            }
        }
        if after_heading.is_some() {
            plan.flush_old(&mut body, after_heading);
        }
        body.extend(flow);
        body.extend(extras(change).iter().map(|t| note(t)));
    }
    plan.flush_old(&mut body, None);
    plan.flush_new(&mut body, None);
    for (k, done) in removed_done.iter().enumerate() {
        if !done && diff.sections[k].kind == SectionKind::Removed {
            removed_heading(&mut body, diff, word, k);
        }
    }
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
    let mut header = Paragraph::styled(styles::HEADER, vec![Run::text(top)]);
    header.right_tab = Some(text_width(false));
    if let Some(m) = &marking {
        header.runs.push(Run::of(Content::Tab));
        header.runs.push(Run::text(m.as_str()).bold());
    }
    let mut footer = Paragraph::styled(styles::FOOTER, vec![Run::text(word.footer.as_str())]);
    footer.right_tab = Some(text_width(false));
    footer.runs.extend([
        Run::of(Content::Tab),
        Run::of(Content::PageNumber),
        Run::text(" / "),
        Run::of(Content::PageCount),
    ]);
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
                .and_then(|r| r.id.clone())
                .unwrap_or_else(|| "(none)".to_string())
        };
        out.push(format!("Clause id: {} → {}", id(&c.old), id(&c.new)));
    }
    out
}

/// The heading of new section `ordinal`, with its changes.
fn heading(
    body: &mut Vec<Paragraph>,
    diff: &Diff<'_>,
    word: &Word,
    ordinal: usize,
    done: &mut [bool],
    moved: Option<u32>,
) {
    let Some(info) = diff.new.sections.get(ordinal) else {
        return;
    };
    let change = diff.sections.iter().position(|s| s.new == Some(ordinal));
    if let Some(k) = change {
        done[k] = true;
    }
    let level = word.levels.get(ordinal).copied().unwrap_or(2);
    let style = heading_style(level);
    let Some(new) = info.heading.as_deref() else {
        // An unnamed section after the first opens with a break (`---`).
        if ordinal > 0 {
            let p = Paragraph::styled(styles::SECTION_BREAK, Vec::new());
            let added = change.is_some_and(|k| diff.sections[k].kind == SectionKind::Added);
            body.push(if added { p.all(Mark::Insert) } else { p });
        }
        return;
    };
    let mut p = match change.map(|k| &diff.sections[k]) {
        _ if moved.is_some() => {
            let name = moved.unwrap_or_default();
            Paragraph::styled(style, vec![Run::text(new)]).all(Mark::MoveTo(name))
        }
        Some(s) if s.kind == SectionKind::Added || s.old_heading.is_none() => {
            Paragraph::styled(style, vec![Run::text(new)]).all(Mark::Insert)
        }
        Some(s) => changed(style, s.old_heading.as_deref().unwrap_or(""), new),
        None => Paragraph::styled(style, vec![Run::text(new)]),
    };
    p.keep_next = true;
    body.push(p);
    if let Some(s) = change.map(|k| &diff.sections[k])
        && matches!(
            s.kind,
            SectionKind::Level | SectionKind::Formatting | SectionKind::Id
        )
    {
        body.push(note(&s.describe()));
    }
}

fn removed_heading(body: &mut Vec<Paragraph>, diff: &Diff<'_>, word: &Word, k: usize) {
    let s = &diff.sections[k];
    let Some(old) = s.old_heading.as_deref() else {
        if s.is_break {
            body.push(Paragraph::styled(styles::SECTION_BREAK, Vec::new()).all(Mark::Delete));
        }
        return;
    };
    let level = s
        .old
        .and_then(|o| word.old_levels.get(o).copied())
        .unwrap_or(2);
    body.push(Paragraph::styled(heading_style(level), vec![Run::text(old)]).all(Mark::Delete));
}

/// Paragraphs waiting for their place: those of old clauses (only in the rejected reading) by
/// old index (twice it, plus one; a heading moved away from before clause `k` is at `2k`),
/// those of new clauses (only in the accepted one) by new index.
#[derive(Default)]
struct Plan {
    old_at: Vec<(usize, Paragraph)>,
    new_at: Vec<(usize, Paragraph)>,
    moves: u32,
}

type Placed = (
    Vec<Paragraph>,
    Vec<(usize, Paragraph)>,
    Vec<(usize, Paragraph)>,
);

impl Plan {
    fn next_move(&mut self) -> u32 {
        self.moves += 1;
        self.moves
    }

    /// Write the waiting old paragraphs that come before old clause `before` (all: `None`).
    fn flush_old(&mut self, body: &mut Vec<Paragraph>, before: Option<usize>) {
        flush(&mut self.old_at, body, before);
    }

    fn flush_new(&mut self, body: &mut Vec<Paragraph>, before: Option<usize>) {
        flush(&mut self.new_at, body, before);
    }

    /// The paragraphs of change `at`: those written where it stands in the new text, and those
    /// to write at an old or a new position of their own.
    fn change(&mut self, diff: &Diff<'_>, at: usize, anchored: bool) -> Placed {
        let c = &diff.changes[at];
        let ops: Vec<&InlineOp> = c.inline.iter().flat_map(|i| i.ops.iter()).collect();
        let consecutive = |refs: &[crate::diff::model::ClauseRef<'_>]| {
            refs.windows(2).all(|w| w[1].index == w[0].index + 1)
        };
        let in_order = c.inline.as_ref().is_some_and(|i| parts_in_order(&i.ops));
        let mut flow = Vec::new();
        let mut old_at = Vec::new();
        let mut new_at = Vec::new();
        match (c.kind, anchored) {
            (Kind::Unchanged | Kind::Moved, true) => {
                flow.extend(c.new.iter().map(|r| plain(r.text)));
            }
            (Kind::Modified, true)
                if c.inline.is_some() && c.old.len() == 1 && c.new.len() == 1 =>
            {
                flow.push(clause(runs(&ops, None)));
            }
            (Kind::Deleted, true) => {
                flow.extend(c.old.iter().map(|r| plain(r.text).all(Mark::Delete)));
            }
            (Kind::Split, true) if c.old.len() == 1 && c.inline.is_some() => {
                if consecutive(&c.new) && in_order {
                    // One paragraph per new clause; the marks between them are new.
                    for part in 0..c.new.len() {
                        let mut p = clause(runs(&of_part(&ops, part), None));
                        if part + 1 < c.new.len() {
                            p.mark = Mark::Insert;
                        }
                        flow.push(p);
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
                    flow.push(clause(here));
                    for (k, r) in c.new.iter().enumerate().skip(1) {
                        let part: Vec<&InlineOp> = of_part(&ops, k)
                            .into_iter()
                            .filter(|o| o.op != Op::Delete)
                            .collect();
                        let mut p = clause(runs(&part, Some(names[k - 1])));
                        p.mark = Mark::MoveTo(names[k - 1]);
                        new_at.push((r.index, p));
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
                        flow.push(p);
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
                    flow.push(clause(here));
                    for (k, r) in c.old.iter().enumerate().skip(1) {
                        let p = plain(r.text).all(Mark::MoveFrom(names[k - 1]));
                        old_at.push((2 * r.index + 1, p));
                    }
                }
            }
            (_, true) | (Kind::Split | Kind::Merged, false) => {
                // Written whole: the old clauses deleted where they were, the new inserted
                // where they are.
                for (k, r) in c.old.iter().enumerate() {
                    let p = plain(r.text).all(Mark::Delete);
                    if anchored && k == 0 {
                        flow.push(p);
                    } else {
                        old_at.push((2 * r.index + 1, p));
                    }
                }
                for (k, r) in c.new.iter().enumerate() {
                    let p = plain(r.text).all(Mark::Insert);
                    if k == 0 {
                        flow.push(p);
                    } else {
                        new_at.push((r.index, p));
                    }
                }
            }
            (_, false) => match (c.old.as_slice(), c.new.as_slice()) {
                ([old], [new]) => {
                    // Moved (and perhaps edited on the way).
                    let name = self.next_move();
                    old_at.push((2 * old.index + 1, plain(old.text).all(Mark::MoveFrom(name))));
                    let mut p = match &c.inline {
                        Some(i) if c.kind == Kind::Modified => {
                            let ops: Vec<&InlineOp> = i.ops.iter().collect();
                            clause(runs(&ops, Some(name)))
                        }
                        _ => plain(new.text).all(Mark::MoveTo(name)),
                    };
                    p.mark = Mark::MoveTo(name);
                    flow.push(p);
                }
                (olds, news) => {
                    for r in olds {
                        old_at.push((2 * r.index + 1, plain(r.text).all(Mark::Delete)));
                    }
                    flow.extend(news.iter().map(|r| plain(r.text).all(Mark::Insert)));
                }
            },
        }
        (flow, old_at, new_at)
    }
}

fn of_part<'o>(ops: &[&'o InlineOp], part: usize) -> Vec<&'o InlineOp> {
    ops.iter().copied().filter(|o| o.part == part).collect()
}

/// Move the waiting paragraphs whose position is before `before` (all: `None`) into the body,
/// in order of position.
fn flush(waiting: &mut Vec<(usize, Paragraph)>, body: &mut Vec<Paragraph>, before: Option<usize>) {
    let n = before.map_or(waiting.len(), |b| waiting.partition_point(|(k, _)| *k < b));
    body.extend(waiting.drain(..n).map(|(_, p)| p));
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
