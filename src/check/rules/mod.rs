//! One rule per file; the registry lists them. Helpers shared by several rules live here.

pub mod bracket_in_adopted;
pub mod classification_mismatch;
pub mod double_space;
pub mod doubled_word;
pub mod duplicate_id;
pub mod empty_section;
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
pub mod operative_verb;
pub mod parse_error;
pub mod placeholder_in_adopted;
pub mod stale_endorsement;
pub mod terminal_punctuation;
pub mod unbalanced_bracket;
pub mod unknown_delegation;
pub mod unknown_field;
pub mod unknown_setting;
pub mod unknown_version;
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
