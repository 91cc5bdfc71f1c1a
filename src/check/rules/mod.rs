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
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = rest.peek() {
            if c.is_alphanumeric() {
                break;
            }
            rest.next();
        }
        let (start, _) = *rest.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            if c.is_alphanumeric() || ((c == '\'' || c == '’' || c == '-') && i > start) {
                end = i + c.len_utf8();
                rest.next();
            } else {
                break;
            }
        }
        let word = text[start..end].trim_end_matches(['\'', '’', '-']);
        Some((start, word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
