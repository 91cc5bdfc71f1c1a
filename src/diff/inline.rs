//! Word diff of two clause texts, on Unicode word boundaries, always with a deadline.
//!
//! `similar`'s Myers diff stops searching for the shortest edit script when its deadline
//! passes and finishes with a coarser one; when that happens the result says so, so that no
//! output ever presents a coarse diff as a minimal one.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffTag};

use super::model::{Inline, InlineOp, Op};

/// Above this many tokens on one side the word diff is not attempted: the clause is shown as
/// deleted and inserted whole, with a note.
const MAX_TOKENS: usize = 2_000_000;

/// The word diff from `old` to `new`, giving up on minimality after `timeout`.
#[must_use]
pub fn diff(old: &str, new: &str, timeout: Duration) -> Inline {
    if old == new {
        return Inline {
            ops: equal_ops(old),
            fallback: None,
        };
    }
    // Cheap upper bound on the token count (a token is at least one byte).
    if old.len() > MAX_TOKENS || new.len() > MAX_TOKENS {
        return whole(
            old,
            new,
            "the clause is too long for a word diff; shown as replaced whole",
        );
    }
    // Most edits touch a few words of a long clause: leave the common start and end out of
    // the word diff, cut where a token surely begins, so the tokens are those of the whole.
    let (head, tail) = common_ends(old, new);
    diff_between(old, new, head, tail, timeout)
}

/// The word diff of `old` and `new` whose first `head` and last `tail` bytes are the same and
/// cut at token starts (see [`common_ends`]).
fn diff_between(old: &str, new: &str, head: usize, tail: usize, timeout: Duration) -> Inline {
    let deadline = Instant::now() + timeout;
    let (old_mid, new_mid) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let old_tokens = words(old_mid);
    let new_tokens = words(new_mid);
    let diff_ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &old_tokens,
        &new_tokens,
        Some(deadline),
    );
    // Tokens are consecutive pieces of their text: a run of them is one slice of it.
    let (old_at, new_at) = (offsets(&old_tokens), offsets(&new_tokens));
    let old_run = |r: std::ops::Range<usize>| &old_mid[old_at[r.start]..old_at[r.end]];
    let new_run = |r: std::ops::Range<usize>| &new_mid[new_at[r.start]..new_at[r.end]];
    let mut ops: Vec<InlineOp> = Vec::new();
    push(&mut ops, Op::Equal, &old[..head]);
    for op in &diff_ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push(&mut ops, Op::Equal, old_run(old_range)),
            DiffTag::Delete => push(&mut ops, Op::Delete, old_run(old_range)),
            DiffTag::Insert => push(&mut ops, Op::Insert, new_run(new_range)),
            DiffTag::Replace => {
                push(&mut ops, Op::Delete, old_run(old_range));
                push(&mut ops, Op::Insert, new_run(new_range));
            }
        }
    }
    push(&mut ops, Op::Equal, &old[old.len() - tail..]);
    let fallback = (Instant::now() >= deadline).then(|| {
        format!(
            "the word diff stopped after {} ms; changes are shown coarser than minimal",
            timeout.as_millis()
        )
    });
    Inline {
        ops: regroup(&ops),
        fallback,
    }
}

/// Byte offset of each token in its text, and the text's length at the end.
fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut at = Vec::with_capacity(tokens.len() + 1);
    let mut n = 0;
    at.push(0);
    for t in tokens {
        n += t.len();
        at.push(n);
    }
    at
}

/// How many bytes at the start and at the end `old` and `new` have in common, each cut back to
/// a place where a token begins in both: right after whitespace, before a character that is
/// not whitespace. [`words`] never joins across such a place, so the tokens of the middle are
/// exactly the middle tokens of the whole texts.
fn common_ends(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let mut head = prefix;
    while head > 0 && !(is_token_start(old, head) && is_token_start(new, head)) {
        head -= 1;
    }
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        // Not into the common start, even the part of it left to the word diff: tokens there
        // are the word diff's common start, which it takes before its common end.
        .take(a.len().min(b.len()) - prefix)
        .take_while(|(x, y)| x == y)
        .count();
    let mut tail = suffix;
    while tail > 0 && !(is_token_start(old, a.len() - tail) && is_token_start(new, b.len() - tail))
    {
        tail -= 1;
    }
    (head, tail)
}

/// Whether a token surely begins at byte `at`: after whitespace, at a character that is not.
fn is_token_start(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() || !text.is_char_boundary(at) {
        return false;
    }
    let before = text[..at].chars().next_back();
    let here = text[at..].chars().next();
    before.is_some_and(char::is_whitespace) && here.is_some_and(|c| !c.is_whitespace())
}

