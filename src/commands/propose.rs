use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::Outcome;
use crate::endorse::{Delegation, Target, label};
use crate::error::{Error, Result, display_path};
use crate::import::{self, Kind, docx};
use crate::model::{Meta, Version};
use crate::negotiate::proposal::{self, Action, Proposal, Proposed};
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
///
/// With `--by-author` (and no CODE), FILE is a Word document edited by several delegations: the
/// authors of its tracked changes name them (`EU`, `European Union`, `FR delegation`,
/// `Delegation of Japan`), and each delegation gets a proposal of its own, the text before the
/// changes with only its authors' changes. An author that names no delegation (a person's
/// name) is refused unless `--author "NAME=CODE"` says whose it is. The proposals of one
/// document are written together, or none.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    override_usage = "decl propose [OPTIONS] <DECL> <CODE> <FILE>\n       decl propose [OPTIONS] --by-author <DECL> <FILE>",
    after_help = "Examples:\n  decl propose harbours-2031 EU eu-edits.md --date 2031-03-20\n  decl propose harbours-2031 US us-copy.docx --version draft --note \"sent by e-mail\"\n  decl propose harbours-2031 --by-author joint.docx --author \"Jane Doe=NO\""
)]
pub struct Args {
    /// The declaration: a folder, its `declaration.yaml`, or an id under `declarations/`.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// The delegation's code, in any case (none with `--by-author`).
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    /// The delegation's edited copy: `.md`, `.yaml` or `.docx`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
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
    /// Take the delegations from the authors of the Word document's tracked changes: one
    /// proposal each, with only its changes.
    #[arg(long)]
    pub by_author: bool,
    /// With `--by-author`: the delegation of an author whose name names none, as
    /// `"NAME=CODE"` (`"=CODE"` for changes that name no author); repeat for several.
    #[arg(long, value_name = "NAME=CODE", requires = "by_author")]
    pub author: Vec<String>,
}

/// The copy of one delegation: the version it would have, and the Word authors it was read
/// from (none for a whole copy).
struct Copy {
    delegation: Delegation,
    version: Version,
    authors: Vec<Option<String>>,
}

pub fn cmd_propose(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let (code, file) = match (args.by_author, &args.code, &args.file) {
        (false, Some(code), Some(file)) => (Some(code.as_str()), file.clone()),
        (false, _, _) => {
            return Err(Error::new("give the delegation's CODE and its edited copy FILE")
                .hint("or `--by-author FILE` to take the delegations from a Word document's tracked changes"));
        }
        (true, Some(file), None) => (None, PathBuf::from(file)),
        (true, _, Some(_)) => {
            return Err(Error::new(
                "`--by-author` takes the delegations from the tracked changes: give FILE without CODE",
            ));
        }
        (true, None, None) => return Err(Error::new("give the Word document FILE")),
    };
    let target = crate::negotiate::open_target(&args.declaration)?;
    let fixed = code
        .map(|c| target.registry.lookup(c).cloned())
        .transpose()?;
    let i = match &args.version {
        Some(v) => target.declaration.select(v)?,
        None => target.declaration.versions.len() - 1,
    };
    let base = &target.declaration.versions[i];
    let date = target.date(args.date.as_deref(), base)?;
    let copies = match fixed {
        Some(delegation) => vec![Copy {
            delegation,
            version: read_copy(ctx, &file)?,
            authors: Vec::new(),
        }],
        None => by_author(ctx, &target, base, &file, &args.author)?,
    };
    let name = display_path(&file);
    let mut proposals = Vec::new();
    for copy in &copies {
        let who = (!copy.authors.is_empty()).then(|| authors_label(&copy.authors));
        let changes = changes_of(ctx, base, &copy.version, &file, who.as_deref())?;
        proposals.push(Proposal {
            path: PathBuf::new(),
            delegation: copy.delegation.code.clone(),
            version: base.id.clone(),
            date,
            note: args.note.clone(),
            from: Some(name.clone()),
            author: who,
            illustrative: Target::illustrative(args.illustrative, base),
            changes,
        });
    }
    let dir = target
        .declaration
        .dir
        .clone()
        .ok_or_else(|| Error::new("a single version file has no place for proposals"))?;
    let paths = proposal::write(&dir, &target.declaration.id, &proposals)?;
    for ((proposal, copy), path) in proposals.iter().zip(&copies).zip(&paths) {
        writeln!(
            ctx.out,
            "{} proposes {} to `{}` ({}){}: wrote {}",
            label(&copy.delegation),
            crate::text::count(proposal.changes.len(), "change", "changes"),
            base.id,
            date,
            if proposal.illustrative {
                " (illustrative)"
            } else {
                ""
            },
            display_path(path)
        )?;
        for c in &proposal.changes {
            writeln!(ctx.out, "  {}", describe(c))?;
        }
    }
    Ok(Outcome::Clean)
}

