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

use std::io::{self, Seek, Write};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Context;
use super::context::SectionCtx;
use crate::docx::styles;
use crate::docx::write::{
    Align, Block, Content, Document, Format, Paragraph, Run, footer_line, header_line,
};

/// The Word document of a rendering context, written into `out` as it is made: the paragraphs
/// of one section at a time, never the whole document; `reference` is a reference document's
/// styles. The bytes are those of [`document`]'s [`Document::to_docx`]. Returns `out`.
pub fn write<W: Write + Seek>(context: &Context, reference: Option<&str>, out: W) -> io::Result<W> {
    let (page, closing) = page_and_closing(context);
    let sections = context
        .sections()
        .flat_map(|section| section_paragraphs(context, &section));
    page.write_docx(sections.chain(closing), reference, out)
}

/// The document to write, as plain data.
#[must_use]
pub fn document(context: &Context) -> Document {
    let (mut page, closing) = page_and_closing(context);
    for section in context.sections() {
        page.body.extend(section_paragraphs(context, &section));
    }
    page.body.extend(closing);
    page
}

fn plain(style: &'static str, text: &str) -> Paragraph {
    Paragraph::styled(style, vec![Run::text(text)])
}

/// The paragraphs of a section: the break before it, its heading and its clauses.
fn section_paragraphs(context: &Context, section: &SectionCtx) -> Vec<Block> {
    let number = |label: &str| {
        context
            .footnotes
            .iter()
            .find(|f| f.label.eq_ignore_ascii_case(label))
            .map(|f| f.number)
    };
    let mut out = Vec::new();
    let mut push = |p: Paragraph| out.push(Block::Paragraph(p));
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
    out
}

/// The document without its sections: the note's head, the title and the dateline as its body,
/// the page header and footer, the footnotes; and what follows the sections (the endorsers).
fn page_and_closing(context: &Context) -> (Document, Vec<Block>) {
    let d = &context.document;
    let mut body: Vec<Block> = Vec::new();
    let mut push = |p: Paragraph| body.push(Block::Paragraph(p));
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
    let mut closing: Vec<Block> = Vec::new();
    let mut push = |p: Paragraph| closing.push(Block::Paragraph(p));
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
    let page = Document {
        body,
        header,
        footer: vec![footer],
        footnotes,
        landscape: false,
        author: d.from.clone().unwrap_or_default(),
        date: String::new(),
        title: d.title.clone().unwrap_or_else(|| d.id.clone()),
        language: d.language.clone(),
    };
    (page, closing)
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

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::sync::Arc;

    use super::*;
    use crate::render::{Endorser, Endorsers};

    /// A version with every kind of paragraph the Word rendering makes: a note's head, an
    /// illustrative mark, the title and dateline, headings of levels 2 to 6, a section break,
    /// clauses with emphasis, breaks, raw HTML, lists, a table and footnote references, the
    /// footnotes, and the endorsers after the sections.
    const EVERY_KIND: &str = "---\nid: v\ndocument: 11767/25\ndate: 2025-07-18\nplace: Brussels\n\
        classification: LIMITE\nstatus: adopted\nillustrative: true\nfrom: Presidency\n\
        to: Delegations\nsubject: The subject\ncodes: JAI 1\nlanguage: EN\nnote: A cover note.\n---\n\
        # The title\n\nBrussels, 18 July 2025\n\nWe agree[^a]:\n\n\
        ## On one, we:\n\nReaffirm *the* **full** ~~strong~~ need,  \nat <b>once</b> and `now`[^b];\n\n\
        1. Support returns;\n2. Fund:\n   - camps;\n   - routes.\n\n\
        ### Three\n\n| a | b |\n|---|---|\n| c | d |\n\n#### Four\n\nCall on partners.\n\n\
        ##### Five\n\nAsk.\n\n###### Six\n\nTell.\n\n---\n\nAfter the break.\n\n\
        [^a]: A note with *emphasis*.\n\n[^b]: Another.\n";

    #[test]
    fn the_document_written_section_by_section_is_the_document_made_whole() {
        let version = crate::parse::version(
            &crate::source::Source::new("v.md", EVERY_KIND.to_string()),
            &crate::model::Meta::default(),
        )
        .expect("reads");
        let endorsers = Endorsers {
            partner_countries: vec![Endorser {
                code: "XK".into(),
                name: "Kosovo*".into(),
                footnote: Some("This designation is without prejudice.".into()),
            }],
            count: 1,
            ..Endorsers::default()
        };
        let context = Context::new(Arc::new(version), endorsers, false);
        let whole = document(&context);
        let kinds: Vec<&str> = whole
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => p.style,
                Block::Table(_) => None,
            })
            .collect();
        for style in [
            styles::COUNCIL,
            styles::ILLUSTRATIVE,
            styles::ANNEX,
            styles::TITLE,
            styles::DATELINE,
            styles::SECTION_BREAK,
            styles::CLAUSE,
            styles::FOOTNOTE_TEXT,
        ]
        .iter()
        .chain(&styles::HEADING[..5])
        {
            assert!(kinds.contains(style), "no {style} paragraph in {kinds:?}");
        }
        assert!(whole.footnotes.len() == 2 && whole.body.len() > 25);
        let streamed = write(&context, None, Cursor::new(Vec::new())).unwrap();
        assert!(streamed.get_ref() == &whole.to_docx(None).unwrap());
        let reference = styles::built_in();
        let streamed = write(&context, Some(&reference), Cursor::new(Vec::new())).unwrap();
        assert!(streamed.get_ref() == &whole.to_docx(Some(&reference)).unwrap());
    }
}