/// Split a text on Unicode word boundaries, in the way that matters for a word diff: a word is a
/// run of letters and digits (keeping an apostrophe between letters, as in `don't`, and a comma
/// or full stop between digits, as in `1,000.5`); a run of whitespace is one token; any other
/// character is a token of its own. The tokens concatenate back to the text.
#[must_use]
pub fn words(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 4);
    // The character at `i` and its length, with a fast path for ASCII.
    let char_at = |i: usize| -> (char, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            (char::from(b), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
            (c, c.len_utf8())
        }
    };
    let word_char = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let (c, len) = char_at(i);
        i += len;
        if word_char(c) {
            let mut prev = c;
            while i < bytes.len() {
                let (d, dlen) = char_at(i);
                let joins = word_char(d) || {
                    // A joiner counts only between two word characters of the right kind.
                    let next = (i + dlen < bytes.len()).then(|| char_at(i + dlen).0);
                    match d {
                        '\'' | '\u{2019}' => {
                            prev.is_alphabetic() && next.is_some_and(char::is_alphabetic)
                        }
                        ',' | '.' => prev.is_numeric() && next.is_some_and(char::is_numeric),
                        _ => false,
                    }
                };
                if !joins {
                    break;
                }
                prev = d;
                i += dlen;
            }
        } else if c.is_whitespace() {
            while i < bytes.len() {
                let (d, dlen) = char_at(i);
                if !d.is_whitespace() {
                    break;
                }
                i += dlen;
            }
        }
        out.push(&text[start..i]);
    }
    out
}

fn equal_ops(text: &str) -> Vec<InlineOp> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![InlineOp {
            op: Op::Equal,
            text: text.to_string(),
            part: 0,
        }]
    }
}

fn whole(old: &str, new: &str, note: &str) -> Inline {
    let mut ops = Vec::new();
    push(&mut ops, Op::Delete, old);
    push(&mut ops, Op::Insert, new);
    Inline {
        ops,
        fallback: Some(note.to_string()),
    }
}

/// Append, joining with the previous op when it is the same kind.
fn push(ops: &mut Vec<InlineOp>, op: Op, text: &str) {
    push_part(ops, op, text, 0);
}

/// Append an op of `part`, joining with the previous op when it is the same kind and part.
fn push_part(ops: &mut Vec<InlineOp>, op: Op, text: &str, part: usize) {
    if text.is_empty() {
        return;
    }
    match ops.last_mut() {
        Some(last) if last.op == op && last.part == part => last.text.push_str(text),
        _ => ops.push(InlineOp {
            op,
            text: text.to_string(),
            part,
        }),
    }
}

