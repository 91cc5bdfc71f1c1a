use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::{ClauseKind, Format, Item, Meta, Version};
use crate::output::Context;
use crate::source::Source;
use crate::text::slug;
use crate::{Outcome, diff, fsio, parse, write};

/// Give every clause and section heading a stable id.
///
/// Ids are what keep a clause's identity across drafts: when both versions carry ids, `decl
/// diff` matches clauses by id. A clause id is written as a trailing `<!-- id: … -->` comment, a
/// heading id as `{#id}`. New ids are made from a clause's first words; when a declaration folder
/// is given, ids follow the clauses from draft to draft as `decl diff` aligns them: a clause
/// paired with one of the version before it keeps its id (also when reworded or moved), of a
/// split the part with most of the old text keeps it, a merge keeps the id of its largest
/// source, and a heading keeps its id when its text less numbering and brackets is the same.
///
/// Without `--write`, lists the ids that would be added and changes nothing.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl ids declarations/global-alliance-2025\n  decl ids --write declarations/global-alliance-2025"
)]
pub struct Args {
    /// Files or declaration folders (default: every declaration in the repository).
    pub files: Vec<PathBuf>,
    /// Write the ids into the files.
    #[arg(long)]
    pub write: bool,
}

pub fn cmd_ids(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let files = super::version_files(ctx, &args.files)?;
    let mut previous: Option<(PathBuf, Version)> = None;
    let mut added_total = 0;
    for path in &files {
        // Under the file's lock when writing: see `decl fmt`.
        let lock = if args.write {
            Some(fsio::Lock::for_file(path)?)
        } else {
            None
        };
        let (source, was) = fsio::read_for_update(path)?;
        let mut version = parse::version(&source, &Meta::default())?;
        version.warnings.iter().for_each(|w| ctx.warn(w));
        // Inherit ids only from the version listed just before, in the same folder.
        let before = previous
            .as_ref()
            .filter(|(p, _)| p.parent() == path.parent())
            .map(|(_, v)| v);
        let plan = plan_ids(&version, before);
        added_total += plan.len();
        let numbers = crate::model::number::numbers(&version);
        for step in &plan {
            let what = match step.target {
                Target::Clause(i) => format!("clause {}", numbers[i]),
                Target::Section(_) => "heading".to_string(),
            };
            writeln_out(
                ctx,
                &format!("{}: {what} <{}>: {}", source.name, step.id, step.label),
            )?;
        }
        if args.write && !plan.is_empty() {
            let new_text = match version.format {
                Format::Markdown => insert_ids_markdown(&source, &version, &plan),
                Format::Yaml => {
                    if parse::yaml_body::has_comments(&source.text) {
                        return Err(Error::file(
                            &source.name,
                            "has comments, which rewriting YAML would drop; add the ids by hand or convert it to Markdown",
                        ));
                    }
                    let mut with_ids = version.clone();
                    apply(&mut with_ids, &plan);
                    write::yaml(&with_ids)
                }
            };
            crate::commands::fmt::verify_ids_added(&source, &version, &new_text, &plan)?;
            version = parse::version(
                &Source::new(&source.name, new_text.clone()),
                &Meta::default(),
            )?;
            if let Some(lock) = &lock {
                let mut batch = fsio::Batch::new();
                batch.write(path, was, new_text);
                batch.commit(lock)?;
            }
        } else {
            // Listed, not written: the next version inherits from the ids it would have, so
            // that the listing says what `--write` does.
            apply(&mut version, &plan);
        }
        previous = Some((path.clone(), version));
    }
    if !args.write && added_total > 0 {
        ctx.note(&format!(
            "{} to add; run with --write to write them",
            crate::text::count(added_total, "id", "ids")
        ));
    }
    Ok(Outcome::Clean)
}

fn writeln_out(ctx: &mut Context, line: &str) -> Result<()> {
    use std::io::Write as _;
    writeln!(ctx.out, "{line}")?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Clause index.
    Clause(usize),
    /// Section position.
    Section(usize),
}

