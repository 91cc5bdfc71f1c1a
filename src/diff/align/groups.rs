//! Step 4 of the alignment: splits and merges, from residual evidence.
//!
//! A split has an *owner*, the old clause, and *parts*, the new clauses it became; a merge the
//! reverse. The owner is either paired already (by id or by wording: the pair is its main
//! part) or unmatched. What the owner has that its pair lacks is its *residue*: for a split,
//! the content words of the old clause missing from its pair. An unmatched clause of the other
//! side whose content words are mostly in that residue is a further part: the words the pair
//! lost went there, whatever the wording around them became. An unmatched owner needs two parts
//! or more that together hold most of its words (or one that is mostly its words: a clause cut
//! or extended much more than an edit).
//!
//! Parts are given to owners one at a time, the part nearest its owner's place first, then the
//! part most of whose words are in its owner's residue (counting words by their
//! [weight](super::features::Weights)); each part takes its words out of the residue, so that
//! two parts cannot both claim the same words, and a part goes to one owner only.

use std::collections::BinaryHeap;

use std::collections::{HashMap, HashSet};

use super::features::{Features, Weights};
use super::hash::Fx;
use super::pairs::Postings;
use super::{Clauses, Match, NONE, Residue, State};
use crate::par;

/// Owners considered per part, from the index.
const OWNER_CANDIDATES: usize = 4;
/// A part shares at least this many content words with the residue it comes from; one near
/// its owner's place at least [`MIN_SHARED_NEAR`].
const MIN_SHARED: usize = 3;
const MIN_SHARED_NEAR: usize = 2;
/// A near part sharing only [`MIN_SHARED_NEAR`] words with the residue is mostly those words.
const TWO_WORD_SHARE: f64 = 0.75;
/// Of a part's content words, at least this share is in the residue, when the part is near
/// its owner's place; [`FAR_SHARE`] elsewhere.
const NEAR_SHARE: f64 = 0.5;
const FAR_SHARE: f64 = 0.62;
/// A part that takes at least this share of the residue may have fewer of its own words in
/// it ([`SHARE_WITH_COVER`]): a reworded part that took all the pair lost.
const COVER: f64 = 0.6;
const SHARE_WITH_COVER: f64 = 0.38;
/// A near part that takes (nearly) all the residue may be mostly new words.
const ALL_COVER: f64 = 0.9;
const SHARE_WITH_ALL: f64 = 0.3;
/// The same for a part far from its owner's place.
const FAR_COVER: f64 = 0.8;
const FAR_SHARE_WITH_COVER: f64 = 0.45;
/// An unmatched owner's parts hold at least this share of its content words.
const OWNER_COVER: f64 = 0.6;
/// How far (in clauses) a part may be from its owner's pair, or its owner's gap, to be near.
const NEAR: usize = 3;
/// An unmatched owner with one part is paired with it when the part's words are this much in
/// the owner and they share at least [`ONE_PART_SHARED`] words: a clause cut, or extended, by
/// much more than a word diff would call an edit.
const ONE_PART_SHARE: f64 = 0.8;
const ONE_PART_SHARED: usize = 5;

/// Which way a group goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Way {
    /// Owner old, parts new.
    Split = 0,
    /// Owner new, parts old.
    Merge = 1,
}

/// Content words (a sorted multiset) with their weights: a part, or what is left of a residue.
#[derive(Debug, Clone, Default)]
struct Bag {
    words: Vec<u64>,
    weights: Vec<f32>,
    total: f32,
}

impl Bag {
    fn new(words: Vec<u64>, w: &Weights) -> Bag {
        #[allow(clippy::cast_possible_truncation)]
        let weights: Vec<f32> = words.iter().map(|&h| w.of(h) as f32).collect();
        let total = weights.iter().sum();
        Bag {
            words,
            weights,
            total,
        }
    }

    /// This bag less the words of `other` (each taking one away).
    fn minus(&self, other: &[u64]) -> Bag {
        let mut out = Bag::default();
        let mut at = 0;
        for (&x, &w) in self.words.iter().zip(&self.weights) {
            while at < other.len() && other[at] < x {
                at += 1;
            }
            if at < other.len() && other[at] == x {
                at += 1;
            } else {
                out.words.push(x);
                out.weights.push(w);
                out.total += w;
            }
        }
        out
    }

