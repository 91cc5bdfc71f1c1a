//! Clause-level diff of two versions.
//!
//! [`diff`] computes one [`Diff`] (plain data, see [`model`]); each module in [`format`] only
//! reads it. Clauses are matched by [`align`], modified clauses get a word diff from
//! [`inline`].
//!
//! What counts as a change: clause texts are compared as plain text with whitespace collapsed,
//! so re-wrapping, list renumbering and a numbered list turned into paragraphs are not changes;
//! [`Options`] can also ignore case and typographic quotes and dashes.

pub mod align;
pub mod document;
pub mod format;
pub mod inline;
mod markup;
pub mod model;

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Duration;

use crate::model::{Brackets, Clause, ClauseKind, Footnote, Section, Version};
use crate::par;
pub use model::*;

/// What to ignore when comparing, and how long a word diff may take.
#[derive(Debug, Clone)]
pub struct Options {
    pub ignore_case: bool,
    /// Treat curly quotes as straight ones and dashes as hyphens.
    pub ignore_typography: bool,
    /// The longest one clause's word diff may take before a coarser diff is used.
    pub inline_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ignore_case: false,
            ignore_typography: false,
            inline_timeout: Duration::from_millis(500),
        }
    }
}

/// The text clauses are compared by.
#[must_use]
pub fn normalise(text: &str, options: &Options) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, word) in text.split_whitespace().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        if !options.ignore_case && !options.ignore_typography {
            out.push_str(word);
            continue;
        }
        for c in word.chars() {
            let c = if options.ignore_typography {
                fold_typography(c)
            } else {
                c
            };
            if options.ignore_case {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// [`normalise`] of a clause text. Clause texts come with whitespace collapsed (the readers
/// make them so), so with default options this is the text itself.
fn key<'a>(text: &'a str, options: &Options) -> Cow<'a, str> {
    if !options.ignore_case && !options.ignore_typography {
        debug_assert!(crate::text::is_collapsed(text), "{text:?}");
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalise(text, options))
    }
}

fn fold_typography(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        _ => c,
    }
}

struct SideClauses<'a> {
    clauses: Vec<(usize, &'a Clause)>,
    keys: Vec<Cow<'a, str>>,
    numbers: Vec<crate::model::Number<'a>>,
}

impl<'a> SideClauses<'a> {
    fn new(version: &'a Version, options: &Options) -> Self {
        let mut clauses: Vec<(usize, &Clause)> = Vec::with_capacity(version.clause_count());
        for (s, section) in version.sections.iter().enumerate() {
            clauses.extend(section.clauses().map(|c| (s, c)));
        }
        let keys = clauses.iter().map(|(_, c)| key(&c.text, options)).collect();
        SideClauses {
            clauses,
            keys,
            numbers: crate::model::number::numbers(version),
        }
    }

    fn ids(&self) -> Vec<Option<&'a str>> {
        if self.clauses.iter().all(|(_, c)| c.id.is_none()) {
            return Vec::new();
        }
        self.clauses.iter().map(|(_, c)| c.id.as_deref()).collect()
    }

    fn sections(&self) -> Vec<usize> {
        self.clauses.iter().map(|(s, _)| *s).collect()
    }

    fn reference(&self, i: usize) -> ClauseRef<'a> {
        let (section, c) = self.clauses[i];
        ClauseRef {
            clause: c,
            number: self.numbers[i],
            section,
        }
    }
}

/// The match that starts at a new clause, with its word diff.
type Start = (usize, Option<Box<Inline>>);

