//! `decl render --to docx`: the template context as a Council-style Word document.
//!
//! For a Council note (a version with a document number or a From/To/Subject), the first page is
//! the note's head: the Council's name, place, date and original language, the document number,
//! the marking and the subject codes, `NOTE`, From, To and Subject, and the cover note; the
//! declaration follows on a new page under `ANNEX`. Otherwise the document opens with the title.
//! The marking is in the page header (with `ILLUSTRATIVE TEXT` for an illustrative version), the
//! Council footer (`11767/25 JAI.1 LIMITE EN`) and the page number out of the number of pages (Word's
//! `PAGE` and `NUMPAGES` fields) in the footer. Footnotes are Word footnotes, numbered as in the
//! HTML rendering. Headings use Word's heading styles and clauses that are list items Word's
//! numbering, so `decl import` reads the document back as the same clauses.
//!
//! The styles are the built-in ones, or those of a reference document: `declaration.docx` in the
//! repository's `templates/` folder, or the file or name given with `--template`.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Context;
use crate::docx::styles;
use crate::docx::write::{
    Align, Block, Content, Document, Format, Paragraph, Run, footer_line, header_line,
};
use crate::error::Result;

/// The Word document of a rendering context; `reference` is a reference document's styles.
pub fn render(context: &Context, reference: Option<&str>) -> Result<Vec<u8>> {
    document(context).to_docx(reference)
}

/// The document to write, as plain data.
#[must_use]
pub fn document(context: &Context) -> Document {
    let d = &context.document;
    let mut body: Vec<Block> = Vec::new();
    let mut push = |p: Paragraph| body.push(Block::Paragraph(p));
    let plain = |style: &'static str, text: &str| Paragraph::styled(style, vec![Run::text(text)]);
    if d.illustrative {
        push(plain(
            styles::ILLUSTRATIVE,
            "Illustrative text: not an official version of this declaration.",
        ));
    }
    if d.is_note {
        push(plain(styles::COUNCIL, "Council of the European Union"));
        let mut placed = String::new();
        if let Some(place) = &d.place {
            placed.push_str(place);
            placed.push_str(", ");
        }
        placed.push_str(d.date_long.as_deref().unwrap_or(""));
        if let Some(language) = &d.language {
            placed.push_str(" (OR. ");
            placed.push_str(&language.to_lowercase());
            placed.push(')');
        }
        if !placed.trim().is_empty() {
            push(plain(styles::NORMAL, placed.trim()).aligned(Align::Left));
        }
        if let Some(number) = &d.number {
            push(plain(styles::DOCUMENT_NUMBER, number));
        }
        if let Some(marking) = &d.marking {
            push(plain(styles::MARKING, marking));
        }
        if let Some(codes) = &d.codes {
            push(plain(styles::MARKING, codes));
        }
        push(plain(styles::NOTE_KIND, "NOTE"));
        for (label, value) in [("From:", &d.from), ("To:", &d.to), ("Subject:", &d.subject)] {
            if let Some(value) = value {
                let mut p = Paragraph::styled(
                    styles::NORMAL,
                    vec![
                        Run::text(label).bold(),
                        Run::of(Content::Tab),
                        Run::text(value.as_str()),
                    ],
                )
                .aligned(Align::Left);
                p.left_tab = Some(1701);
                push(p);
            }
        }
        if let Some(note) = &d.note {
            push(plain(styles::NORMAL, note));
        }
        let mut annex = plain(styles::ANNEX, "ANNEX");
        annex.page_break_before = true;
        push(annex);
    }
    if let Some(title) = &d.title {
        push(plain(styles::TITLE, title));
    }
    if let Some(dateline) = &d.dateline {
        push(plain(styles::DATELINE, dateline));
    }
    let number = |label: &str| {
        context
            .footnotes
            .iter()
            .find(|f| f.label.eq_ignore_ascii_case(label))
            .map(|f| f.number)
    };
    for section in context.sections() {
        if section.after_break {
            push(Paragraph::styled(styles::SECTION_BREAK, Vec::new()));
        }
        if let Some(heading) = &section.heading {
            let level = usize::from(section.level.clamp(2, 7) - 2);
            let mut p = plain(styles::HEADING[level.min(5)], heading);
            p.keep_next = true;
            push(p);
        }
        for clause in &section.clauses {
            for mut p in markdown_paragraphs(&clause.markdown, &number) {
                p.style = Some(styles::CLAUSE);
                push(p);
            }
        }
    }
    if d.adopted && !context.endorsers.filled && context.endorsers.count > 0 {
        push(plain(styles::HEADING[0], "Endorsed by"));
        let e = &context.endorsers;
        let mut names: Vec<String> = Vec::new();
        if e.european_union {
            names.push("the European Union".to_string());
        }
        names.extend(
            e.member_states
                .iter()
                .chain(&e.partner_countries)
                .chain(&e.organisations)
                .map(|x| x.name.clone()),
        );
        push(plain(styles::NORMAL, &names.join(", ")));
        for n in &context.name_notes {
            push(plain(
                styles::FOOTNOTE_TEXT,
                &format!("{} {}", n.mark, n.text),
            ));
        }
    }
    let footnotes = context
        .footnotes
        .iter()
        .map(|f| {
            let mut paragraphs = markdown_paragraphs(&f.markdown, &|_| None);
            for p in &mut paragraphs {
                p.style = Some(styles::FOOTNOTE_TEXT);
                p.list = None;
            }
            paragraphs
        })
        .collect();
    let top = if d.illustrative {
        "ILLUSTRATIVE TEXT"
    } else {
        ""
    };
    let header = vec![header_line(top, d.marking.as_deref(), false)];
    let footer = footer_line(d.footer.as_str(), false);
    Document {
        body,
        header,
        footer: vec![footer],
        footnotes,
        landscape: false,
        author: d.from.clone().unwrap_or_default(),
        date: String::new(),
        title: d.title.clone().unwrap_or_else(|| d.id.clone()),
        language: d.language.clone(),
    }
}

