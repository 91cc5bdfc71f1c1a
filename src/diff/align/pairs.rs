//! Step 3 of the alignment: pairing the clauses left by ids and equal texts, by the overlap of
//! their word pairs.

use std::collections::HashMap;

use super::features::dice;
use super::hash::Fx;
use super::{Clauses, NONE, Residue, State};
use crate::par;

/// Pairs scoring below this are not the same clause.
pub(super) const PAIR_MIN: f64 = 0.4;
/// A pair across sections: its clause left its section, so more of its wording must stay.
const CROSS_PAIR_MIN: f64 = 0.5;
/// A pair across sections shares at least this much of the weight of its content words.
const SUBJECT_MIN: f64 = 0.5;
/// Pairs scoring below this are weak: taken only for clauses no split or merge explains.
pub(super) const STRONG_PAIR: f64 = 0.6;
/// A candidate in the same gap between matched neighbours may score this low.
const GAP_PAIR_MIN: f64 = 0.2;
/// Candidates kept per new clause from the index.
const CANDIDATES: usize = 4;
/// Index lookups per new clause stop after this many postings were read.
const POSTING_BUDGET: usize = 256;
/// At most this many word pairs of a new clause are looked up.
const FEATURE_LOOKUPS: usize = 24;

/// A possible pair: (score, new clause, old clause).
pub(super) type Event = (f64, usize, usize);

/// Pair the unmatched clauses of `residue` (see the module docs of [`super`]) where the pair is
/// strong; return the weak pairs, best first, to be taken after splits and merges (a clause
/// that shares some wording with another may be better explained as the part of a split).
pub(super) fn pair<S: AsRef<str> + Sync>(
    old: &Clauses<S>,
    new: &Clauses<S>,
    hint: &[Option<usize>],
    residue: &Residue,
    state: &mut State,
) -> Vec<Event> {
    // Old slots of the unmatched old clauses, and the unmatched new clauses.
    let old_free: Vec<usize> = (0..residue.old.len())
        .filter(|&s| state.old_free(residue.old[s]))
        .collect();
    let new_free: Vec<usize> = residue
        .new
        .iter()
        .copied()
        .filter(|&j| state.new_free(j))
        .collect();
    if old_free.is_empty() || new_free.is_empty() {
        return Vec::new();
    }
    let sections = SectionMap::new(old, new, hint, state);
    let postings = Postings::new(old_free.iter().map(|&s| &residue.old_features[s].pairs[..]));
    let index = Index {
        postings: &postings,
        old_free: &old_free,
        residue,
        state,
    };
    let found: Vec<Vec<Candidate>> = par::map_with(
        &new_free,
        || (vec![0u32; old_free.len()], Vec::new()),
        |(votes, touched), &j| index.candidates(j, votes, touched),
    );
    // Reservations do not change here; a copy leaves the state free to take pairs.
    let reserved = state
        .reserved_old
        .iter()
        .any(|&r| r != NONE)
        .then(|| (state.reserved_old.clone(), state.reserved_new.clone()));
    let allowed = |c: &Candidate, j: usize, in_gap: bool| -> bool {
        if let Some((ro, rn)) = &reserved {
            let kept = |to: u32, other: usize| to == NONE || to as usize == other;
            if !kept(ro[c.old], j) || !kept(rn[j], c.old) {
                return false;
            }
        }
        let crosses = sections.crosses(old.section(c.old), new.section(j));
        let min = if crosses {
            CROSS_PAIR_MIN
        } else if in_gap {
            GAP_PAIR_MIN
        } else {
            PAIR_MIN
        };
        c.score >= min && (!crosses || same_subject(residue, c.old, j))
    };
    // Greedy, best first; ties broken by position so the result is deterministic.
    let by_score = |a: &Event, b: &Event| {
        b.0.total_cmp(&a.0)
            .then_with(|| (a.1, a.2).cmp(&(b.1, b.2)))
    };
    let mut strong: Vec<Event> = Vec::new();
    for (&j, cands) in new_free.iter().zip(&found) {
        for c in cands {
            if c.score >= STRONG_PAIR && allowed(c, j, c.in_gap) {
                strong.push((c.score, j, c.old));
            }
        }
    }
    strong.sort_by(by_score);
    for &(_, j, i) in &strong {
        if state.old_free(i) && state.new_free(j) {
            state.pair(i, j);
        }
    }
    // The weak pairs, with the gaps the strong pairs made: a clause left between two pairs may
    // be the edited clause of that place.
    let mut weak: Vec<Event> = Vec::new();
    for (&j, mut cands) in new_free.iter().zip(found) {
        if !state.new_free(j) {
            continue;
        }
        let gap = gap_candidates(j, state);
        for &i in &gap {
            if !cands.iter().any(|c| c.old == i)
                && let (Some(of), Some(f)) = (residue.old_features(i), residue.new_features(j))
            {
                cands.push(Candidate {
                    old: i,
                    score: dice(&of.pairs, &f.pairs),
                    in_gap: true,
                });
            }
        }
        for c in &cands {
            if state.old_free(c.old) && allowed(c, j, gap.contains(&c.old)) {
                weak.push((c.score, j, c.old));
            }
        }
    }
    weak.sort_by(by_score);
    weak
}

