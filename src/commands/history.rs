use std::io::Write as _;

use anstyle::Style;
use serde::Serialize;

use crate::Outcome;
use crate::diff::Options;
use crate::error::{Error, Result};
use crate::model::Version;
use crate::output::Context;
use crate::synopsis::format::{ClauseV1, PieceV1, column_label, write_pieces};
use crate::synopsis::{self, Step, Synopsis};

/// A clause's history across all versions: a "blame" by clause.
///
/// CLAUSE is a clause id, or words of its text (case-insensitive) that must find exactly one
/// clause lineage. Shows the clause's text in every version, the version it entered in, what it
/// descends from through splits and merges, and what changed at each step.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl history declarations/global-alliance-2025 strengthen-operational-cooperation-levels\n  decl history global-alliance-2025 \"digital platforms\" --format json"
)]
pub struct Args {
    /// The declaration.
    pub declaration: String,
    /// A clause id, or words of the clause's text.
    pub clause: String,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = HistoryFormat::Text, env = "DECL_HISTORY_FORMAT")]
    pub format: HistoryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryFormat {
    Text,
    Json,
}

pub fn cmd_history(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let versions = super::synopsis::versions_of(std::slice::from_ref(&args.declaration), &[])?;
    versions
        .iter()
        .flat_map(|v| &v.warnings)
        .for_each(|w| ctx.warn(w));
    let refs: Vec<&Version> = versions.iter().collect();
    let synopsis = synopsis::compute(&refs, &Options::default());
    let row = find_row(&synopsis, &args.clause)?;
    let mut buf = Vec::new();
    match args.format {
        HistoryFormat::Json => json(&synopsis, row, &mut buf)?,
        HistoryFormat::Text => text(&synopsis, row, ctx.color, &mut buf)?,
    }
    ctx.out.write_all(&buf)?;
    Ok(Outcome::Clean)
}

/// The row of the clause named by id, else by words of its text.
fn find_row(s: &Synopsis, query: &str) -> Result<usize> {
    let by_id: Vec<usize> = (0..s.rows.len())
        .filter(|&r| {
            s.rows[r]
                .cells
                .iter()
                .any(|c| c.clauses.iter().any(|x| x.id.as_deref() == Some(query)))
        })
        .collect();
    match by_id.as_slice() {
        [row] => return Ok(*row),
        [] => {}
        many => {
            // One id on clauses that are not one lineage: say which rows hold it.
            let mut err = Error::new(format!(
                "the id `{query}` is on {} clause lineages; say which with words of the text",
                many.len()
            ));
            for &r in many.iter().take(5) {
                if let Some(c) = s.rows[r].cells.iter().rev().find_map(|c| c.clauses.first()) {
                    let short: String = c.text.chars().take(60).collect();
                    err = err.hint(format!("{short}…"));
                }
            }
            return Err(err);
        }
    }
    let needle = crate::text::collapse_whitespace(&query.to_lowercase());
    let by_text: Vec<usize> = (0..s.rows.len())
        .filter(|&r| {
            s.rows[r].cells.iter().any(|c| {
                c.clauses
                    .iter()
                    .any(|x| x.text.to_lowercase().contains(&needle))
            })
        })
        .collect();
    match by_text.as_slice() {
        [row] => Ok(*row),
        [] => Err(
            Error::new(format!("no clause has the id or the words `{query}`"))
                .hint("give a clause id (see `decl show`) or a few words of its text"),
        ),
        many => {
            let mut err = Error::new(format!("`{query}` is in {} clauses; say which", many.len()));
            for &r in many.iter().take(5) {
                let latest = s.rows[r].cells.iter().rev().find_map(|c| c.clauses.first());
                if let Some(c) = latest {
                    let name =
                        c.id.clone()
                            .map_or(format!("clause {}", c.number), |id| format!("`{id}`"));
                    let short: String = c.text.chars().take(60).collect();
                    err = err.hint(format!("{name}: {short}…"));
                }
            }
            Err(err)
        }
    }
}