/// Compare two versions.
#[must_use]
pub fn diff<'a>(old: &'a Version, new: &'a Version, options: &Options) -> Diff<'a> {
    let (a, b) = par::join_for(
        old.clause_count() + new.clause_count(),
        || SideClauses::new(old, options),
        || SideClauses::new(new, options),
    );
    let (a_ids, b_ids) = (a.ids(), b.ids());
    let (a_sections, b_sections) = (a.sections(), b.sections());
    // Each heading's key, made once: the section steps below look them up several times each.
    let keys = [heading_keys(old, options), heading_keys(new, options)];
    let by_heading = heading_pairs(old, new, &keys);
    let mut section_hint: Vec<Option<usize>> = vec![None; old.sections.len()];
    for &(s, t) in &by_heading {
        section_hint[s] = Some(t);
    }
    let alignment = align::align(
        &align::Clauses {
            texts: &a.keys,
            ids: &a_ids,
            sections: &a_sections,
        },
        &align::Clauses {
            texts: &b.keys,
            ids: &b_ids,
            sections: &b_sections,
        },
        &section_hint,
    );
    let matched_by = match (
        alignment.by_id.iter().any(|&b| b),
        alignment.by_id.iter().all(|&b| b),
    ) {
        (true, true) => MatchedBy::Ids,
        (true, false) => MatchedBy::IdsAndContent,
        (false, _) => MatchedBy::Content,
    };
    let matches = alignment.matches;
    let primary = alignment.primary;

    let section_map = align_sections(old, new, &a, &b, &matches, &keys, by_heading, options);
    let mut old_to_new: Vec<Option<usize>> = vec![None; old.sections.len()];
    for &(s, t) in &section_map {
        old_to_new[s] = Some(t);
    }
    let section_changes = section_changes(old, new, &section_map, options);

    // Which match each clause is in, and the match that starts at each new clause.
    let mut old_in: Vec<Option<usize>> = vec![None; a.clauses.len()];
    let mut starts_at: Vec<Option<usize>> = vec![None; b.clauses.len()];
    let mut new_in = vec![false; b.clauses.len()];
    for (m, matched) in matches.iter().enumerate() {
        let (olds, news) = (matched.olds(), matched.news());
        for &i in olds {
            old_in[i] = Some(m);
        }
        starts_at[news[0]] = Some(m);
        for &j in news {
            new_in[j] = true;
        }
    }

    // Moves: matches in a section other than the one their old section became, and, within a
    // section, matches out of the longest increasing run of old positions (in new order). A
    // section moved whole is one section move: its clauses stay in place within it.
    let order: Vec<usize> = starts_at.iter().flatten().copied().collect();
    // A split or merge is where its primary clause is.
    let cross_section: Vec<bool> = matches
        .iter()
        .enumerate()
        .map(|(m, matched)| {
            let (i, j) = match matched {
                align::Match::Pair { old, new } => (*old, *new),
                align::Match::Split { old, .. } => (*old, primary[m]),
                align::Match::Merge { new, .. } => (primary[m], *new),
            };
            old_to_new[a.clauses[i].0] != Some(b.clauses[j].0)
        })
        .collect();
    let mut moved = cross_section.clone();
    let mut by_section: Vec<Vec<usize>> = vec![Vec::new(); new.sections.len()];
    for &m in &order {
        if !cross_section[m] {
            let j = match &matches[m] {
                align::Match::Split { .. } => primary[m],
                other => other.news()[0],
            };
            by_section[b.clauses[j].0].push(m);
        }
    }
    // Where a match came from: its old clause, or, of a merge, the one the new clause continues.
    let from = |m: usize| match &matches[m] {
        align::Match::Merge { .. } => primary[m],
        other => other.olds()[0],
    };
    for run in &by_section {
        let olds: Vec<usize> = run.iter().map(|&m| from(m)).collect();
        let mut in_order = vec![false; run.len()];
        for k in longest_increasing(&olds) {
            in_order[k] = true;
        }
        for (&m, in_order) in run.iter().zip(in_order) {
            moved[m] = !in_order;
        }
    }

    let mut inlines = word_diffs(&a, &b, &matches, options);
    let (old_notes, new_notes) = (FootnoteIndex::new(old), FootnoteIndex::new(new));

    // Where each deleted clause is shown: after the change that holds the nearest clause before
    // it in its section which stayed in place (and in the section its section became), else at
    // the start of the section its section became; a clause of a removed section after the
    // section of the nearest clause before it that stayed.
    // Keys (new clause, 0 before it or 2 after it, old clause), in reading order.
    let mut section_start: Vec<usize> = Vec::with_capacity(new.sections.len() + 1);
    let mut count = 0;
    for section in &new.sections {
        section_start.push(count);
        count += section.clauses().count();
    }
    section_start.push(count);
    let mut deletions: Vec<((usize, u8, usize), Option<usize>)> = Vec::new();
    let (mut in_section, mut anywhere): (Option<usize>, Option<usize>) = (None, None);
    for (i, m) in old_in.iter().enumerate() {
        if i > 0 && a.clauses[i].0 != a.clauses[i - 1].0 {
            in_section = None;
        }
        match *m {
            Some(m) if !moved[m] => {
                let last = matches[m].news().last().copied();
                anywhere = last;
                // Only a clause that stayed in the section this one's became: a clause merged
                // into (or split to) another section is not where this section goes on.
                if last.is_some_and(|j| old_to_new[a.clauses[i].0] == Some(b.clauses[j].0)) {
                    in_section = last;
                }
            }
            Some(_) => {}
            None => {
                let place = old_to_new[a.clauses[i].0];
                let key = match (in_section, place, anywhere) {
                    (Some(j), _, _) => (j, 2, i),
                    // After the whole section that clause is in, clauses added at its end
                    // included: the removed section stood between it and the next.
                    (None, None, Some(j)) => (section_start[b.clauses[j].0 + 1] - 1, 2, i),
                    (None, Some(t), _) => (section_start[t], 0, i),
                    (None, None, None) => (0, 0, i),
                };
                deletions.push((key, place));
            }
        }
    }
    deletions.sort_unstable_by_key(|(key, _)| *key);

    // The changes in reading order: by first new clause, deletions where they were. The two
    // halves of the new version are put together on two threads (at 100,000 clauses this
    // takes 105 ms on one), then joined.
    let mut starts: Vec<Option<Start>> = starts_at
        .iter()
        .map(|m| m.map(|m| (m, inlines[m].take())))
        .collect();
    let assembly = Assembly {
        a: &a,
        b: &b,
        matches: &matches,
        primary: &primary,
        moved: &moved,
        cross_section: &cross_section,
        new_in: &new_in,
        notes: (&old_notes, &new_notes),
        options,
    };
    let count = b.clauses.len();
    let mut changes = if count < par::MIN_PARALLEL {
        assembly.changes(0, &mut starts, &deletions, 0)
    } else {
        let half = count / 2;
        let split = deletions.partition_point(|((j, _, _), _)| *j < half);
        let (first_starts, second_starts) = starts.split_at_mut(half);
        let (first_deletions, second_deletions) = deletions.split_at(split);
        // The first half is made with room for both, so that joining them copies only the
        // second (growing it instead held three halves at once: 30 MiB more at 100,000).
        let (mut first, second) = par::join(
            || assembly.changes(0, first_starts, first_deletions, count + deletions.len()),
            || assembly.changes(half, second_starts, second_deletions, 0),
        );
        first.extend(second);
        first
    };
    let blocks = move_blocks(&mut changes);

    let document = document::fields(old, new);
    // A block that is not a clause stays in place when its section became the new one's and
    // the nearest matched clause before it became the one before it there.
    let matched_before = |side_in: &dyn Fn(usize) -> bool, at: Option<usize>| {
        let mut at = at;
        while let Some(i) = at {
            if side_in(i) {
                break;
            }
            at = i.checked_sub(1);
        }
        at
    };
    let old_matched = |i: usize| old_in[i].is_some();
    let new_matched = |j: usize| new_in[j];
    let same_place = |o: document::Place, n: document::Place| -> bool {
        let section = match (o.section, n.section) {
            (None, None) => true,
            (Some(s), Some(t)) => old_to_new.get(s).copied().flatten() == Some(t),
            _ => false,
        };
        let in_section = |side: &SideClauses, at: Option<usize>, s: Option<usize>| {
            at.filter(|&i| Some(side.clauses[i].0) == s)
        };
        let o_after = in_section(&a, matched_before(&old_matched, o.after), o.section);
        let n_after = in_section(&b, matched_before(&new_matched, n.after), n.section);
        let after = match (o_after, n_after) {
            (None, None) => true,
            (Some(i), Some(j)) => old_in[i].is_some_and(|m| matches[m].news().contains(&j)),
            _ => false,
        };
        section && after
    };
    let other = document::other(old, new, &same_place);
    let mut summary = summarise(&changes);
    for s in &section_changes {
        summary.heading_brackets_opened += s.brackets.opened().len();
        summary.heading_brackets_closed += s.brackets.closed().len();
    }
    summary.brackets_opened += summary.heading_brackets_opened;
    summary.brackets_closed += summary.heading_brackets_closed;
    summary.document = document.len();
    summary.other = other.len();
    Diff {
        old: side(old, a.clauses.len()),
        new: side(new, b.clauses.len()),
        changes,
        sections: section_changes,
        section_pairs: section_map,
        moves: blocks,
        summary,
        matched_by,
        document,
        other,
    }
}