/// Take the weak pairs, best first, among the clauses still free (not in a split or merge
/// either, `groups`); then, as long as pairs are made, the clauses left in a gap between two
/// matches with the clause of that gap, as their wording allows (so that a run of rewritten
/// clauses pairs in order, whichever matches were made first).
#[allow(clippy::too_many_arguments)]
pub(super) fn pair_weak<S: AsRef<str> + Sync>(
    old: &Clauses<S>,
    new: &Clauses<S>,
    hint: &[Option<usize>],
    residue: &Residue,
    mut weak: Vec<Event>,
    state: &mut State,
    groups: &[super::Match],
) {
    let sections = SectionMap::new(old, new, hint, state);
    // Where each new clause's match is in the old version (lowest and highest old clause), and
    // which old clauses are matched: pairs, and the clauses of splits and merges.
    let mut lo: Vec<u32> = state.new_to.clone();
    let mut hi: Vec<u32> = state.new_to.clone();
    let mut old_taken: Vec<bool> = state.old_to.iter().map(|&j| j != NONE).collect();
    let mut fresh: Vec<usize> = Vec::new();
    for m in groups {
        let (olds, news) = (m.olds(), m.news());
        for &i in olds {
            old_taken[i] = true;
        }
        for &j in news {
            lo[j] = u32::try_from(olds[0]).unwrap_or(NONE);
            hi[j] = u32::try_from(olds[olds.len() - 1]).unwrap_or(NONE);
            fresh.push(j);
        }
    }
    loop {
        for &(_, j, i) in &weak {
            if !old_taken[i] && lo[j] == NONE {
                state.pair(i, j);
                old_taken[i] = true;
                lo[j] = u32::try_from(i).unwrap_or(NONE);
                hi[j] = lo[j];
                fresh.push(j);
            }
        }
        if fresh.is_empty() {
            return;
        }
        // The free new clauses next to a new match, and the gap candidates they now have.
        let mut next: Vec<usize> = fresh
            .drain(..)
            .flat_map(|j| [j.wrapping_sub(1), j + 1])
            .filter(|&j| j < lo.len() && lo[j] == NONE)
            .collect();
        next.sort_unstable();
        next.dedup();
        weak = Vec::new();
        for j in next {
            let Some(f) = residue.new_features(j) else {
                continue;
            };
            let after = if j == 0 {
                Some(0)
            } else {
                (hi[j - 1] != NONE).then(|| hi[j - 1] as usize + 1)
            };
            let before = if j + 1 == lo.len() {
                old_taken.len().checked_sub(1)
            } else {
                (lo[j + 1] != NONE)
                    .then(|| lo[j + 1] as usize)
                    .and_then(|i| i.checked_sub(1))
            };
            for i in [after, before].into_iter().flatten() {
                if i >= old_taken.len() || old_taken[i] || !state.may_match(i, j) {
                    continue;
                }
                let Some(of) = residue.old_features(i) else {
                    continue;
                };
                let score = dice(&of.pairs, &f.pairs);
                let crosses = sections.crosses(old.section(i), new.section(j));
                let min = if crosses {
                    CROSS_PAIR_MIN
                } else {
                    GAP_PAIR_MIN
                };
                if score >= min && (!crosses || same_subject(residue, i, j)) {
                    weak.push((score, j, i));
                }
            }
        }
        weak.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| (a.1, a.2).cmp(&(b.1, b.2)))
        });
    }
}

