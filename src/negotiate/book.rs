//! The proposals on one version, clause by clause: who proposes what, which proposals are the
//! same (supported by several delegations), which conflict, and, against the next version,
//! what became of each. Plain data, computed once; `decl proposals` and `decl compile` only
//! render it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::diff::{self, Kind, Op, Options};
use crate::endorse::Registry;
use crate::model::{Date, Version};

use super::proposal::{Action, Anchor, Proposal, Proposed};

/// A word change of a proposal: the bytes `start..end` of the base clause's text replaced by
/// `insert` (an insertion where `start == end`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hunk {
    pub start: usize,
    pub end: usize,
    pub insert: String,
}

impl Hunk {
    /// Whether two hunks touch the same words: their ranges overlap, or one inserts strictly
    /// inside the other's range, or both insert at one place.
    #[must_use]
    pub fn overlaps(&self, other: &Hunk) -> bool {
        match (self.start == self.end, other.start == other.end) {
            (true, true) => self.start == other.start,
            (true, false) => other.start < self.start && self.start < other.end,
            (false, true) => self.start < other.start && other.start < self.end,
            (false, false) => self.start < other.end && other.start < self.end,
        }
    }
}

/// The word changes from `old` to `new`, in order.
#[must_use]
pub fn hunks(old: &str, new: &str) -> Vec<Hunk> {
    let inline = diff::inline::diff(old, new, Duration::from_millis(500));
    let mut out: Vec<Hunk> = Vec::new();
    let mut at = 0;
    let mut open: Option<Hunk> = None;
    for op in &inline.ops {
        match op.op {
            Op::Equal => {
                out.extend(open.take());
                at += op.text.len();
            }
            Op::Delete => {
                let h = open.get_or_insert(Hunk {
                    start: at,
                    end: at,
                    insert: String::new(),
                });
                at += op.text.len();
                h.end = at;
            }
            Op::Insert => {
                open.get_or_insert(Hunk {
                    start: at,
                    end: at,
                    insert: String::new(),
                })
                .insert
                .push_str(&op.text);
            }
        }
    }
    out.extend(open);
    out
}

/// What makes two proposals the same offer: the change, the base clauses, the texts, and
/// where an added or moved clause goes.
type OfferKey = (
    Action,
    Vec<usize>,
    Vec<String>,
    Option<usize>,
    Option<String>,
);

/// What became of a proposal in the next version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fate {
    /// The next version does what the proposal does.
    TakenUp,
    /// Some of the proposal's word changes are in the next version, not all.
    InPart,
    /// The next version does not do it, and leaves the words it touched as they were.
    NotTakenUp,
    /// Its clause was deleted, merged or rewritten where the proposal changed it.
    Overtaken,
}

impl Fate {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::TakenUp => "taken-up",
            Fate::InPart => "taken-up-in-part",
            Fate::NotTakenUp => "not-taken-up",
            Fate::Overtaken => "overtaken",
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Fate::TakenUp => "taken up",
            Fate::InPart => "taken up in part",
            Fate::NotTakenUp => "not taken up",
            Fate::Overtaken => "overtaken",
        }
    }
}

/// The outcome of one offer in the next version, and where its clause is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub fate: Fate,
    /// Why, for people: `2 of 3 word changes`, `its clause was deleted`.
    pub why: String,
    /// The clauses of the next version it is re-anchored to (its clause, or the clause added
    /// that takes it up), by number and id.
    pub now: Vec<Anchor>,
}

/// One proposal on one place, made by one or several delegations alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// Delegation codes, in the registry's order.
    pub delegations: Vec<String>,
    /// The proposal files it comes from.
    pub files: Vec<PathBuf>,
    pub action: Action,
    /// The base clauses it changes (the first is where it is listed).
    pub clauses: Vec<Anchor>,
    /// The proposed texts.
    pub new: Vec<String>,
    /// Of a `modify`: its word changes against the base clause.
    pub hunks: Vec<Hunk>,
    /// Of `add` and `move`: the base clause it follows (`None`: at the start of `section`).
    pub after: Option<Anchor>,
    pub section: Option<String>,
    pub outcome: Option<Outcome>,
}

