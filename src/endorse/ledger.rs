//! The endorsement ledger: `declarations/<id>/endorsements/<CODE>.yaml`, one file per delegation.
//!
//! A ledger file is a YAML sequence with one event per line, oldest first:
//!
//! ```yaml
//! # Endorsement ledger of FR (France) for `summit-2030`.
//! - {event: endorse, date: 2030-06-12, version: adopted, note: "at the summit", source: "note verbale 123"}
//! - {event: reserve, date: 2030-06-12, version: adopted, clause: returns, text: "…"}
//! - {event: lift, date: 2030-09-01, version: adopted, clause: returns}
//! - {event: withdraw, date: 2031-01-10, version: adopted}
//! ```
//!
//! Fields: `event` (`endorse`, `withdraw`, `reserve`, `lift`), `date` (YYYY-MM-DD, when the
//! delegation acted), `version` (the version id the event refers to), `clause` (reservations: a
//! clause id; absent for a reservation on the text as a whole), `text` (the reservation),
//! `note`, `source` (where the fact comes from), `illustrative` (`true` for invented data, e.g.
//! an example; also implied by an illustrative version), and, on an endorsement, `fingerprint`
//! and `clauses`: what the endorsed version's clauses said (see [`super::fingerprint`]).
//!
//! Why this shape: one file per delegation means two people recording different delegations on
//! two git branches touch different files; one event per line lets the `.gitattributes` that
//! `decl` writes beside them (`merge=union`) merge even two branches that recorded the same
//! delegation. `decl` only ever appends a line: comments and anything else a person wrote stay
//! byte for byte. Each write replaces the file atomically (atomic-write-file) while holding an
//! exclusive lock on the sidecar `.lock` (locking the file that is renamed over would lose
//! updates), so concurrent `decl` processes lose nothing and a killed one leaves the old or the
//! new file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use super::fingerprint::Fingerprint;
use super::registry::{Registry, is_valid_code};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::{fsio, repo};

/// The ledger folder inside a declaration folder.
pub const FOLDER: &str = "endorsements";
/// The ledger's lock file, inside its folder.
pub const LOCK: &str = ".lock";
const GITIGNORE: &str = "# The lock file decl holds while it appends to the ledger, and the journal of a write it\n# was killed in the middle of; not part of the record.\n/.lock\n/.lock.journal\n";
const GITATTRIBUTES: &str = "# Ledger files only grow by whole lines: a merge keeps the lines of both sides.\n*.yaml merge=union\n";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Endorse,
    Withdraw,
    /// Enter a reservation (on a clause, or on the text as a whole).
    Reserve,
    /// Lift a reservation.
    Lift,
}

impl Action {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Endorse => "endorse",
            Action::Withdraw => "withdraw",
            Action::Reserve => "reserve",
            Action::Lift => "lift",
        }
    }

    fn parse(word: &str) -> Option<Action> {
        [
            Action::Endorse,
            Action::Withdraw,
            Action::Reserve,
            Action::Lift,
        ]
        .into_iter()
        .find(|a| a.as_str() == word)
    }
}

/// One event of a delegation's ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub action: Action,
    pub date: Date,
    /// The id of the version the event refers to.
    pub version: String,
    /// For reservations: the clause id, `None` for the text as a whole.
    pub clause: Option<String>,
    /// For `reserve`: the reservation's wording.
    pub text: Option<String>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub illustrative: bool,
    /// For `endorse`: what the endorsed version's clauses said (see [`super::fingerprint`]);
    /// `None` in records made before fingerprints were kept.
    pub fingerprint: Option<Fingerprint>,
    /// 1-based line in the ledger file (0 for an event not yet written).
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    event: String,
    date: String,
    version: String,
    clause: Option<String>,
    text: Option<String>,
    note: Option<String>,
    source: Option<String>,
    illustrative: Option<bool>,
    fingerprint: Option<String>,
    clauses: Option<String>,
}