/// Whether two clauses share their subject, not only their formula: most of the weight of their
/// content words is common (see [`super::features::Weights`]).
fn same_subject(residue: &Residue, i: usize, j: usize) -> bool {
    match (residue.old_features(i), residue.new_features(j)) {
        (Some(a), Some(b)) => residue.weights.dice(&a.words, &b.words) >= SUBJECT_MIN,
        _ => false,
    }
}

/// Which new section each old section became: the one its heading names (the hint), else, as
/// far as the pairs made so far say, the new section most of its paired clauses went to.
pub(super) struct SectionMap {
    to: Vec<u32>,
}

impl SectionMap {
    pub(super) fn new<S>(
        old: &Clauses<S>,
        new: &Clauses<S>,
        hint: &[Option<usize>],
        state: &State,
    ) -> Self {
        let sections = old
            .sections
            .iter()
            .copied()
            .max()
            .map_or(1, |m| m + 1)
            .max(hint.len());
        if old.sections.is_empty() || new.sections.is_empty() {
            return SectionMap { to: Vec::new() };
        }
        let mut votes: HashMap<(usize, usize), u32, Fx> = HashMap::default();
        for (i, &j) in state.old_to.iter().enumerate() {
            if j != NONE {
                *votes
                    .entry((old.sections[i], new.sections[j as usize]))
                    .or_default() += 1;
            }
        }
        let mut best: Vec<(u32, u32)> = vec![(0, NONE); sections];
        let mut sorted: Vec<((usize, usize), u32)> = votes.into_iter().collect();
        sorted.sort_unstable();
        for ((s, t), n) in sorted {
            if n > best[s].0 {
                best[s] = (n, u32::try_from(t).unwrap_or(NONE));
            }
        }
        // What the headings say comes first.
        SectionMap {
            to: best
                .into_iter()
                .enumerate()
                .map(|(s, (_, t))| match hint.get(s).copied().flatten() {
                    Some(h) => u32::try_from(h).unwrap_or(NONE),
                    None => t,
                })
                .collect(),
        }
    }

    /// Whether a clause of old section `s` in new section `t` left its section.
    pub(super) fn crosses(&self, s: usize, t: usize) -> bool {
        self.to
            .get(s)
            .is_some_and(|&to| to != NONE && to as usize != t)
    }
}

/// For each word pair, the unmatched old clauses that have it: one table from key to a range
/// of one array, built in two passes (count, then fill), so that a large diff's hundreds of
/// thousands of word pairs cost no allocation each. Slots number the clauses as given.
pub(super) struct Postings {
    ranges: HashMap<u64, (u32, u32), Fx>,
    slots: Vec<u32>,
}

