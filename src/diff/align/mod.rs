//! Matching the clauses of two versions: one alignment for `diff`, `ids`, `synopsis` and
//! `history`.
//!
//! Ids anchor identity where both versions have them, and content aligns everything else, so
//! that a version with ids on some clauses only (the normal case once a drafter pastes new
//! text) aligns as well as one with ids everywhere or nowhere. In near-linear time:
//! 1. **Ids.** A clause whose id is on a clause of the other version is that clause. An id
//!    pair whose texts differ is set aside when either text is found unchanged elsewhere on
//!    the other side under another id (or none): the ids were given differently, and the
//!    unchanged text says which clause is which.
//! 2. **Equal texts** pair, in document order, so that repeated texts pair first with first.
//! 3. **Pairs.** For the rest, each new clause gets a few candidates among the unmatched old
//!    clauses: those sharing its *rarest* word pairs (an inverted index, so there is never a
//!    comparison of all pairs), and the old clause in the same gap between matched neighbours.
//!    Candidates are scored by the overlap of their word pairs, and the best pairs are taken
//!    greedily, each clause at most once. A pair across sections (other than the section its
//!    old section became) needs more overlap than one in place: unrelated clauses that share a
//!    formula are not the same clause moved.
//! 4. **Splits and merges** ([`groups`]), from residual evidence: the content words a paired
//!    clause lost that reappear in an unmatched new clause make a split (possibly reworded, in
//!    any place); the words a paired clause gained that come from an unmatched old clause make
//!    a merge. An unmatched clause whose words are spread over several unmatched clauses of the
//!    other side is split (or merged) too. Parts may be anywhere in the other version; a part
//!    far from its clause needs more evidence than one nearby.
//!
//! Nothing is capped: every clause takes part in every step. On large versions the hashing
//! of step 2, the features and the candidate search of step 3 run on two threads; the result
//! is the same as on one.

mod exact;
mod features;
mod groups;
mod hash;
mod pairs;

pub use features::dice;
pub(crate) use hash::Fx;

use features::{Features, Weights};

/// At most this many clauses matched equal are read to count how common words are.
const SAMPLE: usize = 2048;

/// How old clauses and new clauses correspond. Clause lists are in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Pair {
        old: usize,
        new: usize,
    },
    /// One old clause became these new clauses, anywhere in the new version.
    Split {
        old: usize,
        new: Vec<usize>,
    },
    /// These old clauses, anywhere in the old version, became one new clause.
    Merge {
        old: Vec<usize>,
        new: usize,
    },
}

impl Match {
    /// The old clauses of the match, in document order.
    #[must_use]
    pub fn olds(&self) -> &[usize] {
        match self {
            Match::Pair { old, .. } | Match::Split { old, .. } => std::slice::from_ref(old),
            Match::Merge { old, .. } => old,
        }
    }

    /// The new clauses of the match, in document order.
    #[must_use]
    pub fn news(&self) -> &[usize] {
        match self {
            Match::Pair { new, .. } | Match::Merge { new, .. } => std::slice::from_ref(new),
            Match::Split { new, .. } => new,
        }
    }
}

/// One version's clauses as the alignment reads them.
#[derive(Debug, Clone, Copy)]
pub struct Clauses<'a, S> {
    /// The texts clauses are compared by (see [`crate::diff::normalise`]).
    pub texts: &'a [S],
    /// Each clause's id, if it has one; empty when no clause has one.
    pub ids: &'a [Option<&'a str>],
    /// The ordinal of each clause's section; empty when all are in one.
    pub sections: &'a [usize],
}

impl<'a, S: AsRef<str>> Clauses<'a, S> {
    /// Clauses with no ids, all in one section.
    #[must_use]
    pub fn texts(texts: &'a [S]) -> Self {
        Clauses {
            texts,
            ids: &[],
            sections: &[],
        }
    }

    fn len(&self) -> usize {
        self.texts.len()
    }

    fn text(&self, i: usize) -> &str {
        self.texts[i].as_ref()
    }

    fn id(&self, i: usize) -> Option<&'a str> {
        self.ids.get(i).copied().flatten()
    }

    fn section(&self, i: usize) -> usize {
        self.sections.get(i).copied().unwrap_or(0)
    }
}