/// `Delegation of Norway`, `Jane Doe and John Roe`, `no author named`.
fn authors_label(authors: &[Option<String>]) -> String {
    let names: Vec<&str> = authors
        .iter()
        .map(|a| a.as_deref().unwrap_or("no author named"))
        .collect();
    crate::text::and_list(&names)
}

/// The changes from `base` to one copy, refused when there are none or the copy is not a copy
/// of `base`; what they leave out is warned about. `who`: the Word authors the copy was read
/// from, for the messages.
fn changes_of(
    ctx: &Context,
    base: &Version,
    copy: &Version,
    file: &Path,
    who: Option<&str>,
) -> Result<Vec<Proposed>> {
    let (changes, left) = proposal::changes(base, copy);
    let name = display_path(file);
    let whose = who.map_or(String::new(), |w| format!("the changes by `{w}`: "));
    let kept = base.clause_count()
        - changes
            .iter()
            .filter(|c| c.action == Action::Delete)
            .count();
    if base.clause_count() > 0 && kept == 0 {
        return Err(Error::file(
            file,
            format!(
                "{whose}shares no clause with version `{}`; it is not a copy of it",
                base.id
            ),
        )
        .hint(
            "give the delegation's edited copy of that version, or name another with `--version`",
        ));
    }
    if changes.is_empty() {
        return Err(Error::file(
            file,
            format!(
                "{whose}changes no word of version `{}`: there is nothing to propose",
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
            "{name}: {whose}formatting changed in {} and not recorded: a proposal records words",
            crate::text::and_list(&names)
        ));
    }
    if left.headings > 0 {
        ctx.warn_text(&format!(
            "{name}: {whose}{} changed and not recorded: a proposal records clauses",
            crate::text::count(left.headings, "section heading", "section headings"),
        ));
    }
    Ok(changes)
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

/// The bytes of a copy; a folder is refused.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::file(
            path,
            "is a directory, expected the delegation's edited copy",
        ));
    }
    fsio::read(path)
}

fn is_docx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// A Word document, read.
fn read_docx(path: &Path, bytes: &[u8]) -> Result<docx::Document> {
    if import::kind_of(path, bytes)? != Kind::Docx {
        return Err(Error::file(path, "is not a Word document"));
    }
    docx::read(path, bytes)
}

/// One reading of a Word copy as a version.
fn reading_of(path: &Path, document: &docx::Document, reading: docx::Reading) -> Result<Version> {
    let draft = docx::draft(document, reading);
    if draft.title.is_none() && draft.blocks.is_empty() {
        return Err(Error::file(path, "has no text to propose"));
    }
    let (_, version) = draft.render_checked(&display_path(path))?;
    Ok(version)
}

/// The copy as a version: a version file, or a Word document read with its changes accepted.
fn read_copy(ctx: &Context, path: &Path) -> Result<Version> {
    let bytes = read_bytes(path)?;
    if is_docx(path) {
        let document = read_docx(path, &bytes)?;
        let version = reading_of(path, &document, docx::Reading::Accept)?;
        let authors = document.authors();
        if !document.revisions.is_empty() {
            ctx.note(&format!(
                "{}: accepted {} tracked changes: the copy as the delegation would have it",
                display_path(path),
                document.revisions.len()
            ));
        }
        if authors.len() > 1 {
            ctx.note(&format!(
                "{}: the tracked changes are by {}; `--by-author` gives each delegation its own proposal",
                display_path(path),
                docx::authors_summary(&authors)
            ));
        }
        return Ok(version);
    }
    let mut source = crate::source::Source::from_bytes(&display_path(path), bytes)?;
    source.path = Some(path.to_path_buf());
    parse::version(&source, &Meta::default())
}

