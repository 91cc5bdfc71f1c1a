//! Proposals: a delegation's edits of one version, as the clause-level changes the diff finds
//! between that version and the delegation's edited copy.
//!
//! Each proposal is one file, `declarations/<id>/proposals/<version>/<CODE>-<date>-<hash>.yaml`,
//! written once by `decl propose` and never rewritten:
//!
//! ```yaml
//! # Proposal of `EU` on version `draft` of `harbours-2031`, recorded by decl propose.
//! # decl writes each proposal once and never rewrites it; a new proposal is a new file.
//! delegation: EU
//! version: draft
//! date: "2031-03-20"
//! note: as sent to the Presidency on 20 March
//! from: copies/EU.md
//! author: Delegation of Norway  # only when read from its author's tracked changes in Word
//! illustrative: true           # only when true: made up, or on an illustrative version
//! changes:
//!   - change: modify
//!     clause: promote          # the id of the clause of the base version, when it has one
//!     index: 2                 # its position among the base version's clauses, from 0
//!     number: "3"              # the number a reader sees on it
//!     old: Promote the exchange …
//!     new: Ensure the exchange …
//!   - change: add
//!     after: data              # the base clause it follows (null: at the start of `section`)
//!     section: prevention      # the section it stands in (null: the preamble)
//!     new: Strengthen cooperation with flag States;
//! ```
//!
//! `change` is one of `modify` (one clause's words; `after` too when it also moved), `move`
//! (`after`, words unchanged), `delete`, `add`, `split` (`new` is a list) and `merge` (`clause`,
//! `index`, `number` and `old` are lists). Texts are plain text, as `decl show` prints them: a
//! proposal is about words, and a copy's changes of formatting alone are not recorded.
//!
//! Why this shape: one file per proposal means two people recording proposals on two git
//! branches add different files, which merge without conflict; the name carries a hash of the
//! content, so that even two proposals of one delegation on one day have two names.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diff::{self, Kind, Options};
use crate::error::{Error, Result};
use crate::model::{Clause, Date, Version};
use crate::source::Source;

/// The proposals folder inside a declaration folder.
pub const FOLDER: &str = "proposals";
/// The lock `decl propose` holds while it writes, inside the folder.
pub const LOCK: &str = ".lock";
const GITIGNORE: &str = "# The lock file decl holds while it writes a proposal, and the journal of a write it was\n# killed in the middle of; not part of the record.\n/.lock\n/.lock.journal\n";

/// What a proposed change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Modify,
    Move,
    Delete,
    Add,
    Split,
    Merge,
}

impl Action {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Modify => "modify",
            Action::Move => "move",
            Action::Delete => "delete",
            Action::Add => "add",
            Action::Split => "split",
            Action::Merge => "merge",
        }
    }

    fn parse(word: &str) -> Option<Action> {
        [
            Action::Modify,
            Action::Move,
            Action::Delete,
            Action::Add,
            Action::Split,
            Action::Merge,
        ]
        .into_iter()
        .find(|a| a.as_str() == word)
    }
}

/// A clause of the base version, as a proposal names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Anchor {
    /// Position among the base version's clauses, from 0.
    pub index: usize,
    pub id: Option<String>,
    /// The number a reader sees on it.
    pub number: String,
}

impl Anchor {
    fn of(clauses: &[&Clause], numbers: &[crate::model::Number<'_>], index: usize) -> Anchor {
        Anchor {
            index,
            id: clauses.get(index).and_then(|c| c.id.clone()),
            number: numbers
                .get(index)
                .map(ToString::to_string)
                .unwrap_or_default(),
        }
    }

    /// `clause 3 <promote>`.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => format!("clause {} <{id}>", self.number),
            None => format!("clause {}", self.number),
        }
    }
}

/// One clause-level change of a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub action: Action,
    /// The base clauses it changes (none for `add`; several for `merge`).
    pub clauses: Vec<Anchor>,
    /// Their texts in the base version.
    pub old: Vec<String>,
    /// The texts proposed (none for `delete` and `move`; several for `split`).
    pub new: Vec<String>,
    /// Of `add` and `move` (and a moved `modify`): the base clause it follows in the copy,
    /// `None` at the start of its section.
    pub after: Option<Anchor>,
    /// Of `add` and `move`: whether `after` was given (a `modify` that did not move has none).
    pub placed: bool,
    /// Of `add` and `move`: the id of the section it stands in (`None`: an unnamed one).
    pub section: Option<String>,
}