    /// How many of this bag's words `other` has too, and their weight.
    fn common(&self, other: &[u64]) -> (usize, f32) {
        let (mut i, mut j, mut n, mut w) = (0, 0, 0, 0.0);
        while i < self.words.len() && j < other.len() {
            match self.words[i].cmp(&other[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    w += self.weights[i];
                    i += 1;
                    j += 1;
                }
            }
        }
        (n, w)
    }
}

/// One side's view for a way: owners on one side, parts on the other.
struct View<'a> {
    way: Way,
    /// Owner clauses: residue clauses of the owner side (unmatched or in a pair of unequal
    /// texts), in document order.
    owners: Vec<usize>,
    /// What each owner (by position) has that its pair lacks; all its words when unpaired.
    residues: Vec<Bag>,
    /// Part clauses: unmatched residue clauses of the other side, in document order.
    parts: Vec<usize>,
    /// Each part's words (by position).
    bags: Vec<Bag>,
    /// Each owner's words, and its partner's (empty when unpaired), by owner position: read
    /// from the features, and weighed ([`View::whole`], [`View::partner_bag`]) only for the
    /// few owners that get parts. Held weighed for every owner, they took 12 MiB of a large
    /// diff's peak (269 MiB at 100,000 clauses).
    wholes: Vec<&'a [u64]>,
    partners: Vec<&'a [u64]>,
    weights: &'a Weights,
    state: &'a State,
    /// Per owner-side clause: the ranges of part-side positions that count as near it, around
    /// its pair and around its own place (see [`near_ranges`]).
    near: Vec<Near>,
    /// The section of each clause of the parts' side (empty: one section).
    sections: &'a [usize],
}

impl View<'_> {
    /// The words of the owner at `at`, weighed.
    fn whole(&self, at: usize) -> Bag {
        Bag::new(self.wholes[at].to_vec(), self.weights)
    }

    /// The words of the partner of the owner at `at` (none when unpaired), weighed.
    fn partner_bag(&self, at: usize) -> Bag {
        Bag::new(self.partners[at].to_vec(), self.weights)
    }

    fn partner(&self, owner: usize) -> Option<usize> {
        match self.way {
            Way::Split => self.state.partner_of_old(owner),
            Way::Merge => self.state.partner_of_new(owner),
        }
    }

    /// Whether a part is near its owner's place: within its near range, and in the section of
    /// its pair, if it has one.
    fn is_near(&self, owner: usize, part: usize) -> bool {
        let near = &self.near[owner];
        let within = |(lo, hi): (usize, usize)| lo <= part && part <= hi;
        within(near.place)
            || near.pair.is_some_and(within)
                && self
                    .partner(owner)
                    .is_none_or(|q| self.same_section(q, part))
    }

    /// Whether two clauses of the parts' side are in one section.
    fn same_section(&self, a: usize, b: usize) -> bool {
        self.sections.get(a) == self.sections.get(b)
    }
}

/// Find the splits and merges (see the module docs). Returns the matches, each with whether
/// its owner's pair was anchored by an id.
pub(super) fn find<S: AsRef<str> + Sync>(
    old: &Clauses<S>,
    new: &Clauses<S>,
    residue: &Residue,
    state: &State,
    weak: &[super::pairs::Event],
) -> Vec<Grouped> {
    let free = |rest: &[usize], is_free: &dyn Fn(usize) -> bool| -> Vec<usize> {
        rest.iter().copied().filter(|&i| is_free(i)).collect()
    };
    let free_old = free(&residue.old, &|i| state.old_free(i));
    let free_new = free(&residue.new, &|j| state.new_free(j));
    if free_old.is_empty() && free_new.is_empty() {
        return Vec::new();
    }
    let w = &residue.weights;
    let view = |way: Way| -> View<'_> {
        let (owners, owner_features, parts, part_features, near) = match way {
            Way::Split => (
                &residue.old,
                &residue.old_features,
                &free_new,
                &residue.new_features,
                near_ranges(&state.old_to, new.len()),
            ),
            Way::Merge => (
                &residue.new,
                &residue.new_features,
                &free_old,
                &residue.old_features,
                near_ranges(&state.new_to, old.len()),
            ),
        };
        let slot = |i: usize| -> Option<&Features> {
            let s = match way {
                Way::Split => residue.new_slot[i],
                Way::Merge => residue.old_slot[i],
            };
            (s != NONE).then(|| &part_features[s as usize])
        };
        let wholes: Vec<&[u64]> = owner_features.iter().map(|f| f.words.as_slice()).collect();
        let partners: Vec<&[u64]> = owners
            .iter()
            .map(|&o| {
                let partner = match way {
                    Way::Split => state.partner_of_old(o),
                    Way::Merge => state.partner_of_new(o),
                };
                partner
                    .and_then(slot)
                    .map_or(&[][..], |f| f.words.as_slice())
            })
            .collect();
        let residues = wholes
            .iter()
            .zip(&partners)
            .map(|(whole, partner)| Bag::new(whole.to_vec(), w).minus(partner))
            .collect();
        let bags = parts
            .iter()
            .map(|&p| slot(p).map_or_else(Bag::default, |f| Bag::new(f.words.clone(), w)))
            .collect();
        View {
            way,
            sections: match way {
                Way::Split => new.sections,
                Way::Merge => old.sections,
            },
            owners: owners.clone(),
            residues,
            parts: parts.clone(),
            bags,
            wholes,
            partners,
            weights: w,
            state,
            near,
        }
    };
    let work = free_old.len() + free_new.len();
    let (split, merge) = par::join_for(work, || view(Way::Split), || view(Way::Merge));
    let (split_offers, merge_offers) = par::join_for(work, || offers(&split), || offers(&merge));
    // The weak pairs, (old, new): an unmatched owner whose first part is one of them is, as far
    // as its group goes, paired with it.
    let weak: HashSet<(usize, usize), Fx> = weak.iter().map(|&(_, j, i)| (i, j)).collect();
    assign(state, &split, &merge, &split_offers, &merge_offers, &weak)
}

