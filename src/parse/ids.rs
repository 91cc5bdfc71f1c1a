//! The ids written in a Markdown version, as its reader sees them: `<!-- id: x -->` comments
//! and `{#x}` heading attributes, found by the same parser with the same options (so `<!-->`,
//! a comment inside a code span or block, or an HTML block that is not a lone comment, are what
//! the reader takes them for). The reader stops at the first id problem; the id rules of
//! `decl check` list them all from here.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::markdown::{OPTIONS, find_front_matter, parse_id_comment};
use crate::source::Source;

/// Every id written in the body, in document order, with the byte range of the id itself.
#[must_use]
pub fn written(source: &Source) -> Vec<(Range<usize>, String)> {
    walk(source)
        .into_iter()
        .map(|w| (w.id_range, w.id))
        .collect()
}

/// Every clause id comment in the body, in document order, with the byte range of the whole
/// comment (`<!-- id: x; status: agreed -->`): what `decl status --set` replaces.
#[must_use]
pub fn comments(source: &Source) -> Vec<(Range<usize>, String)> {
    walk(source)
        .into_iter()
        .filter_map(|w| w.comment.map(|c| (c, w.id)))
        .collect()
}

/// An id as written: where the id is, and where its comment is (none for a heading's `{#id}`).
struct Written {
    id_range: Range<usize>,
    comment: Option<Range<usize>>,
    id: String,
}

fn walk(source: &Source) -> Vec<Written> {
    let body = find_front_matter(source)
        .ok()
        .flatten()
        .map_or(0, |fm| fm.body_start);
    let text = &source.text[body..];
    let mut out = Vec::new();
    let mut depth = 0usize;
    // A top-level HTML block is read as a whole, as the reader reads it.
    let mut html_block: Option<Range<usize>> = None;
    // Whether the top-level block being read is a clause: only a clause takes an id comment.
    let mut in_clause = false;
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        let range = range.start + body..range.end + body;
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    in_clause = matches!(
                        tag,
                        Tag::Paragraph | Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_)
                    );
                    if matches!(tag, Tag::HtmlBlock) {
                        html_block = Some(range.clone());
                    }
                }
                if let Tag::Heading { id: Some(id), .. } = &tag {
                    let raw = &source.text[range.clone()];
                    let at = raw
                        .rfind(&format!("#{id}"))
                        .map_or(range.start, |i| range.start + i + 1);
                    out.push(Written {
                        id_range: at..at + id.len(),
                        comment: None,
                        id: id.to_string(),
                    });
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && matches!(tag, TagEnd::HtmlBlock)
                    && let Some(block) = html_block.take()
                {
                    push_comment(source, block, &mut out);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if in_clause => {
                push_comment(source, range, &mut out);
            }
            _ => {}
        }
    }
    out
}

/// The id of an id comment written at `range`, if it is one.
fn push_comment(source: &Source, range: Range<usize>, out: &mut Vec<Written>) {
    let Some(raw) = source.text.get(range.clone()) else {
        return;
    };
    let Some(id) = parse_id_comment(raw.trim()) else {
        return;
    };
    let lead = raw.len() - raw.trim_start().len();
    let comment = range.start + lead..range.start + lead + raw.trim().len();
    // Where the id is written: after `id:`, inside the comment.
    let at = raw
        .find("id:")
        .and_then(|i| raw[i + 3..].find(id.as_str()).map(|j| i + 3 + j))
        .map_or(range.start, |i| range.start + i);
    out.push(Written {
        id_range: at..at + id.len(),
        comment: Some(comment),
        id,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<(String, String)> {
        let source = Source::new("t.md", text.to_string());
        written(&source)
            .into_iter()
            .map(|(r, id)| (source.text[r].to_string(), id))
            .collect()
    }

    #[test]
    fn comments_and_headings_as_the_reader_sees_them() {
        let found = ids(
            "---\nid: front\n---\n# T\n\nA <!-- id: a -->\n\n## H {#h}\n\n## G <!-- id: in-heading -->\n\n| x |\n|---|\n\n<!-- id: t -->\n\n`<!-- id: code -->`\n\n    <!-- id: indented -->\n",
        );
        let expected = [("a", "a"), ("h", "h"), ("t", "t")];
        assert_eq!(found, expected.map(|(r, i)| (r.to_string(), i.to_string())));
    }

    #[test]
    fn regression_empty_comments_overlapping_their_close() {
        // `<!-->` and `<!--->` are whole comments whose `-->` overlaps the `<!--`.
        assert!(ids("# T\n\nA clause <!--> here.\n\nB <!---> c.\n\n<!-->\n").is_empty());
    }
}
