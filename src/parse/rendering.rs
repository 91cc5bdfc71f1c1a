//! How a Markdown body renders, as a list of tokens to compare: what `fmt` must keep.
//!
//! Two bodies with the same tokens produce the same HTML, up to the whitespace HTML itself
//! ignores: text runs are joined and their spaces collapsed (outside code blocks and raw
//! HTML, where every space counts), and clause id comments, which `fmt` may move to where it
//! writes them, are left out.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::markdown::{OPTIONS, parse_id_comment};

/// One rendering token, and the byte offset in the body where it starts.
#[derive(Debug, Clone)]
pub struct Token {
    pub text: String,
    pub at: usize,
}

/// The rendering of `body` (Markdown without front matter) as tokens.
#[must_use]
pub fn tokens(body: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    // Text not yet written: its (collapsed) words and where it started.
    let mut text: Option<(String, usize)> = None;
    // The text of the code block being read: every space counts, but not a last line end
    // (which a file's end may or may not have).
    let mut code: Option<(String, usize)> = None;
    let mut html_block: Option<(String, usize)> = None;
    // Footnote definitions, set apart: (label, tokens), and the one being read.
    let mut footnotes: Vec<(String, Vec<Token>)> = Vec::new();
    let mut in_footnote: Option<(String, usize)> = None;
    let flush = |text: &mut Option<(String, usize)>, out: &mut Vec<Token>| {
        if let Some((t, at)) = text.take() {
            let collapsed = crate::text::collapse_whitespace(&t);
            if !collapsed.is_empty() {
                out.push(Token {
                    text: format!("text {collapsed:?}"),
                    at,
                });
            }
        }
    };
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        match &event {
            Event::Start(Tag::FootnoteDefinition(label)) if in_footnote.is_none() => {
                flush(&mut text, &mut out);
                in_footnote = Some((label.to_lowercase(), out.len()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                flush(&mut text, &mut out);
                if let Some((label, at)) = in_footnote.take() {
                    footnotes.push((label, out.split_off(at)));
                    continue;
                }
            }
            _ => {}
        }
        match event {
            Event::Text(t) if code.is_some() => {
                if let Some((c, _)) = code.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::Text(t) => {
                text.get_or_insert_with(|| (String::new(), range.start))
                    .0
                    .push_str(&t);
            }
            Event::SoftBreak => {
                text.get_or_insert_with(|| (String::new(), range.start))
                    .0
                    .push(' ');
            }
            Event::InlineHtml(h) if parse_id_comment(&h).is_some() => {
                // Where the id comment stood, a space may remain: as much as none.
                text.get_or_insert_with(|| (String::new(), range.start))
                    .0
                    .push(' ');
            }
            Event::InlineHtml(h) if super::markdown::is_line_break(&h) => {
                // `<br>`, `<br/>`, `<BR >`: one line break, as a hard break is.
                flush(&mut text, &mut out);
                out.push(Token {
                    text: "HardBreak".to_string(),
                    at: range.start,
                });
            }
            Event::Code(c) => {
                // Inline code shows its spaces as HTML text does: runs of them as one.
                flush(&mut text, &mut out);
                out.push(Token {
                    text: format!("code-span {:?}", crate::text::collapse_whitespace(&c)),
                    at: range.start,
                });
            }
            Event::Html(h) if html_block.is_some() => {
                if let Some((block, _)) = html_block.as_mut() {
                    block.push_str(&h);
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                flush(&mut text, &mut out);
                html_block = Some((String::new(), range.start));
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((block, at)) = html_block.take()
                    && parse_id_comment(&block).is_none()
                {
                    let block = block.trim_end_matches(['\n', '\r']);
                    out.push(Token {
                        text: format!("html-block {block:?}"),
                        at,
                    });
                }
            }
            other => {
                flush(&mut text, &mut out);
                match &other {
                    Event::Start(Tag::CodeBlock(_)) => code = Some((String::new(), range.start)),
                    Event::End(TagEnd::CodeBlock) => {
                        if let Some((c, at)) = code.take() {
                            let c = c.strip_suffix('\n').unwrap_or(&c);
                            out.push(Token {
                                text: format!("code {c:?}"),
                                at,
                            });
                        }
                    }
                    _ => {}
                }
                out.push(Token {
                    text: format!("{other:?}"),
                    at: range.start,
                });
            }
        }
    }
    flush(&mut text, &mut out);
    footnotes.sort_by(|a, b| a.0.cmp(&b.0));
    for (label, tokens) in footnotes {
        out.push(Token {
            text: format!("footnote {label:?}"),
            at: tokens.first().map_or(body.len(), |t| t.at),
        });
        out.extend(tokens);
    }
    out
}

/// Where two renderings first differ: the byte offsets in the first and the second body, or
/// `None` when they render alike.
#[must_use]
pub fn first_difference(a: &str, b: &str) -> Option<(usize, usize)> {
    let (ta, tb) = (tokens(a), tokens(b));
    for (x, y) in ta.iter().zip(&tb) {
        if x.text != y.text {
            return Some((x.at, y.at));
        }
    }
    match ta.len().cmp(&tb.len()) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Less => Some((a.len(), tb[ta.len()].at)),
        std::cmp::Ordering::Greater => Some((ta[tb.len()].at, b.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::first_difference;

    #[test]
    fn wrapping_and_id_comments_render_alike() {
        assert_eq!(
            first_difference(
                "Reaffirm our <!-- id: x --> support\nfor all.\n",
                "Reaffirm our support for all. <!-- id: x -->\n"
            ),
            None
        );
        assert_eq!(first_difference("# T\n\n\n\nText.", "# T\n\nText.\n"), None);
    }

    #[test]
    fn code_indentation_and_live_html_differ() {
        assert!(first_difference("    <script>\n", "<script>\n").is_some());
        assert!(first_difference("```\n a\n```\n", "```\na\n```\n").is_some());
        assert!(first_difference("- a\n\n- b\n", "- a\n- b\n").is_some());
        assert!(first_difference("***\n", "---\n").is_none());
    }
}
