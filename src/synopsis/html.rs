//! `--format html` of the synopsis: the context of `templates/synopsis.html`, a landscape table
//! with one column per version, sticky version headers, a heading row wherever a section begins
//! (each version's heading, changed words marked), and on every printed page the distribution
//! marking and the page number.

use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use super::{Cell, Step, Synopsis};
use crate::diff::Op;
use crate::render::page::{Page, combined_marking};

/// The context of `synopsis.html`: `page` (see base.html), `title`, `illustrative` (whether a
/// column is an illustrative version), `columns` (each `{id, meta}`), `rows` (each
/// `{heading, link, cells}`; a heading row's cells are the section headings of each version,
/// a clause row's cells `{class, numbers, ids, pieces: [{op, text}], tag, proposals}`,
/// `proposals` those shown under its clauses, each `{lead, pieces, outcome}`).
#[derive(Serialize)]
pub struct SynopsisPage {
    pub page: Page,
    pub title: String,
    pub illustrative: bool,
    pub columns: Vec<ColumnCtx>,
    pub rows: Vec<RowCtx>,
}

#[derive(Serialize)]
pub struct ColumnCtx {
    pub id: String,
    pub meta: String,
}

#[derive(Serialize)]
pub struct RowCtx {
    /// A row of section headings rather than of clauses.
    pub heading: bool,
    /// Where the clause's own page is (in a site), relative to the page.
    pub link: Option<String>,
    pub cells: Vec<CellCtx>,
}

#[derive(Serialize)]
pub struct CellCtx {
    pub class: &'static str,
    /// The numbers a reader sees on the cell's clauses (`4, 5`).
    pub numbers: String,
    /// The clause ids of the cell, for the tooltip of its number.
    pub ids: String,
    pub pieces: Vec<PieceCtx>,
    pub tag: &'static str,
    /// With proposals shown: those under the cell's clauses.
    pub proposals: Vec<ProposalCtx>,
}

/// A proposal under a clause: `lead` (where, who, when), `pieces` (what it proposes, word
/// changes marked) and `outcome` (in the next column; empty without one).
#[derive(Serialize)]
pub struct ProposalCtx {
    pub lead: String,
    pub pieces: Vec<PieceCtx>,
    pub outcome: String,
}

#[derive(Serialize)]
pub struct PieceCtx {
    pub op: &'static str,
    pub text: String,
    /// A line break before the piece (between the clauses of a cell).
    pub br: bool,
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Equal => "equal",
        Op::Insert => "insert",
        Op::Delete => "delete",
    }
}

/// Write the page, with the templates of the repository the current directory is in.
pub fn write(s: &Synopsis, out: &mut dyn Write) -> io::Result<()> {
    let html = crate::render::page::render_here("synopsis.html", &context(s, &|_| None))?;
    out.write_all(html.as_bytes())?;
    out.flush()
}

