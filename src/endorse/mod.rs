//! Endorsements: who endorsed which version of a declaration, and when.
//!
//! - [`registry`]: the delegations that can endorse (built in, plus the repository's
//!   additions and renames in `decl.yaml`).
//! - [`ledger`]: the append-only record of events, one file per delegation under
//!   `declarations/<id>/endorsements/`, written atomically under a lock.
//! - [`status`]: the state derived from the events, stale endorsements, and the
//!   `decl-endorsements/1` wire format.
//!
//! The commands `endorse`, `withdraw`, `reserve` share [`Target`]: the declaration, its registry
//! and ledger, and the checks every recorded event passes (a known version, a real date that is
//! not in the future nor before the version's own date).

pub mod fingerprint;
pub mod ledger;
pub mod registry;
pub mod status;

use std::collections::HashSet;

use crate::error::{Error, Result};
use crate::model::{Date, Version};
use crate::repo::{self, Declaration};
pub use fingerprint::Fingerprint;
pub use ledger::{Action, Event, Ledger};
pub use registry::{Delegation, Group, Registry};
pub use status::{Report, State, Status};

/// A declaration opened for recording or reporting endorsements.
#[derive(Debug)]
pub struct Target {
    pub declaration: Declaration,
    pub registry: Registry,
    pub ledger: Ledger,
}

impl Target {
    /// Open the declaration named by a folder, manifest or id. A single version file has no
    /// place for a ledger, so it is refused.
    pub fn open(spec: &str) -> Result<Target> {
        let declaration = repo::open(spec)?;
        let Some(dir) = declaration.dir.clone() else {
            return Err(Error::new(format!(
                "`{spec}` is a single version file; endorsements are kept in a declaration folder"
            ))
            .hint("make a declaration folder with `decl init`, and list the version in its `declaration.yaml`"));
        };
        if declaration.versions.is_empty() {
            return Err(Error::new(format!(
                "declaration `{}` has no versions to endorse",
                declaration.id
            )));
        }
        let registry = Registry::for_dir(&dir)?;
        let ledger = Ledger::new(&dir, &declaration.id);
        Ok(Target {
            declaration,
            registry,
            ledger,
        })
    }

    /// One line per recorded event: `FR (France) endorsed `v` on 2025-12-10`, marked
    /// `(illustrative)` where the record is.
    pub fn confirm(
        &self,
        out: &mut dyn std::io::Write,
        recorded: &[(String, Event)],
        what: &str,
    ) -> std::io::Result<()> {
        for (code, e) in recorded {
            let d = self.registry.get(code).map_or_else(|| code.clone(), label);
            let mark = if e.illustrative {
                " (illustrative)"
            } else {
                ""
            };
            writeln!(out, "{d} {what} `{}` on {}{mark}", e.version, e.date)?;
        }
        Ok(())
    }

    /// The version named by `--version`, else the latest adopted one, else the latest.
    pub fn version(&self, selector: Option<&str>) -> Result<&Version> {
        let versions = &self.declaration.versions;
        let i = match selector {
            Some(s) => self.declaration.select(s)?,
            None => versions
                .iter()
                .rposition(|v| v.meta.is_adopted())
                .unwrap_or(versions.len().saturating_sub(1)),
        };
        versions.get(i).ok_or_else(|| {
            Error::new(format!(
                "declaration `{}` has no versions",
                self.declaration.id
            ))
        })
    }

    /// The delegations named on the command line, each once, in the order given.
    pub fn delegations(&self, codes: &[String]) -> Result<Vec<Delegation>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for code in codes {
            let d = self.registry.lookup(code)?;
            if !seen.insert(d.code.clone()) {
                return Err(Error::new(format!(
                    "delegation `{}` is named twice",
                    d.code
                )));
            }
            out.push(d.clone());
        }
        Ok(out)
    }

    /// The date of an event or a proposal: `--date`, else today. Refused: a malformed date, a
    /// future one (decl records what happened) and one before the version's own date.
    pub fn date(&self, given: Option<&str>, version: &Version) -> Result<Date> {
        let today = Date::today();
        let date = match given {
            None => today,
            Some(text) => Date::parse(text.trim()).map_err(|m| {
                Error::new(format!("--date: {m}"))
                    .hint("write dates as YYYY-MM-DD, e.g. 2025-12-10")
            })?,
        };
        if date > today {
            return Err(Error::new(format!(
                "--date `{date}` is in the future (today is {today})"
            ))
            .hint("decl records what has happened; record it on the day it happens"));
        }
        if let Some(since) = version.meta.date
            && date < since
        {
            return Err(Error::new(format!(
                "--date `{date}` is before version `{}` of {since}",
                version.id
            ))
            .hint("a record can only refer to a version that existed; pick the version with `--version`"));
        }
        Ok(date)
    }

    /// Record events (see [`Ledger::record`]), refusing while any ledger file is malformed or
    /// names an unknown delegation, so that a broken ledger is noticed when it is written to.
    pub fn record(
        &self,
        plan: impl Fn(&Ledger) -> Result<Vec<(String, Event)>>,
    ) -> Result<Vec<(String, Event)>> {
        self.ledger.record(|ledger| {
            ledger.read_all(&self.registry)?;
            plan(ledger)
        })
    }

    /// Whether records about `version` are illustrative (invented): the flag, or a version
    /// marked `illustrative: true`.
    #[must_use]
    pub fn illustrative(flag: bool, version: &Version) -> bool {
        flag || version.meta.is_illustrative()
    }
}

/// `FR (France)`.
#[must_use]
pub fn label(d: &Delegation) -> String {
    format!("{} ({})", d.code, d.name)
}
