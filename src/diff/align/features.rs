//! What the alignment compares clause texts by: their word pairs and their content words.
//!
//! Words are runs of letters and digits, lowercased, with a plural `s` dropped, so case,
//! punctuation and `State`/`States` do not count. The word pairs of a text (hashed, sorted,
//! deduplicated) say how much of its wording two texts share; its content words (the words
//! less a short list of function words such as `the`, `of`, `and`) say which words moved to
//! another clause even when the wording around them changed.

use std::collections::HashMap;

use super::hash::{Fx, mix};

/// A text as the alignment compares it: both sets sorted and without repeats.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// Hashes of consecutive word pairs; a one-word text is its word.
    pub pairs: Vec<u64>,
    /// Hashes of the content words, sorted, each as often as the text has it.
    pub words: Vec<u64>,
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// The hash of a word, as [`features`] computes it.
const fn word_hash(word: &[u8]) -> u64 {
    let mut h = SEED;
    let mut at = 0;
    while at < word.len() {
        h = mix(h, word[at].to_ascii_lowercase() as u64);
        at += 1;
    }
    h
}

/// Function words: they join the words that carry meaning, and every clause has them.
const FUNCTION_WORDS: [&str; 44] = [
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "to",
    "in",
    "on",
    "for",
    "by",
    "with",
    "at",
    "as",
    "from",
    "into",
    "be",
    "is",
    "are",
    "was",
    "were",
    "been",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "which",
    "who",
    "we",
    "our",
    "us",
    "their",
    "they",
    "all",
    "also",
    "such",
    "well",
    "other",
    "including",
    "than",
    "there",
    "not",
];

/// Slots of the function-word table: a power of two, several times the number of words, so
/// that a lookup probes one or two slots.
const TABLE: usize = 256;

/// The function words' hashes, open addressing, 0 for an empty slot (no word hashes to 0 in
/// practice; if one did, it would only count as a content word).
static FUNCTION_TABLE: [u64; TABLE] = function_table();

const fn table(words: &[&str]) -> [u64; TABLE] {
    let mut table = [0u64; TABLE];
    let mut k = 0;
    while k < words.len() {
        let h = stem(word_hash(words[k].as_bytes()), words[k].as_bytes());
        let mut slot = slot_of(h);
        while table[slot] != 0 && table[slot] != h {
            slot = (slot + 1) & (TABLE - 1);
        }
        table[slot] = h;
        k += 1;
    }
    table
}

/// A word's hash without a final `s` on words of four or more letters (`partners` reads as
/// `partner`). `h` is the hash of the whole word, `word` its bytes.
const fn stem(h: u64, word: &[u8]) -> u64 {
    let n = word.len();
    if n >= 4 && (word[n - 1] == b's' || word[n - 1] == b'S') {
        let mut k = 0;
        let mut g = SEED;
        while k + 1 < n {
            g = mix(g, word[k].to_ascii_lowercase() as u64);
            k += 1;
        }
        g
    } else {
        h
    }
}

/// The words of the formulas declarations open their clauses with (`Reaffirm our commitment
/// to`, `Stress the importance of`, `Call for`): content words, but two clauses sharing them
/// share a formula, not a subject, so they weigh less (see [`Weights`]).
const FORMULA_WORDS: [&str; 48] = [
    "reaffirm",
    "recall",
    "recalling",
    "recognise",
    "recognize",
    "recognising",
    "stress",
    "stressing",
    "underline",
    "emphasise",
    "emphasize",
    "highlight",
    "welcome",
    "welcoming",
    "note",
    "noting",
    "acknowledge",
    "commit",
    "commitment",
    "committed",
    "importance",
    "important",
    "need",
    "call",
    "encourage",
    "urge",
    "invite",
    "intend",
    "agree",
    "resolve",
    "pledge",
    "express",
    "concern",
    "condemn",
    "continue",
    "further",
    "moreover",
    "furthermore",
    "addition",
    "likewise",
    "context",
    "end",
    "role",
    "value",
    "progress",
    "made",
    "determination",
    "renew",
];

