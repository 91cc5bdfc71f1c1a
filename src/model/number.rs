//! The number a reader sees on a clause: what `show`, `diff`, `synopsis` and `history` print
//! for people (and `number` in their JSON, beside the 0-based `index`).
//!
//! - A numbered list item carries the number it renders with (`7`), counted from the list's
//!   first number as Markdown does: `1.` `1.` `1.` reads `1`, `2`, `3`.
//! - A clause whose text opens with a paragraph label, `PP3`, `OP 12`, `(PP1)`, carries that label
//!   as written, without the punctuation after it (`OP 12.` reads `OP 12`).
//! - Any other clause is numbered by its place among all clauses, from 1; in a version that
//!   numbers some of its paragraphs itself, those places read `¶5`, so that they cannot be
//!   taken for the document's own numbers.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{Clause, ClauseKind, Version};

/// A clause's number as a reader sees it (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number<'a> {
    /// The place among all clauses, from 1; `marked` when the version numbers other clauses
    /// itself (written `¶5`).
    Place { place: usize, marked: bool },
    /// The number of a numbered list item.
    Listed(u64),
    /// A paragraph label from the clause's text (`PP3`, `OP 12`).
    Label(&'a str),
}

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Place {
                place,
                marked: true,
            } => write!(f, "¶{place}"),
            Number::Place { place, .. } => write!(f, "{place}"),
            Number::Listed(n) => write!(f, "{n}"),
            Number::Label(label) => f.write_str(label),
        }
    }
}

/// Written as it reads, a string: `"7"`, `"¶5"`, `"OP 3"`.
impl Serialize for Number<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Number<'_> {
    /// How many characters it takes written out.
    #[must_use]
    pub fn width(&self) -> usize {
        let digits = |mut n: u64| {
            let mut d = 1;
            while n >= 10 {
                n /= 10;
                d += 1;
            }
            d
        };
        match self {
            Number::Place { place, marked } => digits(*place as u64) + usize::from(*marked),
            Number::Listed(n) => digits(*n),
            Number::Label(label) => label.chars().count(),
        }
    }

    /// Whether the number follows `previous` as the next clause's would: places and list
    /// numbers one more, labels never (`3–5` is written only for such runs).
    #[must_use]
    pub fn follows(&self, previous: &Number<'_>) -> bool {
        match (previous, self) {
            (
                Number::Place {
                    place: a,
                    marked: m,
                },
                Number::Place {
                    place: b,
                    marked: n,
                },
            ) => m == n && *b == a + 1,
            (Number::Listed(a), Number::Listed(b)) => *b == a + 1,
            _ => false,
        }
    }
}

/// The numbers of all clauses of a version, in document order.
#[must_use]
pub fn numbers(version: &Version) -> Vec<Number<'_>> {
    let mut out: Vec<Number<'_>> = Vec::with_capacity(version.clause_count());
    let mut own = false;
    // The list of the clause before and the number it had, to count a list's items.
    let mut previous: Option<(usize, u64)> = None;
    for (place, c) in version.clauses().enumerate() {
        let number = if let ClauseKind::ListItem {
            list,
            ordered: true,
            ..
        } = c.kind
        {
            let n = match previous {
                Some((l, n)) if l == list => n + 1,
                _ => list_start(c).unwrap_or(1),
            };
            previous = Some((list, n));
            Some(Number::Listed(n))
        } else {
            previous = None;
            label(&c.text).map(Number::Label)
        };
        own |= number.is_some();
        out.push(number.unwrap_or(Number::Place {
            place: place + 1,
            marked: false,
        }));
    }
    if own {
        for n in &mut out {
            if let Number::Place { marked, .. } = n {
                *marked = true;
            }
        }
    }
    out
}

/// The number a numbered list item's marker gives: the digits it starts with (`3.`, `12)`).
fn list_start(c: &Clause) -> Option<u64> {
    let markdown = c.markdown().trim_start();
    let digits = markdown.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    markdown[..digits].parse().ok()
}

/// A paragraph label at the start of a clause's text: `PP`, `OP` (upper case), an optional space,
/// one to three digits and a letter or none, alone (`PP3`, `OP 12`, `OP 4a`), optionally in
/// parentheses; then punctuation or a space.
fn label(text: &str) -> Option<&str> {
    let (inner, open) = match text.strip_prefix('(') {
        Some(rest) => (rest, 1),
        None => (text, 0),
    };
    let bytes = inner.as_bytes();
    if !(inner.starts_with("PP") || inner.starts_with("OP")) {
        return None;
    }
    let mut at = 2;
    if bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    let digits = bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || digits > 3 {
        return None;
    }
    at += digits;
    if bytes.get(at).is_some_and(u8::is_ascii_lowercase)
        && !bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        at += 1;
    }
    // The label ends here: the text goes on with punctuation or a space, or stops.
    match bytes.get(at) {
        None => {}
        Some(b) if b.is_ascii_punctuation() || b.is_ascii_whitespace() => {}
        Some(_) => return None,
    }
    if open == 1 && bytes.get(at) != Some(&b')') {
        return None;
    }
    Some(&inner[..at])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;
    use crate::source::Source;

    fn numbers_of(markdown: &str) -> Vec<String> {
        let v = crate::parse::version(&Source::new("x.md", markdown.to_string()), &Meta::default())
            .expect("parses");
        numbers(&v).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn places_from_one_when_the_document_numbers_nothing() {
        assert_eq!(
            numbers_of("# T\n\nOne;\n\nTwo;\n\n- three\n"),
            ["1", "2", "3"]
        );
    }

    #[test]
    fn numbered_lists_as_they_render_and_places_marked_beside_them() {
        assert_eq!(
            numbers_of("# T\n\nRecalling;\n\n3. a;\n1. b;\n1. c;\n\nClosing;\n"),
            ["¶1", "3", "4", "5", "¶5"]
        );
        // Two lists, each counted from its own start.
        assert_eq!(
            numbers_of("# T\n\n1. a;\n2. b;\n\n## S\n\n1. c;\n"),
            ["1", "2", "1"]
        );
    }

    #[test]
    fn paragraph_labels() {
        assert_eq!(
            numbers_of(
                "# T\n\nPP1 Recalling;\n\n(PP2) Noting;\n\nOP 1. Calls;\n\nOP12a: Urges;\n\nOPEC members;\n"
            ),
            ["PP1", "PP2", "OP 1", "OP12a", "¶5"]
        );
        assert_eq!(label("(PP2) Noting"), Some("PP2"));
        assert_eq!(label("PPE rules"), None);
        assert_eq!(label("OP1234 x"), None);
        assert_eq!(label("PP"), None);
    }

    #[test]
    fn runs() {
        let p = |n| Number::Place {
            place: n,
            marked: false,
        };
        assert!(p(4).follows(&p(3)));
        assert!(!p(5).follows(&p(3)));
        assert!(Number::Listed(2).follows(&Number::Listed(1)));
        assert!(!Number::Label("OP 2").follows(&Number::Label("OP 1")));
        for n in [p(9), p(10), Number::Listed(123), Number::Label("OP 3")] {
            assert_eq!(n.width(), n.to_string().chars().count());
        }
        let marked = Number::Place {
            place: 100,
            marked: true,
        };
        assert_eq!(marked.width(), marked.to_string().chars().count());
    }
}