/// One id to add.
#[derive(Debug, Clone)]
pub struct Step {
    pub target: Target,
    pub id: String,
    /// The text it names, shortened, for the listing.
    pub label: String,
}

/// Words too common to make an id from.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "our", "we", "us",
    "its", "their", "that", "this", "as", "at", "be", "is", "are", "all",
];

fn make_id(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(&w.to_lowercase().as_str()))
        .take(4)
        .map(str::to_string)
        .collect();
    let s = slug(&words.join(" "), 4);
    if s.is_empty() {
        "clause".to_string()
    } else {
        s
    }
}

/// Decide the ids to add to `version`, inheriting from `before` (the version before it) where
/// the alignment `decl diff` uses pairs a clause with one of `before`:
/// - a clause paired with one (unchanged, modified or moved) keeps that clause's id;
/// - of a split, the new clause that carries most of the old text keeps the id;
/// - a merge keeps the id of the source that gave it most of its text;
/// - a heading keeps the id of the heading of `before` with the same text less numbering and
///   brackets ([`diff::heading_identity`]).
///
/// Ids already in `version` stay; an id already taken in `version` is not inherited twice.
/// Every other clause and heading gets a new id from its first words.
#[must_use]
pub fn plan_ids(version: &Version, before: Option<&Version>) -> Vec<Step> {
    let mut taken: HashSet<String> = version
        .clauses()
        .filter_map(|c| c.id.clone())
        .chain(
            version
                .sections
                .iter()
                .filter_map(|s| s.heading.as_ref()?.id.clone()),
        )
        .collect();
    // A new id is never one the version before used for another clause: that would pair them.
    let mut reserved: HashSet<String> = before
        .map(|b| {
            b.clauses()
                .filter_map(|c| c.id.clone())
                .chain(b.sections.iter().filter_map(|s| s.id.clone()))
                .collect()
        })
        .unwrap_or_default();
    reserved.retain(|id| !taken.contains(id));
    let mut plan = Vec::new();
    // The next number to try after each base: ten thousand clauses of the same words once
    // tried `-2`, `-3`, … again for each, which was quadratic.
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut unique = |base: String, taken: &mut HashSet<String>| {
        if !reserved.contains(&base) && taken.insert(base.clone()) {
            return base;
        }
        let n = next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if !reserved.contains(&id) && taken.insert(id.clone()) {
                return id;
            }
        }
    };
    let inherit = |id: Option<&String>, taken: &mut HashSet<String>| -> Option<String> {
        let id = id?;
        (!taken.contains(id)).then(|| {
            taken.insert(id.clone());
            id.clone()
        })
    };

    // Headings: the old section with the same identity, first come first served.
    let mut old_headings: HashMap<String, Vec<String>> = HashMap::new();
    if let Some(b) = before {
        for s in b.sections.iter().rev() {
            if let (Some(h), Some(id)) = (&s.heading, &s.id) {
                old_headings
                    .entry(diff::heading_identity(&h.text))
                    .or_default()
                    .push(id.clone());
            }
        }
    }
    for (i, section) in version.sections.iter().enumerate() {
        let Some(h) = section.heading.as_ref().filter(|h| h.id.is_none()) else {
            continue;
        };
        let old = old_headings
            .get_mut(&diff::heading_identity(&h.text))
            .and_then(Vec::pop);
        let id = match inherit(old.as_ref(), &mut taken) {
            Some(id) => id,
            None => unique(
                section.id.clone().unwrap_or_else(|| make_id(&h.text)),
                &mut taken,
            ),
        };
        plan.push(Step {
            target: Target::Section(i),
            id,
            label: shorten(&h.text),
        });
    }

    // Clauses: what the alignment pairs. `inherited[j]`: the old id new clause j takes.
    let mut inherited: HashMap<usize, String> = HashMap::new();
    if let Some(b) = before {
        let d = diff::diff(b, version, &diff::Options::default());
        for c in &d.changes {
            let (Some(id), Some(to)) = (heir_source(c), heir(c)) else {
                continue;
            };
            if c.new[to].id().is_none() {
                inherited.insert(c.new[to].index(), id.to_string());
            }
        }
    }
    for clause in version.clauses().filter(|c| c.id.is_none()) {
        let id = match inherit(inherited.get(&clause.index), &mut taken) {
            Some(id) => id,
            None => unique(make_id(&clause.text), &mut taken),
        };
        plan.push(Step {
            target: Target::Clause(clause.index),
            id,
            label: shorten(&clause.text),
        });
    }
    plan
}

