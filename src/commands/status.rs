use std::io::Write;

use clap::ValueEnum;

use crate::Outcome;
use crate::error::{Error, Result};
use crate::model::{ClauseStatus, Meta};
use crate::negotiate::status::{self, Counts, Report, Setting, StatusV1};
use crate::output::{Context, styles};
use crate::{fsio, parse, repo};

/// Show or set the status of each paragraph of a version: open, agreed ad ref, or agreed.
///
/// The status is kept in the clause's id comment, `<!-- id: returns; status: agreed-ad-ref -->`
/// (in the YAML body format, the clause's `status` key); a clause without one is open. Without
/// `--set`, lists every paragraph's status with counts per section and for the version. With
/// `--set ID=STATUS` (repeatable), rewrites only those id comments (or keys) of the version
/// file, atomically, under the file's lock; `open` removes the status. An unknown id or status
/// changes no file.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "Examples:\n  decl status global-alliance-2025\n  decl status global-alliance-2025 --version 11767/1/25 --set transport=agreed-ad-ref --set returns=agreed\n  decl status declarations/x/versions/rev1.md --format json"
)]
pub struct Args {
    /// The declaration (a folder, its `declaration.yaml`, an id under `declarations/`) or a
    /// version file.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// The version: an id, a document number, `first`, `latest` (default) or `previous`.
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// Set a clause's status: `ID=open`, `ID=agreed-ad-ref` or `ID=agreed`. Repeatable.
    #[arg(long = "set", value_name = "ID=STATUS")]
    pub set: Vec<String>,
    /// Output format of the listing.
    #[arg(long, short, value_enum, default_value_t = StatusFormat::Text, env = "DECL_STATUS_FORMAT")]
    pub format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// Paragraphs by section with their status, and counts.
    Text,
    /// The `decl-status/1` JSON document.
    Json,
}

pub fn cmd_status(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let settings = args
        .set
        .iter()
        .map(|s| Setting::parse(s))
        .collect::<Result<Vec<_>>>()?;
    let declaration = repo::open(&args.declaration)?;
    declaration.warnings().iter().for_each(|w| ctx.warn(w));
    let i = match &args.version {
        Some(v) => declaration.select(v)?,
        None => declaration.versions.len().checked_sub(1).ok_or_else(|| {
            Error::new(format!("declaration `{}` has no versions", declaration.id))
        })?,
    };
    let version = &declaration.versions[i];
    if settings.is_empty() {
        let report = Report::new(version);
        match args.format {
            StatusFormat::Json => {
                serde_json::to_writer_pretty(&mut ctx.out, &StatusV1::new(&report))
                    .map_err(std::io::Error::from)?;
                writeln!(ctx.out)?;
            }
            StatusFormat::Text => text(&mut ctx.out, &report, ctx.color)?,
        }
        return Ok(Outcome::Clean);
    }
    let Some(path) = version.path.clone() else {
        return Err(Error::new(format!(
            "`{}` is not a file on disk; the status is set in a version file",
            version.source
        )));
    };
    // Read again under the lock, so that an edit made meanwhile is not lost.
    let lock = fsio::Lock::for_file(&path)?;
    let (source, was) = fsio::read_for_update(&path)?;
    let now = parse::version(&source, &Meta::default())?;
    let (text, changes) = status::apply(&source, &now, &settings)?;
    if text != *source.text {
        let mut batch = fsio::Batch::new();
        batch.write(&path, was, text);
        batch.commit(&lock)?;
    }
    drop(lock);
    for s in &settings {
        let Some(c) = changes.iter().find(|c| c.id == s.id) else {
            writeln!(
                ctx.out,
                "{}: <{}> is {} already",
                source.name,
                s.id,
                s.status.label()
            )?;
            continue;
        };
        let show = |x: Option<ClauseStatus>| ClauseStatus::of(x).label();
        writeln!(
            ctx.out,
            "{}: clause {} <{}>: {} → {}",
            source.name,
            c.number,
            c.id,
            show(c.was),
            show(c.now)
        )?;
    }
    for s in settings.iter().filter(|s| s.status.is_agreed()) {
        if let Some(c) = now
            .clauses()
            .find(|c| c.id.as_deref() == Some(s.id.as_str()))
            && let Some(b) = c.brackets.found().iter().find(|b| !b.placeholder)
        {
            ctx.warn_text(&format!(
                "{}: <{}> is marked {} but still has square brackets: {}",
                source.name,
                s.id,
                s.status.label(),
                b.text
            ));
        }
    }
    Ok(Outcome::Clean)
}

/// The listing: a pure function of the report.
pub fn text(out: &mut dyn Write, report: &Report, color: bool) -> std::io::Result<()> {
    let paint = |s: anstyle::Style| if color { s } else { anstyle::Style::new() };
    let h = paint(styles::HEADING);
    let dim = paint(styles::DIM);
    let id_style = paint(styles::ID);
    let document = report
        .document
        .as_deref()
        .map_or(String::new(), |d| format!(" ({d})"));
    writeln!(
        out,
        "{h}Paragraph status of {}{document}{h:#}",
        report.version
    )?;
    let width = report
        .sections
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(|p| p.number.chars().count()))
        .max()
        .unwrap_or(1)
        .max(2);
    for section in &report.sections {
        writeln!(out)?;
        let name = match (&section.heading, section.after_break) {
            (Some(h), _) => h.as_str(),
            (None, true) => "---",
            (None, false) => "(preamble)",
        };
        writeln!(
            out,
            "{h}{name}{h:#}  {dim}{}{dim:#}",
            counts(&section.counts)
        )?;
        for p in &section.paragraphs {
            let id = p.id.as_deref().map_or(String::new(), |id| {
                format!("  {id_style}<{id}>{id_style:#}")
            });
            let bracketed = if p.bracketed { "  [bracketed]" } else { "" };
            writeln!(
                out,
                "{dim}{:>width$}{dim:#}  {:<13}  {}{id}{dim}{bracketed}{dim:#}",
                p.number,
                p.status.label(),
                crate::text::shorten(&p.text, 60),
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", counts(&report.total))
}

fn counts(c: &Counts) -> String {
    c.sentence()
}
