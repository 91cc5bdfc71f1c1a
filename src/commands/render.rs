use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::output::Context;
use crate::render::{self, Endorsers, Target};
use crate::{Outcome, endorse, fsio, repo};

/// Render a version for reading and printing: HTML, Markdown, plain text, PDF or Word.
///
/// HTML is one self-contained, print-ready file (A4, Council-style title block for notes, the
/// distribution marking, document number, directorate code and language on every printed page,
/// page numbers "N / M"); it loads nothing from the network and carries a Content-Security-Policy.
/// PDF is that HTML printed by headless Chromium (`chromium` on PATH, or `DECL_CHROMIUM`).
/// Markdown and text carry the marking at the top. Illustrative versions say so visibly.
///
/// Word (`--to docx`, needs `-o`) is the same Council-style document: the note's head (Council,
/// place and date, number, marking, codes, NOTE, From, To, Subject, cover note), the declaration
/// under ANNEX on a new page, the marking in the page header, the Council footer and "page / pages"
/// fields in the footer, real footnotes. Its styles come from a reference document, as pandoc's
/// `--reference-doc`: `templates/declaration.docx` when the repository has one, or `--template
/// NAME` (`templates/NAME.docx`) or `--template FILE.docx`; styles it lacks are the built-in ones.
/// To start one, render any version to Word, change its styles in Word, and save it there.
///
/// In an adopted version, placeholders for the lists of endorsing countries and organisations
/// (`[list of countries]`, `[list]`) are filled from the endorsement ledger with the delegations
/// whose endorsement of that version stands; otherwise they stay visible.
///
/// Templates are minijinja. The built-in ones can be overridden file by file in the repository's
/// `templates/` folder (`declaration.html`, `declaration.md`, `declaration.txt`); `--dump-templates
/// DIR` writes them out to start from. The template context (`decl-render/1`) has `document`
/// (title, dateline, number, date, long date, place, classification, marking, status, adopted,
/// illustrative, from, to, subject, codes, dg, language, note, footer), `sections` (id, heading,
/// level, clauses with index, id, text, markdown, html, brackets, status, `status_label`),
/// `endorsers` (EU Member States in protocol order, partner countries, organisations), `public`
/// and `mark_status`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl render declarations/global-alliance-2025@first -o draft.html\n  decl render global-alliance-2025 --to pdf -o declaration.pdf\n  decl render global-alliance-2025 --to txt --public\n  decl render --dump-templates templates"
)]
pub struct Args {
    /// The version to render.
    #[arg(required_unless_present = "dump_templates")]
    pub reference: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Target::Html, env = "DECL_RENDER_TO")]
    pub to: Target,
    /// A template name (looked up in `templates/`, then the built-ins; `declaration` by default)
    /// or the path of a template file.
    #[arg(long, env = "DECL_RENDER_TEMPLATE")]
    pub template: Option<String>,
    /// Write to this file (atomically) instead of standard output; required for PDF.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// For publication: refuse any version that is not classified PUBLIC.
    #[arg(long, env = "DECL_RENDER_PUBLIC")]
    pub public: bool,
    /// Mark the paragraphs agreed and agreed ad ref (their status, see `decl status`): a rule
    /// in the margin and a label in HTML and PDF, `(agreed ad ref)` in Markdown and text.
    #[arg(long, env = "DECL_RENDER_MARK_STATUS")]
    pub mark_status: bool,
    /// Write the built-in templates into DIR and exit.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["reference", "output"])]
    pub dump_templates: Option<PathBuf>,
}