static FORMULA_TABLE: [u64; TABLE] = table(&FORMULA_WORDS);

const fn function_table() -> [u64; TABLE] {
    table(&FUNCTION_WORDS)
}

/// The first slot of a hash in a table: its low bits.
const fn slot_of(h: u64) -> usize {
    // The mask keeps the value below TABLE, so the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation)]
    let slot = (h & (TABLE as u64 - 1)) as usize;
    slot
}

fn lookup(table: &[u64; TABLE], h: u64) -> bool {
    let mut slot = slot_of(h);
    loop {
        match table[slot] {
            0 => return false,
            x if x == h => return true,
            _ => slot = (slot + 1) & (TABLE - 1),
        }
    }
}

fn is_function_word(h: u64) -> bool {
    lookup(&FUNCTION_TABLE, h)
}

/// Whether a word is one of the [`FORMULA_WORDS`].
pub(crate) fn is_formula_word(h: u64) -> bool {
    lookup(&FORMULA_TABLE, h)
}

/// Call `f` with the hash of each word of `text`, in order, stemmed (see the module docs).
#[inline]
fn for_each_word(text: &str, mut f: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut h = SEED;
    // The hash before the word's last character, and that character, for the plural `s`.
    let (mut before_last, mut last, mut len) = (SEED, 0u32, 0usize);
    let mut at = 0;
    let mut finish = |h: u64, before_last: u64, last: u32, len: usize| {
        let plural = len >= 4 && last == u32::from(b's');
        f(if plural { before_last } else { h });
    };
    while at < bytes.len() {
        // ASCII byte by byte; other characters decoded.
        let b = bytes[at];
        let mut in_word = false;
        if b.is_ascii() {
            at += 1;
            if b.is_ascii_alphanumeric() {
                let l = b.to_ascii_lowercase();
                before_last = h;
                h = mix(h, u64::from(l));
                last = u32::from(l);
                len += 1;
                in_word = true;
            }
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            at += c.len_utf8();
            if c.is_alphanumeric() {
                before_last = h;
                for l in c.to_lowercase() {
                    h = mix(h, u64::from(l));
                    last = u32::from(l);
                }
                len += 1;
                in_word = true;
            }
        }
        if !in_word && len > 0 {
            finish(h, before_last, last, len);
            h = SEED;
            len = 0;
        }
    }
    if len > 0 {
        finish(h, before_last, last, len);
    }
}

/// The content words of a text (as [`features`] gives them), for counting how common words
/// are: without the word pairs, which cost as much again.
pub(crate) fn content_words(text: &str) -> Vec<u64> {
    let mut words: Vec<u64> = Vec::with_capacity(text.len() / 8 + 1);
    for_each_word(text, |w| {
        if !is_function_word(w) {
            words.push(w);
        }
    });
    words.sort_unstable();
    words
}

/// The word pairs and content words of a text, in one pass over it.
pub(crate) fn features(text: &str) -> Features {
    let mut pairs: Vec<u64> = Vec::with_capacity(text.len() / 6 + 1);
    let mut words: Vec<u64> = Vec::with_capacity(text.len() / 8 + 1);
    let mut prev: Option<u64> = None;
    for_each_word(text, |w| {
        if let Some(p) = prev {
            pairs.push(mix(mix(7, p), w));
        }
        prev = Some(w);
        if !is_function_word(w) {
            words.push(w);
        }
    });
    if let (true, Some(only)) = (pairs.is_empty(), prev) {
        pairs.push(only);
    }
    pairs.sort_unstable();
    pairs.dedup();
    // A multiset: a word said twice (`the participation of A, and the participation of B`)
    // can go once to each part of a split.
    words.sort_unstable();
    Features { pairs, words }
}

/// The weight of word `h` found in `df` clauses (see [`Weights`]).
fn weight_of(h: u64, df: f64) -> f64 {
    let w = 1.0 / (1.0 + df.max(1.0).ln());
    if is_formula_word(h) { w / 4.0 } else { w }
}