/// Two offers on the same words that differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Positions in [`Entry::offers`].
    pub a: usize,
    pub b: usize,
    /// The base words both change (empty for two insertions at one place, or a clause-level
    /// conflict such as a deletion against a change of words).
    pub words: String,
}

/// A base clause and what is proposed on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub anchor: Anchor,
    /// Ordinal of the section of the base version it is in.
    pub section: usize,
    pub text: String,
    /// Offers that change this clause (a merge is listed on its first clause).
    pub offers: Vec<Offer>,
    pub conflicts: Vec<Conflict>,
    /// Clauses proposed to be added right after this one.
    pub added_after: Vec<Offer>,
}

/// A section of the base version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionInfo {
    pub id: Option<String>,
    pub heading: Option<String>,
    pub after_break: bool,
    /// Clauses proposed to be added at its start.
    pub added_at_start: Vec<Offer>,
}

/// One proposal file, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    pub delegation: String,
    /// `EU (European Union)`.
    pub name: String,
    pub date: Date,
    pub path: PathBuf,
    pub note: Option<String>,
    /// Whose tracked changes in Word it was read from (`decl propose --by-author`).
    pub author: Option<String>,
    pub changes: usize,
    pub illustrative: bool,
}

/// Everything proposed on one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub declaration: String,
    pub title: Option<String>,
    pub version: String,
    pub document: Option<String>,
    pub classification: Option<String>,
    pub language: Option<String>,
    pub illustrative: bool,
    pub filed: Vec<Filed>,
    pub sections: Vec<SectionInfo>,
    pub entries: Vec<Entry>,
    /// The next version the outcomes are against, if any: its id and document number.
    pub next: Option<(String, Option<String>)>,
}