fn text(
    s: &Synopsis,
    row: usize,
    color: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let paint = |style: Style| if color { style } else { Style::new() };
    let head = paint(Style::new().bold());
    let dim = paint(Style::new().dimmed());
    let r = &s.rows[row];
    let ids: Vec<String> = {
        let mut v: Vec<String> = r
            .cells
            .iter()
            .flat_map(|c| c.clauses.iter().filter_map(|x| x.id.clone()))
            .collect();
        v.dedup();
        v
    };
    let name = if ids.is_empty() {
        "clause".to_string()
    } else {
        format!("clause <{}>", ids.join(", "))
    };
    writeln!(
        out,
        "{head}History of {name} across {} versions{head:#}",
        s.columns.len()
    )?;
    if let Some(first) = r.entered() {
        writeln!(out, "entered in {}", column_label(s, first))?;
    }
    // A clause deleted and brought back: when, each time.
    let mut gone: Option<usize> = None;
    for (i, cell) in r.cells.iter().enumerate() {
        match cell.step {
            Step::Deleted => gone = Some(i),
            Step::Reinstated => {
                let from = gone.take().map_or_else(String::new, |g| {
                    format!("deleted in {}, ", column_label(s, g))
                });
                writeln!(out, "{from}reinstated in {}", column_label(s, i))?;
            }
            _ => {}
        }
    }
    if let Some(g) = gone {
        writeln!(out, "deleted in {}", column_label(s, g))?;
    }
    for (i, cell) in r.cells.iter().enumerate() {
        writeln!(out)?;
        let step = match cell.step {
            Step::Reinstated => {
                let last = r.cells[..i].iter().rposition(|c| !c.clauses.is_empty());
                match last {
                    Some(l) => format!("reinstated (as of {})", column_label(s, l)),
                    None => "reinstated".to_string(),
                }
            }
            Step::Entered if i > 0 => "added".to_string(),
            Step::Entered => "present".to_string(),
            Step::Modified if cell.moved => "modified and moved".to_string(),
            other => other.as_str().to_string(),
        };
        let detail = match cell.step {
            Step::Split => format!(": split into {}", cell.clauses.len()),
            Step::Merged => {
                let before = r
                    .cells
                    .get(i.wrapping_sub(1))
                    .map_or(0, |c| c.clauses.len());
                format!(": merged from {before} clauses")
            }
            _ => String::new(),
        };
        writeln!(
            out,
            "{head}{}{head:#} {dim}{step}{detail}{dim:#}",
            column_label(s, i)
        )?;
        match (&cell.inline, cell.step) {
            (_, Step::Absent | Step::Deleted) => {}
            (Some(pieces), _) => {
                let numbers: Vec<&str> = cell.clauses.iter().map(|c| c.number.as_str()).collect();
                write!(out, "  {dim}{}{dim:#}  ", numbers.join(", "))?;
                write_pieces(out, pieces, color)?;
                writeln!(out)?;
            }
            (None, _) => {
                for c in &cell.clauses {
                    let id =
                        c.id.as_deref()
                            .map_or(String::new(), |id| format!("{dim}<{id}>{dim:#} "));
                    writeln!(out, "  {dim}{}{dim:#}  {id}{}", c.number, c.text)?;
                }
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct HistoryV1<'a> {
    schema: &'static str,
    entered: Option<&'a str>,
    versions: Vec<StepV1<'a>>,
}

#[derive(Serialize)]
struct StepV1<'a> {
    id: &'a str,
    document: Option<&'a str>,
    illustrative: bool,
    step: &'static str,
    moved: bool,
    clauses: Vec<ClauseV1<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inline: Option<Vec<PieceV1<'a>>>,
}

/// `decl-history/1`: `entered` (the version id the lineage first appears in) and `versions`, one
/// entry per version: `{id, document, illustrative, step, moved, clauses, inline?}` with `step`
/// and `inline` as in `decl-synopsis/1`.
fn json(s: &Synopsis, row: usize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let r = &s.rows[row];
    let view = HistoryV1 {
        schema: "decl-history/1",
        entered: r.entered().map(|i| s.columns[i].id.as_str()),
        versions: r
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| StepV1 {
                id: &s.columns[i].id,
                document: s.columns[i].document.as_deref(),
                illustrative: s.columns[i].illustrative,
                step: c.step.as_str(),
                moved: c.moved,
                clauses: c.clauses.iter().map(ClauseV1::new).collect(),
                inline: c
                    .inline
                    .as_ref()
                    .map(|p| p.iter().map(PieceV1::new).collect()),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &view).map_err(std::io::Error::from)?;
    writeln!(out)
}