/// The result: the matches, which of them ids decided, and their primary clauses.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    pub matches: Vec<Match>,
    /// Per match: whether an id on both sides anchored it (a split or merge counts when its
    /// anchor pair did).
    pub by_id: Vec<bool>,
    /// Per match: of a split, the new clause that continues the old one (its pair, or the part
    /// with most of its words); of a merge, the old clause the new one continues; of a pair, its
    /// new clause. What `decl ids` hands the id to, and where a moved split or merge came from.
    pub primary: Vec<usize>,
}

/// No partner.
const NONE: u32 = u32::MAX;

/// Who is paired with whom so far.
pub(crate) struct State {
    /// The new partner of each old clause, or [`NONE`].
    pub old_to: Vec<u32>,
    /// The old partner of each new clause, or [`NONE`].
    pub new_to: Vec<u32>,
    /// Per old clause: its pair was anchored by an id.
    pub by_id: Vec<bool>,
    /// An id pair of little shared wording, kept apart until the weak pairs are taken (as the
    /// same pair made by wording would be): the new clause an old clause is kept for, and the
    /// reverse, or [`NONE`].
    pub reserved_old: Vec<u32>,
    pub reserved_new: Vec<u32>,
}

impl State {
    fn new(old: usize, new: usize) -> Self {
        State {
            old_to: vec![NONE; old],
            new_to: vec![NONE; new],
            by_id: vec![false; old],
            reserved_old: vec![NONE; old],
            reserved_new: vec![NONE; new],
        }
    }

    pub(crate) fn pair(&mut self, i: usize, j: usize) {
        self.old_to[i] = u32::try_from(j).unwrap_or(NONE);
        self.new_to[j] = u32::try_from(i).unwrap_or(NONE);
    }

    pub(crate) fn unpair(&mut self, i: usize) {
        let j = self.old_to[i];
        if j != NONE {
            self.new_to[j as usize] = NONE;
        }
        self.old_to[i] = NONE;
        self.by_id[i] = false;
    }

    pub(crate) fn old_free(&self, i: usize) -> bool {
        self.old_to[i] == NONE
    }

    pub(crate) fn new_free(&self, j: usize) -> bool {
        self.new_to[j] == NONE
    }

    pub(crate) fn partner_of_old(&self, i: usize) -> Option<usize> {
        (self.old_to[i] != NONE).then_some(self.old_to[i] as usize)
    }

    pub(crate) fn partner_of_new(&self, j: usize) -> Option<usize> {
        (self.new_to[j] != NONE).then_some(self.new_to[j] as usize)
    }

    /// Whether old clause `i` and new clause `j` may be matched: neither is kept for another
    /// clause by its id.
    pub(crate) fn may_match(&self, i: usize, j: usize) -> bool {
        let kept = |to: u32, other: usize| to == NONE || to as usize == other;
        kept(self.reserved_old[i], j) && kept(self.reserved_new[j], i)
    }
}

/// The clauses that are not matched to an equal text, with their features: what steps 3 and 4
/// work on. Slots number them on each side.
pub(crate) struct Residue {
    /// Old clause of each old slot, in document order.
    pub old: Vec<usize>,
    pub new: Vec<usize>,
    pub old_features: Vec<Features>,
    pub new_features: Vec<Features>,
    /// Slot of each old clause, or [`NONE`].
    pub old_slot: Vec<u32>,
    pub new_slot: Vec<u32>,
    /// Word weights, counted over the residue and a sample of the clauses matched equal.
    pub weights: Weights,
}