impl Book {
    /// Gather the proposals on `base` (those whose `version` is its id), grouping identical
    /// offers and finding conflicts; with `next`, each offer's outcome in it.
    #[must_use]
    pub fn new(
        declaration: &str,
        base: &Version,
        proposals: &[Proposal],
        registry: &Registry,
        next: Option<&Version>,
    ) -> Book {
        let numbers = crate::model::number::numbers(base);
        let mut sections: Vec<SectionInfo> = base
            .sections
            .iter()
            .map(|s| SectionInfo {
                id: s.id.clone(),
                heading: s.heading_text().map(ToString::to_string),
                after_break: s.after_break,
                added_at_start: Vec::new(),
            })
            .collect();
        let mut entries: Vec<Entry> = base
            .clauses_with_sections()
            .map(|(_, c)| Entry {
                anchor: Anchor {
                    index: c.index,
                    id: c.id.clone(),
                    number: numbers[c.index].to_string(),
                },
                section: 0,
                text: c.text.to_string(),
                offers: Vec::new(),
                conflicts: Vec::new(),
                added_after: Vec::new(),
            })
            .collect();
        let mut k = 0;
        for (s, section) in base.sections.iter().enumerate() {
            for _ in section.clauses() {
                entries[k].section = s;
                k += 1;
            }
        }
        let order = |code: &str| registry.position(code).unwrap_or(usize::MAX);
        let mut filed: Vec<Filed> = Vec::new();
        // Offers by where they go and what they say, so that the same proposal from several
        // delegations is one offer.
        let mut grouped: BTreeMap<OfferKey, Offer> = BTreeMap::new();
        for p in proposals.iter().filter(|p| p.version == base.id) {
            filed.push(Filed {
                delegation: p.delegation.clone(),
                name: registry
                    .get(&p.delegation)
                    .map_or_else(|| p.delegation.clone(), crate::endorse::label),
                date: p.date,
                path: p.path.clone(),
                note: p.note.clone(),
                author: p.author.clone(),
                changes: p.changes.len(),
                illustrative: p.illustrative,
            });
            for c in &p.changes {
                let key: OfferKey = (
                    c.action,
                    c.clauses.iter().map(|a| a.index).collect(),
                    c.new.clone(),
                    c.after.as_ref().map(|a| a.index),
                    if c.placed { c.section.clone() } else { None },
                );
                let offer = grouped.entry(key).or_insert_with(|| offer_of(c, &entries));
                if !offer.delegations.contains(&p.delegation) {
                    offer.delegations.push(p.delegation.clone());
                }
                if !offer.files.contains(&p.path) {
                    offer.files.push(p.path.clone());
                }
            }
        }
        filed.sort_by(|a, b| {
            (order(&a.delegation), a.date, &a.path).cmp(&(order(&b.delegation), b.date, &b.path))
        });
        for (_, mut offer) in grouped {
            offer.delegations.sort_by_key(|d| order(d));
            match offer.action {
                Action::Add => match &offer.after {
                    Some(a) if a.index < entries.len() => entries[a.index].added_after.push(offer),
                    _ => {
                        let s = offer
                            .section
                            .as_ref()
                            .and_then(|id| sections.iter().position(|s| s.id.as_ref() == Some(id)))
                            .unwrap_or(0);
                        sections[s].added_at_start.push(offer);
                    }
                },
                _ => {
                    if let Some(first) = offer.clauses.first()
                        && first.index < entries.len()
                    {
                        entries[first.index].offers.push(offer);
                    }
                }
            }
        }
        for e in &mut entries {
            // Offers in order of their first delegation, then the most supported first.
            e.offers.sort_by(|a, b| {
                order(&a.delegations[0])
                    .cmp(&order(&b.delegations[0]))
                    .then(b.delegations.len().cmp(&a.delegations.len()))
            });
            e.added_after
                .sort_by_key(|o| order(o.delegations.first().map_or("", String::as_str)));
            e.conflicts = conflicts(&e.text, &e.offers);
        }
        let mut book = Book {
            declaration: declaration.to_string(),
            title: base.title_text(),
            version: base.id.clone(),
            document: base.meta.document.as_ref().map(ToString::to_string),
            classification: base.meta.classification.clone(),
            language: base.meta.language.clone(),
            illustrative: base.meta.is_illustrative(),
            filed,
            sections,
            entries,
            next: next.map(|n| {
                (
                    n.id.clone(),
                    n.meta.document.as_ref().map(ToString::to_string),
                )
            }),
        };
        if let Some(next) = next {
            outcomes(&mut book, base, next);
        }
        book
    }

    /// Offers in document order: those at a section's start, then each clause's own and the
    /// additions after it.
    pub fn offers(&self) -> impl Iterator<Item = &Offer> {
        let starts = self.sections.iter().flat_map(|s| s.added_at_start.iter());
        starts.chain(
            self.entries
                .iter()
                .flat_map(|e| e.offers.iter().chain(e.added_after.iter())),
        )
    }

    /// The date of each delegation's proposal of `o`, in the order of its delegations (the
    /// earliest, where a delegation made it in several proposals).
    #[must_use]
    pub fn dates(&self, o: &Offer) -> Vec<Date> {
        o.delegations
            .iter()
            .filter_map(|d| {
                self.filed
                    .iter()
                    .filter(|f| &f.delegation == d && o.files.contains(&f.path))
                    .map(|f| f.date)
                    .min()
            })
            .collect()
    }

    /// How many offers had each fate.
    #[must_use]
    pub fn fates(&self) -> BTreeMap<Fate, usize> {
        let mut out = BTreeMap::new();
        for o in self.offers() {
            if let Some(outcome) = &o.outcome {
                *out.entry(outcome.fate).or_insert(0) += 1;
            }
        }
        out
    }
}