/// The positions of the other side near a clause: around its pair (within [`NEAR`]), and
/// around its own place, the gap between the pairs of its nearest paired neighbours (when that
/// gap is small, widened by one; else within [`NEAR`] of where it would be). A part is near an
/// owner at either: a paired owner is then judged as an unmatched one whose first part is its
/// pair, so that ids written from an alignment (`decl ids`) do not change what it finds.
#[derive(Debug, Clone, Copy)]
struct Near {
    pair: Option<(usize, usize)>,
    place: (usize, usize),
}

fn near_ranges(to: &[u32], other_len: usize) -> Vec<Near> {
    let n = to.len();
    let mut before: Vec<Option<usize>> = vec![None; n];
    let mut last = None;
    for i in 0..n {
        before[i] = last;
        if to[i] != NONE {
            last = Some(to[i] as usize);
        }
    }
    let mut out = vec![
        Near {
            pair: None,
            place: (1, 0),
        };
        n
    ];
    let mut next = None;
    for i in (0..n).rev() {
        let lo = before[i].map_or(0, |p| p + 1);
        let hi = next.map_or(other_len, |q: usize| q);
        let place = if hi >= lo && hi - lo <= 4 * NEAR {
            (lo.saturating_sub(1), hi + 1)
        } else {
            (lo.saturating_sub(NEAR), lo + NEAR)
        };
        let pair = (to[i] != NONE).then(|| {
            let j = to[i] as usize;
            (j.saturating_sub(NEAR), j + NEAR)
        });
        out[i] = Near { pair, place };
        if to[i] != NONE {
            next = Some(to[i] as usize);
        }
    }
    out
}

/// One possible part of an owner's group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edge {
    near: bool,
    /// The share of the part's words in the owner's residue, in millionths, when measured.
    share: u32,
    way: Way,
    /// Owner position in its view.
    at: usize,
    /// Part position in its view.
    p: usize,
    /// The owner's residue version the share was measured on.
    version: u32,
}

impl Ord for Edge {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Near first, then by share; ties by way, owner and part, so that the result is
        // deterministic.
        (self.near, self.share)
            .cmp(&(other.near, other.share))
            .then_with(|| other.way.cmp(&self.way))
            .then_with(|| other.at.cmp(&self.at))
            .then_with(|| other.p.cmp(&self.p))
    }
}