impl Event {
    /// The line `decl` appends for this event (with its newline).
    #[must_use]
    pub fn to_line(&self) -> String {
        let mut fields = vec![
            format!("event: {}", self.action.as_str()),
            format!("date: {}", self.date),
            format!("version: {}", scalar(&self.version)),
        ];
        if let Some(fp) = &self.fingerprint {
            fields.push(format!("fingerprint: {}", fp.text));
            fields.push(format!("clauses: {}", scalar(&fp.clauses.join(" "))));
        }
        for (key, value) in [
            ("clause", &self.clause),
            ("text", &self.text),
            ("note", &self.note),
            ("source", &self.source),
        ] {
            if let Some(value) = value {
                fields.push(format!("{key}: {}", scalar(value)));
            }
        }
        if self.illustrative {
            fields.push("illustrative: true".into());
        }
        format!("- {{{}}}\n", fields.join(", "))
    }
}

/// A YAML scalar: plain when that cannot be misread, else double-quoted (JSON's escapes are
/// YAML's).
fn scalar(value: &str) -> String {
    let plain = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && value.chars().any(|c| c.is_ascii_alphabetic())
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "nan" | "inf"
        );
    if plain {
        value.to_string()
    } else {
        serde_json::Value::String(value.to_string()).to_string()
    }
}

/// Parse the text of one ledger file; errors name the file and line.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Event>> {
    let mut events = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        let trimmed = line.trim_end();
        if trimmed.trim_start().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        let fail = |column: usize, message: String| {
            Error::file(path, message)
                .at(number, column)
                .hint("each event is one line `- {event: …, date: …, version: …}`; lines starting with `#` are comments")
        };
        let Some(rest) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("-\t"))
        else {
            return Err(fail(
                1,
                "malformed ledger line: expected `- {event: …}`".into(),
            ));
        };
        let start = trimmed.len() - rest.len();
        let raw: RawEvent = serde_saphyr::from_str(rest).map_err(|e| {
            let message = UserMessageFormatter.format_message(&e).into_owned();
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |i| &message[..i]);
            let column = e
                .location()
                .filter(|l| *l != serde_saphyr::Location::UNKNOWN)
                .map_or(1, |l| usize::try_from(l.column()).unwrap_or(1));
            fail(
                start + column,
                format!(
                    "malformed ledger line: {}",
                    message.lines().next().unwrap_or("invalid YAML")
                ),
            )
        })?;
        let Some(action) = Action::parse(&raw.event) else {
            return Err(fail(
                start + 1,
                format!(
                    "unknown event `{}`; use `endorse`, `withdraw`, `reserve` or `lift`",
                    raw.event
                ),
            ));
        };
        let date = Date::parse(&raw.date).map_err(|m| fail(start + 1, m))?;
        let fingerprint = match (&raw.fingerprint, &raw.clauses) {
            (Some(text), clauses) => Some(
                Fingerprint::parse(text, clauses.as_deref().unwrap_or(""))
                    .map_err(|m| fail(start + 1, m))?,
            ),
            (None, Some(_)) => {
                return Err(fail(
                    start + 1,
                    "`clauses` goes with the `fingerprint` it belongs to".into(),
                ));
            }
            (None, None) => None,
        };
        if action == Action::Reserve && raw.text.is_none() {
            return Err(fail(
                start + 1,
                "a `reserve` event needs the reservation's `text`".into(),
            ));
        }
        events.push(Event {
            action,
            date,
            version: raw.version,
            clause: raw.clause,
            text: raw.text,
            note: raw.note,
            source: raw.source,
            illustrative: raw.illustrative.unwrap_or(false),
            fingerprint,
            line: number,
        });
    }
    Ok(events)
}

/// One delegation's ledger file as read.
#[derive(Debug, Clone)]
pub struct Log {
    pub code: String,
    pub path: PathBuf,
    /// The file's text exactly as on disk (empty when there is no file yet).
    pub text: String,
    pub events: Vec<Event>,
}

/// The ledger of one declaration.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// `declarations/<id>/endorsements`.
    pub dir: PathBuf,
    /// The declaration id, for file headers.
    pub declaration: String,
}