impl Postings {
    pub(super) fn new<'f>(features: impl Iterator<Item = &'f [u64]> + Clone) -> Postings {
        // Not sized for every key: many repeat, and a table twice too large costs more (in
        // pages to clear) than growing.
        let mut ranges: HashMap<u64, (u32, u32), Fx> = HashMap::default();
        for f in features.clone() {
            for &h in f {
                ranges.entry(h).or_insert((0, 0)).1 += 1;
            }
        }
        let mut start = 0u32;
        for range in ranges.values_mut() {
            let len = range.1;
            *range = (start, 0);
            start += len;
        }
        let mut slots = vec![0u32; start as usize];
        for (slot, f) in features.enumerate() {
            let slot = u32::try_from(slot).unwrap_or(u32::MAX);
            for &h in f {
                if let Some(range) = ranges.get_mut(&h) {
                    slots[(range.0 + range.1) as usize] = slot;
                    range.1 += 1;
                }
            }
        }
        Postings { ranges, slots }
    }

    pub(super) fn get(&self, key: u64) -> Option<&[u32]> {
        let &(start, len) = self.ranges.get(&key)?;
        self.slots.get(start as usize..(start + len) as usize)
    }

    /// The slots sharing most of `keys`, rarest keys first, within [`POSTING_BUDGET`] postings
    /// and [`FEATURE_LOOKUPS`] keys; at most `keep`, best first. `votes` (zero, one per slot)
    /// and `touched` (empty) are scratch space, left as they were found.
    pub(super) fn vote(
        &self,
        keys: &[u64],
        keep: usize,
        votes: &mut [u32],
        touched: &mut Vec<usize>,
    ) -> Vec<usize> {
        let mut lookups: Vec<&[u32]> = keys.iter().filter_map(|&h| self.get(h)).collect();
        lookups.sort_by_key(|p| p.len());
        let mut read = 0;
        for posting in lookups.iter().take(FEATURE_LOOKUPS) {
            if read > 0 && read + posting.len() > POSTING_BUDGET {
                break;
            }
            read += posting.len();
            for &slot in *posting {
                let slot = slot as usize;
                if votes[slot] == 0 {
                    touched.push(slot);
                }
                votes[slot] += 1;
            }
        }
        // Only the best few matter: select them, then order just those.
        let rank = |&s: &usize| (std::cmp::Reverse(votes[s]), s);
        if touched.len() > keep {
            touched.select_nth_unstable_by_key(keep, rank);
            touched[..keep].sort_unstable_by_key(rank);
        } else {
            touched.sort_unstable_by_key(rank);
        }
        let best: Vec<usize> = touched.iter().take(keep).copied().collect();
        for &s in touched.iter() {
            votes[s] = 0;
        }
        touched.clear();
        best
    }
}

/// One candidate old clause of a new clause.
struct Candidate {
    old: usize,
    score: f64,
    /// In the same gap between matched neighbours (so it may score lower).
    in_gap: bool,
}

/// The inverted index of the unmatched old clauses, read by both threads of the search.
struct Index<'a> {
    postings: &'a Postings,
    /// Residue slots of the unmatched old clauses, by posting slot.
    old_free: &'a [usize],
    residue: &'a Residue,
    state: &'a State,
}

impl Index<'_> {
    /// The candidates of new clause `j`: the old clauses sharing most of its rarest word
    /// pairs, and those in its gap, scored.
    fn candidates(&self, j: usize, votes: &mut [u32], touched: &mut Vec<usize>) -> Vec<Candidate> {
        let Some(f) = self.residue.new_features(j) else {
            return Vec::new();
        };
        let mut cands: Vec<usize> = self
            .postings
            .vote(&f.pairs, CANDIDATES, votes, touched)
            .into_iter()
            .map(|p| self.residue.old[self.old_free[p]])
            .collect();
        let gap = gap_candidates(j, self.state);
        for &i in &gap {
            if !cands.contains(&i) {
                cands.push(i);
            }
        }
        cands
            .into_iter()
            .filter_map(|i| {
                let of = self.residue.old_features(i)?;
                Some(Candidate {
                    old: i,
                    score: dice(&of.pairs, &f.pairs),
                    in_gap: gap.contains(&i),
                })
            })
            .collect()
    }
}

/// The unmatched old clauses in the same gap as new clause `j`: right after the old match of
/// `j - 1`, and right before the old match of `j + 1`.
fn gap_candidates(j: usize, state: &State) -> Vec<usize> {
    let old_len = state.old_to.len();
    let mut out = Vec::with_capacity(2);
    let after = if j == 0 {
        Some(0)
    } else {
        state.partner_of_new(j - 1).map(|i| i + 1)
    };
    if let Some(i) = after.filter(|&i| i < old_len && state.old_free(i)) {
        out.push(i);
    }
    let before = if j + 1 == state.new_to.len() {
        old_len.checked_sub(1)
    } else {
        state
            .new_to
            .get(j + 1)
            .and_then(|_| state.partner_of_new(j + 1))
            .and_then(|i| i.checked_sub(1))
    };
    if let Some(i) = before.filter(|&i| state.old_free(i) && !out.contains(&i)) {
        out.push(i);
    }
    out
}