fn offer_of(c: &Proposed, entries: &[Entry]) -> Offer {
    let hunks = match (c.action, c.clauses.first(), c.new.first()) {
        (Action::Modify, Some(a), Some(new)) => entries
            .get(a.index)
            .map(|e| hunks(&e.text, new))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let anchor = |a: &Anchor| {
        entries
            .get(a.index)
            .map_or_else(|| a.clone(), |e| e.anchor.clone())
    };
    Offer {
        delegations: Vec::new(),
        files: Vec::new(),
        action: c.action,
        clauses: c.clauses.iter().map(anchor).collect(),
        new: c.new.clone(),
        hunks,
        after: c.after.as_ref().map(anchor),
        section: c.section.clone(),
        outcome: None,
    }
}

/// Conflicts among the offers on one clause.
fn conflicts(text: &str, offers: &[Offer]) -> Vec<Conflict> {
    let mut out = Vec::new();
    for a in 0..offers.len() {
        for b in a + 1..offers.len() {
            let (x, y) = (&offers[a], &offers[b]);
            let conflict = match (x.action, y.action) {
                (Action::Modify, Action::Modify) => {
                    let mut words = None;
                    for h in &x.hunks {
                        for g in &y.hunks {
                            if h != g && h.overlaps(g) {
                                let (s, e) = (h.start.min(g.start), h.end.max(g.end));
                                words.get_or_insert_with(|| {
                                    text.get(s..e).unwrap_or("").trim().to_string()
                                });
                            }
                        }
                    }
                    words
                }
                (Action::Move, Action::Move) => {
                    (x.after != y.after || x.section != y.section).then(String::new)
                }
                // Moving a clause and changing its words go together.
                (Action::Move, Action::Modify) | (Action::Modify, Action::Move) => None,
                _ => Some(String::new()),
            };
            if let Some(words) = conflict {
                out.push(Conflict { a, b, words });
            }
        }
    }
    out
}

/// Give each offer its outcome in `next`, re-anchored through the alignment of the two
/// versions.
fn outcomes(book: &mut Book, base: &Version, next: &Version) {
    let d = diff::diff(base, next, &Options::default());
    let numbers = crate::model::number::numbers(next);
    let next_clauses: Vec<&crate::model::Clause> = next.clauses().collect();
    let base_texts: Vec<&str> = base.clauses().map(|c| c.text.as_str()).collect();
    let next_anchor = |i: usize| Anchor {
        index: i,
        id: next_clauses.get(i).and_then(|c| c.id.clone()),
        number: numbers.get(i).map(ToString::to_string).unwrap_or_default(),
    };
    // The change each base clause is in.
    let mut change_of: Vec<Option<usize>> = vec![None; base.clause_count()];
    for (k, c) in d.changes.iter().enumerate() {
        for r in &c.old {
            change_of[r.index()] = Some(k);
        }
    }
    // The base clause each next clause continues.
    let mut continues: Vec<Option<usize>> = vec![None; next.clause_count()];
    for c in &d.changes {
        if let ([a], news) = (c.old.as_slice(), c.new.as_slice()) {
            for (k, n) in news.iter().enumerate() {
                if c.kind != Kind::Split || k == c.primary {
                    continues[n.index()] = Some(a.index());
                }
            }
        } else if let (olds, [n]) = (c.old.as_slice(), c.new.as_slice())
            && !olds.is_empty()
        {
            continues[n.index()] = olds
                .get(c.primary)
                .map(super::super::diff::model::ClauseRef::index);
        }
    }
    let added: Vec<(usize, &str)> = d
        .changes
        .iter()
        .filter(|c| c.kind == Kind::Added)
        .flat_map(|c| c.new.iter().map(|r| (r.index(), r.text())))
        .collect();
    let next_sections: Vec<Option<String>> = next
        .clauses_with_sections()
        .map(|(s, _)| s.id.clone())
        .collect();
    let outcome_of = |o: &Offer, others: &[Offer]| -> Outcome {
        let change = o
            .clauses
            .first()
            .and_then(|a| change_of.get(a.index).copied().flatten())
            .map(|k| &d.changes[k]);
        let now: Vec<Anchor> = change
            .map(|c| c.new.iter().map(|r| next_anchor(r.index())).collect())
            .unwrap_or_default();
        let outcome = |fate: Fate, why: &str, now: Vec<Anchor>| Outcome {
            fate,
            why: why.to_string(),
            now,
        };
        match o.action {
            Action::Add => {
                let proposed = &o.new[0];
                if let Some(&(i, _)) = added.iter().find(|(_, t)| *t == proposed.as_str()) {
                    return outcome(Fate::TakenUp, "added as proposed", vec![next_anchor(i)]);
                }
                let best = added
                    .iter()
                    .map(|&(i, t)| (similarity(proposed, t), i))
                    .filter(|(s, _)| *s >= 0.5)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                match best {
                    Some((_, i)) => outcome(
                        Fate::InPart,
                        "a clause like it was added",
                        vec![next_anchor(i)],
                    ),
                    None => outcome(Fate::NotTakenUp, "no such clause was added", Vec::new()),
                }
            }
            _ if change.is_none() => outcome(Fate::Overtaken, "its clause is not in the base", now),
            Action::Delete => match change.map(|c| c.kind) {
                Some(Kind::Deleted) => outcome(Fate::TakenUp, "the clause was deleted", now),
                Some(Kind::Merged) => {
                    outcome(Fate::Overtaken, "the clause was merged with another", now)
                }
                _ => outcome(Fate::NotTakenUp, "the clause stays", now),
            },
            _ if change.is_some_and(|c| c.kind == Kind::Deleted) => {
                outcome(Fate::Overtaken, "its clause was deleted", now)
            }
            Action::Modify => {
                let Some(c) = change else {
                    return outcome(Fate::Overtaken, "its clause is gone", now);
                };
                let base_text = base_texts.get(o.clauses[0].index).copied().unwrap_or("");
                let next_text: String = c
                    .new
                    .iter()
                    .map(super::super::diff::model::ClauseRef::text)
                    .collect::<Vec<_>>()
                    .join(" ");
                if next_text == o.new[0] {
                    return outcome(Fate::TakenUp, "the words proposed", now);
                }
                let done = hunks(base_text, &next_text);
                let taken = o.hunks.iter().filter(|h| done.contains(h)).count();
                let total = o.hunks.len();
                let rewritten = o
                    .hunks
                    .iter()
                    .any(|h| !done.contains(h) && done.iter().any(|g| g.overlaps(h) || g == h));
                let counted = format!("{taken} of {total} word changes");
                match (taken, rewritten) {
                    (t, _) if t == total && total > 0 => outcome(
                        Fate::TakenUp,
                        &format!("{counted}, with other changes"),
                        now,
                    ),
                    (0, true) => {
                        // Another delegation's wording of the same words was taken up.
                        let winner = others.iter().find(|x| {
                            !std::ptr::eq(*x, o)
                                && x.action == Action::Modify
                                && x.clauses.first() == o.clauses.first()
                                && !x.hunks.is_empty()
                                && x.hunks.iter().all(|h| done.contains(h))
                                && x.hunks
                                    .iter()
                                    .any(|h| o.hunks.iter().any(|g| g.overlaps(h) || g == h))
                        });
                        match winner {
                            Some(w) => outcome(
                                Fate::NotTakenUp,
                                &format!(
                                    "{}'s wording was taken up instead",
                                    w.delegations.join(", ")
                                ),
                                now,
                            ),
                            None => outcome(
                                Fate::Overtaken,
                                "the words it changes were rewritten otherwise",
                                now,
                            ),
                        }
                    }
                    (0, false) => outcome(Fate::NotTakenUp, "the words it changes stay", now),
                    _ => outcome(Fate::InPart, &counted, now),
                }
            }
            Action::Move => {
                let Some(c) = change else {
                    return outcome(Fate::Overtaken, "its clause is gone", now);
                };
                let Some(first) = c.new.first() else {
                    return outcome(Fate::Overtaken, "its clause is gone", now);
                };
                let j = first.index();
                let before = (0..j)
                    .rev()
                    .take_while(|&k| next_sections[k] == next_sections[j])
                    .find_map(|k| continues[k]);
                let wanted = o.after.as_ref().map(|a| a.index);
                if before == wanted && (wanted.is_some() || next_sections[j] == o.section) {
                    outcome(Fate::TakenUp, "moved as proposed", now)
                } else if c.moved {
                    outcome(Fate::Overtaken, "moved elsewhere", now)
                } else {
                    outcome(Fate::NotTakenUp, "it stays where it was", now)
                }
            }
            Action::Split => match change.map(|c| (c.kind, c.new.len())) {
                Some((Kind::Split, n)) => {
                    let texts: Vec<&str> = change
                        .map(|c| {
                            c.new
                                .iter()
                                .map(super::super::diff::model::ClauseRef::text)
                                .collect()
                        })
                        .unwrap_or_default();
                    if n == o.new.len() && texts.iter().zip(&o.new).all(|(a, b)| *a == b) {
                        outcome(Fate::TakenUp, "split as proposed", now)
                    } else {
                        outcome(Fate::InPart, "split otherwise", now)
                    }
                }
                Some((Kind::Unchanged | Kind::Moved, _)) => {
                    outcome(Fate::NotTakenUp, "the clause stays whole", now)
                }
                _ => outcome(Fate::Overtaken, "the clause was changed otherwise", now),
            },
            Action::Merge => {
                let together = |c: &diff::Change<'_>| {
                    c.kind == Kind::Merged
                        && o.clauses
                            .iter()
                            .all(|a| c.old.iter().any(|r| r.index() == a.index))
                };
                match change {
                    Some(c)
                        if together(c) && c.new.first().is_some_and(|r| r.text() == o.new[0]) =>
                    {
                        outcome(Fate::TakenUp, "merged as proposed", now)
                    }
                    Some(c) if together(c) => {
                        outcome(Fate::InPart, "merged, with other words", now)
                    }
                    Some(c) if matches!(c.kind, Kind::Unchanged | Kind::Moved) => {
                        outcome(Fate::NotTakenUp, "the clauses stay apart", now)
                    }
                    _ => outcome(Fate::Overtaken, "the clauses were changed otherwise", now),
                }
            }
        }
    };
    for s in &mut book.sections {
        let fates: Vec<Outcome> = s
            .added_at_start
            .iter()
            .map(|o| outcome_of(o, &[]))
            .collect();
        for (o, f) in s.added_at_start.iter_mut().zip(fates) {
            o.outcome = Some(f);
        }
    }
    for e in &mut book.entries {
        let own: Vec<Outcome> = e.offers.iter().map(|o| outcome_of(o, &e.offers)).collect();
        let added: Vec<Outcome> = e.added_after.iter().map(|o| outcome_of(o, &[])).collect();
        for (o, f) in e.offers.iter_mut().zip(own) {
            o.outcome = Some(f);
        }
        for (o, f) in e.added_after.iter_mut().zip(added) {
            o.outcome = Some(f);
        }
    }
}

