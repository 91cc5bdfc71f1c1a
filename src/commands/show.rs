use std::fmt::Write as _;
use std::io::Write;

use clap::ValueEnum;

use crate::error::Result;
use crate::model::{Item, Version};
use crate::output::{Context, styles};
use crate::{Outcome, repo, wire, write};

/// Show a version: its metadata, sections and clauses.
///
/// REF is a version file, `DECL@V` (V: a version id, a document number, `first`, `latest`,
/// `previous`), a declaration (its latest version), or `REV:PATH` (a file at a git revision).
///
/// `--format yaml` and `--format md` write the version in the YAML body format or as canonical
/// Markdown: the two convert into each other without loss.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl show declarations/global-alliance-2025@first\n  decl show global-alliance-2025@11767/25 --format json\n  decl show draft.md --format yaml > draft.yaml"
)]
pub struct Args {
    /// The version to show.
    pub reference: String,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ShowFormat::Text, env = "DECL_SHOW_FORMAT")]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A readable outline: metadata, then each section with its numbered clauses.
    Text,
    /// The `decl-show/1` JSON document.
    Json,
    /// The YAML body format (clause texts as Markdown).
    Yaml,
    /// Canonical Markdown with front matter.
    Md,
}

pub fn cmd_show(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let resolved = repo::resolve(&args.reference)?;
    let version = &resolved.version;
    match &resolved.declaration {
        Some(d) => d.warnings().iter().for_each(|w| ctx.warn(w)),
        None => version.warnings.iter().for_each(|w| ctx.warn(w)),
    }
    match args.format {
        ShowFormat::Json => {
            let view = wire::ShowV1::new(version);
            serde_json::to_writer_pretty(&mut ctx.out, &view).map_err(std::io::Error::from)?;
            writeln!(ctx.out)?;
        }
        ShowFormat::Yaml => {
            if version
                .front_matter
                .as_deref()
                .is_some_and(crate::parse::yaml_body::has_comments)
            {
                ctx.warn_text(&format!(
                    "{}: comments in the front matter are not carried over to YAML",
                    version.source
                ));
            }
            let yaml = write::convert(version, crate::model::Format::Yaml)?;
            ctx.out.write_all(yaml.as_bytes())?;
        }
        ShowFormat::Md => {
            let md = write::convert(version, crate::model::Format::Markdown)?;
            ctx.out.write_all(md.as_bytes())?;
        }
        ShowFormat::Text => text(&mut ctx.out, version, ctx.color)?,
    }
    Ok(Outcome::Clean)
}

/// The readable outline.
pub fn text(out: &mut dyn Write, v: &Version, color: bool) -> std::io::Result<()> {
    let paint = |s: anstyle::Style| if color { s } else { anstyle::Style::new() };
    let h = paint(styles::HEADING);
    let dim = paint(styles::DIM);
    let id_style = paint(styles::ID);
    if let Some(title) = v.title_text() {
        writeln!(out, "{h}{title}{h:#}")?;
    }
    let meta = &v.meta;
    let mut facts: Vec<String> = vec![format!("version {}", v.id)];
    if let Some(d) = &meta.document {
        facts.push(d.to_string());
    }
    if let Some(d) = meta.date {
        facts.push(d.to_string());
    }
    if let Some(c) = &meta.classification {
        facts.push(c.clone());
    }
    if let Some(s) = meta.status {
        facts.push(format!("{s:?}").to_lowercase());
    }
    if meta.is_illustrative() {
        facts.push("ILLUSTRATIVE".into());
    }
    writeln!(out, "{dim}{}{dim:#}", facts.join(" · "))?;
    for (label, value) in [
        ("from", &meta.from),
        ("to", &meta.to),
        ("subject", &meta.subject),
    ] {
        if let Some(value) = value {
            writeln!(out, "{dim}{label}:{dim:#} {value}")?;
        }
    }
    if let Some(d) = &v.dateline {
        writeln!(out, "{}", d.text)?;
    }
    let numbers = crate::model::number::numbers(v);
    let width = numbers
        .iter()
        .map(crate::model::Number::width)
        .max()
        .unwrap_or(1)
        .max(2);
    for section in &v.sections {
        if section.heading.is_none() && section.items.is_empty() {
            continue;
        }
        writeln!(out)?;
        match &section.heading {
            Some(heading) => {
                let marks = "#".repeat(usize::from(heading.level));
                let id = section.id.as_deref().map_or(String::new(), |id| {
                    format!("  {id_style}{{#{id}}}{id_style:#}")
                });
                writeln!(out, "{h}{marks} {}{h:#}{id}", heading.text)?;
            }
            None if section.after_break => writeln!(out, "{dim}---{dim:#}")?,
            None => {}
        }
        for item in &section.items {
            let Item::Clause(c) = item else { continue };
            let id = c.id.as_deref().map_or(String::new(), |id| match c.status {
                Some(status) => format!("  {id_style}<{id}; {}>{id_style:#}", status.label()),
                None => format!("  {id_style}<{id}>{id_style:#}"),
            });
            let notes = c.footnotes.iter().fold(String::new(), |mut s, l| {
                let _ = write!(s, " [^{l}]");
                s
            });
            writeln!(
                out,
                "{dim}{:>width$}{dim:#}  {}{dim}{notes}{dim:#}{id}",
                numbers[c.index].to_string(),
                c.text
            )?;
        }
    }
    let footnotes: Vec<_> = v.footnotes().collect();
    if !footnotes.is_empty() {
        writeln!(out)?;
        for f in footnotes {
            writeln!(out, "{dim}[^{}]{dim:#} {}", f.label, f.text)?;
        }
    }
    let open: usize = v.clauses().map(|c| c.brackets.found().len()).sum::<usize>()
        + v.sections
            .iter()
            .filter_map(|s| s.heading.as_ref())
            .map(|h| h.brackets.found().len())
            .sum::<usize>();
    writeln!(out)?;
    writeln!(
        out,
        "{dim}{} in {}, {}{dim:#}",
        crate::text::count(v.clause_count(), "clause", "clauses"),
        crate::text::count(
            v.sections
                .iter()
                .filter(|s| s.heading.is_some() || s.clauses().next().is_some())
                .count(),
            "section",
            "sections"
        ),
        match open {
            0 => "no square brackets".to_string(),
            n => format!(
                "{} open",
                crate::text::count(n, "square bracket", "square brackets")
            ),
        }
    )?;
    Ok(())
}
