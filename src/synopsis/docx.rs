//! `decl synopsis --format docx`: the N-column document as a landscape Word table, one column
//! per version (the version's id, document number and date in a header row repeated on every
//! page), one row per clause lineage. A cell's words new since the column before are in bold and
//! underlined, those it dropped struck through, as Council documents mark changes; a cell says
//! when its clause was split, merged, moved, deleted or reinstated. The header carries the
//! distribution marking: the first that is not `PUBLIC` among the columns. With `--proposals`,
//! each proposal under its clause is a paragraph of the cell: who and when in italics, its word
//! changes marked alike, its outcome in the next column on a line of its own.

use std::io::{self, Write};

use super::format::column_label;
use super::{Cell, Step, Synopsis};
use crate::diff::Op;
use crate::docx::styles;
use crate::docx::write::{
    Block, Content, Document, Format, Paragraph, Run, Table, footer_line, header_line, text_width,
};

pub fn write(s: &Synopsis, out: &mut dyn Write) -> io::Result<()> {
    let bytes = document(s)
        .to_docx(None)
        .map_err(|e| io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
}

fn text(style: &'static str, text: &str) -> Paragraph {
    Paragraph::styled(style, vec![Run::text(text)])
}

fn italic(text: &str) -> Run {
    let mut run = Run::text(text);
    run.format.italic = true;
    run
}

/// The paragraphs of one cell.
fn cell(cell: &Cell, outcomes_in: Option<&str>) -> Vec<Paragraph> {
    let note = match cell.step {
        Step::Split => Some("(split)"),
        Step::Merged => Some("(merged)"),
        Step::Reinstated => Some("(reinstated)"),
        Step::Moved => Some("(moved)"),
        Step::Modified if cell.moved => Some("(moved)"),
        _ => None,
    };
    if cell.step == Step::Deleted {
        return vec![Paragraph::styled(
            styles::TABLE_TEXT,
            vec![italic("(deleted)")],
        )];
    }
    let numbers: Vec<&str> = cell.clauses.iter().map(|c| c.number.as_str()).collect();
    let mut paragraphs = Vec::new();
    match &cell.inline {
        Some(pieces) => {
            let mut runs = vec![Run::text(format!("{} ", numbers.join(", "))).bold()];
            runs.extend(pieces.iter().map(|p| marked(p.op, &p.text)));
            paragraphs.push(Paragraph::styled(styles::TABLE_TEXT, runs));
        }
        None => {
            for c in &cell.clauses {
                paragraphs.push(Paragraph::styled(
                    styles::TABLE_TEXT,
                    vec![
                        Run::text(format!("{} ", c.number)).bold(),
                        Run::text(c.text.as_str()),
                    ],
                ));
            }
        }
    }
    if let (Some(note), Some(last)) = (note, paragraphs.last_mut()) {
        last.runs.push(Run::text(" "));
        last.runs.push(italic(note));
    }
    for c in &cell.clauses {
        for p in &c.proposals {
            let d = super::proposals::describe(c, p, outcomes_in);
            let mut runs = vec![italic(&format!("{}: ", d.lead))];
            runs.extend(d.pieces.iter().map(|(op, text)| marked(*op, text)));
            if let Some(outcome) = &d.outcome {
                runs.push(Run::of(Content::Break));
                runs.push(italic(&format!("→ {outcome}")));
            }
            paragraphs.push(Paragraph::styled(styles::TABLE_TEXT, runs));
        }
    }
    paragraphs
}

/// A run of a word diff: new words bold and underlined, dropped ones struck through.
fn marked(op: Op, text: &str) -> Run {
    let mut run = Run::text(text);
    run.format = match op {
        Op::Equal => Format::default(),
        Op::Insert => Format {
            bold: true,
            underline: true,
            ..Format::default()
        },
        Op::Delete => Format {
            strike: true,
            ..Format::default()
        },
    };
    run
}

/// The synopsis as a document to write.
#[must_use]
pub fn document(s: &Synopsis) -> Document {
    let n = s.columns.len().max(1);
    let width = text_width(true) / u32::try_from(n).unwrap_or(1);
    let mut rows = vec![
        (0..s.columns.len())
            .map(|i| {
                let c = &s.columns[i];
                let mut p = Paragraph::styled(
                    styles::TABLE_TEXT,
                    vec![Run::text(column_label(s, i)).bold()],
                );
                if let Some(date) = &c.date {
                    p.runs.push(Run::of(Content::Break));
                    p.runs.push(Run::text(date.as_str()));
                }
                vec![p]
            })
            .collect::<Vec<_>>(),
    ];
    rows.extend(s.rows.iter().map(|row| {
        row.cells
            .iter()
            .enumerate()
            .map(|(i, c)| cell(c, s.columns[i].outcomes_in.as_deref()))
            .collect()
    }));
    let mut body = Vec::new();
    let title = s.title.clone().unwrap_or_default();
    body.push(Block::Paragraph(text(
        styles::TITLE,
        &format!("Synopsis: {title}"),
    )));
    if s.columns.iter().any(|c| c.illustrative) {
        body.push(Block::Paragraph(text(
            styles::ILLUSTRATIVE,
            "Columns marked [illustrative] are not official versions.",
        )));
    }
    body.push(Block::Paragraph(Paragraph::styled(
        styles::TABLE_TEXT,
        vec![
            Run::text("Changes from the column before: "),
            Run {
                format: Format {
                    bold: true,
                    underline: true,
                    ..Format::default()
                },
                ..Run::text("new text")
            },
            Run::text(", "),
            Run {
                format: Format {
                    strike: true,
                    ..Format::default()
                },
                ..Run::text("deleted text")
            },
            Run::text("."),
        ],
    )));
    body.push(Block::Table(Table {
        widths: vec![width; n],
        header_rows: 1,
        rows,
    }));
    let marking = s
        .columns
        .iter()
        .filter_map(|c| c.classification.as_deref())
        .map(|c| c.trim().to_uppercase())
        .find(|c| c != "PUBLIC")
        .or_else(|| {
            s.columns
                .iter()
                .find_map(|c| c.classification.as_deref())
                .map(|c| c.trim().to_uppercase())
        });
    let header = header_line(format!("Synopsis: {title}"), marking.as_deref(), true);
    let footer = footer_line(marking.clone().unwrap_or_default(), true);
    Document {
        body,
        header: vec![header],
        footer: vec![footer],
        footnotes: Vec::new(),
        landscape: true,
        author: String::new(),
        date: String::new(),
        title: format!("Synopsis: {title}"),
        language: None,
    }
}