impl Residue {
    fn new<S: AsRef<str> + Sync>(
        old: &Clauses<S>,
        new: &Clauses<S>,
        state: &State,
        old_equal: &[bool],
    ) -> Self {
        // Unmatched, or paired (by id) with a different text.
        let old_rest: Vec<usize> = (0..old.len()).filter(|&i| !old_equal[i]).collect();
        let new_rest: Vec<usize> = (0..new.len())
            .filter(|&j| state.partner_of_new(j).is_none_or(|i| !old_equal[i]))
            .collect();
        // Both sides in one list, so that the two threads share all of it.
        let rest: Vec<(bool, usize)> = (old_rest.iter().map(|&i| (false, i)))
            .chain(new_rest.iter().map(|&j| (true, j)))
            .collect();
        let mut old_features: Vec<Features> = crate::par::map(&rest, |&(in_new, i)| {
            features::features(if in_new { new.text(i) } else { old.text(i) })
        });
        let new_features = old_features.split_off(old_rest.len());
        // How common words are: counted over the residue, and over the clauses matched equal
        // (each on both sides), every `stride`-th of them, so that at most [`SAMPLE`] are read.
        let equal: Vec<usize> = (0..old.len()).filter(|&i| old_equal[i]).collect();
        let stride = equal.len().div_ceil(SAMPLE).max(1);
        let picked: Vec<usize> = equal.iter().step_by(stride).copied().collect();
        let sample: Vec<Vec<u64>> =
            crate::par::map(&picked, |&i| features::content_words(old.text(i)));
        let weights = Weights::new(
            old_features
                .iter()
                .chain(&new_features)
                .map(|f| (&f.words[..], 0.5))
                .chain(sample.iter().map(|words| (&words[..], stride as f64))),
        );
        Residue {
            old_slot: slots(old.len(), &old_rest),
            new_slot: slots(new.len(), &new_rest),
            old: old_rest,
            new: new_rest,
            old_features,
            new_features,
            weights,
        }
    }

    pub(crate) fn old_features(&self, i: usize) -> Option<&Features> {
        let s = *self.old_slot.get(i)?;
        (s != NONE).then(|| &self.old_features[s as usize])
    }

    pub(crate) fn new_features(&self, j: usize) -> Option<&Features> {
        let s = *self.new_slot.get(j)?;
        (s != NONE).then(|| &self.new_features[s as usize])
    }
}

/// `slots[i]`: where `i` is in `rest`.
fn slots(len: usize, rest: &[usize]) -> Vec<u32> {
    let mut out = vec![NONE; len];
    for (slot, &i) in rest.iter().enumerate() {
        out[i] = u32::try_from(slot).unwrap_or(NONE);
    }
    out
}

/// Align two versions' clauses (see the module docs). `sections`, when not empty, names for
/// old sections the new section their headings say they became (by heading id or unchanged
/// heading text); the clauses decide the others.
#[must_use]
pub fn align<S: AsRef<str> + Sync>(
    old: &Clauses<S>,
    new: &Clauses<S>,
    sections: &[Option<usize>],
) -> Alignment {
    let pairs = id_pairs(old, new);
    if pairs.is_empty() {
        return anchored(old, new, sections);
    }
    // Content first: where it already keeps every id pair together (in one pair, split or
    // merge), the ids agree with it and it is the alignment, so that ids given from an
    // alignment (`decl ids`) change nothing in it. Where an id pair is apart, the ids decide.
    let (old_texts, new_texts) = (Clauses { ids: &[], ..*old }, Clauses { ids: &[], ..*new });
    let mut content = anchored(&old_texts, &new_texts, sections);
    let mut old_in = vec![usize::MAX; old.len()];
    let mut new_in = vec![usize::MAX; new.len()];
    for (m, matched) in content.matches.iter().enumerate() {
        for &i in matched.olds() {
            old_in[i] = m;
        }
        for &j in matched.news() {
            new_in[j] = m;
        }
    }
    if pairs
        .iter()
        .any(|&(i, j)| old_in[i] == usize::MAX || old_in[i] != new_in[j])
    {
        return anchored(old, new, sections);
    }
    for &(i, _) in &pairs {
        content.by_id[old_in[i]] = true;
    }
    content
}

/// The clauses with the same id on both sides, (old, new). Ids are unique in a version (the
/// readers refuse duplicates); should two be equal here anyway, the first wins.
fn id_pairs<S: AsRef<str>>(old: &Clauses<S>, new: &Clauses<S>) -> Vec<(usize, usize)> {
    if old.ids.iter().all(Option::is_none) || new.ids.iter().all(Option::is_none) {
        return Vec::new();
    }
    let mut index: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(old.len());
    for i in (0..old.len()).rev() {
        if let Some(id) = old.id(i) {
            index.insert(id, i);
        }
    }
    (0..new.len())
        .filter_map(|j| new.id(j).and_then(|id| index.remove(id)).map(|i| (i, j)))
        .collect()
}