/// Make each run of changes between two equal parts read as one deletion then one insertion,
/// and absorb lone spaces between changes into them (`a b` → `c d` reads as one replacement,
/// not word by word). Applying the ops still gives the same old and new texts.
fn regroup(ops: &[InlineOp]) -> Vec<InlineOp> {
    let mut out: Vec<InlineOp> = Vec::with_capacity(ops.len());
    let mut del = String::new();
    let mut ins = String::new();
    let n = ops.len();
    let flush = |out: &mut Vec<InlineOp>, del: &mut String, ins: &mut String| {
        push(out, Op::Delete, del);
        push(out, Op::Insert, ins);
        del.clear();
        ins.clear();
    };
    for (i, op) in ops.iter().enumerate() {
        match op.op {
            Op::Delete => del.push_str(&op.text),
            Op::Insert => ins.push_str(&op.text),
            Op::Equal => {
                let between_changes = (!del.is_empty() || !ins.is_empty())
                    && i + 1 < n
                    && op.text.trim().is_empty()
                    && op.text.chars().count() == 1;
                if between_changes {
                    del.push_str(&op.text);
                    ins.push_str(&op.text);
                } else {
                    flush(&mut out, &mut del, &mut ins);
                    push(&mut out, Op::Equal, &op.text);
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// The word diff of a split: from `old` to the new clauses `parts` (in document order), each
/// part against the words of the old clause it took (see [`Inline`]).
#[must_use]
pub fn split(old: &str, parts: &[&str], timeout: Duration) -> Inline {
    grouped(old, parts, timeout, Way::Split)
}

/// The word diff of a merge: from the old clauses `parts` (in document order) to `new`, each
/// part against the words of the new clause it gave (see [`Inline`]).
#[must_use]
pub fn merge(parts: &[&str], new: &str, timeout: Duration) -> Inline {
    grouped(new, parts, timeout, Way::Merge)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    Split,
    Merge,
}

/// A token of the parts joined: the part it comes from, or `None` for the space put between
/// two parts, which is in no clause.
type Joined<'a> = (&'a str, Option<usize>);

/// [`split`] (`whole` the old text) or [`merge`] (`whole` the new text).
///
/// The parts are joined into one text, in the order in which their words come in `whole`, and
/// that text is diffed with `whole`, word by word. Each op then goes to the part its joined
/// tokens come from; words only `whole` has go to the part before them (at the start, to the
/// first). The space joining two parts is in no clause: where the diff finds it equal to a
/// space of `whole`, that space is a deletion (split) or an insertion (merge) of the part
/// before it.
fn grouped(whole: &str, parts: &[&str], timeout: Duration, way: Way) -> Inline {
    let deadline = Instant::now() + timeout;
    let total: usize = parts.iter().map(|p| p.len()).sum();
    if whole.len() > MAX_TOKENS || total > MAX_TOKENS {
        let note = "the clause is too long for a word diff; shown as replaced whole";
        let mut ops = Vec::new();
        let (whole_op, part_op) = match way {
            Way::Split => (Op::Delete, Op::Insert),
            Way::Merge => (Op::Insert, Op::Delete),
        };
        push_part(&mut ops, whole_op, whole, 0);
        for (k, p) in parts.iter().enumerate() {
            push_part(&mut ops, part_op, p, k);
        }
        return Inline {
            ops,
            fallback: Some(note.to_string()),
        };
    }
    let whole_tokens = words(whole);
    let order = order_of_parts(&whole_tokens, parts);
    let mut joined: Vec<Joined<'_>> = Vec::with_capacity(total / 4 + parts.len());
    for (n, &k) in order.iter().enumerate() {
        if n > 0 {
            joined.push((" ", None));
        }
        joined.extend(words(parts[k]).into_iter().map(|t| (t, Some(k))));
    }
    let joined_tokens: Vec<&str> = joined.iter().map(|&(t, _)| t).collect();
    let (a, b) = match way {
        Way::Split => (&whole_tokens, &joined_tokens),
        Way::Merge => (&joined_tokens, &whole_tokens),
    };
    let diff_ops = similar::capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline));
    let mut current = order.first().copied().unwrap_or(0);
    let mut ops: Vec<InlineOp> = Vec::new();
    // The op of a token only `whole` has: deleted from the old text, or inserted in the new.
    let whole_only = match way {
        Way::Split => Op::Delete,
        Way::Merge => Op::Insert,
    };
    let joined_only = match way {
        Way::Split => Op::Insert,
        Way::Merge => Op::Delete,
    };
    for op in &diff_ops {
        let (tag, a_range, b_range) = op.as_tag_tuple();
        let (whole_range, joined_range) = match way {
            Way::Split => (a_range, b_range),
            Way::Merge => (b_range, a_range),
        };
        match tag {
            DiffTag::Equal => {
                for (w, j) in whole_range.zip(joined_range) {
                    match joined[j].1 {
                        Some(k) => {
                            current = k;
                            push_part(&mut ops, Op::Equal, whole_tokens[w], k);
                        }
                        None => push_part(&mut ops, whole_only, whole_tokens[w], current),
                    }
                }
            }
            DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                // Of a replacement, the deletion first, as the plain word diff writes it.
                let (first, second) = match way {
                    Way::Split => (Some(whole_range), Some(joined_range)),
                    Way::Merge => (Some(joined_range), Some(whole_range)),
                };
                for (range, from_joined) in
                    [(first, way == Way::Merge), (second, way == Way::Split)]
                {
                    let Some(range) = range else { continue };
                    for t in range {
                        if from_joined {
                            if let (text, Some(k)) = joined[t] {
                                current = k;
                                push_part(&mut ops, joined_only, text, k);
                            }
                        } else {
                            push_part(&mut ops, whole_only, whole_tokens[t], current);
                        }
                    }
                }
            }
        }
    }
    let fallback = (Instant::now() >= deadline).then(|| {
        format!(
            "the word diff stopped after {} ms; changes are shown coarser than minimal",
            timeout.as_millis()
        )
    });
    Inline {
        ops: regroup_parts(&ops),
        fallback,
    }
}

/// The parts in the order their words come in `whole`: by the median position in `whole` of
/// their words found there (parts with none keep their place, after the others).
fn order_of_parts(whole: &[&str], parts: &[&str]) -> Vec<usize> {
    let mut first_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (at, t) in whole.iter().enumerate() {
        if t.chars().any(char::is_alphanumeric) {
            first_at.entry(t.to_lowercase()).or_insert(at);
        }
    }
    let mut keyed: Vec<(usize, usize)> = parts
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mut at: Vec<usize> = words(p)
                .into_iter()
                .filter_map(|t| first_at.get(&t.to_lowercase()).copied())
                .collect();
            at.sort_unstable();
            (at.get(at.len() / 2).copied().unwrap_or(usize::MAX), k)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, k)| k).collect()
}

