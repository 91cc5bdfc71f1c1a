use std::io::Write;

use clap::ValueEnum;

use crate::Outcome;
use crate::endorse::status::{ChangedClause, EndorsementsV1, Row};
use crate::endorse::{Group, Report, Status, Target};
use crate::error::Result;
use crate::output::{Context, styles};
use crate::text::{and_list, count};

/// Show who endorsed a declaration: by group, with counts, the EU Member States that have not
/// endorsed, reservations, and stale endorsements (of an earlier version whose clauses changed
/// since, or of a version whose text was changed after it was endorsed, with the changed
/// clauses named).
///
/// Records that are illustrative (invented, or about an illustrative version) are marked as
/// such in every format.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl endorsements global-alliance-2025\n  decl endorsements examples/summit-2030 --format json\n  decl endorsements summit-2030 --format csv > endorsements.csv"
)]
pub struct Args {
    /// The declaration: a folder, its `declaration.yaml`, or an id under `declarations/`.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = EndorsementsFormat::Table, env = "DECL_ENDORSEMENTS_FORMAT")]
    pub format: EndorsementsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EndorsementsFormat {
    /// Delegations by group, counts, missing Member States and stale endorsements.
    Table,
    /// The `decl-endorsements/1` JSON document.
    Json,
    /// One row per delegation, with a header. A cell that would start a spreadsheet formula
    /// (`=`, `+`, `-`, `@`, tab, carriage return) is written with a leading `'`.
    Csv,
}

pub fn cmd_endorsements(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let target = Target::open(&args.declaration)?;
    target
        .declaration
        .warnings()
        .iter()
        .for_each(|w| ctx.warn(w));
    let logs = target.ledger.read_all(&target.registry)?;
    for log in &logs {
        for e in &log.events {
            if !target
                .declaration
                .versions
                .iter()
                .any(|v| v.id == e.version)
            {
                ctx.warn_text(&format!(
                    "{}:{}: version `{}` is not among the versions of `{}`; its staleness is unknown",
                    crate::error::display_path(&log.path),
                    e.line,
                    e.version,
                    target.declaration.id
                ));
            }
        }
    }
    let report = Report::new(&target.declaration, &target.registry, &logs);
    match args.format {
        EndorsementsFormat::Json => {
            serde_json::to_writer_pretty(&mut ctx.out, &EndorsementsV1::new(&report))
                .map_err(std::io::Error::from)?;
            writeln!(ctx.out)?;
        }
        EndorsementsFormat::Csv => csv(&mut ctx.out, &report)?,
        EndorsementsFormat::Table => table(&mut ctx.out, &report, ctx.color)?,
    }
    Ok(Outcome::Clean)
}

/// The table: a pure function of the report.
pub fn table(out: &mut dyn Write, report: &Report, color: bool) -> std::io::Result<()> {
    let paint = |s: anstyle::Style| if color { s } else { anstyle::Style::new() };
    let h = paint(styles::HEADING);
    let dim = paint(styles::DIM);
    let warn = paint(styles::BRACKET);
    let latest = report
        .latest
        .as_deref()
        .map_or(String::new(), |v| format!(" (latest version `{v}`)"));
    writeln!(
        out,
        "{h}Endorsements of `{}`{latest}{h:#}",
        report.declaration
    )?;
    if report.illustrative() {
        writeln!(
            out,
            "{warn}ILLUSTRATIVE: rows marked * are invented for illustration, not real endorsements.{warn:#}"
        )?;
    }
    let shown: Vec<&Row> = report.rows.iter().filter(|r| r.main.is_some()).collect();
    let code_w = shown
        .iter()
        .map(|r| r.delegation.code.len())
        .max()
        .unwrap_or(2);
    let name_w = shown
        .iter()
        .map(|r| r.delegation.name.chars().count())
        .max()
        .unwrap_or(4);
    let version_w = shown
        .iter()
        .filter_map(|r| r.main.as_ref().map(|e| e.version.len()))
        .max()
        .unwrap_or(7);
    let standing_w = shown.iter().map(|r| r.standing().len()).max().unwrap_or(9);
    for group in Group::ALL {
        let rows: Vec<&&Row> = shown
            .iter()
            .filter(|r| r.delegation.group == group)
            .collect();
        let all_in_group = report
            .rows
            .iter()
            .filter(|r| r.delegation.group == group)
            .count();
        let endorsed = rows.iter().filter(|r| r.endorsed()).count();
        if rows.is_empty() && group != Group::EuMemberState {
            continue;
        }
        writeln!(out)?;
        if group == Group::EuMemberState {
            writeln!(
                out,
                "{h}{}{h:#}: {endorsed} of {all_in_group} endorsed",
                group.title()
            )?;
        } else {
            writeln!(out, "{h}{}{h:#}: {endorsed} endorsed", group.title())?;
        }
        for r in rows {
            let (version, date) = r.main.as_ref().map_or((String::new(), String::new()), |e| {
                (e.version.clone(), e.date.to_string())
            });
            let mut tail = Vec::new();
            if r.stale {
                tail.push(format!("{warn}stale{warn:#}"));
            }
            if let Some(note) = r.main.as_ref().and_then(|e| e.note.as_deref()) {
                tail.push(format!("{dim}{note}{dim:#}"));
            }
            writeln!(
                out,
                "{} {:<code_w$}  {:<name_w$}  {:<standing_w$}  {:<version_w$}  {}{}",
                if r.illustrative { '*' } else { ' ' },
                r.delegation.code,
                r.delegation.name,
                r.standing(),
                version,
                date,
                if tail.is_empty() {
                    String::new()
                } else {
                    format!("  {}", tail.join("  "))
                }
            )?;
            for res in &r.state.reservations {
                let on = res
                    .clause
                    .as_deref()
                    .map_or("the text as a whole".to_string(), |c| {
                        format!("clause `{c}`")
                    });
                writeln!(
                    out,
                    "    {dim}reservation on {on} ({}, `{}`):{dim:#} {}",
                    res.date,
                    res.version,
                    res.text.as_deref().unwrap_or("")
                )?;
            }
        }
        if group == Group::EuMemberState {
            let missing: Vec<&str> = report
                .member_states_not_endorsed()
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            if !missing.is_empty() {
                writeln!(out, "  {dim}not endorsed:{dim:#} {}", missing.join(" "))?;
            }
        }
    }
    let stale: Vec<&Row> = report.rows.iter().filter(|r| r.stale).collect();
    if !stale.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{h}Stale endorsements{h:#} (clauses changed since the version endorsed)"
        )?;
        for r in stale {
            let version = r.main.as_ref().map_or("", |e| e.version.as_str());
            let mut by_kind: Vec<(&str, Vec<String>)> = Vec::new();
            for c in &r.changed_clauses {
                match by_kind.iter_mut().find(|(k, _)| *k == c.kind) {
                    Some((_, labels)) => labels.push(c.label()),
                    None => by_kind.push((c.kind, vec![c.label()])),
                }
            }
            let changes: Vec<String> = by_kind
                .into_iter()
                .map(|(kind, labels)| format!("{kind} {}", and_list(&labels)))
                .collect();
            let edited = if r.text_changed {
                ", whose text was changed after it was endorsed"
            } else {
                ""
            };
            writeln!(
                out,
                "  {} endorsed `{version}`{edited}: {}",
                r.delegation.code,
                changes.join("; ")
            )?;
        }
    }
    let endorsed = report.rows.iter().filter(|r| r.endorsed()).count();
    let with_reservations = report
        .rows
        .iter()
        .filter(|r| r.status == Status::Reserved)
        .count();
    let mut parts = vec![format!(
        "{} endorsed",
        count(endorsed, "delegation", "delegations")
    )];
    if with_reservations > 0 {
        parts.push(format!("{with_reservations} with reservations"));
    }
    let withdrawn = report.count(Status::Withdrawn);
    if withdrawn > 0 {
        parts.push(format!("{withdrawn} withdrawn"));
    }
    let stale = report.rows.iter().filter(|r| r.stale).count();
    if stale > 0 {
        parts.push(format!("{stale} stale"));
    }
    writeln!(out)?;
    writeln!(out, "{dim}{}{dim:#}", parts.join(", "))?;
    Ok(())
}