/// A delegation's proposal on one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The file it is kept in.
    pub path: PathBuf,
    /// The delegation code.
    pub delegation: String,
    /// The base version's id.
    pub version: String,
    pub date: Date,
    pub note: Option<String>,
    /// The edited copy it was made from, as named to `decl propose`.
    pub from: Option<String>,
    /// The author of the tracked changes it was read from, when `decl propose --by-author`
    /// took the delegation from them (the authors, when several sign for it).
    pub author: Option<String>,
    /// Invented (a proposal on an illustrative version, or made up for a demonstration).
    pub illustrative: bool,
    pub changes: Vec<Proposed>,
}

/// What a copy changes that a proposal does not record, for a warning.
#[derive(Debug, Default)]
pub struct Left {
    /// Clauses whose words are the same and whose formatting changed.
    pub formatting: Vec<Anchor>,
    /// Section headings that changed.
    pub headings: usize,
}

/// The changes from `base` to `copy`, as a proposal records them, and what it leaves out.
#[must_use]
pub fn changes(base: &Version, copy: &Version) -> (Vec<Proposed>, Left) {
    let d = diff::diff(base, copy, &Options::default());
    let base_numbers = crate::model::number::numbers(base);
    let base_clauses: Vec<&Clause> = base.clauses().collect();
    let anchor = |i: usize| Anchor::of(&base_clauses, &base_numbers, i);
    // For each clause of the copy, the base clause it continues, if any.
    let mut continues: Vec<Option<usize>> = vec![None; copy.clause_count()];
    for c in &d.changes {
        match (c.old.as_slice(), c.new.as_slice()) {
            ([a], news) if !news.is_empty() => {
                for (k, n) in news.iter().enumerate() {
                    if c.kind != Kind::Split || k == c.primary {
                        continues[n.index()] = Some(a.index());
                    }
                }
            }
            (olds, [n]) if olds.len() > 1 => {
                continues[n.index()] = olds
                    .get(c.primary)
                    .map(super::super::diff::model::ClauseRef::index);
            }
            _ => {}
        }
    }
    let copy_sections: Vec<Option<String>> = copy
        .clauses_with_sections()
        .map(|(s, _)| s.id.clone())
        .collect();
    // The base clause a copy clause follows: the nearest one before it in its section that
    // continues a base clause.
    let after_of = |j: usize| -> Option<Anchor> {
        (0..j)
            .rev()
            .take_while(|&k| copy_sections[k] == copy_sections[j])
            .find_map(|k| continues[k])
            .map(anchor)
    };
    let mut out = Vec::new();
    let mut left = Left {
        // A copy read from Word has no heading ids: a changed id alone is no change of words.
        headings: d
            .sections
            .iter()
            .filter(|c| c.kind != diff::SectionKind::Id)
            .count(),
        ..Left::default()
    };
    for c in &d.changes {
        let same_words = c
            .old
            .iter()
            .map(super::super::diff::model::ClauseRef::text)
            .collect::<Vec<_>>()
            == c.new
                .iter()
                .map(super::super::diff::model::ClauseRef::text)
                .collect::<Vec<_>>();
        let olds: Vec<Anchor> = c.old.iter().map(|r| anchor(r.index())).collect();
        let old_texts: Vec<String> = c.old.iter().map(|r| r.text().to_string()).collect();
        let new_texts: Vec<String> = c.new.iter().map(|r| r.text().to_string()).collect();
        let placed_at = |j: usize| (after_of(j), copy_sections.get(j).cloned().flatten());
        let item = match c.kind {
            Kind::Unchanged => continue,
            Kind::Modified if same_words && !c.moved => {
                left.formatting.extend(olds);
                continue;
            }
            Kind::Moved | Kind::Modified if same_words => {
                let (after, section) = placed_at(c.new[0].index());
                Proposed {
                    action: Action::Move,
                    clauses: olds,
                    old: old_texts,
                    new: Vec::new(),
                    after,
                    placed: true,
                    section,
                }
            }
            Kind::Modified | Kind::Moved => {
                let (after, section) = if c.moved {
                    placed_at(c.new[0].index())
                } else {
                    (None, None)
                };
                Proposed {
                    action: Action::Modify,
                    clauses: olds,
                    old: old_texts,
                    new: new_texts,
                    after,
                    placed: c.moved,
                    section,
                }
            }
            Kind::Deleted => Proposed {
                action: Action::Delete,
                clauses: olds,
                old: old_texts,
                new: Vec::new(),
                after: None,
                placed: false,
                section: None,
            },
            Kind::Added => {
                let (after, section) = placed_at(c.new[0].index());
                Proposed {
                    action: Action::Add,
                    clauses: Vec::new(),
                    old: Vec::new(),
                    new: new_texts,
                    after,
                    placed: true,
                    section,
                }
            }
            Kind::Split => Proposed {
                action: Action::Split,
                clauses: olds,
                old: old_texts,
                new: new_texts,
                after: None,
                placed: false,
                section: None,
            },
            Kind::Merged => Proposed {
                action: Action::Merge,
                clauses: olds,
                old: old_texts,
                new: new_texts,
                after: None,
                placed: false,
                section: None,
            },
        };
        out.push(item);
    }
    (out, left)
}