/// What [`diff`] needs to put the changes together in reading order.
struct Assembly<'a, 'd> {
    a: &'d SideClauses<'a>,
    b: &'d SideClauses<'a>,
    matches: &'d [align::Match],
    primary: &'d [usize],
    moved: &'d [bool],
    cross_section: &'d [bool],
    new_in: &'d [bool],
    notes: (&'d FootnoteIndex<'a>, &'d FootnoteIndex<'a>),
    options: &'d Options,
}

/// Where a deleted clause is shown: (new clause, 0 before it or 2 after it, old clause), and
/// the section it stands in.
type Deletion = ((usize, u8, usize), Option<usize>);

impl<'a> Assembly<'a, '_> {
    /// The changes of the new clauses from `first` on, one per entry of `starts` (the match
    /// that starts at that clause, if any, with its word diff), with the `deletions` that stand
    /// among them (sorted, all of them shown before the next part's first clause), in a vector
    /// with room for at least `room` changes.
    #[allow(clippy::too_many_lines)]
    fn changes(
        &self,
        first: usize,
        starts: &mut [Option<Start>],
        deletions: &[Deletion],
        room: usize,
    ) -> Vec<Change<'a>> {
        let Assembly {
            a,
            b,
            matches,
            primary,
            moved,
            cross_section,
            new_in,
            options,
            ..
        } = *self;
        let mut changes: Vec<Change<'a>> =
            Vec::with_capacity(room.max(starts.len() + deletions.len()));
        let mut deletions = deletions.iter().peekable();
        let mut push_deletions = |upto: (usize, u8), changes: &mut Vec<Change<'a>>| {
            while let Some(&&((_, _, i), place)) = deletions
                .peek()
                .filter(|((j, rank, _), _)| (*j, *rank) <= upto)
            {
                deletions.next();
                changes.push(Change {
                    kind: Kind::Deleted,
                    moved: false,
                    cross_section: false,
                    place,
                    block: None,
                    primary: 0,
                    old: a.reference(i).into(),
                    new: ClauseRefs::new(),
                    inline: None,
                    brackets: bracket_change(
                        [&a.clauses[i].1.brackets].into_iter(),
                        [].into_iter(),
                    ),
                    markup: None,
                    footnotes: footnote_changes(
                        self.notes.0,
                        self.notes.1,
                        &[a.clauses[i].1],
                        &[],
                        options,
                    ),
                });
            }
        };
        for (k, start) in starts.iter_mut().enumerate() {
            let j = first + k;
            push_deletions((j, 0), &mut changes);
            let place = Some(b.clauses[j].0);
            if let Some((m, inline)) = start.as_mut() {
                let m = *m;
                let this = &matches[m];
                let (olds, news) = (this.olds(), this.news());
                let old_clauses: Vec<&Clause> = olds.iter().map(|&i| a.clauses[i].1).collect();
                let new_clauses: Vec<&Clause> = news.iter().map(|&j| b.clauses[j].1).collect();
                let markup = markup_change(&old_clauses, &new_clauses, inline.as_deref(), options);
                let footnotes = footnote_changes(
                    self.notes.0,
                    self.notes.1,
                    &old_clauses,
                    &new_clauses,
                    options,
                );
                let (kind, inline) = match this {
                    align::Match::Pair { old: i, new: j } if a.keys[*i] == b.keys[*j] => {
                        if markup.is_some() || !footnotes.is_empty() {
                            // The words are the same; what renders is not.
                            let text = b.clauses[*j].1.text.to_string();
                            (
                                Kind::Modified,
                                Some(Box::new(Inline {
                                    ops: vec![InlineOp {
                                        op: Op::Equal,
                                        text,
                                        part: 0,
                                    }],
                                    fallback: None,
                                })),
                            )
                        } else if moved[m] {
                            (Kind::Moved, None)
                        } else {
                            (Kind::Unchanged, None)
                        }
                    }
                    align::Match::Pair { .. } => (Kind::Modified, inline.take()),
                    align::Match::Split { .. } => (Kind::Split, inline.take()),
                    align::Match::Merge { .. } => (Kind::Merged, inline.take()),
                };
                let primary = match this {
                    align::Match::Split { new, .. } => {
                        new.iter().position(|&j| j == primary[m]).unwrap_or(0)
                    }
                    align::Match::Merge { old, .. } => {
                        old.iter().position(|&i| i == primary[m]).unwrap_or(0)
                    }
                    align::Match::Pair { .. } => 0,
                };
                changes.push(Change {
                    kind,
                    moved: moved[m],
                    cross_section: cross_section[m],
                    place,
                    block: None,
                    primary,
                    old: olds.iter().map(|&i| a.reference(i)).collect(),
                    new: news.iter().map(|&j| b.reference(j)).collect(),
                    inline,
                    brackets: bracket_change(
                        olds.iter().map(|&i| &a.clauses[i].1.brackets),
                        news.iter().map(|&j| &b.clauses[j].1.brackets),
                    ),
                    markup: markup.map(Box::new),
                    footnotes,
                });
            } else if !new_in[j] {
                changes.push(Change {
                    kind: Kind::Added,
                    moved: false,
                    cross_section: false,
                    place,
                    block: None,
                    primary: 0,
                    old: ClauseRefs::new(),
                    new: b.reference(j).into(),
                    inline: None,
                    brackets: bracket_change(
                        [].into_iter(),
                        [&b.clauses[j].1.brackets].into_iter(),
                    ),
                    markup: None,
                    footnotes: footnote_changes(
                        self.notes.0,
                        self.notes.1,
                        &[],
                        &[b.clauses[j].1],
                        options,
                    ),
                });
            }
            push_deletions((j, 2), &mut changes);
        }
        push_deletions((usize::MAX, u8::MAX), &mut changes);
        changes
    }
}