/// The share of words two texts have in common (Jaccard, on lowercased words).
fn similarity(a: &str, b: &str) -> f64 {
    let words = |t: &str| -> std::collections::BTreeSet<String> {
        diff::inline::words(t)
            .into_iter()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(str::to_lowercase)
            .collect()
    };
    let (x, y) = (words(a), words(b));
    let union = x.union(&y).count();
    if union == 0 {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_are_word_changes_in_base_bytes() {
        let h = hunks("Promote the safe return;", "Ensure the dignified return;");
        assert_eq!(
            h,
            [
                Hunk {
                    start: 0,
                    end: 7,
                    insert: "Ensure".into()
                },
                Hunk {
                    start: 12,
                    end: 16,
                    insert: "dignified".into()
                }
            ]
        );
        assert!(hunks("Same.", "Same.").is_empty());
    }

    #[test]
    fn overlapping_hunks() {
        let h = |s, e| Hunk {
            start: s,
            end: e,
            insert: String::new(),
        };
        assert!(h(0, 5).overlaps(&h(3, 8)));
        assert!(!h(0, 5).overlaps(&h(5, 8)));
        assert!(h(3, 3).overlaps(&h(0, 5)));
        assert!(!h(0, 0).overlaps(&h(0, 5)));
        assert!(h(4, 4).overlaps(&h(4, 4)));
    }
}
