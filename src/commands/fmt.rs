use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::{Format, Meta, Version};
use crate::output::Context;
use crate::source::Source;
use crate::{Outcome, fsio, parse, write};

/// Rewrite version files in the canonical layout.
///
/// One blank line between blocks, ATX headings with `{#id}`, clause ids as trailing
/// `<!-- id: … -->` comments, LF line endings, no byte-order mark. Every clause's source is
/// copied verbatim: `fmt` never changes a word, and checks that before it writes. The front
/// matter is kept as written, comments included. YAML versions are rewritten in the canonical
/// YAML layout unless they hold comments, which a rewrite would drop.
///
/// With no FILE, formats every version of every declaration in the repository; a declaration
/// folder means its versions.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl fmt\n  decl fmt --check declarations/global-alliance-2025\n  decl fmt draft.md"
)]
pub struct Args {
    /// Files or declaration folders.
    pub files: Vec<PathBuf>,
    /// Change nothing; exit 1 if any file would be reformatted.
    #[arg(long)]
    pub check: bool,
}

pub fn cmd_fmt(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let files = super::version_files(ctx, &args.files)?;
    let mut would_change = 0usize;
    for path in &files {
        // Read under the file's lock: a concurrent `decl fmt` or `decl ids --write` waits, and
        // the write below refuses a file that changed since this read.
        let lock = if args.check {
            None
        } else {
            Some(fsio::Lock::for_file(path)?)
        };
        let (source, was) = fsio::read_for_update(path)?;
        let version = parse::version(&source, &Meta::default())?;
        version.warnings.iter().for_each(|w| ctx.warn(w));
        let formatted = match version.format {
            Format::Markdown => write::markdown(&version),
            Format::Yaml => {
                if parse::yaml_body::has_comments(&source.text) {
                    ctx.warn_text(&format!(
                        "{}: left as it is: it has comments, which rewriting YAML would drop",
                        source.name
                    ));
                    continue;
                }
                write::yaml(&version)
            }
        };
        if formatted == *source.text && !source.lone_cr {
            continue;
        }
        verify_same(&source, &version, &formatted)?;
        would_change += 1;
        if let Some(lock) = &lock {
            let mut batch = fsio::Batch::new();
            batch.write(path, was, formatted);
            batch.commit(lock)?;
            ctx.note(&format!("formatted {}", source.name));
        } else {
            ctx.note(&format!("would reformat {}", source.name));
        }
    }
    Ok(if args.check && would_change > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Refuse to write a file that would read as another version, or render differently: the
/// rewrite is read back and compared with what it was made from, block by block, and (for
/// Markdown) the two bodies' renderings are compared token by token.
pub fn verify_same(source: &Source, before: &Version, formatted: &str) -> Result<()> {
    let again = Source::new(&source.name, formatted.to_string());
    let after = parse::version(&again, &Meta::default())?;
    if let Some(what) = before.first_difference(&after) {
        return Err(Error::file(
            &source.name,
            format!("formatting would change {what}; the file was left as it is"),
        )
        .hint("please report this with the file"));
    }
    if before.format == Format::Markdown {
        let body = |s: &Source| -> Result<usize> {
            Ok(parse::markdown::find_front_matter(s)?.map_or(0, |fm| fm.body_start))
        };
        let (old_body, new_body) = (&source.text[body(source)?..], &again.text[body(&again)?..]);
        if let Some((at, _)) = parse::rendering::first_difference(old_body, new_body) {
            let line = source.line(source.text.len() - old_body.len() + at);
            return Err(Error::file(
                &source.name,
                format!(
                    "formatting would change how line {line} renders; the file was left as it is"
                ),
            )
            .hint("please report this with the file"));
        }
    }
    Ok(())
}

/// Refuse to write ids if the result does not read as the same clauses with the planned ids.
pub fn verify_ids_added(
    source: &Source,
    before: &Version,
    new_text: &str,
    plan: &[super::ids::Step],
) -> Result<()> {
    let after = parse::version(
        &Source::new(&source.name, new_text.to_string()),
        &Meta::default(),
    )?;
    let texts = |v: &Version| v.clauses().map(|c| c.text.clone()).collect::<Vec<_>>();
    let missing = after.clauses().filter(|c| c.id.is_none()).count();
    let expected_missing = before.clauses().filter(|c| c.id.is_none()).count()
        - plan
            .iter()
            .filter(|s| matches!(s.target, super::ids::Target::Clause(_)))
            .count();
    if texts(before) == texts(&after) && missing == expected_missing {
        Ok(())
    } else {
        Err(Error::file(
            &source.name,
            "adding ids would change how the file reads; the file was left as it is",
        )
        .hint("please report this with the file"))
    }
}