impl PartialOrd for Edge {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A share (0 to 1) in millionths, to order edges as integers.
fn millionths(share: f64) -> u32 {
    // Shares are between 0 and 1, so the value fits and is not negative.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let m = (share.clamp(0.0, 1.0) * 1e6) as u32;
    m
}

/// How well part `p` fits what is left of an owner's residue: the share of the part's weight
/// the residue holds, if it fits; and, either way, the weight they share.
fn fit(
    v: &View<'_>,
    owner: usize,
    anchor: Option<usize>,
    residue: &Bag,
    p: usize,
) -> (Option<f64>, f64) {
    fits(v, owner, anchor, residue, &v.bags[p], v.parts[p])
}

/// [`fit`] of any clause (`part`, its words `bag`) of the parts' side.
fn fits(
    v: &View<'_>,
    owner: usize,
    anchor: Option<usize>,
    residue: &Bag,
    bag: &Bag,
    part: usize,
) -> (Option<f64>, f64) {
    let part_bag = bag;
    if part_bag.words.is_empty() || residue.words.is_empty() {
        return (None, 0.0);
    }
    let (n, shared) = part_bag.common(&residue.words);
    let shared = f64::from(shared);
    // Near the owner's place, or near the first part of an unmatched owner (as near its pair).
    let near = v.is_near(owner, part)
        || anchor.is_some_and(|a| a.abs_diff(part) <= NEAR && v.same_section(a, part));
    let part = part_bag;
    if n < MIN_SHARED_NEAR || (n < MIN_SHARED && !near) {
        return (None, shared);
    }
    let share = shared / f64::from(part.total).max(f64::MIN_POSITIVE);
    let cover = shared / f64::from(residue.total).max(f64::MIN_POSITIVE);
    let all = cover >= ALL_COVER && share >= SHARE_WITH_ALL;
    let fits = if near && n < MIN_SHARED {
        share >= TWO_WORD_SHARE || all
    } else if near {
        share >= NEAR_SHARE || (cover >= COVER && share >= SHARE_WITH_COVER) || all
    } else {
        share >= FAR_SHARE || (cover >= FAR_COVER && share >= FAR_SHARE_WITH_COVER)
    };
    (fits.then_some(share), shared)
}

/// For each part of a view, the owners to try (positions in `owners`): those the index offers
/// it, and those near it.
fn offers(v: &View<'_>) -> Vec<Vec<usize>> {
    if v.parts.is_empty() || v.owners.is_empty() {
        return vec![Vec::new(); v.parts.len()];
    }
    let postings = Postings::new(v.residues.iter().map(|b| &b.words[..]));
    let slots: Vec<usize> = (0..v.parts.len()).collect();
    par::map_with(
        &slots,
        || (vec![0u32; v.owners.len()], Vec::new()),
        |(votes, touched), &p| {
            let mut owners = postings.vote(&v.bags[p].words, OWNER_CANDIDATES, votes, touched);
            // The clause an id keeps this part for (its weak id pair) is always offered: it
            // is the owner's first part, as a pair would be.
            let kept = match v.way {
                Way::Split => v.state.reserved_new[v.parts[p]],
                Way::Merge => v.state.reserved_old[v.parts[p]],
            };
            let kept = (kept != NONE).then_some(kept as usize);
            for owner in near_owners(v, v.parts[p]).into_iter().chain(kept) {
                if let Ok(at) = v.owners.binary_search(&owner)
                    && !owners.contains(&at)
                {
                    owners.push(at);
                }
            }
            owners
        },
    )
}

/// The owner-side clauses near a part: the partners of the part's neighbours within [`NEAR`],
/// and the unmatched clauses of the gap the part is in, when the gap is small.
fn near_owners(v: &View<'_>, part: usize) -> Vec<usize> {
    // For a split the part is new and its neighbours' partners old; for a merge the reverse.
    let to: &[u32] = match v.way {
        Way::Split => &v.state.new_to,
        Way::Merge => &v.state.old_to,
    };
    let from: &[u32] = match v.way {
        Way::Split => &v.state.old_to,
        Way::Merge => &v.state.new_to,
    };
    let mut out = Vec::new();
    // `part` is a clause of the side `to` indexes, so the window is within it.
    let window = part.saturating_sub(NEAR)..(part + NEAR + 1).min(to.len());
    out.extend(
        to[window]
            .iter()
            .filter(|&&x| x != NONE)
            .map(|&x| x as usize),
    );
    let before = (0..part)
        .rev()
        .find(|&k| to[k] != NONE)
        .map(|k| to[k] as usize);
    let after = (part + 1..to.len())
        .find(|&k| to[k] != NONE)
        .map(|k| to[k] as usize);
    let start = before.map_or(0, |b| b + 1);
    let end = after.unwrap_or(from.len());
    if end > start && end - start <= 4 * NEAR {
        out.extend((start..end).filter(|&i| from[i] == NONE));
    }
    out
}

/// A group being grown.
#[derive(Debug, Clone, Default)]
struct Group {
    /// Part positions.
    parts: Vec<usize>,
    residue: Bag,
    version: u32,
}

/// Give parts to owners (see the module docs), then keep the groups that hold.
fn assign(
    state: &State,
    split: &View<'_>,
    merge: &View<'_>,
    split_offers: &[Vec<usize>],
    merge_offers: &[Vec<usize>],
    weak: &HashSet<(usize, usize), Fx>,
) -> Vec<Grouped> {
    let views = [split, merge];
    // Edges that fit at the start, and those that do not yet (see `assign_once`), per way.
    let mut fitting: [Vec<Edge>; 2] = [Vec::new(), Vec::new()];
    let mut unfit: [Vec<Edge>; 2] = [Vec::new(), Vec::new()];
    // Per way and unmatched owner: the weight all its offered parts share with it, an upper
    // bound on what its group can hold.
    let mut reach: [Vec<f64>; 2] = [vec![0.0; split.owners.len()], vec![0.0; merge.owners.len()]];
    for (way, offers) in [(Way::Split, split_offers), (Way::Merge, merge_offers)] {
        let v = views[way as usize];
        for (p, owners) in offers.iter().enumerate() {
            for &at in owners {
                let owner = v.owners[at];
                // A part kept by its id for another clause is not this owner's; an owner kept
                // for a clause takes that clause first (see `anchors` below).
                let part_kept = match way {
                    Way::Split => state.reserved_new[v.parts[p]],
                    Way::Merge => state.reserved_old[v.parts[p]],
                };
                if part_kept != NONE && part_kept as usize != owner {
                    continue;
                }
                let (fitted, shared) = fit(v, owner, None, &v.residues[at], p);
                reach[way as usize][at] += shared;
                let edge = Edge {
                    near: v.is_near(owner, v.parts[p]),
                    share: fitted.map_or(0, millionths),
                    way,
                    at,
                    p,
                    version: 0,
                };
                match fitted {
                    Some(_) => fitting[way as usize].push(edge),
                    None => unfit[way as usize].push(edge),
                }
            }
        }
    }
    // An unmatched owner whose parts cannot hold most of its words will not make a group.
    let mut banned: [Vec<bool>; 2] = [
        vec![false; split.owners.len()],
        vec![false; merge.owners.len()],
    ];
    for way in [Way::Split, Way::Merge] {
        let v = views[way as usize];
        for (at, &owner) in v.owners.iter().enumerate() {
            let total = f64::from(v.residues[at].total);
            if v.partner(owner).is_none()
                && reach[way as usize][at] < OWNER_COVER.min(ONE_PART_SHARE) * total
            {
                banned[way as usize][at] = true;
            }
        }
    }
    loop {
        let (groups, failed) = assign_once(state, &views, &fitting, &unfit, &banned, weak);
        // A group holds only when each of its clauses, the pair included, fits what the others
        // leave of the owner's words: two parts cannot take turns claiming the same words, and
        // which part was taken first does not decide the group.
        let mut unfitting: Vec<(Way, usize, usize)> = Vec::new();
        for way in [Way::Split, Way::Merge] {
            let v = views[way as usize];
            for (at, g) in groups[way as usize].iter().enumerate() {
                if !g.parts.is_empty() && !failed.contains(&(way, at)) {
                    unfitting.extend(misfits(v, at, g).into_iter().map(|p| (way, at, p)));
                }
            }
        }
        if failed.is_empty() && unfitting.is_empty() {
            return matches(state, &views, &groups);
        }
        let spared = spared(&views, &groups, &failed, &fitting);
        for (way, at) in failed {
            if !spared.contains(&(way, at)) {
                banned[way as usize][at] = true;
            }
        }
        for (way, at, p) in unfitting {
            let k = way as usize;
            fitting[k].retain(|e| !(e.at == at && e.p == p));
            unfit[k].retain(|e| !(e.at == at && e.p == p));
        }
    }
}

/// Of the unmatched owners whose group failed in a round, those to try once more: a group that
/// wanted a clause a weaker failed group held (a split of a clause and a merge into the clause
/// it was paired with, each taking the other's clause first) gets another round, with the
/// weaker group banned. The weakest of clashing groups is always banned, so rounds end.
fn spared(
    views: &[&View<'_>; 2],
    groups: &[Vec<Group>; 2],
    failed: &[(Way, usize)],
    fitting: &[Vec<Edge>; 2],
) -> HashSet<(Way, usize), Fx> {
    let mut out: HashSet<(Way, usize), Fx> = HashSet::default();
    if failed.len() < 2 {
        return out;
    }
    // How much of its owner's words a group holds.
    let cover = |(way, at): (Way, usize)| {
        let k = way as usize;
        let whole = f64::from(views[k].residues[at].total).max(f64::MIN_POSITIVE);
        1.0 - f64::from(groups[k][at].residue.total) / whole
    };
    let weaker = |y: (Way, usize), x: (Way, usize)| {
        cover(y)
            .total_cmp(&cover(x))
            .then_with(|| y.cmp(&x))
            .is_lt()
    };
    // The clauses (side, index) each failed group held: its owner and its parts.
    let mut held: HashMap<(usize, usize), (Way, usize), Fx> = HashMap::default();
    for &(way, at) in failed {
        let k = way as usize;
        let v = views[k];
        held.insert((k, v.owners[at]), (way, at));
        for &p in &groups[k][at].parts {
            held.insert((1 - k, v.parts[p]), (way, at));
        }
    }
    let failed: HashSet<(Way, usize), Fx> = failed.iter().copied().collect();
    for k in 0..2 {
        let v = views[k];
        for e in &fitting[k] {
            let x = (v.way, e.at);
            if failed.contains(&x)
                && let Some(&y) = held.get(&(1 - k, v.parts[e.p]))
                && y != x
                && weaker(y, x)
            {
                out.insert(x);
            }
        }
    }
    out
}

/// One round of [`assign`]: the groups grown, and the unmatched owners whose group failed.
fn assign_once(
    state: &State,
    views: &[&View<'_>; 2],
    fitting: &[Vec<Edge>; 2],
    unfit: &[Vec<Edge>; 2],
    banned: &[Vec<bool>; 2],
    weak: &HashSet<(usize, usize), Fx>,
) -> ([Vec<Group>; 2], Vec<(Way, usize)>) {
    let mut groups: [Vec<Group>; 2] = [0, 1].map(|k| {
        views[k]
            .residues
            .iter()
            .map(|r| Group {
                residue: r.clone(),
                ..Group::default()
            })
            .collect()
    });
    // Per side (old, new): taken as a part; owning a group.
    let mut part_of: [Vec<bool>; 2] = [
        vec![false; state.old_to.len()],
        vec![false; state.new_to.len()],
    ];
    let mut owns: [Vec<bool>; 2] = [
        vec![false; state.old_to.len()],
        vec![false; state.new_to.len()],
    ];
    let mut heap: BinaryHeap<Edge> = BinaryHeap::new();
    // Per way and owner: edges that do not fit its residue yet. A part that covers too little
    // of a residue may cover enough of it once other parts took their words: they are tried
    // again whenever the owner takes a part.
    let mut waiting: [Vec<Vec<Edge>>; 2] = [0, 1].map(|k| vec![Vec::new(); views[k].owners.len()]);
    // An unmatched owner's first part is the one that shares most of its words, as its pair
    // would be (and as `decl ids` gives its id to the part with most of the old text): per way
    // and owner, its fitting parts in that order.
    let mut anchors: [Vec<Vec<usize>>; 2] = [0, 1].map(|k| vec![Vec::new(); views[k].owners.len()]);
    for k in 0..2 {
        heap.extend(fitting[k].iter().filter(|e| !banned[k][e.at]).copied());
        for e in unfit[k].iter().filter(|e| !banned[k][e.at]) {
            waiting[k][e.at].push(*e);
        }
        let v = views[k];
        // An owner an id keeps a clause for has that clause first, whether or not it fits
        // the owner's words alone: the id says it is the owner's pair.
        let unfit_kept = unfit[k].iter().filter(|e| {
            let kept = match v.way {
                Way::Split => state.reserved_old[v.owners[e.at]],
                Way::Merge => state.reserved_new[v.owners[e.at]],
            };
            kept != NONE && kept as usize == v.parts[e.p]
        });
        for e in fitting[k]
            .iter()
            .chain(unfit_kept)
            .filter(|e| !banned[k][e.at])
        {
            let owner = v.owners[e.at];
            let kept = match v.way {
                Way::Split => state.reserved_old[owner],
                Way::Merge => state.reserved_new[owner],
            };
            if v.partner(owner).is_none() && (kept == NONE || kept as usize == v.parts[e.p]) {
                anchors[k][e.at].push(e.p);
            }
        }
        for (at, list) in anchors[k].iter_mut().enumerate() {
            let residue = &v.residues[at];
            // A weak pair of the owner first: it is the pair it would have.
            let owner = v.owners[at];
            let is_weak = |p: usize| {
                let part = v.parts[p];
                weak.contains(&match v.way {
                    Way::Split => (owner, part),
                    Way::Merge => (part, owner),
                })
            };
            // Then a part near the owner's place, then the one sharing most words.
            let near = |p: usize| v.is_near(owner, v.parts[p]);
            list.sort_by(|&p, &q| {
                let (np, wp) = v.bags[p].common(&residue.words);
                let (nq, wq) = v.bags[q].common(&residue.words);
                is_weak(q)
                    .cmp(&is_weak(p))
                    .then(near(q).cmp(&near(p)))
                    .then(nq.cmp(&np))
                    .then(wq.total_cmp(&wp))
                    .then(p.cmp(&q))
            });
        }
    }
    while let Some(e) = heap.pop() {
        let k = e.way as usize;
        let v = views[k];
        let owner = v.owners[e.at];
        let part = v.parts[e.p];
        let partner = v.partner(owner);
        // The owner's side is `k` for a split (old = 0) and the part's the other.
        let (owner_side, part_side) = (k, 1 - k);
        let taken = |p: usize, part_of: &[Vec<bool>; 2], owns: &[Vec<bool>; 2]| {
            part_of[part_side][v.parts[p]] || owns[part_side][v.parts[p]]
        };
        let first = partner.is_none() && groups[k][e.at].parts.is_empty();
        if taken(e.p, &part_of, &owns)
            || part_of[owner_side][owner]
            || partner.is_some_and(|q| owns[part_side][q])
        {
            // The edges that waited for this part as the first of its owner try again.
            if first && anchors[k][e.at].first() == Some(&e.p) {
                anchors[k][e.at].remove(0);
                heap.extend(waiting[k][e.at].drain(..));
            }
            continue;
        }
        if first {
            let list = &mut anchors[k][e.at];
            while list.first().is_some_and(|&p| taken(p, &part_of, &owns)) {
                list.remove(0);
            }
            match list.first() {
                Some(&a) if a != e.p => {
                    // The owner's turn has come, by its best edge: its first part is taken now,
                    // as its pair would have been from the start, and this edge measured again
                    // against what that part leaves.
                    let group = &mut groups[k][e.at];
                    group.residue = group.residue.minus(&v.bags[a].words);
                    group.parts.push(a);
                    group.version += 1;
                    part_of[part_side][v.parts[a]] = true;
                    owns[owner_side][owner] = true;
                    heap.extend(waiting[k][e.at].drain(..));
                    heap.push(e);
                    continue;
                }
                Some(_) => {}
                None => {
                    waiting[k][e.at].push(e);
                    continue;
                }
            }
        }
        let group = &mut groups[k][e.at];
        if e.version != group.version {
            let anchor = group.parts.first().map(|&a| v.parts[a]);
            match fit(v, owner, anchor, &group.residue, e.p).0 {
                Some(share) => heap.push(Edge {
                    share: millionths(share),
                    version: group.version,
                    ..e
                }),
                None => waiting[k][e.at].push(e),
            }
            continue;
        }
        group.residue = group.residue.minus(&v.bags[e.p].words);
        group.parts.push(e.p);
        group.version += 1;
        // Stale versions: each is measured again when it comes up.
        heap.extend(waiting[k][e.at].drain(..));
        part_of[part_side][part] = true;
        owns[owner_side][owner] = true;
    }
    // Unmatched owners need their group to hold (see the module docs).
    let mut failed = Vec::new();
    for way in [Way::Split, Way::Merge] {
        let v = views[way as usize];
        for (at, g) in groups[way as usize].iter().enumerate() {
            if !g.parts.is_empty() && v.partner(v.owners[at]).is_none() && !holds(v, at, g, weak) {
                failed.push((way, at));
            }
        }
    }
    (groups, failed)
}

/// The parts of a group (positions) that do not fit what the other clauses of the group leave
/// of the owner's words; all the parts when the owner's pair does not fit what they leave (the
/// pair stays a pair).
fn misfits(v: &View<'_>, at: usize, g: &Group) -> Vec<usize> {
    let owner = v.owners[at];
    let whole = v.whole(at);
    let words_of = |parts: &mut dyn Iterator<Item = usize>, with_partner: bool| -> Vec<u64> {
        let mut words: Vec<u64> = if with_partner {
            v.partners[at].to_vec()
        } else {
            Vec::new()
        };
        for p in parts {
            words.extend_from_slice(&v.bags[p].words);
        }
        words.sort_unstable();
        words
    };
    if let Some(q) = v.partner(owner) {
        let left = whole.minus(&words_of(&mut g.parts.iter().copied(), false));
        if fits(v, owner, None, &left, &v.partner_bag(at), q)
            .0
            .is_none()
        {
            return g.parts.clone();
        }
    }
    g.parts
        .iter()
        .copied()
        .filter(|&p| {
            let others = words_of(&mut g.parts.iter().copied().filter(|&o| o != p), true);
            // Of an unmatched owner, the first part stands for its pair.
            let anchor = g
                .parts
                .first()
                .filter(|&&a| a != p && v.partner(owner).is_none())
                .map(|&a| v.parts[a]);
            fit(v, owner, anchor, &whole.minus(&others), p).0.is_none()
        })
        .collect()
}

/// Whether the group of an unmatched owner holds: it has two parts or more, and its first part
/// is a weak pair of it (it would be paired anyway, and the group is as a paired owner's) or
/// they hold most of its words; or it has one part that is mostly its words (a weak pair alone
/// is left to be made as a pair).
fn holds(v: &View<'_>, at: usize, g: &Group, weak: &HashSet<(usize, usize), Fx>) -> bool {
    let words = &v.residues[at];
    let (owner, first) = (v.owners[at], v.parts[g.parts[0]]);
    let pair = match v.way {
        Way::Split => (owner, first),
        Way::Merge => (first, owner),
    };
    if g.parts.len() >= 2 && weak.contains(&pair) {
        return true;
    }
    if g.parts.len() >= 2 {
        let cover =
            1.0 - f64::from(g.residue.total) / f64::from(words.total).max(f64::MIN_POSITIVE);
        return cover >= OWNER_COVER;
    }
    let part = &v.bags[g.parts[0]];
    let (n, shared) = part.common(&words.words);
    n >= ONE_PART_SHARED
        && f64::from(shared) / f64::from(part.total).max(f64::MIN_POSITIVE) >= ONE_PART_SHARE
        && v.is_near(v.owners[at], v.parts[g.parts[0]])
}

/// A split or merge found: the match, whether an id anchored it, and its primary clause (see
/// [`super::Alignment::primary`]).
pub(super) type Grouped = (Match, bool, usize);

/// The groups as matches, each with whether its owner's pair was anchored by an id.
fn matches(state: &State, views: &[&View<'_>; 2], groups: &[Vec<Group>; 2]) -> Vec<Grouped> {
    let mut out = Vec::new();
    for way in [Way::Split, Way::Merge] {
        let v = views[way as usize];
        for (at, g) in groups[way as usize].iter().enumerate() {
            if g.parts.is_empty() {
                continue;
            }
            let owner = v.owners[at];
            let partner = v.partner(owner);
            let mut others: Vec<usize> = g.parts.iter().map(|&p| v.parts[p]).collect();
            others.extend(partner);
            others.sort_unstable();
            let by_id = match way {
                Way::Split => partner.is_some() && state.by_id[owner],
                Way::Merge => partner.is_some_and(|i| state.by_id[i]),
            };
            let m = match (way, others.as_slice()) {
                (Way::Split, [one]) => Match::Pair {
                    old: owner,
                    new: *one,
                },
                (Way::Merge, [one]) => Match::Pair {
                    old: *one,
                    new: owner,
                },
                (Way::Split, _) => Match::Split {
                    old: owner,
                    new: others,
                },
                (Way::Merge, _) => Match::Merge {
                    old: others,
                    new: owner,
                },
            };
            // The owner's own continuation: of its pair and its parts, the one that shares most
            // of its words (the part with most of the old text, that `decl ids` gives the id).
            let whole = v.whole(at);
            let partner_bag = v.partner_bag(at);
            let mut members: Vec<(usize, &Bag)> =
                g.parts.iter().map(|&p| (v.parts[p], &v.bags[p])).collect();
            if let Some(q) = partner {
                members.push((q, &partner_bag));
            }
            let primary = members
                .iter()
                .map(|&(clause, bag)| {
                    let (n, w) = bag.common(&whole.words);
                    (n, w, clause)
                })
                .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(b.2.cmp(&a.2)))
                .map_or(owner, |(_, _, clause)| clause);
            out.push((m, by_id, primary));
        }
    }
    out
}