/// The alignment with ids anchoring identity (steps 1 to 4 of the module docs).
fn anchored<S: AsRef<str> + Sync>(
    old: &Clauses<S>,
    new: &Clauses<S>,
    sections: &[Option<usize>],
) -> Alignment {
    let mut state = State::new(old.len(), new.len());
    exact::ids(old, new, &mut state);
    let old_equal = exact::texts(old, new, &mut state);
    if state.old_to.iter().all(|&j| j != NONE) && state.new_to.iter().all(|&i| i != NONE) {
        // Everything is paired: no clause is left to pair, or to be part of a split or merge.
        return finish(&state, Vec::new());
    }
    let residue = Residue::new(old, new, &state, &old_equal);
    // An id pair that shares little wording waits, reserved, for the weak pairs: it is then
    // taken first. Until then it is what a weak pair made by wording is, to the splits and
    // merges as to the pairs around it, so that ids given from this alignment change nothing in
    // it.
    let mut weak_ids: Vec<pairs::Event> = Vec::new();
    for (i, &equal) in old_equal.iter().enumerate() {
        let Some(j) = state.partner_of_old(i).filter(|_| state.by_id[i] && !equal) else {
            continue;
        };
        let score = match (residue.old_features(i), residue.new_features(j)) {
            (Some(a), Some(b)) => dice(&a.pairs, &b.pairs),
            _ => 0.0,
        };
        if score < pairs::STRONG_PAIR {
            state.unpair(i);
            state.reserved_old[i] = u32::try_from(j).unwrap_or(NONE);
            state.reserved_new[j] = u32::try_from(i).unwrap_or(NONE);
            weak_ids.push((score, j, i));
        }
    }
    let mut weak = pairs::pair(old, new, sections, &residue, &mut state);
    weak.retain(|&(_, j, i)| state.may_match(i, j));
    // Reserved pairs first: ids decide.
    weak_ids.sort_by_key(|&(_, j, i)| (j, i));
    weak.splice(0..0, weak_ids);
    let groups = groups::find(old, new, &residue, &state, &weak);
    let matched: Vec<Match> = groups.iter().map(|(m, _, _)| m.clone()).collect();
    pairs::pair_weak(old, new, sections, &residue, weak, &mut state, &matched);
    for i in 0..old.len() {
        if state.reserved_old[i] != NONE && state.old_to[i] == state.reserved_old[i] {
            state.by_id[i] = true;
        }
    }
    let groups = groups
        .into_iter()
        .map(|(m, by_id, primary)| {
            let reserved = m.olds().iter().any(|&i| {
                m.news()
                    .iter()
                    .any(|&j| state.reserved_old[i] as usize == j)
            });
            (m, by_id || reserved, primary)
        })
        .collect();
    finish(&state, groups)
}

/// The matches: the groups, then the pairs left, in new-document order.
fn finish(state: &State, groups: Vec<groups::Grouped>) -> Alignment {
    let mut in_group_old = vec![false; state.old_to.len()];
    for (m, _, _) in &groups {
        for &i in m.olds() {
            in_group_old[i] = true;
        }
    }
    let mut out = Alignment::default();
    for (m, by_id, primary) in groups {
        let primary = match &m {
            Match::Pair { new, .. } => *new,
            _ => primary,
        };
        out.matches.push(m);
        out.by_id.push(by_id);
        out.primary.push(primary);
    }
    for (j, &i) in state.new_to.iter().enumerate() {
        if i != NONE && !in_group_old[i as usize] {
            out.matches.push(Match::Pair {
                old: i as usize,
                new: j,
            });
            out.by_id.push(state.by_id[i as usize]);
            out.primary.push(j);
        }
    }
    out
}

/// How much of their wording two texts share: the overlap of their word pairs, 0 to 1.
#[must_use]
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&features::features(a).pairs, &features::features(b).pairs)
}

/// Match clauses by their texts alone (no ids, one section).
#[must_use]
pub fn by_content<S: AsRef<str> + Sync>(old: &[S], new: &[S]) -> Vec<Match> {
    align(&Clauses::texts(old), &Clauses::texts(new), &[]).matches
}

#[cfg(test)]
mod tests;