/// CSV (RFC 4180): one row per delegation of the JSON document.
pub fn csv(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "code,name,group,status,endorsed,standing,version,date,stale,changed_clauses,reservations,illustrative,note,source"
    )?;
    for r in &report.rows {
        let main = r.main.as_ref();
        let changed: Vec<String> = r.changed_clauses.iter().map(ChangedClause::label).collect();
        let reservations: Vec<String> = r
            .state
            .reservations
            .iter()
            .map(|e| {
                format!(
                    "{}: {}",
                    e.clause.as_deref().unwrap_or("*"),
                    e.text.as_deref().unwrap_or("")
                )
            })
            .collect();
        let fields = [
            r.delegation.code.clone(),
            r.delegation.name.clone(),
            r.delegation.group.as_str().to_string(),
            r.status.as_str().to_string(),
            r.endorsed().to_string(),
            r.standing().to_string(),
            main.map(|e| e.version.clone()).unwrap_or_default(),
            main.map(|e| e.date.to_string()).unwrap_or_default(),
            r.stale.to_string(),
            changed.join(" "),
            reservations.join("; "),
            r.illustrative.to_string(),
            main.and_then(|e| e.note.clone()).unwrap_or_default(),
            main.and_then(|e| e.source.clone()).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

/// One CSV cell. A cell a spreadsheet would run as a formula (one starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return: a note such as `=HYPERLINK(…)` in a ledger) gets a leading
/// `'`, which spreadsheets show as text and do not display.
fn csv_field(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn regression_csv_cells_are_never_formulas() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for formula in ["+1", "-1+2", "@SUM(A1)", "\tx"] {
            assert!(csv_field(formula).starts_with('\''), "{formula}");
        }
        assert_eq!(csv_field("2025-12-10"), "2025-12-10");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
    }
}