/// The copies of a Word document edited by several delegations: for each delegation its
/// authors name (or `--author` gives them), the text before the changes with theirs.
fn by_author(
    ctx: &Context,
    target: &Target,
    base: &Version,
    path: &Path,
    mapping: &[String],
) -> Result<Vec<Copy>> {
    if !is_docx(path) {
        return Err(Error::file(
            path,
            "is not a Word document: `--by-author` reads the authors of tracked changes",
        )
        .hint("give a `.docx`, or the delegation's CODE before FILE"));
    }
    let bytes = read_bytes(path)?;
    let document = read_docx(path, &bytes)?;
    let authors = document.authors();
    if authors.is_empty() {
        return Err(Error::file(
            path,
            "has no tracked changes: there is no author to take a delegation from",
        )
        .hint("give the delegation's CODE before FILE"));
    }
    // Each `--author`: the name as given, the delegation, and whether an author has it.
    let mut given: Vec<(&str, &Delegation, bool)> = Vec::new();
    for m in mapping {
        let Some((name, code)) = m.rsplit_once('=') else {
            return Err(Error::new(format!("--author `{m}`: write it as NAME=CODE"))
                .hint("e.g. `--author \"Jane Doe=EU\"`"));
        };
        let delegation = target.registry.lookup(code)?;
        given.push((name.trim(), delegation, false));
    }
    let mut whose: Vec<(Delegation, Vec<Option<String>>)> = Vec::new();
    let mut unnamed: Vec<&Option<String>> = Vec::new();
    for (author, _) in &authors {
        let key = author.as_deref().unwrap_or("").trim();
        let mapped = given
            .iter_mut()
            .find(|(name, _, _)| name.to_lowercase() == key.to_lowercase());
        let delegation = match mapped {
            Some((_, d, used)) => {
                *used = true;
                Some(*d)
            }
            None => author.as_deref().and_then(|a| target.registry.named_by(a)),
        };
        let Some(delegation) = delegation else {
            unnamed.push(author);
            continue;
        };
        match whose.iter_mut().find(|(d, _)| d.code == delegation.code) {
            Some((_, list)) => list.push(author.clone()),
            None => whose.push((delegation.clone(), vec![author.clone()])),
        }
    }
    let name = display_path(path);
    if let Some(first) = unnamed.first() {
        let names: Vec<String> = unnamed
            .iter()
            .map(|a| {
                a.as_deref()
                    .map_or_else(|| "no author".to_string(), |a| format!("`{a}`"))
            })
            .collect();
        return Err(Error::file(
            path,
            format!(
                "the tracked changes by {} name no delegation",
                crate::text::and_list(&names)
            ),
        )
        .hint(format!(
            "say whose they are with `--author \"{}=CODE\"`; `decl delegations` lists the codes",
            first.as_deref().unwrap_or_default()
        )));
    }
    if let Some((name, _, _)) = given.iter().find(|(_, _, used)| !used) {
        return Err(Error::file(
            path,
            format!("has no tracked change by `{name}` (`--author`)"),
        )
        .hint(format!(
            "its tracked changes are by {}",
            docx::authors_summary(&authors)
        )));
    }
    ctx.note(&format!(
        "{name}: {} by {}: one proposal per delegation, each with only its changes",
        crate::text::count(
            document.revisions.len(),
            "tracked change",
            "tracked changes"
        ),
        docx::authors_summary(&authors)
    ));
    // Words changed without tracking are in every reading: say so, since each delegation's
    // proposal then carries them.
    let before = reading_of(path, &document, docx::Reading::Reject)?;
    let (untracked, _) = proposal::changes(base, &before);
    if !untracked.is_empty() {
        ctx.warn_text(&format!(
            "{name}: the text before its tracked changes differs from version `{}` ({}): each delegation's proposal includes {}",
            base.id,
            crate::text::count(untracked.len(), "change", "changes"),
            if untracked.len() == 1 { "it" } else { "them" }
        ));
    }
    whose
        .into_iter()
        .map(|(delegation, authors)| {
            Ok(Copy {
                version: reading_of(path, &document, docx::Reading::Authors(&authors))?,
                delegation,
                authors,
            })
        })
        .collect()
}
