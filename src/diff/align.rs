//! Matching the clauses of two versions.
//!
//! When both versions carry an id on every clause, ids decide identity ([`by_ids`]). Otherwise
//! content decides ([`by_content`]), in near-linear time:
//! 1. clauses with the same normalised text are paired, in document order;
//! 2. for the rest, each new clause gets a few candidates among the unmatched old clauses:
//!    those sharing its *rarest* word pairs (an inverted index, so there is never a comparison
//!    of all pairs), and the old clause in the same gap between already matched neighbours;
//! 3. candidates are scored by the overlap of their word pairs; runs of consecutive new clauses
//!    that together match one old clause better than any one of them alone are a split, and the
//!    reverse a merge;
//! 4. the best-scoring pairs, splits and merges are taken greedily, each clause at most once.
//!
//! On large versions the hashing of step 1, the word pairs and the candidate search of step 2
//! run on two threads; the result is the same as on one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::par;

/// How an old clause and new clause(s) correspond.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Pair {
        old: usize,
        new: usize,
    },
    /// One old clause became the consecutive new clauses.
    Split {
        old: usize,
        new: Range<usize>,
    },
    /// The consecutive old clauses became one new clause.
    Merge {
        old: Range<usize>,
        new: usize,
    },
}

impl Match {
    /// The old clauses of the match.
    #[must_use]
    pub fn olds(&self) -> Range<usize> {
        match self {
            Match::Pair { old, .. } | Match::Split { old, .. } => *old..*old + 1,
            Match::Merge { old, .. } => old.clone(),
        }
    }

    /// The new clauses of the match.
    #[must_use]
    pub fn news(&self) -> Range<usize> {
        match self {
            Match::Pair { new, .. } | Match::Merge { new, .. } => *new..*new + 1,
            Match::Split { new, .. } => new.clone(),
        }
    }
}

/// Pair clauses with equal ids. Each id matches at most once.
#[must_use]
pub fn by_ids(old: &[&str], new: &[&str]) -> Vec<Match> {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(old.len());
    for (i, id) in old.iter().enumerate().rev() {
        index.insert(id, i);
    }
    new.iter()
        .enumerate()
        .filter_map(|(j, id)| index.remove(id).map(|i| Match::Pair { old: i, new: j }))
        .collect()
}

/// Pairs scoring below this are not the same clause.
const PAIR_MIN: f64 = 0.4;
/// A candidate in the same gap between matched neighbours may score this low.
const GAP_PAIR_MIN: f64 = 0.2;
/// A split or merge must beat the best single pair of its clauses by this much.
const GROUP_MARGIN: f64 = 0.05;
/// Candidates kept per new clause from the index.
const CANDIDATES: usize = 4;
/// Index lookups per new clause stop after this many postings were read.
const POSTING_BUDGET: usize = 256;
/// At most this many word pairs of a new clause are looked up.
const FEATURE_LOOKUPS: usize = 24;
/// The longest run of clauses considered as one split or merge.
const MAX_GROUP: usize = 4;