/// Which kind of block a clause is, for rendering: a numbered list item and a paragraph render
/// the same words in the same place (numbering is presentation), a quote or a table do not.
fn block_class(kind: &ClauseKind) -> u8 {
    match kind {
        ClauseKind::Paragraph | ClauseKind::ListItem { .. } => 0,
        ClauseKind::BlockQuote => 1,
        ClauseKind::Table => 2,
    }
}

/// What the plain text hides that differs between the old and the new clauses, if anything.
/// `inline` is the word diff of the clauses, when their words differ: markup the words carried
/// along unchanged is not a change (see [`markup`]).
fn markup_change<'a>(
    old: &[&'a Clause],
    new: &[&'a Clause],
    inline: Option<&Inline>,
    options: &Options,
) -> Option<MarkupChange<'a>> {
    let one_class = |clauses: &[&Clause]| {
        clauses
            .iter()
            .all(|c| block_class(&c.kind) == block_class(&old[0].kind))
    };
    let same = match (old, new) {
        _ if old.is_empty() || !one_class(old) || !one_class(new) => false,
        ([a], [b]) if a.markup == b.markup => true,
        _ if old.iter().chain(new).all(|c| c.markup.is_none()) => true,
        _ => inline.is_some_and(|inline| markup::carried(old, new, inline)),
    };
    if same {
        return None;
    }
    let markdown = |clauses: &[&'a Clause]| -> Cow<'a, str> {
        match clauses {
            [one] => Cow::Borrowed(one.markdown()),
            _ => Cow::Owned(
                clauses
                    .iter()
                    .map(|c| c.markdown())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
        }
    };
    let (old, new) = (markdown(old), markdown(new));
    let inline = inline::diff(
        &crate::text::collapse_whitespace(&old),
        &crate::text::collapse_whitespace(&new),
        options.inline_timeout,
    );
    Some(MarkupChange { old, new, inline })
}

/// The footnote definitions of a version by label, when any clause references one.
struct FootnoteIndex<'a>(HashMap<String, &'a Footnote>);

impl<'a> FootnoteIndex<'a> {
    fn new(version: &'a Version) -> Self {
        let mut map = HashMap::new();
        if version.clauses().any(|c| !c.footnotes.is_empty()) {
            for f in version.footnotes() {
                map.entry(f.label.to_lowercase()).or_insert(f);
            }
        }
        FootnoteIndex(map)
    }

    fn get(&self, label: &str) -> Option<&'a Footnote> {
        self.0.get(&label.to_lowercase()).copied()
    }
}

