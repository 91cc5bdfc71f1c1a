//! `decl compile --format docx`: the compilation text as a Word document, in the forms of the
//! other formats: the base words delegations propose to change struck through, each proposal
//! after them in bold and attributed (`[EU: Ensure]`, `[EU, JP: delete]`), proposals on a
//! clause as a whole before its text, clauses proposed to be added after the clause they follow
//! (`+  [EU: add] …`). The distribution marking is in the page header (with `ILLUSTRATIVE` when
//! the version or a proposal is), `Compilation` and the document number with the page number in
//! the footer, as in the HTML page.
//!
//! Why formatting and not Word's tracked changes: a compilation holds alternatives, two
//! delegations' wordings of the same words, which tracked changes cannot (accepting all of
//! them would write both wordings one after the other); a proposal several delegations share,
//! or one that moves, splits or merges clauses, has no single author; and a compilation is
//! circulated and printed, where the author of a tracked change is only in a balloon that does
//! not print. Written as formatting, the attribution is part of the text, and the document
//! reads like the Council compilations it replaces. A Presidency that wants each delegation's
//! changes to accept or reject keeps the copies `decl propose` read.

use std::io::{self, Write};

use super::format::{by_line, heading_line, section_name};
use super::{Added, Compilation, Piece, attributed, lay_out};
use crate::docx::styles;
use crate::docx::write::{
    Block, Content, Document, Format, Paragraph, Run, footer_line, header_line,
};
use crate::render::page::combined_marking;

pub fn write(c: &Compilation, out: &mut dyn Write) -> io::Result<()> {
    let bytes = document(c)
        .to_docx(None)
        .map_err(|e| io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
}

/// `[EU: Ensure]`, in bold.
fn proposal(delegations: &[String], text: &str) -> Run {
    Run::text(attributed(delegations, text)).bold()
}

/// A clause's paragraph: its number, a tab, then `runs`, the lines after the first indented
/// as far as the text after the number.
fn numbered(number: &str, runs: Vec<Run>) -> Paragraph {
    let mut all = vec![Run::text(number), Run::of(Content::Tab)];
    all.extend(runs);
    let mut p = Paragraph::styled(styles::CLAUSE, all);
    p.hanging = Some(NUMBER_WIDTH);
    p
}

/// Room for a clause number (1 cm), in twentieths of a point.
const NUMBER_WIDTH: u32 = 567;

fn added(a: &Added) -> Paragraph {
    numbered(
        "+",
        vec![
            proposal(&a.delegations, "add"),
            Run::text(" "),
            Run::text(a.text.as_str()),
        ],
    )
}

/// The compilation as a document to write.
#[must_use]
pub fn document(c: &Compilation) -> Document {
    let mut body = Vec::new();
    let mut push = |p: Paragraph| body.push(Block::Paragraph(p));
    let plain = |style: &'static str, text: &str| Paragraph::styled(style, vec![Run::text(text)]);
    if c.illustrative {
        push(plain(
            styles::ILLUSTRATIVE,
            "Illustrative: not a real document.",
        ));
    }
    if let Some(t) = &c.title {
        push(plain(styles::TITLE, t));
    }
    let mut meta = Run::text(format!("{}. {}", heading_line(c), by_line(c)));
    meta.format.italic = true;
    push(Paragraph::styled(styles::NORMAL, vec![meta]));
    for s in &c.sections {
        match (&s.heading, section_name(s)) {
            (Some(h), _) => {
                let mut p = plain(styles::HEADING[0], h);
                p.keep_next = true;
                push(p);
            }
            (None, Some(_)) => push(Paragraph::styled(styles::SECTION_BREAK, Vec::new())),
            (None, None) => {}
        }
        for a in &s.added {
            push(added(a));
        }
        for x in &s.clauses {
            let mut runs = Vec::new();
            for n in &x.notes {
                runs.push(proposal(&n.delegations, &n.text));
                runs.push(Run::text(" "));
            }
            lay_out(
                &x.pieces,
                &mut runs,
                |runs| runs.push(Run::text(" ")),
                |runs, p| {
                    runs.push(match p {
                        Piece::Text { text } => Run::text(text.as_str()),
                        Piece::Struck { text } => Run {
                            format: Format {
                                strike: true,
                                ..Format::default()
                            },
                            ..Run::text(text.as_str())
                        },
                        Piece::Proposal { delegations, text } => proposal(delegations, text),
                    });
                },
            );
            push(numbered(&x.number, runs));
            for a in &x.added {
                push(added(a));
            }
        }
    }
    let marking = combined_marking([c.classification.as_deref()]);
    let title = c.title.as_deref().unwrap_or("Compilation");
    let top = if c.illustrative { "ILLUSTRATIVE" } else { "" };
    let header = header_line(top, marking.as_deref(), false);
    let footer = footer_line(
        format!(
            "Compilation {}",
            c.document.as_deref().unwrap_or(c.version.as_str())
        ),
        false,
    );
    Document {
        body,
        header: vec![header],
        footer: vec![footer],
        footnotes: Vec::new(),
        landscape: false,
        author: String::new(),
        date: String::new(),
        title: format!("Compilation: {title}"),
        language: c.language.clone(),
    }
}