/// [`regroup`] each run of ops of one part.
fn regroup_parts(ops: &[InlineOp]) -> Vec<InlineOp> {
    let mut out = Vec::with_capacity(ops.len());
    let mut start = 0;
    while start < ops.len() {
        let part = ops[start].part;
        let end = ops[start..]
            .iter()
            .position(|o| o.part != part)
            .map_or(ops.len(), |n| start + n);
        for mut op in regroup(&ops[start..end]) {
            op.part = part;
            match out.last_mut() {
                Some(InlineOp {
                    op: last_op,
                    text,
                    part: last_part,
                }) if *last_op == op.op && *last_part == part => text.push_str(&op.text),
                _ => out.push(op),
            }
        }
        start = end;
    }
    out
}

/// The ops of a split or merge as the word diff of one text (the whole old text of a split, the
/// whole new text of a merge), parts left aside: each run of changes between equal text reads
/// as one deletion and one insertion. For display: where the deleted words of two parts (two
/// old clauses of a merge) come together, a space keeps them apart (`networks; Dismantle`, not
/// `networks;Dismantle`), although no clause has that space.
#[must_use]
pub fn joined(ops: &[InlineOp]) -> Vec<InlineOp> {
    let mut flat: Vec<InlineOp> = Vec::with_capacity(ops.len());
    let mut deleted: Option<(usize, bool)> = None; // the last deletion's part, ends in space
    for o in ops {
        let mut text = o.text.clone();
        match o.op {
            Op::Equal => deleted = None,
            Op::Delete => {
                if let Some((part, spaced)) = deleted
                    && part != o.part
                    && !spaced
                    && !text.starts_with(char::is_whitespace)
                {
                    text.insert(0, ' ');
                }
                deleted = Some((o.part, text.ends_with(char::is_whitespace)));
            }
            Op::Insert => {}
        }
        flat.push(InlineOp {
            op: o.op,
            text,
            part: 0,
        });
    }
    regroup(&flat)
}

/// The text of one part of a split (its new clause) or merge (its old clause).
#[must_use]
pub fn part_text(ops: &[InlineOp], part: usize, side: Op) -> String {
    ops.iter()
        .filter(|o| o.part == part && (o.op == Op::Equal || o.op == side))
        .map(|o| o.text.as_str())
        .collect()
}

/// The old text the ops describe.
#[must_use]
pub fn old_text(ops: &[InlineOp]) -> String {
    ops.iter()
        .filter(|o| o.op != Op::Insert)
        .map(|o| o.text.as_str())
        .collect()
}

