//! Outputs of the synopsis: `term`, `md`, `html`, `json` (`decl-synopsis/1`). Each reads a
//! [`Synopsis`] and writes it; none computes anything.
//!
//! `decl-synopsis/1`:
//! - `schema`, `title`;
//! - `versions`: the columns, oldest first, each `{source, id, document, date, status,
//!   illustrative}`;
//! - `rows`: one per clause lineage, each `{cells, changes}`. `cells` has one entry per version:
//!   the list of that version's clauses in the lineage (`{index, number, id, section, text}`,
//!   `index` and `number` as in `decl show`, and `status` when the clause's id comment writes
//!   a paragraph status), empty where the lineage has no clause. `changes`
//!   has one entry per version: `{step, moved, inline?, fallback?}`, `step` one of `absent`, `entered`, `unchanged`,
//!   `modified`, `moved`, `split`, `merged`, `deleted`, `reinstated` (back after a version or
//!   more without it: same id or nearly the same text, in the same row), relative to the column
//!   before (for `reinstated`, to the column it was last in); `inline` is the word diff
//!   (`[{op, text}]`, op `equal`/`insert`/`delete`) of a modified, split, merged or reinstated
//!   cell: its `equal` + `insert` texts give the cell's text (a split's clauses joined by
//!   ` ¶ `).
//! - With `--proposals` only: each version has `proposals: {offers, outcomes_in}` (how many
//!   proposals its column lists, and the id of the version their outcomes are against, null for
//!   the last column), and each clause of a cell a `proposals` array: the offers of
//!   `decl-proposals/1` on it (`{delegations, action, clauses, new, after, section, inline,
//!   outcome}`, an added clause on the clause it follows or the first of its section) with
//!   `dates`, the date of each delegation's proposal in the order of `delegations`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::proposals::describe;
use super::{Cell, CellClause, Piece, Step, Synopsis};
use crate::diff::Op;

/// The formats `decl synopsis` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rows one after the other, each version's text with its changes marked.
    Term,
    /// A Markdown table, one column per version, changes in `CriticMarkup`.
    Md,
    /// One self-contained HTML page: a landscape table with sticky version headers.
    Html,
    /// The `decl-synopsis/1` JSON document.
    Json,
    /// A landscape Word table, one column per version, changes marked (needs `-o`).
    Docx,
}

pub fn write(
    synopsis: &Synopsis,
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Term => term(synopsis, color, out),
        Format::Md => markdown(synopsis, out),
        Format::Html => super::html::write(synopsis, out),
        Format::Json => json(synopsis, out),
        Format::Docx => super::docx::write(synopsis, out),
    }
}

/// A column's name for people: `id (document) [illustrative]`.
#[must_use]
pub fn column_label(s: &Synopsis, i: usize) -> String {
    let c = &s.columns[i];
    let mut label = c.id.clone();
    if let Some(d) = &c.document {
        label.push_str(" (");
        label.push_str(d);
        label.push(')');
    }
    if c.illustrative {
        label.push_str(" [illustrative]");
    }
    label
}