pub fn cmd_render(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    if let Some(dir) = &args.dump_templates {
        for path in render::dump_templates(dir)? {
            ctx.note(&format!("wrote {}", crate::error::display_path(&path)));
        }
        return Ok(Outcome::Clean);
    }
    let reference = args.reference.as_deref().unwrap_or_default();
    if args.to == Target::Pdf && args.output.is_none() {
        return Err(Error::new("PDF output needs a file: add `-o FILE.pdf`"));
    }
    if args.to == Target::Docx && args.output.is_none() {
        return Err(Error::new("Word output needs a file: add `-o FILE.docx`"));
    }
    let resolved = repo::resolve(reference)?;
    let endorsers = endorsers_for(&resolved)?;
    let version = Arc::new(resolved.version);
    version.warnings.iter().for_each(|w| ctx.warn(w));
    if args.public {
        let classification = version.meta.classification.as_deref().unwrap_or("");
        if !classification.trim().eq_ignore_ascii_case("PUBLIC") {
            let shown = if classification.is_empty() {
                "unclassified"
            } else {
                classification
            };
            return Err(Error::new(format!(
                "`--public` refused: version `{}` is {shown}, not PUBLIC",
                version.id
            ))
            .at_path(&version.source)
            .hint("publish only a version whose `classification` is PUBLIC"));
        }
    }
    let mut context = render::Context::new(Arc::clone(&version), endorsers, args.public);
    context.mark_status = args.mark_status;
    if args.public && version.meta.is_adopted() {
        refuse_unfinished(&version, &context)?;
    }
    let overrides = render::page::templates_folder()?;
    if args.to == Target::Docx {
        let reference = reference_document(args.template.as_deref(), overrides.as_deref())?;
        let Some(path) = &args.output else {
            return Err(Error::new("Word output needs a file: add `-o FILE.docx`"));
        };
        // Written into the file as it is made, one section at a time: a 43 MB version renders
        // with a peak of 104 MiB, where its document held whole (its paragraphs, its XML and
        // the archive) took 249 MiB.
        fsio::write_atomic_seekable(path, |out| {
            render::docx::write(&context, reference.as_deref(), out).map(drop)
        })?;
        ctx.note(&format!("wrote {}", crate::error::display_path(path)));
        return Ok(Outcome::Clean);
    }
    let template = match &args.template {
        Some(t) if Path::new(t).is_file() => render::Template::File(PathBuf::from(t)),
        Some(t) if Path::new(t).extension().is_some() => render::Template::Named(t.clone()),
        Some(t) => render::Template::Named(format!("{t}.{}", args.to.template_extension())),
        None => render::Template::Named(format!("declaration.{}", args.to.template_extension())),
    };
    let env = render::template_environment(&template, overrides)?;
    let name = template.name();
    let context = context.into_value();
    if args.to == Target::Pdf {
        let html = render::render_value(&env, &name, context)?;
        return write_output(ctx, args, &render::pdf::html_to_pdf(&html)?);
    }
    // HTML, Markdown and text are written as the template makes them, not held whole.
    if let Some(path) = &args.output {
        let mut failed = None;
        let written = fsio::write_atomic_with(path, |out| {
            render::render_to(&env, &name, context, out).map_err(|e| {
                failed = Some(e);
                std::io::Error::other("the template failed")
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        written?;
        ctx.note(&format!("wrote {}", crate::error::display_path(path)));
    } else {
        render::render_to(&env, &name, context, &mut ctx.out)?;
        ctx.out.flush()?;
    }
    Ok(Outcome::Clean)
}

fn write_output(ctx: &mut Context, args: &Args, bytes: &[u8]) -> Result<Outcome> {
    match &args.output {
        Some(path) => {
            fsio::write_atomic(path, bytes)?;
            ctx.note(&format!("wrote {}", crate::error::display_path(path)));
        }
        None => ctx.out.write_all(bytes)?,
    }
    Ok(Outcome::Clean)
}

/// The styles of the reference document for Word output, as pandoc's `--reference-doc`:
/// `--template` naming a `.docx` file, or a name looked up in the templates folder
/// (`NAME.docx`); without `--template`, the folder's `declaration.docx` when there is one, else
/// the built-in styles (`None`).
fn reference_document(template: Option<&str>, overrides: Option<&Path>) -> Result<Option<String>> {
    let path = match template {
        Some(t) if Path::new(t).is_file() => PathBuf::from(t),
        Some(t) => {
            let name = if Path::new(t).extension().is_some() {
                t.to_string()
            } else {
                format!("{t}.docx")
            };
            let found = overrides.map(|dir| dir.join(&name)).filter(|p| p.is_file());
            match found {
                Some(p) if overrides.is_some_and(|dir| crate::fsio::stays_in(&p, dir)) => p,
                Some(p) => {
                    return Err(Error::file(
                        &p,
                        "is a link that leaves the templates folder",
                    ));
                }
                None => {
                    return Err(Error::new(format!(
                        "no reference document `{name}` in the templates folder"
                    ))
                    .hint(
                        "give the path of a `.docx` whose styles to use, or put it in `templates/`",
                    ));
                }
            }
        }
        None => match overrides.map(|dir| dir.join("declaration.docx")) {
            Some(p) if p.is_file() => p,
            _ => return Ok(None),
        },
    };
    let bytes = fsio::read(&path)?;
    crate::import::kind_of(&path, &bytes)?;
    crate::docx::styles::reference_styles(&path, &bytes).map(Some)
}

fn endorsers_for(resolved: &repo::Resolved) -> Result<Endorsers> {
    let Some(declaration) = &resolved.declaration else {
        return Ok(Endorsers::default());
    };
    endorsers_of(declaration, &resolved.version)
}

/// The delegations whose endorsement of `version` stands, as the render context lists them.
pub(crate) fn endorsers_of(
    declaration: &repo::Declaration,
    version: &crate::model::Version,
) -> Result<Endorsers> {
    let Some(dir) = &declaration.dir else {
        return Ok(Endorsers::default());
    };
    let registry = endorse::Registry::for_dir(dir)?;
    let ledger = endorse::Ledger::new(dir, &declaration.id);
    let logs = ledger.read_all(&registry)?;
    let versions: Vec<&crate::model::Version> = declaration.versions.iter().collect();
    let standing = endorse::status::standing(
        version,
        &versions,
        logs.iter().map(|l| (l.code.as_str(), l.events.as_slice())),
    );
    let mut endorsers = Endorsers::default();
    for code in standing {
        let Some(delegation) = registry.get(code) else {
            continue;
        };
        let entry = render::Endorser {
            code: delegation.code.clone(),
            name: delegation.shown_name().to_string(),
            footnote: delegation.footnote.clone(),
        };
        match delegation.group {
            endorse::Group::EuropeanUnion => endorsers.european_union = true,
            endorse::Group::EuMemberState => endorsers.member_states.push(entry),
            endorse::Group::PartnerCountry => endorsers.partner_countries.push(entry),
            endorse::Group::InternationalOrganisation => endorsers.organisations.push(entry),
        }
    }
    // The registry's one order: Member States in protocol order, the others by name.
    for list in [
        &mut endorsers.member_states,
        &mut endorsers.partner_countries,
        &mut endorsers.organisations,
    ] {
        list.sort_by_key(|e| registry.position(&e.code).unwrap_or(usize::MAX));
    }
    endorsers.count = usize::from(endorsers.european_union)
        + endorsers.member_states.len()
        + endorsers.partner_countries.len()
        + endorsers.organisations.len();
    Ok(endorsers)
}

/// `--public` of an adopted text refuses placeholders nothing fills (`[date]`, `XX`), as a
/// publication of an unfinished text, listing where they are. Lists of endorsers the ledger
/// cannot fill yet stay, with a warning elsewhere (`decl check`, D406).
fn refuse_unfinished(version: &crate::model::Version, context: &render::Context) -> Result<()> {
    use crate::check::rules::placeholder_in_adopted::unfillable;
    let mut found: Vec<String> = Vec::new();
    let mut add = |what: String, texts: Vec<String>| {
        for t in texts {
            found.push(format!("`{t}` in {what}"));
        }
    };
    if let Some(t) = &context.document.title {
        add("the title".to_string(), unfillable(t));
    }
    if let Some(d) = &context.document.dateline {
        add("the dateline".to_string(), unfillable(d));
    }
    let lines: std::collections::HashMap<usize, usize> =
        version.clauses().map(|c| (c.index, c.line)).collect();
    for section in context.sections() {
        if let Some(h) = &section.heading {
            add(format!("the heading “{h}”"), unfillable(h));
        }
        for c in &section.clauses {
            let line = lines.get(&c.index).copied().unwrap_or(0);
            add(
                format!("clause {} (line {line})", c.index + 1),
                unfillable(&c.text),
            );
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    Err(Error::new(format!(
        "`--public` refused: adopted version `{}` is unfinished, with {}: {}",
        version.id,
        crate::text::count(found.len(), "placeholder", "placeholders"),
        found.join("; ")
    ))
    .at_path(&version.source)
    .hint("write the facts in (`decl check` lists them as D202), then publish"))
}