impl Proposal {
    /// The file's text: a comment saying what it is, then the fields.
    #[must_use]
    pub fn to_text(&self, declaration: &str) -> String {
        let mut top = Map::new();
        top.insert("delegation".into(), Value::String(self.delegation.clone()));
        top.insert("version".into(), Value::String(self.version.clone()));
        top.insert("date".into(), Value::String(self.date.to_string()));
        if let Some(note) = &self.note {
            top.insert("note".into(), Value::String(note.clone()));
        }
        if let Some(from) = &self.from {
            top.insert("from".into(), Value::String(from.clone()));
        }
        if let Some(author) = &self.author {
            top.insert("author".into(), Value::String(author.clone()));
        }
        if self.illustrative {
            top.insert("illustrative".into(), Value::Bool(true));
        }
        let changes = self
            .changes
            .iter()
            .map(|p| {
                let mut m = Map::new();
                m.insert("change".into(), Value::String(p.action.as_str().into()));
                let one = !matches!(p.action, Action::Merge);
                let list = |v: Vec<Value>| {
                    if one && v.len() == 1 {
                        v.into_iter().next().unwrap_or(Value::Null)
                    } else {
                        Value::Array(v)
                    }
                };
                if !p.clauses.is_empty() {
                    m.insert(
                        "clause".into(),
                        list(
                            p.clauses
                                .iter()
                                .map(|a| a.id.clone().map_or(Value::Null, Value::String))
                                .collect(),
                        ),
                    );
                    m.insert(
                        "index".into(),
                        list(p.clauses.iter().map(|a| Value::from(a.index)).collect()),
                    );
                    m.insert(
                        "number".into(),
                        list(
                            p.clauses
                                .iter()
                                .map(|a| Value::String(a.number.clone()))
                                .collect(),
                        ),
                    );
                }
                if p.placed {
                    m.insert(
                        "after".into(),
                        p.after
                            .as_ref()
                            .map_or(Value::Null, |a| Value::from(a.index)),
                    );
                    m.insert(
                        "section".into(),
                        p.section.clone().map_or(Value::Null, Value::String),
                    );
                }
                if !p.old.is_empty() {
                    m.insert(
                        "old".into(),
                        list(p.old.iter().cloned().map(Value::String).collect()),
                    );
                }
                if !p.new.is_empty() {
                    let v: Vec<Value> = p.new.iter().cloned().map(Value::String).collect();
                    m.insert(
                        "new".into(),
                        if p.action == Action::Split {
                            Value::Array(v)
                        } else {
                            list(v)
                        },
                    );
                }
                Value::Object(m)
            })
            .collect();
        top.insert("changes".into(), Value::Array(changes));
        let mut text = format!(
            "# Proposal of `{}` on version `{}` of `{declaration}`, recorded by decl propose.\n# decl writes each proposal once and never rewrites it; a new proposal is a new file.\n# `after` is the index of the base clause an added or moved clause follows.\n{}",
            self.delegation,
            self.version,
            crate::write::yaml_text(&Value::Object(top))
        );
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }

    /// The file name: `CODE-DATE-HASH.yaml`, the hash of the text, so that names never clash.
    #[must_use]
    pub fn file_name(&self, text: &str) -> String {
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(text.as_bytes());
        let short = hash.iter().take(4).fold(String::new(), |mut s, b| {
            let _ = std::fmt::Write::write_fmt(&mut s, format_args!("{b:02x}"));
            s
        });
        format!("{}-{}-{short}.yaml", self.delegation, self.date)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    change: String,
    clause: Option<Value>,
    index: Option<Value>,
    number: Option<Value>,
    after: Option<Value>,
    section: Option<String>,
    old: Option<Value>,
    new: Option<Value>,
}

/// Read one proposal file. `base` is its version, when the declaration has it: the clauses it
/// names are checked against it (their index and text), so a proposal that no longer fits its
/// base is reported, not misplaced.
pub fn read(path: &Path, source: &Source) -> Result<Proposal> {
    let map = crate::yaml::parse_map(source, 0, source.text.len(), true)?;
    let mut delegation = None;
    let mut version = None;
    let mut date = None;
    let mut note = None;
    let mut from = None;
    let mut author = None;
    let mut illustrative = false;
    let mut changes = Vec::new();
    for entry in &map.0 {
        let at = entry.value_at..entry.value_at;
        match entry.key.as_str() {
            "delegation" => delegation = Some(crate::yaml::typed::<String>(source, entry)?),
            "version" => version = Some(crate::yaml::typed::<String>(source, entry)?),
            "date" => {
                let text: String = crate::yaml::typed(source, entry)?;
                date = Some(Date::parse(&text).map_err(|m| source.error(at.clone(), m))?);
            }
            "note" => note = crate::yaml::typed::<Option<String>>(source, entry)?,
            "from" => from = crate::yaml::typed::<Option<String>>(source, entry)?,
            "author" => author = crate::yaml::typed::<Option<String>>(source, entry)?,
            "illustrative" => illustrative = crate::yaml::typed::<bool>(source, entry)?,
            "changes" => {
                let raw: Vec<Value> = crate::yaml::typed(source, entry)?;
                for (n, value) in raw.into_iter().enumerate() {
                    let fail =
                        |m: String| source.error(at.clone(), format!("change {}: {m}", n + 1));
                    // Whether it says where it goes: `after: null` is the start of a section.
                    let placed = value
                        .as_object()
                        .is_some_and(|m| m.contains_key("after") || m.contains_key("section"));
                    let r: RawChange =
                        serde_json::from_value(value).map_err(|e| fail(e.to_string()))?;
                    changes.push(change(r, placed).map_err(fail)?);
                }
            }
            other => {
                return Err(source.error(
                    entry.key_at..entry.key_at,
                    format!("unknown field `{other}` in a proposal"),
                )
                .hint("a proposal has `delegation`, `version`, `date`, `note`, `from`, `author`, `illustrative` and `changes`"));
            }
        }
    }
    let missing = |what: &str| Error::file(&source.name, format!("a proposal needs `{what}`"));
    Ok(Proposal {
        path: path.to_path_buf(),
        delegation: delegation.ok_or_else(|| missing("delegation"))?,
        version: version.ok_or_else(|| missing("version"))?,
        date: date.ok_or_else(|| missing("date"))?,
        note,
        from,
        author,
        illustrative,
        changes,
    })
}

fn change(r: RawChange, placed: bool) -> std::result::Result<Proposed, String> {
    let action = Action::parse(&r.change).ok_or_else(|| {
        format!(
            "unknown change `{}`; one of modify, move, delete, add, split, merge",
            r.change
        )
    })?;
    let many = |v: Option<Value>| -> Vec<Value> {
        match v {
            None => Vec::new(),
            Some(Value::Array(a)) => a,
            Some(other) => vec![other],
        }
    };
    let texts = |v: Option<Value>, what: &str| -> std::result::Result<Vec<String>, String> {
        many(v)
            .into_iter()
            .map(|x| match x {
                Value::String(s) => Ok(s),
                _ => Err(format!("`{what}` is text")),
            })
            .collect()
    };
    let ids = many(r.clause);
    let indices = many(r.index);
    let numbers = many(r.number);
    if indices.len() != numbers.len() || (!ids.is_empty() && ids.len() != indices.len()) {
        return Err("`clause`, `index` and `number` name the same clauses".into());
    }
    let mut clauses = Vec::new();
    for (k, i) in indices.iter().enumerate() {
        let index = i
            .as_u64()
            .and_then(|i| usize::try_from(i).ok())
            .ok_or("`index` is a clause position from 0")?;
        let id = match ids.get(k) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        let number = match &numbers[k] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        clauses.push(Anchor { index, id, number });
    }
    let old = texts(r.old, "old")?;
    let new = texts(r.new, "new")?;
    let after = match r.after {
        None | Some(Value::Null) => None,
        Some(v) => Some(Anchor {
            index: v
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .ok_or("`after` is the index of a clause of the base version, or null")?,
            id: None,
            number: String::new(),
        }),
    };
    let (want_clauses, want_old, want_new) = match action {
        Action::Modify => (1..=1, 1..=1, 1..=1),
        Action::Move | Action::Delete => (1..=1, 1..=1, 0..=0),
        Action::Add => (0..=0, 0..=0, 1..=1),
        Action::Split => (1..=1, 1..=1, 2..=usize::MAX),
        Action::Merge => (2..=usize::MAX, 2..=usize::MAX, 1..=1),
    };
    if !want_clauses.contains(&clauses.len())
        || !want_old.contains(&old.len())
        || !want_new.contains(&new.len())
        || old.len() != clauses.len()
    {
        return Err(format!(
            "a `{}` change names {} base clauses with their `old` texts and {} `new` texts",
            action.as_str(),
            match action {
                Action::Add => "no",
                Action::Merge => "several",
                _ => "one",
            },
            match action {
                Action::Delete | Action::Move => "no",
                Action::Split => "several",
                _ => "one",
            }
        ));
    }
    if matches!(action, Action::Add | Action::Move) && !placed {
        return Err(format!(
            "a `{}` change says where: `after` and `section`",
            action.as_str()
        ));
    }
    Ok(Proposed {
        action,
        clauses,
        old,
        new,
        after,
        placed,
        section: r.section,
    })
}

/// Every proposal of a declaration folder, oldest first (by date, then file name). A file
/// that cannot be read is an error naming it.
pub fn read_all(decl_dir: &Path) -> Result<Vec<Proposal>> {
    let dir = decl_dir.join(FOLDER);
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut folders = Vec::new();
    for e in entries {
        let e = e.map_err(|err| Error::io(&dir, &err))?;
        folders.push(e.path());
    }
    folders.sort();
    for folder in folders {
        if !folder.is_dir() {
            continue;
        }
        let mut inside = Vec::new();
        for e in std::fs::read_dir(&folder).map_err(|err| Error::io(&folder, &err))? {
            let p = e.map_err(|err| Error::io(&folder, &err))?.path();
            if p.extension().is_some_and(|x| x == "yaml")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                inside.push(p);
            }
        }
        inside.sort();
        files.extend(inside);
    }
    let mut out = Vec::new();
    for path in files {
        let source = Source::read(&path)?;
        out.push(read(&path, &source)?);
    }
    out.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    Ok(out)
}