/// How much a content word says about which clause a text is: less the more clauses have it
/// (`1 / (1 + ln n)` for a word in `n` clauses of a version, on average over the two), and a
/// quarter for [formula words](is_formula_word). A word in one clause of each version, as the
/// words a clause keeps are, weighs 1.
pub(crate) struct Weights {
    /// The weight of each word counted (words never counted are in one clause: 1, or a
    /// quarter for a formula word), computed once: a weight is asked for several hundred
    /// thousand times on a large pair.
    weight: HashMap<u64, f64, Fx>,
}

impl Weights {
    /// Count `texts`: content word sets, each standing for as many clauses (of one version,
    /// on average over the two) as its number says.
    pub(crate) fn new<'w>(texts: impl Iterator<Item = (&'w [u64], f64)>) -> Self {
        let mut df: HashMap<u64, f64, Fx> = HashMap::default();
        for (words, n) in texts {
            for (k, &h) in words.iter().enumerate() {
                // Once per clause: `words` is sorted, so repeats are neighbours.
                if k == 0 || words[k - 1] != h {
                    *df.entry(h).or_default() += n;
                }
            }
        }
        let mut weight = df;
        for (&h, w) in &mut weight {
            *w = weight_of(h, *w);
        }
        Weights { weight }
    }

    /// The weight of one word.
    pub(crate) fn of(&self, h: u64) -> f64 {
        self.weight
            .get(&h)
            .copied()
            .unwrap_or_else(|| weight_of(h, 1.0))
    }

    /// The weight of a set of words.
    pub(crate) fn sum(&self, words: &[u64]) -> f64 {
        words.iter().map(|&h| self.of(h)).sum()
    }

    /// The weight of the words two sorted sets share.
    pub(crate) fn common(&self, a: &[u64], b: &[u64]) -> f64 {
        let (mut at_a, mut at_b, mut weight) = (0, 0, 0.0);
        while at_a < a.len() && at_b < b.len() {
            match a[at_a].cmp(&b[at_b]) {
                std::cmp::Ordering::Less => at_a += 1,
                std::cmp::Ordering::Greater => at_b += 1,
                std::cmp::Ordering::Equal => {
                    weight += self.of(a[at_a]);
                    at_a += 1;
                    at_b += 1;
                }
            }
        }
        weight
    }

    /// Weighted overlap of two sorted word sets: 2·w(a∩b) / (w(a)+w(b)).
    pub(crate) fn dice(&self, a: &[u64], b: &[u64]) -> f64 {
        let total = self.sum(a) + self.sum(b);
        if total <= 0.0 {
            return 0.0;
        }
        2.0 * self.common(a, b) / total
    }
}

/// Overlap of two sorted sets: 2·|a∩b| / (|a|+|b|).
#[must_use]
pub fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// |a∩b| of two sorted sets (or multisets: each element as often as in both).
fn common(a: &[u64], b: &[u64]) -> usize {
    // A merge without branches on the comparison: they would mispredict half the time.
    let (mut at_a, mut at_b, mut common) = (0, 0, 0usize);
    while at_a < a.len() && at_b < b.len() {
        let (p, q) = (a[at_a], b[at_b]);
        common += usize::from(p == q);
        at_a += usize::from(p <= q);
        at_b += usize::from(q <= p);
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_and_plurals_do_not_count() {
        let a = features("Member States, partners: the plan.");
        let b = features("member state partner plan");
        assert_eq!(a.words, b.words);
        // `the` is a function word: not a content word, but part of the wording.
        assert_eq!(a.words.len(), 4);
        assert_eq!(features("the plan and the plan").words.len(), 2);
        assert_eq!(a.pairs.len(), 4);
    }

    #[test]
    fn set_operations() {
        assert_eq!(common(&[1, 3, 5], &[3, 4, 5]), 2);
        assert_eq!(common(&[3, 3, 4], &[3, 3, 3]), 2);
        assert!((dice(&[1, 2], &[2, 3]) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn non_ascii_words() {
        let a = features("Coopération renforcée des États");
        let b = features("coopération renforcée des états");
        assert_eq!(a.words, b.words);
    }
}
