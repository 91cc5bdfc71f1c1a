//! pulldown-cmark's events for a large Markdown body, read in pieces that give the same events.
//!
//! pulldown-cmark builds the block tree of its whole input before it yields the first event.
//! For the 43 MB side of the 100,000-clause benchmark pair that tree is ~65 MiB, alive (and
//! first touched, one page fault per 4 KiB) while the body is read; read in pieces of
//! [`PIECE`] bytes the tree is a few hundred KiB, reused from piece to piece. At 100k clauses
//! that saves ~16,000 page faults and ~65 MiB of peak memory per file.
//!
//! A piece may end only where the block structure cannot reach across: at blank lines after a
//! top-level paragraph or heading, known as such from the first characters of its lines (see
//! `piece_ends`). There no block is open, whatever comes next, except inside a fenced code
//! block or an HTML block that is still open, or when a link reference or footnote definition
//! elsewhere changes how a piece reads. So a body is read whole when it has a line that starts
//! (after any spaces, tabs and `>`) with ```` ``` ````, `~~~` or `<`, or has `]:` anywhere:
//! more often than needed, never less. After other blocks (a list item, a block quote) the
//! blank lines can belong to the block's range or not, depending on what follows: no piece
//! ends there.

use std::ops::Range;

use pulldown_cmark::{Event, Parser};

use super::markdown::OPTIONS;

/// The size a piece grows to before it may end at the next safe place, in bytes: small enough
/// that the tree of a piece stays in the cache, large enough that starting a parser is
/// nothing beside reading the piece.
pub const PIECE: usize = 256 * 1024;

/// The events of `text` with their byte ranges in `text`, exactly as
/// `Parser::new_ext(text, OPTIONS).into_offset_iter()` gives them, read in pieces of about
/// `piece` bytes where that cannot change them (see the module docs).
pub fn events(text: &str, piece: usize) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    let ends = piece_ends(text, piece);
    let mut start = 0;
    ends.into_iter().flat_map(move |end| {
        let from = start;
        start = end;
        Parser::new_ext(&text[from..end], OPTIONS)
            .into_offset_iter()
            .map(move |(event, range)| (event, range.start + from..range.end + from))
    })
}

/// Where the pieces of `text` end: the last at `text.len()`; a single piece when `text` is no
/// larger than `piece` or may not be cut at all.
#[must_use]
pub fn piece_ends(text: &str, piece: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    if bytes.len() <= piece
        || memchr::memmem::find(bytes, b"]:").is_some()
        || has_fence_or_html(bytes)
    {
        return vec![bytes.len()];
    }
    let mut ends = Vec::with_capacity(bytes.len() / piece + 1);
    let mut from = piece;
    // Each blank line after the next `piece` bytes, until one follows a paragraph or heading.
    while let Some(at) = memchr::memmem::find(&bytes[from..], b"\n\n").map(|i| from + i + 1) {
        if at < bytes.len() - 1 && after_plain_block(bytes, at) {
            ends.push(at);
            from = (at + piece).min(bytes.len());
        } else {
            from = at;
        }
    }
    ends.push(bytes.len());
    ends
}

/// Whether a line starting (after any spaces, tabs and `>`) with ```` ``` ````, `~~~` or `<`
/// may open a fenced code block or an HTML block that runs over blank lines.
fn has_fence_or_html(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(b'`', b'~', b'<', bytes).any(|at| {
        let line_start = bytes[..at]
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'>'))
            .is_none_or(|i| bytes[i] == b'\n');
        line_start
            && match bytes[at] {
                b'<' => true,
                mark => bytes[at..].starts_with(&[mark; 3]),
            }
    })
}

/// Whether the lines before the blank line at `at` (back to the previous blank line or the
/// start) are certainly a top-level paragraph or heading: each an ATX heading in the first
/// column (which interrupts a paragraph and closes every container) or a line starting with a
/// letter in the first column (after a blank line that closes every container and starts a
/// paragraph; after a paragraph line it goes on with the paragraph, for no block starts with a
/// letter). The blank lines after such a block end it, and pulldown-cmark counts them into no
/// block's range.
fn after_plain_block(bytes: &[u8], at: usize) -> bool {
    let mut end = at; // the end of the line looked at, after its `\n`
    let mut lines = 0;
    while end > 0 {
        let start = bytes[..end - 1]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = &bytes[start..end];
        if line
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            break;
        }
        if !(atx_heading(line) || line[0].is_ascii_alphabetic()) {
            return false;
        }
        lines += 1;
        end = start;
    }
    lines > 0
}

/// Whether a line is an ATX heading starting in the first column: one to six `#`, then a space,
/// a tab or the end of the line.
fn atx_heading(line: &[u8]) -> bool {
    let hashes = line.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && matches!(line.get(hashes), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
        Parser::new_ext(text, OPTIONS).into_offset_iter().collect()
    }

    #[test]
    fn a_small_body_is_one_piece() {
        assert_eq!(piece_ends("# A\n\nText.\n", PIECE), vec![11]);
    }

    #[test]
    fn pieces_end_at_blank_lines_after_a_paragraph_or_heading() {
        let text = "# A\n\nOne\ntwo.\n\n- item\n\n  more\n\nThree.\n\n4. x\n";
        assert_eq!(piece_ends(text, 1), vec![4, 14, 38, text.len()]);
        assert_eq!(events(text, 1).collect::<Vec<_>>(), whole(text));
    }

    #[test]
    fn fences_html_and_definitions_keep_a_body_whole() {
        for text in [
            "A\n\n```\n\n# not a heading\n```\n",
            "A\n\n  ~~~\n\nB\n",
            "A\n\n<!--\n\nB\n-->\n",
            "> <div>\n\nB\n",
            "A [x]\n\nB\n\n[x]: /url\n",
            "A[^1]\n\nB\n\n[^1]: note\n",
        ] {
            assert_eq!(piece_ends(text, 1), vec![text.len()], "{text:?}");
        }
    }

    #[test]
    fn a_lazy_or_indented_line_does_not_end_a_piece() {
        let text = "- a\n\n  b\n\n    code\nC\nd\n\n\tE\n";
        assert_eq!(piece_ends(text, 1), vec![text.len()]);
    }
}
