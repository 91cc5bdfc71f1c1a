use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::error::{Error, Result, display_path};
use crate::import::{self, Draft, Kind, docx};
use crate::model::Version;
use crate::output::Context;
use crate::source::Source;
use crate::{Outcome, fsio, repo};

/// Import a draft: a Council note (its PDF, or the text extracted from it), or a Word document.
///
/// FILE is a Council note as PDF (read through `pdftotext -layout`, from Debian's
/// `poppler-utils`, found on `PATH` or as `DECL_PDFTOTEXT`), the text of one as extracted from
/// its PDF (`.txt`), or a Word document (`.docx`); the kind is recognised by the content. The result is a version file: front matter
/// with what the note's head says (place and date, document number with REV/ADD/COR, marking,
/// codes, From, To, Subject, and the cover note as `note`), then the declaration in Markdown:
/// title, place-and-date line, `##` headings, clauses, and a `---` before the closing
/// paragraphs. Page footers, hard line breaks, hyphens at line ends and PDF emphasis artefacts
/// are removed; no word is changed otherwise. Whatever is not recognised is kept as clauses and
/// named in a warning.
///
/// Word documents: headings come from paragraph styles (`Title` is the title, `Heading 1` a
/// `##` section, …), numbered and bulleted paragraphs become list items, bracketed text is kept
/// as written, and character formatting is dropped; text boxes, footnotes, comments and field
/// codes are left out. Tracked changes (insertions, deletions, moves, and deleted or inserted
/// paragraph marks, which join two paragraphs) are accepted by default, with a note saying how
/// many and by whom; `--changes reject` gives the text before them; `--changes both` writes two
/// versions, `…-before` (rejected) and `…-after` (accepted, listing each change with its author
/// and date as comments in its front matter), so that `decl diff` shows the negotiation;
/// `--changes by-author` writes `…-before` and one version per author, with only that author's
/// changes (`from:` the author). Both need `-o` or `--into`, which then adds them all, before
/// first. Formatting changes are ignored. Of a field only its result is read; symbol-font
/// characters become the Unicode characters they show.
///
/// Without `-o` or `--into`, the version is written to standard output. `--into DECL` writes it
/// into the declaration's `versions/` folder, named after its date and document number
/// (`2025-09-10-11767-1-25-rev-1.md`), and adds one line to `declaration.yaml` where it belongs
/// (by date, then by document number; last when it has neither), keeping the manifest's comments.
/// It refuses a document number the declaration already has. Nothing is written when the input
/// cannot be read.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl import 11767-25.txt > draft.md\n  decl import 11767-1-25-REV-1.txt --into global-alliance-2025\n  decl import draft.docx --changes both --into global-alliance-2025\n  decl import draft.docx -o versions/draft.md --force"
)]
pub struct Args {
    /// The note as PDF, its text (`.txt`), or a Word document (`.docx`).
    pub file: PathBuf,
    /// Write the version file here (with `--changes both`: `NAME-before.md` and `NAME-after.md`).
    #[arg(short, long, value_name = "OUT.md", conflicts_with = "into")]
    pub output: Option<PathBuf>,
    /// Add the version to this declaration (its folder or id), in order.
    #[arg(long, value_name = "DECL")]
    pub into: Option<String>,
    /// Replace the file(s) named by `-o` if they exist.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Read a REV's own change marks (new text in bold, deleted text struck through or `[…]`;
    /// `**`/`~~` in a note's text), leave the deleted text out, and list every change the marks
    /// miss and every mark where nothing changed, against the previous version.
    #[arg(long, env = "DECL_IMPORT_MARKS")]
    pub marks: bool,
    /// The previous version for `--marks` (default with `--into`: the version before the new one).
    #[arg(long, value_name = "REF", requires = "marks")]
    pub against: Option<String>,
    /// What to do with tracked changes in a Word document.
    #[arg(long, value_enum, default_value_t = Changes::Accept, env = "DECL_IMPORT_CHANGES")]
    pub changes: Changes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Changes {
    /// Accept every tracked change: the text as it would read.
    Accept,
    /// Reject every tracked change: the text before them.
    Reject,
    /// Write both readings as two versions, before and after; the after version lists each
    /// change with its author and date (as comments in its front matter).
    Both,
    /// Write the text before the changes, and one version per author: that text with only that
    /// author's changes (`from:` the author), so that each delegation's edits are a proposal.
    ByAuthor,
}

/// One version file to write.
struct Output {
    draft: Draft,
    /// Appended to the file stem: `-before`, `-after`, `-france`, or nothing.
    suffix: String,
}

/// The tracked changes a reading applies, one comment line each: who, when, what.
fn change_record(document: &docx::Document, reading: docx::Reading) -> Vec<String> {
    let changes: Vec<String> = document
        .changes()
        .into_iter()
        .filter(|(r, _)| reading.applies(r))
        .map(|(r, text)| {
            let what = match (r.kind, r.moved) {
                (docx::RevisionKind::Insert, false) => "inserted",
                (docx::RevisionKind::Delete, false) => "deleted",
                (docx::RevisionKind::Insert, true) => "moved here",
                (docx::RevisionKind::Delete, true) => "moved away",
            };
            format!(
                "- {}, {}: {what} `{}`",
                r.author.as_deref().unwrap_or("no author named"),
                r.date.as_deref().unwrap_or("no date"),
                crate::text::collapse_whitespace(&text)
            )
        })
        .collect();
    if changes.is_empty() {
        return changes;
    }
    let mut out = vec![format!(
        "tracked changes of the Word document applied in this version ({}):",
        changes.len()
    )];
    out.extend(changes);
    out
}

/// The versions a Word document gives under `--changes`, with a note on its tracked changes.
fn docx_outputs(
    ctx: &mut Context,
    args: &Args,
    name: &str,
    document: &docx::Document,
) -> Result<Vec<Output>> {
    let authors = document.authors();
    let total = document.revisions.len();
    let by = docx::authors_summary(&authors);
    let changes = crate::text::count(total, "tracked change", "tracked changes");
    let output = |draft: Draft, suffix: &str| Output {
        draft,
        suffix: suffix.to_string(),
    };
    Ok(match args.changes {
        Changes::Accept => {
            if total > 0 {
                ctx.note(&format!(
                    "{name}: accepted {changes} by {by} (see `--changes`)"
                ));
            }
            vec![output(
                docx::draft_with(document, docx::Reading::Accept, args.marks),
                "",
            )]
        }
        Changes::Reject => {
            if total > 0 {
                ctx.note(&format!("{name}: rejected {changes} by {by}"));
            }
            vec![output(docx::draft(document, docx::Reading::Reject), "")]
        }
        Changes::Both => {
            if total == 0 {
                ctx.warn_text(&format!(
                    "{name}: has no tracked changes; before and after are the same"
                ));
            } else {
                ctx.note(&format!(
                    "{name}: {changes} by {by}: rejected before, accepted after"
                ));
            }
            let mut after = docx::draft(document, docx::Reading::Accept);
            after.comments = change_record(document, docx::Reading::Accept);
            vec![
                output(docx::draft(document, docx::Reading::Reject), "-before"),
                output(after, "-after"),
            ]
        }
        Changes::ByAuthor => {
            if total == 0 {
                return Err(Error::file(
                    &args.file,
                    "has no tracked changes: there is no author to write a version for",
                )
                .hint("import it without `--changes`"));
            }
            ctx.note(&format!(
                "{name}: {changes} by {by}: one version each, on the text before them"
            ));
            let mut out = vec![output(
                docx::draft(document, docx::Reading::Reject),
                "-before",
            )];
            let mut suffixes: Vec<String> = vec!["-before".to_string()];
            for (author, _) in &authors {
                let reading = docx::Reading::Author(author.as_deref());
                let mut draft = docx::draft(document, reading);
                draft.comments = change_record(document, reading);
                if let Some(a) = author {
                    draft.meta.from = Some(a.clone());
                }
                let slug = author
                    .as_deref()
                    .map(|a| crate::text::slug(a, 6))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "no-author".to_string());
                let mut suffix = format!("-{slug}");
                let mut n = 2;
                while suffixes.contains(&suffix) {
                    suffix = format!("-{slug}-{n}");
                    n += 1;
                }
                suffixes.push(suffix.clone());
                out.push(output(draft, &suffix));
            }
            out
        }
    })
}