/// The numbers of a cell's clauses, as a reader sees them: `7`, `4, 5`, with the paragraph
/// status of those that have one written: `7 (agreed ad ref)`.
fn cell_numbers(cell: &Cell) -> String {
    cell.clauses
        .iter()
        .map(|c| match c.status {
            Some(status) => format!("{} ({})", c.number, status.label()),
            None => c.number.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell_text(cell: &Cell) -> String {
    cell.clauses
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" ¶ ")
}

/// A word diff for a terminal: insertions and deletions coloured, or, without colour, marked
/// `{+inserted+}` and `{-deleted-}` (see [`Op::marked`]).
pub fn write_pieces(out: &mut dyn Write, pieces: &[Piece], color: bool) -> io::Result<()> {
    let ins = Style::new()
        .fg_color(Some(AnsiColor::Green.into()))
        .underline();
    let del = Style::new()
        .fg_color(Some(AnsiColor::Red.into()))
        .strikethrough();
    for p in pieces {
        match (p.op, color) {
            (Op::Equal, _) => write!(out, "{}", p.text)?,
            (Op::Insert, true) => write!(out, "{ins}{}{ins:#}", p.text)?,
            (Op::Delete, true) => write!(out, "{del}{}{del:#}", p.text)?,
            (op, false) => write!(out, "{}", op.marked(&p.text))?,
        }
    }
    Ok(())
}

fn term(s: &Synopsis, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let paint = |style: Style| if color { style } else { Style::new() };
    let head = paint(Style::new().bold());
    let dim = paint(Style::new().dimmed());
    if let Some(t) = &s.title {
        writeln!(out, "{head}{t}{head:#}")?;
    }
    let labels: Vec<String> = (0..s.columns.len()).map(|i| column_label(s, i)).collect();
    writeln!(out, "{dim}versions: {}{dim:#}", labels.join(" → "))?;
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for (n, row) in s.rows.iter().enumerate() {
        writeln!(out)?;
        let ids: Vec<&str> = row
            .cells
            .iter()
            .flat_map(|c| c.clauses.iter().filter_map(|x| x.id.as_deref()))
            .collect();
        let mut ids_unique = ids.clone();
        ids_unique.dedup();
        let name = if ids_unique.is_empty() {
            String::new()
        } else {
            format!(" <{}>", ids_unique.join(", "))
        };
        writeln!(out, "{head}row {}{name}{head:#}", n + 1)?;
        for (i, cell) in row.cells.iter().enumerate() {
            write!(out, "  {dim}{:<width$}{dim:#}  ", labels[i])?;
            if !cell.clauses.is_empty() {
                write!(out, "{dim}{}{dim:#}  ", cell_numbers(cell))?;
            }
            match (cell.step, &cell.inline) {
                (Step::Absent, _) => writeln!(out, "{dim}—{dim:#}")?,
                (Step::Deleted, _) => writeln!(out, "{dim}(deleted){dim:#}")?,
                (Step::Unchanged, _) => writeln!(out, "{dim}(unchanged){dim:#}")?,
                (Step::Moved, _) => writeln!(out, "{dim}(moved, text unchanged){dim:#}")?,
                (step, Some(pieces)) => {
                    write_pieces(out, pieces, color)?;
                    let tag = match step {
                        Step::Split => " (split)",
                        Step::Merged => " (merged)",
                        Step::Reinstated => " (reinstated)",
                        _ if cell.moved => " (moved)",
                        _ => "",
                    };
                    writeln!(out, "{dim}{tag}{dim:#}")?;
                }
                (step, None) => {
                    let tag = match step {
                        Step::Split => " (split)",
                        Step::Merged => " (merged)",
                        Step::Reinstated => " (reinstated)",
                        Step::Entered if i > 0 => " (added)",
                        _ => "",
                    };
                    writeln!(out, "{}{dim}{tag}{dim:#}", cell_text(cell))?;
                }
            }
            let outcomes_in = s.columns[i].outcomes_in.as_deref();
            for c in &cell.clauses {
                for p in &c.proposals {
                    let d = describe(c, p, outcomes_in);
                    write!(
                        out,
                        "{:indent$}{head}{}{head:#}: ",
                        "",
                        d.lead,
                        indent = width + 4
                    )?;
                    write_marked(out, &d.pieces, color)?;
                    writeln!(out)?;
                    if let Some(outcome) = &d.outcome {
                        writeln!(out, "{:indent$}→ {outcome}", "", indent = width + 6)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// [`write_pieces`] for the `(op, text)` pieces of a proposal.
fn write_marked(out: &mut dyn Write, pieces: &[(Op, String)], color: bool) -> io::Result<()> {
    let pieces: Vec<Piece> = pieces
        .iter()
        .map(|(op, text)| Piece {
            op: *op,
            text: text.clone(),
        })
        .collect();
    write_pieces(out, &pieces, color)
}

fn md_escape(text: &str) -> String {
    text.replace('|', "\\|")
}

fn markdown(s: &Synopsis, out: &mut dyn Write) -> io::Result<()> {
    if let Some(t) = &s.title {
        writeln!(out, "# Synopsis: {}\n", md_escape(t))?;
    }
    if s.columns.iter().any(|c| c.illustrative) {
        writeln!(
            out,
            "Columns marked *illustrative* are not official versions.\n"
        )?;
    }
    let labels: Vec<String> = (0..s.columns.len())
        .map(|i| md_escape(&column_label(s, i)))
        .collect();
    writeln!(out, "| {} |", labels.join(" | "))?;
    writeln!(out, "|{}", " --- |".repeat(labels.len()))?;
    for row in &s.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let number = if cell.clauses.is_empty() {
                    String::new()
                } else {
                    format!("**{}** ", md_escape(&cell_numbers(cell)))
                };
                number
                    + &md_cell(i, cell)
                    + &md_proposals(cell, s.columns[i].outcomes_in.as_deref())
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// The proposals under a cell's clauses, each on a line of its own in the table cell.
fn md_proposals(cell: &Cell, outcomes_in: Option<&str>) -> String {
    let mut out = String::new();
    for c in &cell.clauses {
        for p in &c.proposals {
            let d = describe(c, p, outcomes_in);
            out.push_str("<br>*");
            out.push_str(&md_escape(&d.lead));
            out.push_str(":* ");
            out.push_str(&critic(&d.pieces));
            if let Some(outcome) = &d.outcome {
                out.push_str(" → ");
                // Clause ids are written `<id>`: not HTML.
                out.push_str(&md_escape(outcome).replace('<', "\\<"));
            }
        }
    }
    out
}

/// Word-diff pieces in `CriticMarkup`, escaped for a table cell.
fn critic(pieces: &[(Op, String)]) -> String {
    pieces
        .iter()
        .map(|(op, text)| match op {
            Op::Equal => md_escape(text),
            Op::Insert => format!("{{++{}++}}", md_escape(text)),
            Op::Delete => format!("{{--{}--}}", md_escape(text)),
        })
        .collect()
}

/// One cell of the Markdown table, without its numbers.
fn md_cell(i: usize, cell: &Cell) -> String {
    match (&cell.inline, cell.step) {
        (_, Step::Absent) => String::new(),
        (_, Step::Deleted) => "*(deleted)*".to_string(),
        (Some(pieces), step) => {
            let text = critic(
                &pieces
                    .iter()
                    .map(|p| (p.op, p.text.clone()))
                    .collect::<Vec<_>>(),
            );
            match step {
                Step::Split => format!("{text} *(split)*"),
                Step::Merged => format!("{text} *(merged)*"),
                Step::Reinstated => format!("{text} *(reinstated)*"),
                _ => text,
            }
        }
        (None, step) => {
            let text = md_escape(&cell_text(cell));
            match step {
                Step::Split => format!("{text} *(split)*"),
                Step::Merged => format!("{text} *(merged)*"),
                Step::Reinstated => format!("{text} *(reinstated)*"),
                Step::Entered if i > 0 => format!("{{++{text}++}}"),
                _ => text,
            }
        }
    }
}

#[derive(Serialize)]
struct SynopsisV1<'a> {
    schema: &'static str,
    title: Option<&'a str>,
    versions: Vec<ColumnV1<'a>>,
    rows: Vec<RowV1<'a>>,
}

#[derive(Serialize)]
struct ColumnV1<'a> {
    source: &'a str,
    id: &'a str,
    document: Option<&'a str>,
    date: Option<&'a str>,
    status: Option<&'a str>,
    illustrative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    proposals: Option<ColumnProposalsV1<'a>>,
}

/// With proposals shown: how many were made on the version, and the version their outcomes
/// are against.
#[derive(Serialize)]
struct ColumnProposalsV1<'a> {
    offers: usize,
    outcomes_in: Option<&'a str>,
}

#[derive(Serialize)]
struct RowV1<'a> {
    cells: Vec<Vec<ClauseV1<'a>>>,
    changes: Vec<ChangeV1<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ClauseV1<'a> {
    index: usize,
    number: &'a str,
    id: Option<&'a str>,
    section: Option<&'a str>,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    proposals: Option<Vec<ProposalV1<'a>>>,
}

/// A proposal under a clause: an offer of `decl-proposals/1`, with the date of each
/// delegation's proposal.
#[derive(Serialize)]
struct ProposalV1<'a> {
    #[serde(flatten)]
    offer: crate::negotiate::listing::OfferV1<'a>,
    dates: Vec<String>,
}

impl<'a> ClauseV1<'a> {
    pub(crate) fn new(x: &'a CellClause) -> Self {
        ClauseV1 {
            index: x.index,
            number: &x.number,
            id: x.id.as_deref(),
            section: x.section.as_deref(),
            text: &x.text,
            status: x.status.map(crate::model::ClauseStatus::as_str),
            proposals: None,
        }
    }

    /// With the proposals listed on the clause.
    fn with_proposals(x: &'a CellClause) -> Self {
        ClauseV1 {
            proposals: Some(
                x.proposals
                    .iter()
                    .map(|p| ProposalV1 {
                        offer: crate::negotiate::listing::offer_v1(&x.text, &p.offer),
                        dates: p.dates.iter().map(ToString::to_string).collect(),
                    })
                    .collect(),
            ),
            ..ClauseV1::new(x)
        }
    }
}

#[derive(Serialize)]
struct ChangeV1<'a> {
    step: &'static str,
    moved: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    inline: Option<Vec<PieceV1<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct PieceV1<'a> {
    op: &'static str,
    text: &'a str,
}

impl<'a> PieceV1<'a> {
    pub(crate) fn new(x: &'a Piece) -> Self {
        PieceV1 {
            op: x.op.as_str(),
            text: &x.text,
        }
    }
}

fn json(s: &Synopsis, out: &mut dyn Write) -> io::Result<()> {
    let view = SynopsisV1 {
        schema: "decl-synopsis/1",
        title: s.title.as_deref(),
        versions: s
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| ColumnV1 {
                source: &c.source,
                id: &c.id,
                document: c.document.as_deref(),
                date: c.date.as_deref(),
                status: c.status.as_deref(),
                illustrative: c.illustrative,
                proposals: s.proposals.then(|| ColumnProposalsV1 {
                    offers: s
                        .rows
                        .iter()
                        .map(|r| {
                            r.cells[i]
                                .clauses
                                .iter()
                                .map(|x| x.proposals.len())
                                .sum::<usize>()
                        })
                        .sum(),
                    outcomes_in: c.outcomes_in.as_deref(),
                }),
            })
            .collect(),
        rows: s
            .rows
            .iter()
            .map(|r| RowV1 {
                cells: r
                    .cells
                    .iter()
                    .map(|c| {
                        c.clauses
                            .iter()
                            .map(if s.proposals {
                                ClauseV1::with_proposals
                            } else {
                                ClauseV1::new
                            })
                            .collect()
                    })
                    .collect(),
                changes: r
                    .cells
                    .iter()
                    .map(|c| ChangeV1 {
                        step: c.step.as_str(),
                        moved: c.moved,
                        inline: c
                            .inline
                            .as_ref()
                            .map(|p| p.iter().map(PieceV1::new).collect()),
                        fallback: c.fallback.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &view).map_err(io::Error::from)?;
    writeln!(out)
}