/// Match clauses by their normalised texts (see the module docs).
#[must_use]
pub fn by_content<S: AsRef<str> + Sync>(old: &[S], new: &[S]) -> Vec<Match> {
    let mut old_match: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_match: Vec<Option<usize>> = vec![None; new.len()];
    let mut out = Vec::new();

    // 1. Exact matches, in order, so that repeated texts pair first with first.
    exact(old, new, &mut old_match, &mut new_match, &mut out);

    // 2. Candidates for the rest.
    let old_rest: Vec<usize> = (0..old.len()).filter(|&i| old_match[i].is_none()).collect();
    let new_rest: Vec<usize> = (0..new.len()).filter(|&j| new_match[j].is_none()).collect();
    if old_rest.is_empty() || new_rest.is_empty() {
        return out;
    }
    let rest_features = |texts: &[S], rest: &[usize]| -> Vec<Vec<u64>> {
        rest.iter().map(|&i| features(texts[i].as_ref())).collect()
    };
    let (old_features, new_features) = par::join_for(
        old_rest.len() + new_rest.len(),
        || rest_features(old, &old_rest),
        || rest_features(new, &new_rest),
    );
    // Where each old clause is in `old_rest`, and the same for new.
    let old_slot = slots(old.len(), &old_rest);
    let new_slot = slots(new.len(), &new_rest);
    let postings = Postings::new(&old_features);
    let index = Index {
        postings: &postings,
        old_rest: &old_rest,
        old_features: &old_features,
        old_match: &old_match,
        new_match: &new_match,
    };
    let slots_of_new: Vec<usize> = (0..new_rest.len()).collect();
    let found: Vec<Vec<Candidate>> = par::map_chunks(&slots_of_new, |part| {
        let mut votes: Vec<u32> = vec![0; old_rest.len()];
        let mut touched: Vec<usize> = Vec::new();
        part.iter()
            .map(|&t| index.candidates(new_rest[t], &new_features[t], &mut votes, &mut touched))
            .collect()
    });
    // (score, event) for pairs; groups are added below.
    let mut events: Vec<(f64, Event)> = Vec::new();
    // old clause → new clauses that have it as a candidate, with the pair's score.
    let mut by_old: HashMap<usize, Vec<(usize, f64)>, Fx> = HashMap::default();
    let mut by_new: Vec<(usize, Vec<(usize, f64)>)> = Vec::with_capacity(new_rest.len());
    for (t, cands) in found.into_iter().enumerate() {
        let j = new_rest[t];
        let mut scored = Vec::with_capacity(cands.len());
        for c in cands {
            let min = if c.in_gap { GAP_PAIR_MIN } else { PAIR_MIN };
            if c.score >= min {
                events.push((c.score, Event::Pair(c.old, j)));
            }
            if c.score >= GAP_PAIR_MIN {
                by_old.entry(c.old).or_default().push((j, c.score));
                scored.push((c.old, c.score));
            }
        }
        by_new.push((j, scored));
    }

    // 3. Splits: consecutive new clauses that share a candidate old clause.
    let mut old_keys: Vec<usize> = by_old.keys().copied().collect();
    old_keys.sort_unstable();
    for i in old_keys {
        let Some(list) = by_old.get_mut(&i) else {
            continue;
        };
        list.sort_by_key(|&(j, _)| j);
        let best_single = list.iter().map(|&(_, s)| s).fold(0.0, f64::max);
        let js: Vec<usize> = list.iter().map(|&(j, _)| j).collect();
        let Some(of) = old_slot[i].map(|s| &old_features[s]) else {
            continue;
        };
        for run in consecutive_runs(&js) {
            for group in subruns(&run) {
                let joined = join(new, group.clone());
                let score = dice(of, &features(&joined));
                if score >= PAIR_MIN && score > best_single + GROUP_MARGIN {
                    events.push((score, Event::Split(i, group)));
                }
            }
        }
    }
    // Merges: consecutive old clauses that are candidates of one new clause.
    for (j, mut list) in by_new {
        list.sort_by_key(|&(i, _)| i);
        let best_single = list.iter().map(|&(_, s)| s).fold(0.0, f64::max);
        let is: Vec<usize> = list.iter().map(|&(i, _)| i).collect();
        let Some(nf) = new_slot[j].map(|s| &new_features[s]) else {
            continue;
        };
        for run in consecutive_runs(&is) {
            for group in subruns(&run) {
                let joined = join(old, group.clone());
                let score = dice(&features(&joined), nf);
                if score >= PAIR_MIN && score > best_single + GROUP_MARGIN {
                    events.push((score, Event::Merge(group, j)));
                }
            }
        }
    }

    // 4. Greedy, best first; ties broken by position so the result is deterministic.
    events.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.key().cmp(&b.1.key())));
    for (_, event) in events {
        match event {
            Event::Pair(i, j) => {
                if old_match[i].is_none() && new_match[j].is_none() {
                    old_match[i] = Some(j);
                    new_match[j] = Some(i);
                    out.push(Match::Pair { old: i, new: j });
                }
            }
            Event::Split(i, js) => {
                if old_match[i].is_none() && js.clone().all(|j| new_match[j].is_none()) {
                    old_match[i] = Some(js.start);
                    for j in js.clone() {
                        new_match[j] = Some(i);
                    }
                    out.push(Match::Split { old: i, new: js });
                }
            }
            Event::Merge(is, j) => {
                if new_match[j].is_none() && is.clone().all(|i| old_match[i].is_none()) {
                    new_match[j] = Some(is.start);
                    for i in is.clone() {
                        old_match[i] = Some(j);
                    }
                    out.push(Match::Merge { old: is, new: j });
                }
            }
        }
    }
    out
}

