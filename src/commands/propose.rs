use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::Outcome;
use crate::endorse::{Target, label};
use crate::error::{Error, Result, display_path};
use crate::import::{self, Kind, docx};
use crate::model::{Meta, Version};
use crate::negotiate::proposal::{self, Action, Proposal};
use crate::output::Context;
use crate::{fsio, parse};

/// Record a delegation's proposal on a version: the changes its edited copy makes.
///
/// DECL is a declaration folder, its `declaration.yaml`, or an id under `declarations/`. CODE is
/// the delegation (`decl delegations` lists the codes). FILE is the delegation's edited copy of
/// the version: Markdown or the YAML body format, or a Word document (`.docx`), read as
/// `decl import` reads it with its tracked changes accepted. The changes are the clause-level
/// diff from the version (`--version`, else the latest) to the copy: words changed, clauses
/// deleted, added, moved, split and merged. They are written as a new file under
/// `declarations/<id>/proposals/<version>/`; nothing is rewritten. Refused, with no file
/// written: an unknown delegation or version, a FILE that is not a version, a copy that shares
/// no clause with the version or changes no word of it.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "Examples:\n  decl propose harbours-2031 EU eu-edits.md --date 2031-03-20\n  decl propose harbours-2031 US us-copy.docx --version draft --note \"sent by e-mail\""
)]
pub struct Args {
    /// The declaration: a folder, its `declaration.yaml`, or an id under `declarations/`.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// The delegation's code, in any case.
    #[arg(value_name = "CODE")]
    pub code: String,
    /// The delegation's edited copy: `.md`, `.yaml` or `.docx`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The version the copy edits: an id, a document number, `first`, `latest` (default).
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// When the delegation made the proposal (default: today); never in the future.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A remark kept with the proposal.
    #[arg(long)]
    pub note: Option<String>,
    /// Mark the proposal as illustrative (invented, e.g. for a demonstration). A proposal on
    /// an illustrative version is marked anyway.
    #[arg(long)]
    pub illustrative: bool,
}

pub fn cmd_propose(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let target = crate::negotiate::open_target(&args.declaration)?;
    let delegation = target.registry.lookup(&args.code)?.clone();
    let i = match &args.version {
        Some(v) => target.declaration.select(v)?,
        None => target.declaration.versions.len() - 1,
    };
    let base = &target.declaration.versions[i];
    let date = target.date(args.date.as_deref(), base)?;
    let copy = read_copy(ctx, &args.file)?;
    let (changes, left) = proposal::changes(base, &copy);
    let name = display_path(&args.file);
    let kept = base.clause_count()
        - changes
            .iter()
            .filter(|c| c.action == Action::Delete)
            .count();
    if base.clause_count() > 0 && kept == 0 {
        return Err(Error::file(
            &args.file,
            format!(
                "shares no clause with version `{}`; it is not a copy of it",
                base.id
            ),
        )
        .hint(
            "give the delegation's edited copy of that version, or name another with `--version`",
        ));
    }
    if changes.is_empty() {
        return Err(Error::file(
            &args.file,
            format!(
                "changes no word of version `{}`: there is nothing to propose",
                base.id
            ),
        ));
    }
    // Copies often lose ids or formatting; what the proposal does not record is said.
    if !left.formatting.is_empty() {
        let names: Vec<String> = left
            .formatting
            .iter()
            .map(proposal::Anchor::label)
            .collect();
        ctx.warn_text(&format!(
            "{name}: formatting changed in {} and not recorded: a proposal records words",
            crate::text::and_list(&names)
        ));
    }
    if left.headings > 0 {
        ctx.warn_text(&format!(
            "{name}: {} changed and not recorded: a proposal records clauses",
            crate::text::count(left.headings, "section heading", "section headings"),
        ));
    }
    let dir = target
        .declaration
        .dir
        .clone()
        .ok_or_else(|| Error::new("a single version file has no place for proposals"))?;
    let proposal = Proposal {
        path: PathBuf::new(),
        delegation: delegation.code.clone(),
        version: base.id.clone(),
        date,
        note: args.note.clone(),
        from: Some(name.clone()),
        illustrative: Target::illustrative(args.illustrative, base),
        changes,
    };
    let path = proposal::write(&dir, &target.declaration.id, &proposal)?;
    writeln!(
        ctx.out,
        "{} proposes {} to `{}` ({}){}: wrote {}",
        label(&delegation),
        crate::text::count(proposal.changes.len(), "change", "changes"),
        base.id,
        date,
        if proposal.illustrative {
            " (illustrative)"
        } else {
            ""
        },
        display_path(&path)
    )?;
    for c in &proposal.changes {
        writeln!(ctx.out, "  {}", describe(c))?;
    }
    Ok(Outcome::Clean)
}

/// `modify clause 3 <promote>`, `add after clause 5 <data>`.
fn describe(c: &proposal::Proposed) -> String {
    let clauses: Vec<String> = c.clauses.iter().map(proposal::Anchor::label).collect();
    let place = || match &c.after {
        Some(a) => format!("after {}", a.label()),
        None => match &c.section {
            Some(s) => format!("at the start of section `{s}`"),
            None => "at the start".to_string(),
        },
    };
    match c.action {
        Action::Add => format!("add {}", place()),
        Action::Move => format!("move {} {}", clauses.join(", "), place()),
        Action::Split => format!(
            "split {} into {}",
            clauses.join(", "),
            crate::text::count(c.new.len(), "clause", "clauses")
        ),
        Action::Merge => format!("merge {}", crate::text::and_list(&clauses)),
        other => format!("{} {}", other.as_str(), clauses.join(", ")),
    }
}

/// The copy as a version: a version file, or a Word document read with its changes accepted.
fn read_copy(ctx: &Context, path: &Path) -> Result<Version> {
    if path.is_dir() {
        return Err(Error::file(
            path,
            "is a directory, expected the delegation's edited copy",
        ));
    }
    let bytes = fsio::read(path)?;
    let is_docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if is_docx {
        if import::kind_of(path, &bytes)? != Kind::Docx {
            return Err(Error::file(path, "is not a Word document"));
        }
        let document = docx::read(path, &bytes)?;
        let draft = docx::draft(&document, docx::Reading::Accept);
        if draft.title.is_none() && draft.blocks.is_empty() {
            return Err(Error::file(path, "has no text to propose"));
        }
        if !document.revisions.is_empty() {
            ctx.note(&format!(
                "{}: accepted {} tracked changes: the copy as the delegation would have it",
                display_path(path),
                document.revisions.len()
            ));
        }
        let (_, version) = draft.render_checked(&display_path(path))?;
        return Ok(version);
    }
    let mut source = crate::source::Source::from_bytes(&display_path(path), bytes)?;
    source.path = Some(path.to_path_buf());
    parse::version(&source, &Meta::default())
}