/// The new text the ops describe.
#[must_use]
pub fn new_text(ops: &[InlineOp]) -> String {
    ops.iter()
        .filter(|o| o.op != Op::Delete)
        .map(|o| o.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_rebuild_both_texts() {
        let old = "Support awareness-raising campaigns [within 24 hours] along routes;";
        let new = "Support awareness campaigns along the main routes, and beyond;";
        let d = diff(old, new, Duration::from_secs(1));
        assert_eq!(old_text(&d.ops), old);
        assert_eq!(new_text(&d.ops), new);
        assert!(d.fallback.is_none());
    }

    /// The common start is taken before the common end, as the word diff itself does: a
    /// deletion that ends in a word the text already had before it starts after that word.
    #[test]
    fn deletion_after_a_repeated_word_starts_at_the_comma() {
        assert_ops(
            "at EU and regional level, notably in the Mediterranean, at EU and global level;",
            "at EU and regional level;",
            &[
                (Op::Equal, "at EU and regional level"),
                (
                    Op::Delete,
                    ", notably in the Mediterranean, at EU and global level",
                ),
                (Op::Equal, ";"),
            ],
        );
    }

    /// Assert the word diff of `old` and `new` is `expected`, as (op, text).
    fn assert_ops(old: &str, new: &str, expected: &[(Op, &str)]) {
        let d = diff(old, new, Duration::from_secs(1));
        let got: Vec<(Op, &str)> = d.ops.iter().map(|o| (o.op, o.text.as_str())).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_split_shows_each_part_against_its_words() {
        let old = "Promote training programmes for judicial authorities, including exchanges of practitioners, and develop joint curricula with academia;";
        let parts = [
            "Promote training programmes for judicial authorities, including exchanges of practitioners;",
            "Develop joint curricula with universities;",
        ];
        let d = split(old, &parts, Duration::from_secs(1));
        assert_eq!(old_text(&d.ops), old);
        for (k, p) in parts.iter().enumerate() {
            assert_eq!(part_text(&d.ops, k, Op::Insert), *p);
        }
        // The first part keeps its words; the second shows its own change only.
        let first: Vec<&str> = d
            .ops
            .iter()
            .filter(|o| o.part == 0 && o.op != Op::Equal)
            .map(|o| o.text.as_str())
            .collect();
        assert_eq!(first, [", and develop", ";"]);
    }

    #[test]
    fn a_merge_takes_its_parts_in_the_order_of_the_new_text() {
        let parts = [
            "Combat corruption facilitating migrant smuggling.",
            "Step up financial investigations to trace the proceeds of smuggling networks;",
        ];
        let new = "Step up financial investigations to trace the proceeds of smuggling networks, and combat corruption facilitating migrant smuggling.";
        let d = merge(&parts, new, Duration::from_secs(1));
        assert_eq!(new_text(&d.ops), new);
        for (k, p) in parts.iter().enumerate() {
            assert_eq!(part_text(&d.ops, k, Op::Delete), *p);
        }
        // The second part comes first in the new text.
        assert_eq!(d.ops[0].part, 1);
    }

    #[test]
    fn replacement_reads_as_one_run() {
        assert_ops(
            "we note the plan",
            "we welcome a plan",
            &[
                (Op::Equal, "we "),
                (Op::Delete, "note the"),
                (Op::Insert, "welcome a"),
                (Op::Equal, " plan"),
            ],
        );
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::{Op, common_ends, words};

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("the"),
                Just("plan"),
                Just("don't"),
                Just("’s"),
                Just("1,000"),
                Just(".5"),
                Just(" "),
                Just("  "),
                Just("\u{2003}"),
                Just("\u{a0}"),
                Just(","),
                Just(";"),
                Just("é"),
                Just("è"),
                Just("’"),
                Just("-"),
                Just("[a]"),
                Just("a"),
                Just("level"),
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// The ops of a split spell the old text, and each part's ops its new clause; the
        /// reverse for a merge.
        #[test]
        fn split_and_merge_ops_rebuild_every_text(
            whole in text(),
            parts in proptest::collection::vec(text(), 1..4),
        ) {
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let timeout = std::time::Duration::from_secs(1);
            let s = super::split(&whole, &parts, timeout);
            prop_assert_eq!(super::old_text(&s.ops), whole.clone());
            let m = super::merge(&parts, &whole, timeout);
            prop_assert_eq!(super::new_text(&m.ops), whole.clone());
            for (k, p) in parts.iter().enumerate() {
                prop_assert_eq!(super::part_text(&s.ops, k, Op::Insert), *p);
                prop_assert_eq!(super::part_text(&m.ops, k, Op::Delete), *p);
            }
        }

        /// The common ends are cut where tokens begin: the tokens of start, middle and end are
        /// the tokens of the whole text, on both sides.
        #[test]
        fn common_ends_cut_between_tokens(old in text(), new in text()) {
            let (head, tail) = common_ends(&old, &new);
            prop_assert_eq!(&old[..head], &new[..head]);
            prop_assert_eq!(&old[old.len() - tail..], &new[new.len() - tail..]);
            prop_assert!(head + tail <= old.len().min(new.len()));
            for text in [&old, &new] {
                let mut pieces = words(&text[..head]);
                pieces.extend(words(&text[head..text.len() - tail]));
                pieces.extend(words(&text[text.len() - tail..]));
                prop_assert_eq!(pieces, words(text));
            }
        }
    }
}

#[cfg(test)]
mod word_tests {
    use super::words;

    #[test]
    fn words_on_unicode_boundaries() {
        assert_eq!(
            words("peer-to-peer l'Union don't 1,000.5 €700  million—UN;"),
            [
                "peer", "-", "to", "-", "peer", " ", "l'Union", " ", "don't", " ", "1,000.5", " ",
                "€", "700", "  ", "million", "—", "UN", ";"
            ]
        );
        assert_eq!(words("").len(), 0);
        assert_eq!(words("Žižek's émigré").concat(), "Žižek's émigré");
    }
}