/// The footnotes of matched clauses (a pair, a split, a merge; or one clause added or deleted,
/// the other side empty) that read differently, by place of reference in the clauses in order:
/// a footnote of an added clause is a footnote added, one of a deleted clause a footnote
/// deleted, so that their text is shown somewhere.
fn footnote_changes(
    old_notes: &FootnoteIndex,
    new_notes: &FootnoteIndex,
    old: &[&Clause],
    new: &[&Clause],
    options: &Options,
) -> Vec<FootnoteChange> {
    if old.iter().chain(new).all(|c| c.footnotes.is_empty()) {
        return Vec::new();
    }
    let read =
        |notes: &FootnoteIndex, clauses: &[&Clause]| -> Vec<Option<(String, Option<Box<str>>)>> {
            clauses
                .iter()
                .flat_map(|c| &c.footnotes)
                .map(|l| notes.get(l).map(|f| (f.text.clone(), f.markup.clone())))
                .collect()
        };
    let (before, after) = (read(old_notes, old), read(new_notes, new));
    let mut out = Vec::new();
    for k in 0..before.len().max(after.len()) {
        let was = before.get(k).cloned().flatten();
        let is = after.get(k).cloned().flatten();
        if was == is && (k < before.len()) == (k < after.len()) {
            continue;
        }
        let (old_text, new_text) = (was.map(|f| f.0), is.map(|f| f.0));
        let inline = match (&old_text, &new_text) {
            (Some(o), Some(n)) => Some(inline::diff(o, n, options.inline_timeout)),
            _ => None,
        };
        out.push(FootnoteChange {
            number: k + 1,
            old: old_text,
            new: new_text,
            inline,
        });
    }
    out
}

/// Group runs of clauses moved together: consecutive changes, each one clause moved, whose old
/// clauses were consecutive in one section and whose new clauses are consecutive in one section.
/// Each run of two or more is one move; its changes point at it.
fn move_blocks(changes: &mut [Change<'_>]) -> Vec<MoveBlock> {
    let one_moved = |c: &Change<'_>| c.moved && c.old.len() == 1 && c.new.len() == 1;
    let follows = |p: &Change<'_>, c: &Change<'_>| {
        let (po, pn, co, cn) = (&p.old[0], &p.new[0], &c.old[0], &c.new[0]);
        co.index() == po.index() + 1
            && cn.index() == pn.index() + 1
            && co.section == po.section
            && cn.section == pn.section
    };
    let mut blocks = Vec::new();
    let mut k = 0;
    while k < changes.len() {
        if !one_moved(&changes[k]) {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while end < changes.len()
            && one_moved(&changes[end])
            && follows(&changes[end - 1], &changes[end])
        {
            end += 1;
        }
        if end - k >= 2 {
            let n = blocks.len();
            for c in &mut changes[k..end] {
                c.block = Some(n);
            }
            blocks.push(MoveBlock { changes: k..end });
        }
        k = end;
    }
    blocks
}

/// The word diffs of the modified pairs, splits and merges, indexed like `matches`, on two
/// threads when there are many.
fn word_diffs(
    a: &SideClauses,
    b: &SideClauses,
    matches: &[align::Match],
    options: &Options,
) -> Vec<Option<Box<Inline>>> {
    let todo: Vec<usize> = matches
        .iter()
        .enumerate()
        .filter(|(_, matched)| match matched {
            align::Match::Pair { old: i, new: j } => a.keys[*i] != b.keys[*j],
            _ => true,
        })
        .map(|(m, _)| m)
        .collect();
    let old_text = |i: usize| a.clauses[i].1.text.as_str();
    let new_text = |j: usize| b.clauses[j].1.text.as_str();
    let done = par::map(&todo, |&m| match &matches[m] {
        align::Match::Pair { old: i, new: j } => {
            inline::diff(old_text(*i), new_text(*j), options.inline_timeout)
        }
        align::Match::Split { old: i, new: js } => {
            let parts: Vec<&str> = js.iter().map(|&j| new_text(j)).collect();
            inline::split(old_text(*i), &parts, options.inline_timeout)
        }
        align::Match::Merge { old: is, new: j } => {
            let parts: Vec<&str> = is.iter().map(|&i| old_text(i)).collect();
            inline::merge(&parts, new_text(*j), options.inline_timeout)
        }
    });
    // Boxed: most matches have none, and each entry of this and of the changes would
    // otherwise be 40 bytes larger.
    let mut out: Vec<Option<Box<Inline>>> = vec![None; matches.len()];
    for (&m, inline) in todo.iter().zip(done) {
        out[m] = Some(Box::new(inline));
    }
    out
}

/// Positions (into `seq`) of one longest strictly increasing subsequence, in O(n log n).
fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    // tails[k]: position of the smallest last value of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (p, &v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < v);
        prev[p] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(p);
        } else {
            tails[k] = p;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(p) = at {
        out.push(p);
        at = prev[p];
    }
    out.reverse();
    out
}

/// Brackets found on one side and not the other, as multisets of bracket texts.
fn bracket_change<'a>(
    old: impl Iterator<Item = &'a Brackets>,
    new: impl Iterator<Item = &'a Brackets>,
) -> BracketChange {
    let old: Vec<&str> = old
        .flat_map(|b| b.found().iter().map(|f| f.text.as_str()))
        .collect();
    let new: Vec<&str> = new
        .flat_map(|b| b.found().iter().map(|f| f.text.as_str()))
        .collect();
    if old == new {
        return BracketChange::default();
    }
    BracketChange::new(multiset_minus(&new, &old), multiset_minus(&old, &new))
}

fn multiset_minus(a: &[&str], b: &[&str]) -> Vec<String> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for s in b {
        *left.entry(s).or_default() += 1;
    }
    a.iter()
        .filter(|s| match left.get_mut(*s) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .map(|s| (*s).to_string())
        .collect()
}

