//! Clause Markdown to HTML that is safe to embed: raw HTML in a clause is shown as text (HTML
//! comments, such as id comments, are dropped), links keep only `http`, `https` and `mailto`
//! targets, and images show their description, so a document loads nothing and runs nothing.
//! A footnote reference becomes its number, raised, linking to the footnote.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// Render the inline or block Markdown of one clause or heading.
#[must_use]
pub fn markdown_to_html(markdown: &str, inline: bool) -> String {
    markdown_to_html_with(markdown, inline, &|_| None)
}

/// [`markdown_to_html`], footnote references numbered by `number` (label → number); one
/// without a number is shown as written.
#[must_use]
pub fn markdown_to_html_with(
    markdown: &str,
    inline: bool,
    number: &dyn Fn(&str) -> Option<usize>,
) -> String {
    // Definitions are not in a clause's Markdown: a reference is one wherever it stands, as
    // in the older footnote syntax.
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_OLD_FOOTNOTES,
    );
    let mut in_image = 0usize;
    let events = parser.filter_map(|event| match event {
        Event::FootnoteReference(label) => Some(match number(&label) {
            Some(n) => Event::InlineHtml(CowStr::from(format!(
                "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\">{n}</a></sup>"
            ))),
            None => Event::Text(CowStr::from(format!("[^{label}]"))),
        }),
        Event::Html(h) | Event::InlineHtml(h) => {
            if h.trim_start().starts_with("<!--") {
                None
            } else {
                Some(Event::Text(h))
            }
        }
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            None
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = ["http://", "https://", "mailto:"]
                .iter()
                .any(|p| dest_url.to_ascii_lowercase().starts_with(p));
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url: if safe { dest_url } else { CowStr::Borrowed("") },
                title,
                id,
            }))
        }
        other => Some(other),
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    let out = out.trim_end().to_string();
    if inline {
        // A heading or single paragraph: without its <p> wrapper.
        if let Some(inner) = out.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            return inner.to_string();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown_to_html;

    #[test]
    fn raw_html_and_scripts_become_text() {
        let html = markdown_to_html(
            "Agree <script>alert(1)</script> [x](javascript:alert(1)) <!-- id: a -->",
            true,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("id: a"), "{html}");
    }

    #[test]
    fn images_load_nothing() {
        let html = markdown_to_html("See ![the map](https://example.org/map.png).", true);
        assert!(!html.contains("<img"), "{html}");
    }
}