/// The clauses a proposal names must be those of its base version: the same index, id and
/// text. The first that is not, for people.
#[must_use]
pub fn mismatch(p: &Proposal, base: &Version) -> Option<String> {
    let clauses: Vec<&crate::model::Clause> = base.clauses().collect();
    for change in &p.changes {
        for (a, old) in change.clauses.iter().zip(&change.old) {
            let Some(c) = clauses.get(a.index) else {
                return Some(format!(
                    "clause index {} is beyond the {} clauses of `{}`",
                    a.index,
                    clauses.len(),
                    base.id
                ));
            };
            if c.text.as_str() != old || (a.id.is_some() && c.id != a.id) {
                return Some(format!(
                    "{} of `{}` no longer reads as the proposal says",
                    a.label(),
                    base.id
                ));
            }
        }
        if let Some(after) = &change.after
            && after.index >= clauses.len()
        {
            return Some(format!(
                "`after: {}` is beyond the clauses of `{}`",
                after.index, base.id
            ));
        }
    }
    None
}

/// Fill in the ids and numbers of `after` anchors from the base version (the file keeps only
/// the index).
pub fn complete(p: &mut Proposal, base: &Version) {
    let numbers = crate::model::number::numbers(base);
    let clauses: Vec<&Clause> = base.clauses().collect();
    for change in &mut p.changes {
        if let Some(after) = &mut change.after {
            *after = Anchor::of(&clauses, &numbers, after.index);
        }
    }
}