/// Pair equal texts, each new clause with the first old clause of the same text not yet
/// taken. Texts are hashed once (both sides at once when they are large); a chain links the
/// old clauses of one hash in order, so runs of a repeated text pair in linear time.
fn exact<S: AsRef<str> + Sync>(
    old: &[S],
    new: &[S],
    old_match: &mut [Option<usize>],
    new_match: &mut [Option<usize>],
    out: &mut Vec<Match>,
) {
    let hashes =
        |texts: &[S]| -> Vec<u64> { texts.iter().map(|t| text_hash(t.as_ref())).collect() };
    let (old_hashes, new_hashes) =
        par::join_for(old.len() + new.len(), || hashes(old), || hashes(new));
    let mut head: HashMap<u64, usize, Fx> =
        HashMap::with_capacity_and_hasher(old.len(), Fx::default());
    let mut next: Vec<usize> = vec![END; old.len()];
    for (i, &h) in old_hashes.iter().enumerate().rev() {
        if let Some(after) = head.insert(h, i) {
            next[i] = after;
        }
    }
    for (j, h) in new_hashes.iter().enumerate() {
        let Some(first) = head.get_mut(h) else {
            continue;
        };
        let mut i = *first;
        while i != END && (old_match[i].is_some() || old[i].as_ref() != new[j].as_ref()) {
            i = next[i];
        }
        if i == END {
            continue;
        }
        old_match[i] = Some(j);
        new_match[j] = Some(i);
        out.push(Match::Pair { old: i, new: j });
        while *first != END && old_match[*first].is_some() {
            *first = next[*first];
        }
    }
}

/// A hash of a whole text, for finding equal texts: four lanes of eight bytes at a time, so
/// that the multiplications of one lane do not wait for the others (this reads every byte of
/// both versions).
fn text_hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut lanes = [0u64, 1, 2, 3];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            *lane = mix(*lane, u64::from_le_bytes(w));
        }
    }
    let mut h = IdHasher(lanes.iter().fold(bytes.len() as u64, |h, &l| mix(h, l)));
    h.write(blocks.remainder());
    h.finish()
}

/// The end of a chain in [`exact`].
const END: usize = usize::MAX;

/// `slots[i]`: where `i` is in `rest`.
fn slots(len: usize, rest: &[usize]) -> Vec<Option<usize>> {
    let mut out = vec![None; len];
    for (slot, &i) in rest.iter().enumerate() {
        out[i] = Some(slot);
    }
    out
}

/// For each word pair, the unmatched old clauses (slots in `old_rest`) that have it: one table
/// from key to a range of one array, built in two passes (count, then fill), so that a large
/// diff's hundreds of thousands of word pairs cost no allocation each.
struct Postings {
    ranges: HashMap<u64, (u32, u32), Fx>,
    slots: Vec<u32>,
}