/// A clause's (or footnote's) Markdown as Word paragraphs: paragraphs, list items (numbered or
/// bulleted, by nesting level), and table cells one paragraph each; emphasis, strong emphasis and
/// strikethrough as formatting; footnote references as Word footnote references; raw HTML as
/// text, as the HTML rendering shows it.
#[must_use]
pub fn markdown_paragraphs(
    markdown: &str,
    footnote: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current = Paragraph::styled(styles::NORMAL, Vec::new());
    let mut lists: Vec<bool> = Vec::new();
    let mut format = Format::default();
    let flush = |current: &mut Paragraph, out: &mut Vec<Paragraph>, next: Paragraph| {
        let done = std::mem::replace(current, next);
        if done
            .runs
            .iter()
            .any(|r| !matches!(&r.content, Content::Text(t) if t.trim().is_empty()))
        {
            out.push(done);
        }
    };
    let fresh = |lists: &[bool]| {
        let mut p = Paragraph::styled(styles::NORMAL, Vec::new());
        if let Some(&numbered) = lists.last() {
            p.list = Some((numbered, u8::try_from(lists.len() - 1).unwrap_or(8)));
        }
        p
    };
    let text = |format: Format, t: &str| Run {
        content: Content::Text(t.to_string()),
        format,
        change: crate::docx::write::Change::None,
    };
    // A clause's Markdown holds no footnote definitions: references are read the old way, as
    // the plain text of the rendering context reads them.
    let options =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_OLD_FOOTNOTES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::List(start)) => {
                flush(&mut current, &mut out, fresh(&lists));
                lists.push(start.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                flush(&mut current, &mut out, fresh(&lists));
            }
            Event::Start(Tag::Item | Tag::Paragraph | Tag::TableCell | Tag::Heading { .. }) => {
                // A list item's first paragraph is the item's own.
                let in_fresh_item = current.runs.is_empty();
                if !in_fresh_item {
                    flush(&mut current, &mut out, fresh(&lists));
                } else if current.list.is_none() && !lists.is_empty() {
                    current = fresh(&lists);
                }
            }
            Event::End(
                TagEnd::Item | TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Heading(_),
            ) => {
                flush(&mut current, &mut out, fresh(&lists));
            }
            Event::Start(Tag::Emphasis) => format.italic = true,
            Event::End(TagEnd::Emphasis) => format.italic = false,
            Event::Start(Tag::Strong) => format.bold = true,
            Event::End(TagEnd::Strong) => format.bold = false,
            Event::Start(Tag::Strikethrough) => format.strike = true,
            Event::End(TagEnd::Strikethrough) => format.strike = false,
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                current.runs.push(text(format, &t));
            }
            Event::SoftBreak => current.runs.push(text(format, " ")),
            Event::HardBreak => current.runs.push(Run {
                content: Content::Break,
                ..text(format, "")
            }),
            Event::FootnoteReference(label) => match footnote(&label) {
                Some(n) => current.runs.push(Run {
                    content: Content::Footnote(n),
                    ..text(Format::default(), "")
                }),
                None => current.runs.push(text(format, &format!("[^{label}]"))),
            },
            _ => {}
        }
    }
    flush(&mut current, &mut out, Paragraph::default());
    out
}