/// Write new proposal files under the declaration's lock: all of them or none, never over a
/// file that exists (the proposals of one Word copy by several delegations go together).
/// Returns their paths.
pub fn write(decl_dir: &Path, declaration: &str, proposals: &[Proposal]) -> Result<Vec<PathBuf>> {
    let dir = decl_dir.join(FOLDER);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
    let lock = crate::fsio::Lock::take(&dir.join(LOCK))?;
    let mut batch = crate::fsio::Batch::new();
    let gitignore = dir.join(".gitignore");
    if std::fs::symlink_metadata(&gitignore).is_err() {
        batch.create(&gitignore, GITIGNORE.to_string());
    }
    let mut paths = Vec::new();
    for proposal in proposals {
        let text = proposal.to_text(declaration);
        let path = dir.join(&proposal.version).join(proposal.file_name(&text));
        batch.create(&path, text);
        paths.push(path);
    }
    batch.commit(&lock)?;
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(name: &str, text: &str) -> Version {
        crate::parse::version(
            &Source::new(name, text.to_string()),
            &crate::model::Meta::default(),
        )
        .expect("reads")
    }

    #[test]
    fn a_proposal_reads_back_as_written() {
        let base = version(
            "base.md",
            "# T\n\nPromote the exchange of information between port authorities; <!-- id: one -->\n\nSupport training for coast guards;\n\nCall for adequate funding of rescue capacities.\n\n## H\n\nCommit to timely disembarkation.\n",
        );
        let copy = version(
            "copy.md",
            "# T\n\nEnsure the exchange of information between port authorities; <!-- id: one -->\n\nCall for adequate funding of rescue capacities.\n\nAdded: a \"quote\" # and: colon;\n\n## H\n\nCommit to timely disembarkation.\n\nFive.\n",
        );
        let (changes, _) = changes(&base, &copy);
        let p = Proposal {
            path: PathBuf::new(),
            delegation: "EU".into(),
            version: "base".into(),
            date: Date::parse("2031-03-20").expect("date"),
            note: Some("note: with colon".into()),
            from: Some("copy.md".into()),
            author: Some("Delegation of Norway".into()),
            illustrative: true,
            changes,
        };
        let actions: Vec<&str> = p.changes.iter().map(|c| c.action.as_str()).collect();
        assert_eq!(actions, ["modify", "delete", "add", "add"]);
        let text = p.to_text("t");
        let back = read(Path::new(""), &Source::new("p.yaml", text.clone())).expect("reads back");
        let mut back = back;
        complete(&mut back, &base);
        let mut want = p.clone();
        complete(&mut want, &base);
        assert_eq!(back, want, "{text}");
        assert_eq!(back.changes[2].after.as_ref().map(|a| a.index), Some(2));
        assert_eq!(back.changes[3].section.as_deref(), Some("h"));
        assert!(mismatch(&back, &base).is_none());
    }

    #[test]
    fn every_change_kind_reads_and_writes_back() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/proposals/EU-2025-03-20-sample.yaml");
        let source = Source::read(&path).expect("sample");
        let p = read(&path, &source).expect("reads");
        let actions: Vec<&str> = p.changes.iter().map(|c| c.action.as_str()).collect();
        assert_eq!(
            actions,
            ["modify", "move", "delete", "add", "split", "merge"]
        );
        assert!(p.changes[3].placed && p.changes[3].after.is_none());
        assert_eq!(p.changes[2].clauses[0].id, None);
        let text = p.to_text("safe-harbours");
        let back = read(&path, &Source::new("again.yaml", text.clone())).expect("reads back");
        assert_eq!(back, p, "{text}");
    }

    #[test]
    fn malformed_changes_name_the_file() {
        for text in [
            "delegation: EU\nversion: v\ndate: \"2031-02-30\"\nchanges: []\n",
            "delegation: EU\nversion: v\ndate: \"2031-02-03\"\nchanges:\n  - {change: rewrite, index: 1, number: \"1\", old: a, new: b}\n",
            "delegation: EU\nversion: v\ndate: \"2031-02-03\"\nchanges:\n  - {change: delete}\n",
            "delegation: EU\nversion: v\ndate: \"2031-02-03\"\ncolour: red\nchanges: []\n",
            "version: v\ndate: \"2031-02-03\"\nchanges: []\n",
        ] {
            let err = read(
                Path::new("p.yaml"),
                &Source::new("p.yaml", text.to_string()),
            );
            let err = err.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.starts_with("p.yaml"), "{text}: {err}");
        }
    }
}
