//! One rule per file; the registry lists them. Helpers shared by several rules live here.

pub mod agreed_text_reopened;
pub mod bracket_in_adopted;
pub mod change_marks;
pub mod classification_mismatch;
pub mod control_character;
pub mod double_space;
pub mod doubled_word;
pub mod duplicate_id;
pub mod empty_section;
pub mod endorsed_text_changed;
pub mod endorsement_date_order;
pub mod endorsers_awaited;
pub mod inconsistent_title;
pub mod limite_in_public;
pub mod malformed_id;
pub mod missing_title;
pub mod missing_version_file;
pub mod misspelling;
pub mod mixed_spelling;
pub mod open_brackets;
pub mod open_paragraph_in_adopted;
pub mod operative_verb;
pub mod parse_error;
pub mod placeholder_in_adopted;
pub mod proposal_mismatch;
pub mod stale_endorsement;
pub mod terminal_punctuation;
pub mod unbalanced_bracket;
pub mod unknown_delegation;
pub mod unknown_field;
pub mod unknown_setting;
pub mod unknown_version;
pub mod unlisted_version;
pub mod version_order;
pub mod withdrawal_without_endorsement;

use std::ops::Range;

use crate::model::{Clause, Heading};
use crate::source::Source;

/// The byte range of a clause in its file: its span, or (YAML sources, which keep no span) its
/// line.
#[must_use]
pub fn clause_range(source: &Source, clause: &Clause) -> Range<usize> {
    if clause.span.is_empty() {
        line_range(source, clause.line)
    } else {
        clause.span.clone()
    }
}

/// The byte range of a 1-based line, without its line ending.
#[must_use]
pub fn line_range(source: &Source, line: usize) -> Range<usize> {
    let start = source.line_start(line);
    let end = source.text[start..]
        .find('\n')
        .map_or(source.text.len(), |i| start + i);
    start..end
}

/// Where `needle` is written in a clause's source (first match at or after the clause start),
/// else the clause's first character.
#[must_use]
pub fn find_in_clause(source: &Source, clause: &Clause, needle: &str) -> Range<usize> {
    let range = clause_range(source, clause);
    find_from(source, range, needle)
}

/// Where `needle` is written in a heading's line, else the line's start.
#[must_use]
pub fn find_in_heading(source: &Source, heading: &Heading, needle: &str) -> Range<usize> {
    find_from(source, line_range(source, heading.line), needle)
}

/// Where `needle` is written on a 1-based line, else the line's start.
#[must_use]
pub fn find_from_line(source: &Source, line: usize, needle: &str) -> Range<usize> {
    find_from(source, line_range(source, line), needle)
}

/// Where `needle` is written in `range` of the source, else `range.start`.
#[must_use]
pub fn find_from(source: &Source, range: Range<usize>, needle: &str) -> Range<usize> {
    let start = range.start.min(source.text.len());
    // A clause from a YAML body has no span: look past its first line too.
    let end = if range.is_empty() {
        source.text.len()
    } else {
        range.end.min(source.text.len())
    };
    match source.text.get(start..end).and_then(|t| t.find(needle)) {
        Some(i) => start + i..start + i + needle.len(),
        None => start..start,
    }
}

/// Finds, in order, where the words of a plain text are written in its source (a clause's,
/// a heading's): each search starts where the last one ended, so locating every finding of a
/// clause reads the clause once. A word that is not written as such (split by markup) is a
/// miss; after a few misses the cursor stops searching and gives its position, so that a
/// clause of many such words still costs a few passes, not one per finding.
pub struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
    misses: usize,
    /// The last word located, by its offset in the plain text, so that two findings about one
    /// word (the second of one doubled pair, the first of the next) point at the same place.
    last: Option<(usize, Range<usize>)>,
}

/// Searches a [`Cursor`] may fail before it only gives its position.
const MISSES: usize = 8;