impl Ledger {
    /// The ledger of the declaration in folder `decl_dir`.
    #[must_use]
    pub fn new(decl_dir: &Path, declaration: &str) -> Ledger {
        Ledger {
            dir: decl_dir.join(FOLDER),
            declaration: declaration.to_string(),
        }
    }

    fn path_of(&self, code: &str) -> PathBuf {
        self.dir.join(format!("{code}.yaml"))
    }

    /// Read one delegation's file; no file means no events. A write that a killed process
    /// left unfinished is read as finished (see [`fsio::pending`]), so that an endorsement by
    /// several delegations is seen whole or not at all.
    pub fn read_one(&self, code: &str) -> Result<Log> {
        let path = self.path_of(code);
        self.refuse_outside(&path)?;
        let pending = fsio::pending(&self.dir.join(LOCK));
        let finished = std::path::absolute(&path)
            .ok()
            .and_then(|p| pending.get(&p).cloned());
        let text = match finished {
            Some(text) => text,
            None => match std::fs::symlink_metadata(&path) {
                Ok(_) => Arc::unwrap_or_clone(crate::source::Source::read(&path)?.text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                Err(e) => return Err(Error::io(&path, &e)),
            },
        };
        let events = parse(&path, &text)?;
        Ok(Log {
            code: code.to_string(),
            path,
            text,
            events,
        })
    }

    /// A ledger file is the declaration's: a link out of its folder is refused, read or write.
    fn refuse_outside(&self, path: &Path) -> Result<()> {
        let folder = self.dir.parent().unwrap_or(&self.dir);
        if fsio::stays_in(path, folder) {
            Ok(())
        } else {
            Err(Error::file(
                path,
                "is a link to a file outside the declaration folder; decl does not read or write it",
            )
            .hint("a ledger file is a file of its own in `endorsements/`; replace the link with the file"))
        }
    }

    /// One delegation's file read under the lock, with what it held, for appending to it.
    fn read_for_update(&self, code: &str) -> Result<(String, fsio::Snapshot)> {
        let path = self.path_of(code);
        self.refuse_outside(&path)?;
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok((String::new(), fsio::Snapshot::ABSENT))
            }
            Err(e) => Err(Error::io(&path, &e)),
            Ok(_) => {
                let (source, was) = fsio::read_for_update(&path)?;
                parse(&path, &source.text)?;
                Ok((Arc::unwrap_or_clone(source.text), was))
            }
        }
    }

    /// Read every ledger file, in registry order. A file named for a code the registry does
    /// not know is an error (a typo, or a delegation the repository has to add).
    pub fn read_all(&self, registry: &Registry) -> Result<Vec<Log>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&self.dir, &e)),
        };
        // The files on disk, and those a killed process was creating (see `read_one`).
        let mut names: Vec<String> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&self.dir, &e))?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            // Hidden files: the lock, git's files, atomic-write-file's temporaries.
            if name.starts_with('.') || entry.path().is_dir() {
                continue;
            }
            names.push(name);
        }
        let dir = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        for path in fsio::pending(&self.dir.join(LOCK)).into_keys() {
            if path.parent() == Some(dir.as_path())
                && let Some(name) = path.file_name().and_then(|n| n.to_str())
                && !name.starts_with('.')
                && !names.iter().any(|n| n == name)
            {
                names.push(name.to_string());
            }
        }
        let mut logs = Vec::new();
        for name in &names {
            let path = self.dir.join(name);
            let Some(code) = name.strip_suffix(".yaml") else {
                continue;
            };
            if !is_valid_code(code) || registry.get(code).is_none() {
                let mut err = Error::file(
                    &path,
                    format!("ledger file for unknown delegation `{code}`"),
                );
                if let Err(lookup) = registry.lookup(code) {
                    err = lookup
                        .hints
                        .iter()
                        .filter(|h| h.starts_with("did you mean") || h.contains(" is `"))
                        .fold(err, |err, h| err.hint(h.clone()));
                }
                return Err(err.hint(format!(
                    "add `{code}` under `delegations:` in `{}`, or rename the file",
                    repo::SETTINGS
                )));
            }
            logs.push(self.read_one(code)?);
        }
        logs.sort_by_key(|l| registry.position(&l.code));
        Ok(logs)
    }

    /// Record events: `plan` reads the ledger and returns the events to append per delegation
    /// code, or refuses. It runs once without the lock, so that a refusal touches no file, and
    /// again under the lock, so that what it checked still holds when the lines are written.
    /// All the lines are written or none (one [`fsio::Batch`]), also when the process is
    /// killed or the disk is full.
    pub fn record(
        &self,
        plan: impl Fn(&Ledger) -> Result<Vec<(String, Event)>>,
    ) -> Result<Vec<(String, Event)>> {
        plan(self)?;
        let lock = self.lock()?;
        let events = plan(self)?;
        let mut batch = fsio::Batch::new();
        for (name, contents) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
            let path = self.dir.join(name);
            if std::fs::symlink_metadata(&path).is_err() {
                batch.create(&path, contents.to_string());
            }
        }
        // Each file's new text: its text as read under the lock, then its new lines in order.
        let mut files: Vec<(String, String, fsio::Snapshot)> = Vec::new();
        for (code, event) in &events {
            let at = if let Some(at) = files.iter().position(|(c, _, _)| c == code) {
                at
            } else {
                let (mut text, was) = self.read_for_update(code)?;
                if text.is_empty() {
                    text = format!(
                        "# Endorsement ledger of `{code}` for `{}`, kept by decl: one event per line, oldest first.\n# decl only appends; comments and lines written by hand are kept.\n",
                        self.declaration
                    );
                } else if !text.ends_with('\n') {
                    text.push('\n');
                }
                files.push((code.clone(), text, was));
                files.len() - 1
            };
            files[at].1.push_str(&event.to_line());
        }
        for (code, text, was) in files {
            batch.write(&self.path_of(&code), was, text);
        }
        batch.commit(&lock)?;
        Ok(events)
    }

    /// Take the exclusive lock on the sidecar lock file, creating the folder on first use. The
    /// lock is released when the returned lock is dropped.
    fn lock(&self) -> Result<fsio::Lock> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, &e))?;
        fsio::Lock::take(&self.dir.join(LOCK))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(version: &str, note: Option<&str>) -> Event {
        Event {
            action: Action::Endorse,
            date: Date {
                year: 2030,
                month: 6,
                day: 12,
            },
            version: version.into(),
            clause: None,
            text: None,
            note: note.map(Into::into),
            source: None,
            illustrative: true,
            fingerprint: None,
            line: 0,
        }
    }

    #[test]
    fn lines_read_back() {
        for (version, note) in [
            (
                "adopted",
                Some("plain words: a colon, \"quotes\", # hash, {braces}"),
            ),
            ("2030-06-12", None),
            ("true", Some("ünïcödé\nnewline\ttab \\ backslash")),
            ("12", Some("")),
        ] {
            let e = event(version, note);
            let line = e.to_line();
            let back = parse(Path::new("FR.yaml"), &format!("# c\n\n{line}"));
            assert_eq!(back.ok(), Some(vec![Event { line: 3, ..e }]), "{line}");
        }
    }

    #[test]
    fn malformed_lines_name_the_line() {
        for (text, at) in [
            ("# ok\n- {event: endorse, date: 2030-06-12\n", "FR.yaml:2:"),
            ("event: endorse\n", "FR.yaml:1:1"),
            (
                "- {event: endorse, date: 2030-02-30, version: v}\n",
                "FR.yaml:1:",
            ),
            (
                "- {event: sign, date: 2030-02-03, version: v}\n",
                "FR.yaml:1:",
            ),
            ("- {event: endorse, date: 2030-02-03}\n", "FR.yaml:1:"),
            (
                "- {event: endorse, date: 2030-02-03, version: v, colour: red}\n",
                "FR.yaml:1:",
            ),
        ] {
            let err = parse(Path::new("FR.yaml"), text)
                .err()
                .map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(|e| e.starts_with(at)),
                "{text}: {err:?}"
            );
        }
    }
}