impl Postings {
    fn new(features: &[Vec<u64>]) -> Postings {
        // Not sized for every word pair: many repeat, and a table twice too large costs more
        // (in pages to clear) than growing.
        let mut ranges: HashMap<u64, (u32, u32), Fx> = HashMap::default();
        for f in features {
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
        for (slot, f) in features.iter().enumerate() {
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

    fn get(&self, key: u64) -> Option<&[u32]> {
        let &(start, len) = self.ranges.get(&key)?;
        self.slots.get(start as usize..(start + len) as usize)
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
    old_rest: &'a [usize],
    old_features: &'a [Vec<u64>],
    old_match: &'a [Option<usize>],
    new_match: &'a [Option<usize>],
}

impl Index<'_> {
    /// The candidates of new clause `j`: the old clauses sharing most of its rarest word
    /// pairs, and those in its gap, scored. `votes` (zero, one per unmatched old clause) and
    /// `touched` (empty) are scratch space, left as they were found.
    fn candidates(
        &self,
        j: usize,
        f: &[u64],
        votes: &mut [u32],
        touched: &mut Vec<usize>,
    ) -> Vec<Candidate> {
        let mut lookups: Vec<&[u32]> = f.iter().filter_map(|&h| self.postings.get(h)).collect();
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
        // Only the best CANDIDATES matter: select them, then order just those.
        let rank = |&s: &usize| (std::cmp::Reverse(votes[s]), s);
        if touched.len() > CANDIDATES {
            touched.select_nth_unstable_by_key(CANDIDATES, rank);
            touched[..CANDIDATES].sort_unstable_by_key(rank);
        } else {
            touched.sort_unstable_by_key(rank);
        }
        let mut cands: Vec<(usize, usize)> = touched
            .iter()
            .take(CANDIDATES)
            .map(|&s| (self.old_rest[s], s))
            .collect();
        for &s in touched.iter() {
            votes[s] = 0;
        }
        touched.clear();
        let gap = gap_candidates(j, self.old_match, self.new_match, self.old_match.len());
        for &i in &gap {
            if !cands.iter().any(|&(c, _)| c == i)
                && let Ok(s) = self.old_rest.binary_search(&i)
            {
                cands.push((i, s));
            }
        }
        cands
            .into_iter()
            .map(|(i, s)| Candidate {
                old: i,
                score: dice(&self.old_features[s], f),
                in_gap: gap.contains(&i),
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
enum Event {
    Pair(usize, usize),
    Split(usize, Range<usize>),
    Merge(Range<usize>, usize),
}

impl Event {
    fn key(&self) -> (usize, usize, usize) {
        match self {
            Event::Pair(i, j) => (*j, *i, 0),
            Event::Split(i, js) => (js.start, *i, 1),
            Event::Merge(is, j) => (*j, is.start, 2),
        }
    }
}

/// The unmatched old clauses in the same gap as new clause `j`: right after the old match of
/// `j - 1`, and right before the old match of `j + 1`.
fn gap_candidates(
    j: usize,
    old_match: &[Option<usize>],
    new_match: &[Option<usize>],
    old_len: usize,
) -> Vec<usize> {
    let mut out = Vec::with_capacity(2);
    let after = if j == 0 {
        Some(0)
    } else {
        new_match[j - 1].map(|i| i + 1)
    };
    if let Some(i) = after.filter(|&i| i < old_len && old_match[i].is_none()) {
        out.push(i);
    }
    let before = if j + 1 == new_match.len() {
        old_len.checked_sub(1)
    } else {
        new_match
            .get(j + 1)
            .copied()
            .flatten()
            .and_then(|i| i.checked_sub(1))
    };
    if let Some(i) = before.filter(|&i| old_match[i].is_none() && !out.contains(&i)) {
        out.push(i);
    }
    out
}

/// Maximal runs of consecutive numbers in a sorted list, of length 2 or more.
fn consecutive_runs(sorted: &[usize]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut k = 0;
    while k < sorted.len() {
        let start = sorted[k];
        let mut end = start + 1;
        k += 1;
        while k < sorted.len() && sorted[k] == end {
            end += 1;
            k += 1;
        }
        if end - start >= 2 {
            runs.push(start..end);
        }
    }
    runs
}

/// The sub-ranges of 2 to [`MAX_GROUP`] elements of a run.
fn subruns(run: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for a in run.clone() {
        for len in 2..=MAX_GROUP {
            if a + len <= run.end {
                out.push(a..a + len);
            }
        }
    }
    out
}

fn join<S: AsRef<str>>(texts: &[S], range: Range<usize>) -> String {
    let mut out = String::new();
    for t in &texts[range] {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t.as_ref());
    }
    out
}

/// A hasher for keys that are already hashes, or small numbers.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = mix(self.0, u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = mix(self.0, n);
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = mix(self.0, n as u64);
    }
}

/// A fast hasher for keys that are hashes or small numbers (not for keys an adversary picks
/// to collide: these come from the documents, and a collision costs time, never a result).
pub(crate) type Fx = BuildHasherDefault<IdHasher>;

fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// The word pairs of a text, hashed, sorted and deduplicated; a one-word text is its word.
/// Words are runs of letters and digits, lowercased, so punctuation and case do not count.
#[must_use]
pub fn features(text: &str) -> Vec<u64> {
    const SEED: u64 = 0xcbf2_9ce4_8422_2325;
    let mut words: Vec<u64> = Vec::with_capacity(text.len() / 5 + 1);
    let mut h = SEED;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII byte by byte; other characters decoded (the same hashes as for `chars()`).
        let b = bytes[at];
        let alnum = if b.is_ascii() {
            at += 1;
            let alnum = b.is_ascii_alphanumeric();
            if alnum {
                h = mix(h, u64::from(b.to_ascii_lowercase()));
            }
            alnum
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            at += c.len_utf8();
            if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    h = mix(h, u64::from(l));
                }
                true
            } else {
                false
            }
        };
        if alnum {
            in_word = true;
        } else if in_word {
            words.push(h);
            h = SEED;
            in_word = false;
        }
    }
    if in_word {
        words.push(h);
    }
    let mut out: Vec<u64> = if words.len() < 2 {
        words
    } else {
        words.windows(2).map(|w| mix(mix(7, w[0]), w[1])).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Overlap of two sorted sets: 2·|a∩b| / (|a|+|b|).
#[must_use]
pub fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    // A merge without branches on the comparison: they would mispredict half the time.
    let (mut at_a, mut at_b, mut common) = (0, 0, 0usize);
    while at_a < a.len() && at_b < b.len() {
        let (p, q) = (a[at_a], b[at_b]);
        common += usize::from(p == q);
        at_a += usize::from(p <= q);
        at_b += usize::from(q <= p);
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(texts: &[&str]) -> Vec<String> {
        texts.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn runs() {
        assert_eq!(consecutive_runs(&[1, 2, 3, 5, 7, 8]), [1..4, 7..9]);
        assert_eq!(subruns(&(1..4)), [1..3, 1..4, 2..4]);
    }

    #[test]
    fn split_and_merge() {
        let old = s(&[
            "Alpha beta gamma delta, epsilon zeta eta theta iota kappa;",
            "Lambda mu nu xi omicron pi rho sigma tau;",
            "Upsilon phi chi psi omega one two three four;",
        ]);
        let new = s(&[
            "Alpha beta gamma delta;",
            "furthermore, epsilon zeta eta theta iota kappa;",
            "Lambda mu nu xi omicron pi rho sigma tau, and upsilon phi chi psi omega one two three four;",
        ]);
        let mut m = by_content(&old, &new);
        m.sort_by_key(|m| format!("{m:?}"));
        assert_eq!(
            m,
            [
                Match::Merge { old: 1..3, new: 2 },
                Match::Split { old: 0, new: 0..2 }
            ]
        );
    }
}