pub fn cmd_import(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let path = &args.file;
    let bytes = fsio::read(path)?;
    let name = display_path(path);
    let kind = import::kind_of(path, &bytes)?;
    if args.marks && args.against.is_none() && args.into.is_none() {
        return Err(
            Error::new("`--marks` compares the marks with the previous version")
                .hint("add `--into DECL` (the version before the new one) or `--against REF`"),
        );
    }
    let mut stream: Option<import::marks::Stream> = None;
    let outputs = match kind {
        Kind::Text | Kind::Pdf => {
            if matches!(args.changes, Changes::Both | Changes::ByAuthor) {
                return Err(Error::new(
                    "`--changes both` and `--changes by-author` are for Word documents with tracked changes",
                )
                .hint("a note's text has no tracked changes; leave `--changes` out"));
            }
            let text = if kind == Kind::Pdf {
                import::pdf::text_of(path)?.into_bytes()
            } else {
                bytes
            };
            let source = Source::from_bytes(&name, text)?;
            if args.marks {
                stream = Some(import::marks::Stream::of_text(&source.text));
            }
            let text = if args.marks {
                import::marks::without_deletions(&source.text)
            } else {
                source.text.to_string()
            };
            vec![Output {
                draft: import::council_text::import(&text),
                suffix: String::new(),
            }]
        }
        Kind::Docx => {
            let document = docx::read(path, &bytes)?;
            if args.marks {
                stream = Some(import::marks::Stream::of_docx(&document));
            }
            docx_outputs(ctx, args, &name, &document)?
        }
    };
    if let Some(stream) = &stream {
        check_marks(ctx, args, &name, stream, &outputs)?;
    }
    // A declaration that cannot be read refuses the import before any warning about the input.
    if let Some(decl) = &args.into {
        repo::open(decl)?;
    }
    // Nothing to import is bad input, not an empty version (a broken or empty document).
    if outputs
        .iter()
        .all(|o| o.draft.title.is_none() && o.draft.blocks.is_empty())
    {
        return Err(Error::file(path, "has no text to import")
            .hint("give the note's text as extracted from its PDF, or a Word document with the declaration"));
    }
    // Warnings once, from the last reading (both readings recognise the same structure).
    if let Some(last) = outputs.last() {
        for w in &last.draft.warnings {
            ctx.warn_text(&format!("{name}: {w}"));
        }
    }
    if let Some(decl) = &args.into {
        return into_declaration(ctx, args, decl, outputs);
    }
    match &args.output {
        None => {
            if outputs.len() > 1 {
                return Err(Error::new(format!(
                    "`--changes {}` writes {} files",
                    if args.changes == Changes::Both { "both" } else { "by-author" },
                    outputs.len()
                ))
                .hint(
                    "give `-o NAME.md` (writes NAME-before.md, NAME-after.md or NAME-AUTHOR.md) or `--into DECL`",
                ));
            }
            for output in &outputs {
                let (markdown, _) = output.draft.render_checked(&name)?;
                ctx.out.write_all(markdown.as_bytes())?;
            }
        }
        Some(out) => {
            let targets: Vec<PathBuf> = outputs
                .iter()
                .map(|o| with_suffix(out, &o.suffix))
                .collect();
            let mut rendered = Vec::new();
            for (output, target) in outputs.iter().zip(&targets) {
                if target.exists() && !args.force {
                    return Err(Error::file(target, "already exists; not overwriting it")
                        .hint("add `--force` to replace it, or choose another `-o`"));
                }
                rendered.push(output.draft.render_checked(&display_path(target))?);
            }
            if targets.len() == 1 {
                let markdown = &rendered[0].0;
                if args.force {
                    fsio::write_atomic(&targets[0], markdown.as_bytes())?;
                } else {
                    fsio::create_new(&targets[0], markdown.as_bytes())?;
                }
            } else {
                // Both readings or neither.
                let lock = fsio::Lock::for_file(&targets[0])?;
                let mut batch = fsio::Batch::new();
                for ((markdown, _), target) in rendered.iter().zip(&targets) {
                    if args.force {
                        batch.write(target, fsio::Snapshot::current(target)?, markdown.clone());
                    } else {
                        batch.create(target, markdown.clone());
                    }
                }
                batch.commit(&lock)?;
            }
            for ((_, version), target) in rendered.iter().zip(&targets) {
                writeln!(
                    ctx.out,
                    "wrote {}: {}",
                    display_path(target),
                    summary(version)
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// Compare the REV's marks with the diff against the previous version and list what disagrees.
fn check_marks(
    ctx: &mut Context,
    args: &Args,
    name: &str,
    stream: &import::marks::Stream,
    outputs: &[Output],
) -> Result<()> {
    let previous = match (&args.against, &args.into) {
        (Some(r), _) => repo::resolve(r)?.version,
        (None, Some(decl)) => {
            let declaration = repo::open(decl)?;
            let at = insert_position(&declaration.versions, &outputs[0].draft);
            let Some(v) = at.checked_sub(1).and_then(|i| declaration.versions.get(i)) else {
                return Err(Error::new(format!(
                    "`--marks`: the new version would be the first of `{}`, with none before it to compare",
                    declaration.id
                ))
                .hint("give the version to compare with: `--against REF`"));
            };
            v.clone()
        }
        (None, None) => return Ok(()),
    };
    let Some(last) = outputs.last() else {
        return Ok(());
    };
    let (_, version) = last.draft.render_checked(name)?;
    let (findings, unlocated) = import::marks::compare(stream, &previous, &version);
    for f in &findings {
        ctx.warn_text(&format!("{name}: clause {}: {}", f.clause, f.message));
    }
    if unlocated > 0 {
        ctx.warn_text(&format!(
            "{name}: the marks of {} could not be checked (its text is broken in the file, e.g. by a page footer)",
            crate::text::count(unlocated, "clause", "clauses")
        ));
    }
    ctx.note(&format!(
        "{name}: marks against {}: {}",
        previous.id,
        if findings.is_empty() {
            "every change is marked, and every mark is a change".to_string()
        } else {
            crate::text::count(findings.len(), "disagreement", "disagreements")
        }
    ));
    Ok(())
}

/// `OUT.md` → `OUT-before.md`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    if suffix.is_empty() {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let name = match path.extension() {
        Some(ext) => format!("{stem}{suffix}.{}", ext.to_string_lossy()),
        None => format!("{stem}{suffix}"),
    };
    path.with_file_name(name)
}

fn summary(version: &Version) -> String {
    let clauses = crate::text::count(version.clause_count(), "clause", "clauses");
    match version
        .sections
        .iter()
        .filter(|s| s.heading.is_some())
        .count()
    {
        0 => clauses,
        n => format!(
            "{clauses} in {}",
            crate::text::count(n, "headed section", "headed sections")
        ),
    }
}

/// Write the versions into a declaration's folder and list them in its manifest, in order.
fn into_declaration(
    ctx: &mut Context,
    args: &Args,
    spec: &str,
    mut outputs: Vec<Output>,
) -> Result<Outcome> {
    let not_a_folder = || {
        Error::new(format!(
            "`{spec}` is a single version file, not a declaration folder"
        ))
        .hint("name a folder with a `declaration.yaml`, or use `-o` to write a file")
    };
    let manifest_path = repo::open(spec)?
        .manifest
        .map(|m| m.path)
        .ok_or_else(not_a_folder)?;
    // Everything below reads the declaration again under its manifest's lock, so that two
    // imports into one declaration queue up instead of one losing the other's line.
    let lock = fsio::Lock::for_file(&manifest_path)?;
    let (_, manifest_was) = fsio::read_for_update(&manifest_path)?;
    let declaration = repo::open_manifest(&manifest_path)?;
    let (Some(dir), Some(manifest)) = (&declaration.dir, &declaration.manifest) else {
        return Err(not_a_folder());
    };
    let first = outputs[0].draft.meta.clone();
    // A fact has one home: the language stays in the manifest when it already says it.
    if manifest.meta.language.is_some() && manifest.meta.language == first.language {
        for o in &mut outputs {
            o.draft.meta.language = None;
        }
    }
    if let Some(doc) = &first.document
        && let Some(v) = declaration
            .versions
            .iter()
            .find(|v| v.meta.document.as_ref() == Some(doc))
    {
        return Err(Error::new(format!(
            "declaration `{}` already has document `{doc}`: version `{}`",
            declaration.id, v.id
        ))
        .hint("use `-o FILE` to write the import elsewhere and compare it with `decl diff`"));
    }
    let stem = file_stem(&outputs[0].draft, &args.file);
    let versions_dir = dir.join("versions");
    let mut planned: Vec<(PathBuf, String, String, Version)> = Vec::new();
    for output in &outputs {
        let file_name = format!("{stem}{}.md", output.suffix);
        let target = versions_dir.join(&file_name);
        let id = format!("{stem}{}", output.suffix);
        if target.exists() {
            return Err(Error::file(&target, "already exists; not overwriting it")
                .hint("remove it first, or use `-o` to write the import elsewhere"));
        }
        if declaration.versions.iter().any(|v| v.id == id) {
            return Err(Error::new(format!(
                "declaration `{}` already has a version `{id}`",
                declaration.id
            )));
        }
        let (markdown, version) = output.draft.render_checked(&display_path(&target))?;
        planned.push((target, format!("versions/{file_name}"), markdown, version));
    }
    let position = insert_position(&declaration.versions, &outputs[0].draft);
    let existing: Vec<String> = manifest.versions.iter().map(|v| v.file.clone()).collect();
    let new_files: Vec<String> = planned.iter().map(|p| p.1.clone()).collect();
    let old_text = manifest.source.text.clone();
    let new_text =
        import::manifest_edit::insert_versions(&old_text, &existing, position, &new_files)
            .map_err(|m| {
                Error::file(&manifest.path, format!("cannot add the new version: {m}"))
                    .hint("add the file to `versions:` by hand")
            })?;
    // The version files and the manifest line together, or nothing.
    let mut batch = fsio::Batch::new();
    for (target, _, markdown, _) in &planned {
        batch.create(target, markdown.clone());
    }
    batch.write(&manifest.path, manifest_was, new_text.clone());
    // The manifest as it will read: refuse before writing if it would not.
    let check = crate::source::Source::new(&manifest.source.name, new_text);
    crate::parse::manifest::from_source(check, &manifest.path)?;
    batch.commit(&lock)?;
    let total = declaration.versions.len() + planned.len();
    for (i, (target, _, _, version)) in planned.iter().enumerate() {
        writeln!(
            ctx.out,
            "added {} to `{}` as version {} of {total}: {}",
            display_path(target),
            declaration.id,
            position + i + 1,
            summary(version)
        )?;
    }
    Ok(Outcome::Clean)
}

/// The new version's file stem: its date and document number (`2025-09-10-11767-1-25-rev-1`),
/// else the input's name.
fn file_stem(draft: &Draft, input: &Path) -> String {
    let input_stem = input
        .file_stem()
        .map(|s| crate::text::slug(&s.to_string_lossy(), 12))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "import".to_string());
    let doc = draft
        .meta
        .document
        .as_ref()
        .map(|d| crate::text::slug(&d.to_string(), 12));
    match (draft.meta.date, doc) {
        (Some(date), Some(doc)) => format!("{date}-{doc}"),
        (Some(date), None) => format!("{date}-{input_stem}"),
        (None, Some(doc)) => doc,
        (None, None) => input_stem,
    }
}

/// Where a new version goes among the existing ones (oldest first): after the last one that
/// comes before it. Versions go by date; on the same day (or without dates) by document number
/// (a document, its revisions, then its addenda); a version with neither goes last.
fn insert_position(versions: &[Version], draft: &Draft) -> usize {
    let new_doc = draft.meta.document.as_ref();
    let new_date = draft.meta.date;
    let order = |v: &Version| -> Option<std::cmp::Ordering> {
        let old_doc = v.meta.document.as_ref();
        match (new_doc, old_doc, new_date, v.meta.date) {
            (_, _, Some(a), Some(b)) if a != b => Some(a.cmp(&b)),
            (Some(a), Some(b), _, _) => Some(a.cmp(b)),
            (_, _, Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => None,
        }
    };
    let mut position = versions.len();
    for (i, v) in versions.iter().enumerate().rev() {
        match order(v) {
            Some(std::cmp::Ordering::Less) => position = i,
            Some(_) => break,
            None => {}
        }
    }
    position
}
