//! Whether what the words of clauses do not show (their markup: emphasis, links, code spans,
//! line breaks, nested blocks) changed, when the words changed too.
//!
//! A clause's markup is a list of tokens, each at a position counted in non-blank characters
//! of its plain text (see [`Clause::markup`]). When words are inserted or deleted, the tokens
//! after them move; they still render as before if every token of the old clauses, carried
//! through the word diff to the new clauses, lands where the new clauses have the same token.
//! A token next to inserted words is never carried: whether those words are inside the link
//! or the emphasis, the word diff does not say, so the markup is reported.

use super::model::{Inline, Op};
use crate::model::Clause;

/// One markup token: the clause of its side (0 of a pair), position, and name.
type Token<'a> = (usize, usize, &'a str);

/// The tokens of a clause's markup (`3:em;9:/em;`), in order. A name can hold `;` (a link
/// target does), so a token ends only at a `;` that ends the markup or starts the next token.
fn tokens(part: usize, markup: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = markup;
    while let Some((position, after)) = rest.split_once(':') {
        let Ok(position) = position.parse::<usize>() else {
            break;
        };
        let end = (0..after.len())
            .filter(|&k| after.as_bytes()[k] == b';')
            .find(|&k| next_token_starts(&after[k + 1..]))
            .unwrap_or(after.len());
        out.push((part, position, &after[..end]));
        rest = after.get(end + 1..).unwrap_or("");
    }
    out
}

/// Whether `rest` is empty or starts with `digits:`.
fn next_token_starts(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    rest.is_empty() || (digits > 0 && rest.as_bytes().get(digits) == Some(&b':'))
}

fn non_blank(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether the markup of `new` is that of `old` carried through the word diff `inline` (of a
/// pair, a split or a merge, as [`Inline`] describes its ops).
pub(super) fn carried(old: &[&Clause], new: &[&Clause], inline: &Inline) -> bool {
    let (split, merge) = (new.len() > 1, old.len() > 1);
    // Equal runs: (old part, old start, old end, new part, new start); insertion points.
    let mut equal: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    let mut inserted_at: Vec<(usize, usize)> = Vec::new();
    let (mut at_old, mut at_new) = (vec![0usize; old.len()], vec![0usize; new.len()]);
    for op in &inline.ops {
        let (o, n) = (
            if merge { op.part } else { 0 },
            if split { op.part } else { 0 },
        );
        if o >= old.len() || n >= new.len() {
            return false;
        }
        let len = non_blank(&op.text);
        match op.op {
            Op::Equal => {
                equal.push((o, at_old[o], at_old[o] + len, n, at_new[n]));
                at_old[o] += len;
                at_new[n] += len;
            }
            Op::Delete => at_old[o] += len,
            Op::Insert => {
                inserted_at.push((o, at_old[o]));
                at_new[n] += len;
            }
        }
    }
    let mut moved: Vec<Token<'_>> = Vec::new();
    for (part, c) in old.iter().enumerate() {
        for (_, p, name) in tokens(part, c.markup.as_deref().unwrap_or("")) {
            if inserted_at.contains(&(part, p)) {
                return false;
            }
            let mut to: Option<(usize, usize)> = None;
            for &(o, a, b, n, start) in &equal {
                if o == part && a <= p && p <= b {
                    let here = (n, start + (p - a));
                    if to.is_some_and(|t| t != here) {
                        return false;
                    }
                    to = Some(here);
                }
            }
            let Some((n, q)) = to else {
                return false;
            };
            moved.push((n, q, name));
        }
    }
    let mut found: Vec<Token<'_>> = new
        .iter()
        .enumerate()
        .flat_map(|(part, c)| tokens(part, c.markup.as_deref().unwrap_or("")))
        .collect();
    // Stable: tokens at one place keep their order (`em` inside `strong`).
    moved.sort_by_key(|&(n, q, _)| (n, q));
    found.sort_by_key(|&(n, q, _)| (n, q));
    moved == found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::model::InlineOp;

    #[test]
    fn tokens_keep_semicolons_of_names() {
        assert_eq!(
            tokens(0, "0:link(\"a;b\" \"\");4:/link;"),
            vec![(0, 0, "link(\"a;b\" \"\")"), (0, 4, "/link")]
        );
        assert_eq!(tokens(1, ""), vec![]);
    }

    fn ops(list: &[(Op, &str)]) -> Inline {
        Inline {
            ops: list
                .iter()
                .map(|&(op, text)| InlineOp {
                    op,
                    text: text.to_string(),
                    part: 0,
                })
                .collect(),
            fallback: None,
        }
    }

    fn clause(markdown: &str) -> Clause {
        let source = crate::source::Source::new("t.md", format!("{markdown}\n"));
        let version = crate::parse::version(&source, &crate::model::Meta::default())
            .expect("test text parses");
        version.clauses().next().expect("one clause").clone()
    }

    #[test]
    fn markup_away_from_the_changed_words_is_carried() {
        let old = clause("See *the plan* on ports.");
        let new = clause("See *the plan* on ports and harbours.");
        let inline = ops(&[
            (Op::Equal, "See the plan on ports"),
            (Op::Insert, " and harbours"),
            (Op::Equal, "."),
        ]);
        assert!(carried(&[&old], &[&new], &inline));
        // The emphasis moved: not carried.
        let moved = clause("See the *plan* on ports and harbours.");
        assert!(!carried(&[&old], &[&moved], &inline));
    }

    #[test]
    fn markup_next_to_inserted_words_is_not_carried() {
        let old = clause("The **plan** of action.");
        let inside = clause("The **plan now** of action.");
        let outside = clause("The **plan** now of action.");
        let inline = ops(&[
            (Op::Equal, "The plan"),
            (Op::Insert, " now"),
            (Op::Equal, " of action."),
        ]);
        // Whether `now` is strong, the words do not say: either way it is reported.
        assert!(!carried(&[&old], &[&inside], &inline));
        assert!(!carried(&[&old], &[&outside], &inline));
    }
}
