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

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

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
/// At most this many features of a new clause are looked up.
const FEATURE_LOOKUPS: usize = 24;
/// The longest run of clauses considered as one split or merge.
const MAX_GROUP: usize = 4;

/// Match clauses by their normalised texts (see the module docs).
#[must_use]
pub fn by_content<S: AsRef<str>>(old: &[S], new: &[S]) -> Vec<Match> {
    let mut old_match: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_match: Vec<Option<usize>> = vec![None; new.len()];
    let mut out = Vec::new();

    // 1. Exact matches, in order, so that repeated texts pair first with first.
    let mut exact: HashMap<&str, Vec<usize>, Fx> =
        HashMap::with_capacity_and_hasher(old.len(), Fx::default());
    for (i, text) in old.iter().enumerate().rev() {
        exact.entry(text.as_ref()).or_default().push(i);
    }
    for (j, text) in new.iter().enumerate() {
        if let Some(i) = exact.get_mut(text.as_ref()).and_then(Vec::pop) {
            old_match[i] = Some(j);
            new_match[j] = Some(i);
            out.push(Match::Pair { old: i, new: j });
        }
    }
    drop(exact);

    // 2. Candidates for the rest.
    let old_rest: Vec<usize> = (0..old.len()).filter(|&i| old_match[i].is_none()).collect();
    let new_rest: Vec<usize> = (0..new.len()).filter(|&j| new_match[j].is_none()).collect();
    if old_rest.is_empty() || new_rest.is_empty() {
        return out;
    }
    let mut old_features: HashMap<usize, Vec<u64>, Fx> =
        HashMap::with_capacity_and_hasher(old_rest.len(), Fx::default());
    let mut postings: HashMap<u64, Vec<u32>, Fx> = HashMap::default();
    for (slot, &i) in old_rest.iter().enumerate() {
        let f = features(old[i].as_ref());
        for &h in &f {
            postings
                .entry(h)
                .or_default()
                .push(u32::try_from(slot).unwrap_or(u32::MAX));
        }
        old_features.insert(i, f);
    }
    let mut new_features: HashMap<usize, Vec<u64>, Fx> =
        HashMap::with_capacity_and_hasher(new_rest.len(), Fx::default());
    let mut votes: Vec<u32> = vec![0; old_rest.len()];
    let mut touched: Vec<usize> = Vec::new();
    // (score, event) for pairs; groups are added below.
    let mut events: Vec<(f64, Event)> = Vec::new();
    // old clause → new clauses that have it as a candidate, with the pair's score.
    let mut by_old: HashMap<usize, Vec<(usize, f64)>, Fx> = HashMap::default();
    let mut by_new: Vec<(usize, Vec<(usize, f64)>)> = Vec::with_capacity(new_rest.len());
    for &j in &new_rest {
        let f = features(new[j].as_ref());
        let mut lookups: Vec<&Vec<u32>> = f.iter().filter_map(|h| postings.get(h)).collect();
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
        let mut cands: Vec<usize> = touched
            .iter()
            .take(CANDIDATES)
            .map(|&s| old_rest[s])
            .collect();
        for &s in &touched {
            votes[s] = 0;
        }
        touched.clear();
        let gap = gap_candidates(j, &old_match, &new_match, old.len());
        for &i in &gap {
            if !cands.contains(&i) {
                cands.push(i);
            }
        }
        let mut scored = Vec::with_capacity(cands.len());
        for i in cands {
            let Some(of) = old_features.get(&i) else {
                continue;
            };
            let score = dice(of, &f);
            let min = if gap.contains(&i) {
                GAP_PAIR_MIN
            } else {
                PAIR_MIN
            };
            if score >= min {
                events.push((score, Event::Pair(i, j)));
            }
            if score >= GAP_PAIR_MIN {
                by_old.entry(i).or_default().push((j, score));
                scored.push((i, score));
            }
        }
        by_new.push((j, scored));
        new_features.insert(j, f);
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
        let Some(of) = old_features.get(&i) else {
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
        let Some(nf) = new_features.get(&j) else {
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

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct IdHasher(u64);

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

type Fx = BuildHasherDefault<IdHasher>;

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
    for c in text.chars() {
        let alnum = if c.is_ascii() {
            let alnum = c.is_ascii_alphanumeric();
            if alnum {
                h = mix(h, u64::from(c.to_ascii_lowercase()));
            }
            alnum
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                h = mix(h, u64::from(l));
            }
            true
        } else {
            false
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
    let (mut x, mut y, mut common) = (0, 0, 0usize);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                x += 1;
                y += 1;
            }
        }
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