/// The id a change hands on: that of its old clause, or, of a merge, of the old clause the
/// merged clause continues (the one that gave it most of its words).
fn heir_source<'c>(c: &'c diff::Change<'_>) -> Option<&'c str> {
    match c.kind {
        diff::Kind::Added | diff::Kind::Deleted => None,
        diff::Kind::Merged => c.old.get(c.primary)?.id(),
        _ => c.old.first()?.id(),
    }
}

/// Which of a change's new clauses takes the id: the only one, or, of a split, the one that
/// continues the old clause (the part with most of its words).
fn heir(c: &diff::Change<'_>) -> Option<usize> {
    match c.kind {
        diff::Kind::Added | diff::Kind::Deleted => None,
        diff::Kind::Split => Some(c.primary),
        _ => Some(0),
    }
}

fn shorten(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// Give `version` the ids [`plan_ids`] decides, in memory; returns how many were added.
pub fn assign(version: &mut Version, before: Option<&Version>) -> usize {
    let plan = plan_ids(version, before);
    apply(version, &plan);
    plan.len()
}

fn apply(version: &mut Version, plan: &[Step]) {
    let mut clause_ids: HashMap<usize, &String> = HashMap::new();
    for step in plan {
        match step.target {
            Target::Section(i) => {
                if let Some(h) = version.sections[i].heading.as_mut() {
                    h.id = Some(step.id.clone());
                }
                version.sections[i].id = Some(step.id.clone());
            }
            Target::Clause(index) => {
                clause_ids.insert(index, &step.id);
            }
        }
    }
    for section in &mut version.sections {
        for item in &mut section.items {
            if let Item::Clause(c) = item
                && let Some(id) = clause_ids.get(&c.index)
            {
                c.id = Some((*id).clone());
            }
        }
    }
}

/// Insert the ids into the Markdown source, touching nothing else in the file.
fn insert_ids_markdown(source: &Source, version: &Version, plan: &[Step]) -> String {
    let text = &source.text;
    let by_index: Vec<&crate::model::Clause> = version.clauses().collect();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for step in plan {
        match step.target {
            Target::Section(i) => {
                let Some(h) = &version.sections[i].heading else {
                    continue;
                };
                let start = source.line_start(h.line);
                let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                let line = text[start..end].trim_end();
                inserts.push((start + line.len(), format!(" {{#{}}}", step.id)));
            }
            Target::Clause(index) => {
                let Some(c) = by_index.get(index).filter(|c| c.index == index) else {
                    continue;
                };
                let raw = text[c.span.clone()].trim_end();
                let comment = format!("<!-- id: {} -->", step.id);
                match c.kind {
                    ClauseKind::Table | ClauseKind::BlockQuote => {
                        inserts.push((c.span.start + raw.len(), format!("\n\n{comment}")));
                    }
                    _ => {
                        let mut at = write::first_paragraph_end(raw);
                        if raw[..at].ends_with('\r') {
                            at -= 1;
                        }
                        let at = c.span.start + raw[..at].trim_end_matches([' ', '\t']).len();
                        inserts.push((at, format!(" {comment}")));
                    }
                }
            }
        }
    }
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(text.len() + inserts.len() * 32);
    let mut last = 0;
    for (at, piece) in inserts {
        out.push_str(&text[last..at]);
        out.push_str(&piece);
        last = at;
    }
    out.push_str(&text[last..]);
    out
}