fn side(version: &Version, clauses: usize) -> Side {
    Side {
        source: version.source.clone(),
        version: version.id.clone(),
        title: version.title_text(),
        clauses,
        sections: version
            .sections
            .iter()
            .map(|s| SectionInfo {
                id: s.id.clone(),
                heading: s.heading_text().map(ToString::to_string),
            })
            .collect(),
        illustrative: version.meta.is_illustrative(),
        classification: version.meta.classification.clone(),
        document: version.meta.document.as_ref().map(ToString::to_string),
        language: version.meta.language.clone(),
    }
}

fn summarise(changes: &[Change]) -> Summary {
    let mut s = Summary::default();
    for c in changes {
        match c.kind {
            Kind::Unchanged => s.unchanged += 1,
            Kind::Modified => s.modified += 1,
            Kind::Moved => s.moved += 1,
            Kind::Added => s.added += 1,
            Kind::Deleted => s.deleted += 1,
            Kind::Split => s.split += 1,
            Kind::Merged => s.merged += 1,
        }
        if c.kind == Kind::Modified && c.moved {
            s.moved_modified += 1;
        }
        s.brackets_opened += c.brackets.opened().len();
        s.brackets_closed += c.brackets.closed().len();
        if c.inline.as_ref().is_some_and(|i| i.fallback.is_some()) {
            s.inline_fallbacks += 1;
        }
        if c.id_changed() {
            s.ids_changed += 1;
        }
        if c.status_change().is_some() {
            s.statuses_changed += 1;
        }
        if c.reopens_agreed_text() {
            s.agreed_reopened += 1;
        }
        if c.kind == Kind::Modified
            && c.inline
                .as_ref()
                .is_some_and(|i| i.ops.iter().all(|o| o.op == Op::Equal))
        {
            s.formatting += 1;
        }
    }
    s
}

/// Heading text without square brackets, normalised.
fn unbracketed(text: &str, options: &Options) -> String {
    normalise(&text.replace(['[', ']'], ""), options)
}

/// The key of each section's heading ([`normalise`]d text), `None` for a section without one.
fn heading_keys(version: &Version, options: &Options) -> Vec<Option<String>> {
    version
        .sections
        .iter()
        .map(|section| section.heading_text().map(|t| normalise(t, options)))
        .collect()
}

/// A section's key for pairing, from the section and its heading key.
type SectionKey<'k> = dyn Fn(&Section, Option<&str>) -> Option<String> + 'k;

/// The sections paired so far (old ordinal, new ordinal), and which of each side are.
struct SectionPairs {
    old_done: Vec<bool>,
    new_done: Vec<bool>,
    pairs: Vec<(usize, usize)>,
}

impl SectionPairs {
    fn new(old: &Version, new: &Version) -> Self {
        SectionPairs {
            old_done: vec![false; old.sections.len()],
            new_done: vec![false; new.sections.len()],
            pairs: Vec::new(),
        }
    }

    fn pair(&mut self, s: usize, t: usize) {
        self.old_done[s] = true;
        self.new_done[t] = true;
        self.pairs.push((s, t));
    }

    /// Pair the sections not paired yet that `key` gives the same key, in new order, each
    /// with the first old section of its key left; `keys` are the versions' [`heading_keys`].
    fn by_key(
        &mut self,
        old: &Version,
        new: &Version,
        keys: &[Vec<Option<String>>; 2],
        key: &SectionKey,
    ) {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (s, section) in old.sections.iter().enumerate().rev() {
            if self.old_done[s] {
                continue;
            }
            if let Some(k) = key(section, keys[0][s].as_deref()) {
                index.entry(k).or_default().push(s);
            }
        }
        for (t, section) in new.sections.iter().enumerate() {
            if self.new_done[t] {
                continue;
            }
            if let Some(s) =
                key(section, keys[1][t].as_deref()).and_then(|k| index.get_mut(&k)?.pop())
            {
                self.pair(s, t);
            }
        }
    }
}