impl<'a> Cursor<'a> {
    /// A cursor over `range` of the source (a clause's or a heading's range).
    #[must_use]
    pub fn new(source: &'a Source, range: Range<usize>) -> Cursor<'a> {
        let end = range.end.min(source.text.len());
        Cursor {
            text: &source.text,
            pos: range.start.min(end),
            end,
            misses: 0,
            last: None,
        }
    }

    /// A cursor over a clause's source.
    #[must_use]
    pub fn clause(source: &'a Source, clause: &Clause) -> Cursor<'a> {
        Cursor::new(source, clause_range(source, clause))
    }

    /// Where `needle` is next written, else the cursor's position (an empty range).
    pub fn find(&mut self, needle: &str) -> Range<usize> {
        if self.misses < MISSES
            && let Some(i) = self
                .text
                .get(self.pos..self.end)
                .and_then(|t| t.find(needle))
        {
            let at = self.pos + i;
            self.pos = at + needle.len();
            return at..self.pos;
        }
        self.misses += 1;
        self.pos..self.pos
    }

    /// Where the word at byte `plain_at` of the plain text is written (words asked in order).
    pub fn word(&mut self, plain_at: usize, word: &str) -> Range<usize> {
        if let Some((at, range)) = &self.last
            && *at == plain_at
        {
            return range.clone();
        }
        let range = self.find(word);
        self.last = Some((plain_at, range.clone()));
        range
    }
}

/// The byte offsets of character offsets of `text`, in one pass (`offsets` ascending).
#[must_use]
pub fn byte_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut chars = text.char_indices().enumerate().peekable();
    for &want in offsets {
        while chars.next_if(|&(n, _)| n < want).is_some() {}
        out.push(chars.peek().map_or(text.len(), |&(_, (i, _))| i));
    }
    out
}

/// The byte range of `field: value` on a 1-based line of a ledger (or other YAML) file: the
/// value, else the line's first non-blank character.
#[must_use]
pub fn field_on_line(source: &Source, line: usize, field: &str) -> Range<usize> {
    let range = line_range(source, line);
    let text = &source.text[range.clone()];
    let key = format!("{field}:");
    if let Some(i) = text.find(&key) {
        let rest = &text[i + key.len()..];
        let value = rest.trim_start();
        let start = range.start + i + key.len() + (rest.len() - value.len());
        let len = value.find([',', '}']).unwrap_or(value.len());
        return start..start + value[..len].trim_end().len();
    }
    let indent = text.len() - text.trim_start().len();
    range.start + indent..range.start + indent
}

/// The words of a text (letters, digits, apostrophes and inner hyphens) with their byte offsets.
///
/// ASCII is classified byte by byte and only other characters are decoded: the word rules read
/// every word of every clause, and at 100,000 clauses decoding each character cost a third of
/// `decl check`'s time.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    // How the character at `at` reads, and its length in bytes.
    let class_at = move |at: usize| -> (Class, usize) {
        let b = bytes[at];
        if b.is_ascii() {
            (ASCII_CLASS[usize::from(b)], 1)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            let class = match c {
                c if c.is_alphanumeric() => Class::Word,
                '’' => Class::Join,
                _ => Class::Other,
            };
            (class, c.len_utf8())
        }
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (class, len) = class_at(at);
            if class == Class::Word {
                break;
            }
            at += len;
        }
        if at >= bytes.len() {
            return None;
        }
        // A word starts with a letter or digit, so a joiner after it is inside.
        let start = at;
        while at < bytes.len() {
            let (class, len) = class_at(at);
            if class == Class::Other {
                break;
            }
            at += len;
        }
        let word = text[start..at].trim_end_matches(['\'', '’', '-']);
        Some((start, word))
    })
}

/// What a character is to [`words`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or digit.
    Word,
    /// An apostrophe or hyphen: part of a word inside it.
    Join,
    Other,
}

/// [`Class`] of each ASCII byte.
const ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        // `b` is below 128.
        #[allow(clippy::cast_possible_truncation)]
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            Class::Word
        } else if c == b'\'' || c == b'-' {
            Class::Join
        } else {
            Class::Other
        };
        b += 1;
    }
    table
};

/// `word` in lower case (as `str::to_lowercase` writes it), in `buffer` when it is ASCII, so
/// that the word rules allocate nothing for the ordinary word.
pub fn lowercase<'b>(word: &str, buffer: &'b mut String) -> std::borrow::Cow<'b, str> {
    if word.is_ascii() {
        buffer.clear();
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
        std::borrow::Cow::Borrowed(buffer.as_str())
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

/// Whether two words are the same in lower case (as `str::to_lowercase` writes them).
#[must_use]
pub fn same_lowercase(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words as the character-by-character reading finds them.
    fn words_by_char(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut rest = text.char_indices().peekable();
        while let Some(&(start, c)) = rest.peek() {
            if !c.is_alphanumeric() {
                rest.next();
                continue;
            }
            let mut end = start;
            while let Some(&(i, c)) = rest.peek() {
                if c.is_alphanumeric() || ((c == '\'' || c == '’' || c == '-') && i > start) {
                    end = i + c.len_utf8();
                    rest.next();
                } else {
                    break;
                }
            }
            out.push((start, text[start..end].trim_end_matches(['\'', '’', '-'])));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn words_are_those_read_character_by_character(
            text in "([a-zA-Z0-9' ’\\-,.;()]|é|Ω|ß|İ|٣|\u{301}|\u{a0}|\t|\n){0,60}"
        ) {
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), words_by_char(&text));
        }
    }

    #[test]
    fn lower_case_is_that_of_the_standard_library() {
        let mut buffer = String::new();
        for word in [
            "Convention",
            "ORGANISATION",
            "ΟΔΟΣ",
            "Straße",
            "İstanbul",
            "x",
        ] {
            assert_eq!(lowercase(word, &mut buffer), word.to_lowercase(), "{word}");
        }
        for (a, b, same) in [
            ("The", "the", true),
            ("the", "then", false),
            ("ORGANISATION", "organisation", true),
            // The standard library ends a word with a final sigma.
            ("ΟΔΟΣ", "οδο\u{3c3}", false),
            ("ΟΔΟΣ", "οδο\u{3c2}", true),
            ("Straße", "STRASSE", false),
        ] {
            assert_eq!(same_lowercase(a, b), same, "{a} {b}");
            assert_eq!(same, a.to_lowercase() == b.to_lowercase(), "{a} {b}");
        }
    }

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        let w: Vec<_> = words("smugglers' peer-to-peer, (UN) — x-").collect();
        assert_eq!(
            w,
            [
                (0, "smugglers"),
                (11, "peer-to-peer"),
                (26, "UN"),
                (34, "x")
            ]
        );
    }
}