/// The page's context. `link` gives, for a row, the address of its clause page, if any.
#[must_use]
pub fn context(s: &Synopsis, link: &dyn Fn(usize) -> Option<String>) -> SynopsisPage {
    let title = s.title.clone().unwrap_or_else(|| "Synopsis".to_string());
    let mut page = Page::new(format!("Synopsis: {title}"));
    page.size = "A4 landscape";
    page.marking = combined_marking(s.columns.iter().map(|c| c.classification.as_deref()));
    page.footer = format!(
        "Synopsis of {}",
        s.columns
            .iter()
            .map(|c| c.document.clone().unwrap_or_else(|| c.id.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if s.columns.iter().any(|c| c.illustrative) {
        page.top_left = "ILLUSTRATIVE VERSIONS INCLUDED".to_string();
    }
    let columns = s
        .columns
        .iter()
        .map(|c| {
            let mut meta: Vec<&str> = Vec::new();
            meta.extend(c.document.as_deref());
            meta.extend(c.date.as_deref());
            meta.extend(c.status.as_deref());
            if c.illustrative {
                meta.push("illustrative");
            }
            ColumnCtx {
                id: c.id.clone(),
                meta: meta.join(" · "),
            }
        })
        .collect();
    let mut rows = Vec::with_capacity(s.rows.len() + 8);
    // Each column's current section heading, carried over cells without a clause.
    let mut current: Vec<Option<&str>> = vec![None; s.columns.len()];
    for (r, row) in s.rows.iter().enumerate() {
        let mut next = current.clone();
        for (i, cell) in row.cells.iter().enumerate() {
            if let Some(c) = cell.clauses.first() {
                next[i] = c.section.as_deref();
            }
        }
        if next != current && next.iter().any(Option::is_some) {
            rows.push(heading_row(&next));
        }
        current = next;
        rows.push(RowCtx {
            heading: false,
            link: link(r),
            cells: row
                .cells
                .iter()
                .enumerate()
                .map(|(i, cell)| clause_cell(i, cell, s.columns[i].outcomes_in.as_deref()))
                .collect(),
        });
    }
    SynopsisPage {
        page,
        title,
        illustrative: s.columns.iter().any(|c| c.illustrative),
        columns,
        rows,
    }
}

/// The section headings of each version, the words changed from the column before marked.
fn heading_row(headings: &[Option<&str>]) -> RowCtx {
    let cells = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let before = if i > 0 { headings[i - 1] } else { None };
            let pieces = match (before, *h) {
                (_, None) => Vec::new(),
                (Some(b), Some(h)) if b != h => {
                    crate::diff::inline::diff(b, h, Duration::from_millis(200))
                        .ops
                        .into_iter()
                        .map(|o| PieceCtx {
                            op: op_name(o.op),
                            text: o.text,
                            br: false,
                        })
                        .collect()
                }
                (_, Some(h)) => vec![PieceCtx {
                    op: "equal",
                    text: h.to_string(),
                    br: false,
                }],
            };
            CellCtx {
                class: if before.is_some() && before != *h {
                    "heading changed"
                } else {
                    "heading"
                },
                numbers: String::new(),
                ids: String::new(),
                pieces,
                tag: "",
                proposals: Vec::new(),
            }
        })
        .collect();
    RowCtx {
        heading: true,
        link: None,
        cells,
    }
}

fn clause_cell(i: usize, cell: &Cell, outcomes_in: Option<&str>) -> CellCtx {
    let class = match cell.step {
        Step::Absent => "absent",
        Step::Deleted => "deleted",
        Step::Entered if i > 0 => "entered",
        Step::Reinstated => "entered",
        _ => "",
    };
    // With the paragraph status of the clauses that have one written: `7 (agreed)`.
    let numbers = cell
        .clauses
        .iter()
        .map(|c| match c.status {
            Some(status) => format!("{} ({})", c.number, status.label()),
            None => c.number.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let ids = cell
        .clauses
        .iter()
        .filter_map(|c| c.id.as_deref())
        .collect::<Vec<_>>()
        .join(", ");
    let (pieces, tag) = match (&cell.inline, cell.step) {
        (_, Step::Absent) => (Vec::new(), ""),
        (_, Step::Deleted) => (Vec::new(), "deleted"),
        (Some(pieces), step) => (
            pieces
                .iter()
                .map(|p| PieceCtx {
                    op: op_name(p.op),
                    text: p.text.clone(),
                    br: false,
                })
                .collect(),
            match step {
                Step::Split => "split",
                Step::Merged => "merged",
                Step::Reinstated => "reinstated",
                _ if cell.moved => "modified and moved",
                _ => "",
            },
        ),
        (None, step) => (
            cell.clauses
                .iter()
                .enumerate()
                .map(|(k, c)| PieceCtx {
                    op: "equal",
                    text: c.text.clone(),
                    br: k > 0,
                })
                .collect(),
            match step {
                Step::Split => "split",
                Step::Merged => "merged",
                Step::Moved => "moved",
                Step::Reinstated => "reinstated",
                Step::Entered if i > 0 => "added",
                _ => "",
            },
        ),
    };
    let proposals = cell
        .clauses
        .iter()
        .flat_map(|c| c.proposals.iter().map(move |p| (c, p)))
        .map(|(c, p)| {
            let d = super::proposals::describe(c, p, outcomes_in);
            ProposalCtx {
                lead: d.lead,
                pieces: d
                    .pieces
                    .into_iter()
                    .map(|(op, text)| PieceCtx {
                        op: op_name(op),
                        text,
                        br: false,
                    })
                    .collect(),
                outcome: d.outcome.unwrap_or_default(),
            }
        })
        .collect();
    CellCtx {
        class,
        numbers,
        ids,
        pieces,
        tag,
        proposals,
    }
}