/// Pairs (old section ordinal, new section ordinal) of the same section: by explicit heading
/// id; then by where their clauses went (headings repeat, so text alone can mislead); then, for
/// sections whose clauses tell nothing, by heading text, with and without brackets; unnamed
/// sections left over pair in order.
/// `keys` are the two versions' [`heading_keys`], `by_heading` their [`heading_pairs`].
#[allow(clippy::too_many_arguments)]
fn align_sections(
    old: &Version,
    new: &Version,
    a: &SideClauses,
    b: &SideClauses,
    matches: &[align::Match],
    keys: &[Vec<Option<String>>; 2],
    by_heading: Vec<(usize, usize)>,
    options: &Options,
) -> Vec<(usize, usize)> {
    let mut paired = SectionPairs::new(old, new);
    for (s, t) in by_heading {
        paired.pair(s, t);
    }
    // Where the clauses went: mutual best by number of matched clauses.
    let mut votes: HashMap<(usize, usize), usize, align::Fx> = HashMap::default();
    for m in matches {
        let s = a.clauses[m.olds()[0]].0;
        let t = b.clauses[m.news()[0]].0;
        let shape = |x: &Section| (x.heading.is_some(), x.after_break);
        let same_shape = shape(&old.sections[s]) == shape(&new.sections[t]);
        if same_shape && !paired.old_done[s] && !paired.new_done[t] {
            *votes.entry((s, t)).or_default() += 1;
        }
    }
    let mut best_old: HashMap<usize, (usize, usize), align::Fx> = HashMap::default();
    let mut best_new: HashMap<usize, (usize, usize), align::Fx> = HashMap::default();
    let mut sorted: Vec<((usize, usize), usize)> = votes.into_iter().collect();
    sorted.sort_unstable();
    for &((s, t), n) in &sorted {
        let e = best_old.entry(s).or_insert((t, n));
        if n > e.1 {
            *e = (t, n);
        }
        let e = best_new.entry(t).or_insert((s, n));
        if n > e.1 {
            *e = (s, n);
        }
    }
    for &((s, t), _) in &sorted {
        if best_old.get(&s).map(|e| e.0) == Some(t)
            && best_new.get(&t).map(|e| e.0) == Some(s)
            && !paired.old_done[s]
            && !paired.new_done[t]
        {
            paired.pair(s, t);
        }
    }

    let section_keys: [&SectionKey; 4] = [
        &|_: &Section, key: Option<&str>| key.map(str::to_string),
        &|s: &Section, _: Option<&str>| s.heading_text().map(|t| unbracketed(t, options)),
        &|s: &Section, _: Option<&str>| s.heading_text().map(|t| without_bracketed(t, options)),
        &|_: &Section, key: Option<&str>| key.map(|t| unnumbered(t).to_string()),
    ];
    for key in section_keys {
        paired.by_key(old, new, keys, key);
    }
    // The preamble with the preamble, sections opened by a thematic break with each other.
    let unnamed = |v: &Version, done: &[bool], after_break: bool| -> Vec<usize> {
        (0..v.sections.len())
            .filter(|&s| {
                v.sections[s].heading.is_none()
                    && v.sections[s].after_break == after_break
                    && !done[s]
            })
            .collect()
    };
    let leftovers: Vec<(usize, usize)> = [false, true]
        .into_iter()
        .flat_map(|b| {
            unnamed(old, &paired.old_done, b)
                .into_iter()
                .zip(unnamed(new, &paired.new_done, b))
        })
        .collect();
    for (s, t) in leftovers {
        paired.pair(s, t);
    }
    paired.pairs.sort_unstable();
    paired.pairs
}

/// The sections their headings alone pair, before any clause is aligned: headings with the
/// same explicit id; a heading found once in each version, unchanged (a clause moved out of it
/// is moved, not its section renamed); and the preamble with the preamble.
/// `keys` are the two versions' [`heading_keys`].
fn heading_pairs(
    old: &Version,
    new: &Version,
    keys: &[Vec<Option<String>>; 2],
) -> Vec<(usize, usize)> {
    let mut paired = SectionPairs::new(old, new);
    paired.by_key(old, new, keys, &|s: &Section, _: Option<&str>| {
        s.heading.as_ref().and_then(|h| h.id.clone())
    });
    let mut once: HashMap<&str, (usize, usize)> = HashMap::new();
    for (side, side_keys) in keys.iter().enumerate() {
        for k in side_keys.iter().flatten() {
            let e = once.entry(k).or_default();
            if side == 0 {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    paired.by_key(old, new, keys, &|_: &Section, key: Option<&str>| {
        key.filter(|k| once.get(k) == Some(&(1, 1)))
            .map(str::to_string)
    });
    let mut pairs = paired.pairs;
    let preamble = |v: &Version| {
        v.sections
            .first()
            .is_some_and(|s| s.heading.is_none() && !s.after_break)
    };
    if preamble(old) && preamble(new) && !pairs.iter().any(|&(s, t)| s == 0 || t == 0) {
        pairs.push((0, 0));
    }
    pairs
}

/// Heading text with the bracketed parts dropped: `On x [and y], we:` → `On x, we:`.
fn without_bracketed(text: &str, options: &Options) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    let kept = normalise(&kept, options);
    kept.replace(" ,", ",")
        .replace(" ;", ";")
        .replace(" :", ":")
        .replace(" .", ".")
}

fn section_changes(
    old: &Version,
    new: &Version,
    pairs: &[(usize, usize)],
    options: &Options,
) -> Vec<SectionChange> {
    let mut out: Vec<(usize, SectionChange)> = Vec::new();
    let mut old_paired = vec![false; old.sections.len()];
    let mut new_paired = vec![false; new.sections.len()];
    let change = |kind: SectionKind, s: Option<usize>, t: Option<usize>| {
        let oh = s.and_then(|s| old.sections[s].heading.as_ref());
        let nh = t.and_then(|t| new.sections[t].heading.as_ref());
        SectionChange {
            kind,
            old: s,
            new: t,
            old_heading: oh.map(|h| h.text.clone()),
            new_heading: nh.map(|h| h.text.clone()),
            brackets: bracket_change(
                oh.map(|h| &h.brackets).into_iter(),
                nh.map(|h| &h.brackets).into_iter(),
            ),
            old_level: s.map(|s| old.sections[s].level),
            new_level: t.map(|t| new.sections[t].level),
            old_id: oh.and_then(|h| h.id.clone()),
            new_id: nh.and_then(|h| h.id.clone()),
            is_break: oh.is_none() && nh.is_none(),
            moved: false,
        }
    };
    // Sections out of order: not in the longest run of new positions in old order.
    let in_order: std::collections::HashSet<usize> = {
        let news: Vec<usize> = pairs.iter().map(|&(_, t)| t).collect();
        longest_increasing(&news)
            .into_iter()
            .map(|k| pairs[k].0)
            .collect()
    };
    for &(s, t) in pairs {
        old_paired[s] = true;
        new_paired[t] = true;
        let (Some(oh), Some(nh)) = (&old.sections[s].heading, &new.sections[t].heading) else {
            // A section opened by a thematic break that now stands elsewhere.
            if !in_order.contains(&s) {
                let mut c = change(SectionKind::Moved, Some(s), Some(t));
                c.moved = true;
                out.push((2 * t + 1, c));
            }
            continue;
        };
        let (a, b) = (normalise(&oh.text, options), normalise(&nh.text, options));
        let kind = if a != b {
            let agreed =
                unbracketed(&oh.text, options) == b || without_bracketed(&oh.text, options) == b;
            if agreed && nh.brackets.found().len() < oh.brackets.found().len() {
                SectionKind::Unbracketed
            } else if unnumbered(&a) == unnumbered(&b) {
                SectionKind::Renumbered
            } else {
                SectionKind::Renamed
            }
        } else if oh.level != nh.level {
            SectionKind::Level
        } else if oh.markup != nh.markup || oh.attributes != nh.attributes {
            SectionKind::Formatting
        } else if oh.id != nh.id {
            SectionKind::Id
        } else if !in_order.contains(&s) {
            SectionKind::Moved
        } else {
            continue;
        };
        let mut c = change(kind, Some(s), Some(t));
        c.moved = !in_order.contains(&s);
        out.push((2 * t + 1, c));
    }
    // Sections that are new: headed ones, and unnamed ones opened by a thematic break.
    let opened =
        |v: &Version, s: usize| v.sections[s].heading.is_some() || v.sections[s].after_break;
    for (t, &paired) in new_paired.iter().enumerate() {
        if !paired && opened(new, t) {
            out.push((2 * t + 1, change(SectionKind::Added, None, Some(t))));
        }
    }
    // A removed section goes after the new section its predecessor became.
    let mut after = 0;
    let new_of: HashMap<usize, usize> = pairs.iter().copied().collect();
    for (s, &paired) in old_paired.iter().enumerate() {
        if let Some(&t) = new_of.get(&s) {
            after = 2 * t + 2;
        }
        if !paired && opened(old, s) {
            out.push((after, change(SectionKind::Removed, Some(s), None)));
        }
    }
    out.sort_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, c)| c).collect()
}

/// What keeps a heading's id from draft to draft: its text less its number and square
/// brackets, case and spacing ignored (`3. [On prevention, we:]` and `4. On prevention, we:`
/// are one heading).
#[must_use]
pub fn heading_identity(text: &str) -> String {
    let options = Options {
        ignore_case: true,
        ..Options::default()
    };
    unbracketed(unnumbered(text), &options)
}

/// A heading's text without its number: `3. Enforcement`, `III. Enforcement`, `B) Enforcement`,
/// `(b) Enforcement` and `Article 3: Enforcement` all read `Enforcement`.
fn unnumbered(text: &str) -> &str {
    let mut rest = text.trim_start();
    for word in [
        "Article ", "Section ", "Part ", "Chapter ", "Title ", "Pillar ",
    ] {
        if let Some(after) = rest.strip_prefix(word) {
            rest = after;
            break;
        }
    }
    let (number, after) = rest.split_at(rest.find(' ').unwrap_or(rest.len()));
    let core = number
        .trim_start_matches('(')
        .trim_end_matches(['.', ')', ':', '-', '–']);
    let digits = !core.is_empty()
        && core
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let letters = !core.is_empty()
        && (core.bytes().all(|b| b"IVXLCDM".contains(&b))
            || core.bytes().all(|b| b"ivxlcdm".contains(&b))
            || (core.len() == 1 && core.bytes().all(|b| b.is_ascii_alphabetic())));
    // A bare letter or roman numeral is a number only with its `.` or `)`: `A new start`.
    let is_number = digits || (letters && number != core);
    if is_number {
        after.trim_start_matches([' ', '–', '-', ':']).trim_start()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_numbers() {
        for (text, bare) in [
            ("3. Enforcement", "Enforcement"),
            ("III. Enforcement", "Enforcement"),
            ("B) Enforcement", "Enforcement"),
            ("(b) Enforcement", "Enforcement"),
            ("Article 3: Enforcement", "Enforcement"),
            ("4.2 Enforcement", "Enforcement"),
            ("Enforcement", "Enforcement"),
            ("I am here", "I am here"),
            ("A new start", "A new start"),
            ("On prevention, we:", "On prevention, we:"),
        ] {
            assert_eq!(unnumbered(text), bare, "{text}");
        }
    }

    #[test]
    fn lis() {
        assert_eq!(longest_increasing(&[0, 5, 1, 2, 9, 3]), [0, 2, 3, 5]);
        assert!(longest_increasing(&[]).is_empty());
    }

    #[test]
    fn normalising() {
        let o = Options {
            ignore_case: true,
            ignore_typography: true,
            ..Options::default()
        };
        assert_eq!(
            normalise("  The “Alliance’s”  —  plan ", &o),
            "the \"alliance's\" - plan"
        );
        assert_eq!(normalise("a  b", &Options::default()), "a b");
        for text in ["a  b", " a", "a\u{a0}b", "a\tb", "a\u{2003}b"] {
            assert!(!crate::text::is_collapsed(text), "{text:?}");
        }
        assert!(crate::text::is_collapsed("Member States’ “joint” — plan"));
    }
}
