//! Negotiation state: where each paragraph stands ([`status`]), the delegations' proposals on a
//! version ([`proposal`]), and what becomes of them: the compilation text and the outcomes in
//! the next version ([`compile`]). Built on the diff's model: a proposal is the clause-level
//! diff from its base version to a delegation's edited copy.

pub mod book;
pub mod compile;
pub mod proposal;
pub mod status;

use crate::endorse::Target;
use crate::error::{Error, Result};

/// A declaration with its proposals read and checked: each names a known delegation and a
/// version of the declaration. A proposal whose clauses no longer read as its base version's
/// (the version was edited after it was made) is left out, with a warning.
pub struct Negotiation {
    pub target: Target,
    pub proposals: Vec<proposal::Proposal>,
    pub warnings: Vec<String>,
}

impl Negotiation {
    pub fn open(spec: &str) -> Result<Negotiation> {
        let target = open_target(spec)?;
        let dir = target
            .declaration
            .dir
            .clone()
            .ok_or_else(|| Error::new("a single version file has no proposals"))?;
        let mut proposals = Vec::new();
        let mut warnings = Vec::new();
        for mut p in proposal::read_all(&dir)? {
            let name = crate::error::display_path(&p.path);
            if target.registry.get(&p.delegation).is_none() {
                return Err(Error::file(
                    &p.path,
                    format!(
                        "names the delegation `{}`, which is not known",
                        p.delegation
                    ),
                )
                .hint(
                    "`decl delegations` lists the codes; a repository adds its own in `decl.yaml`",
                ));
            }
            let Some(base) = target
                .declaration
                .versions
                .iter()
                .find(|v| v.id == p.version)
            else {
                return Err(Error::file(
                    &p.path,
                    format!(
                        "is a proposal on version `{}`, which `{}` does not have",
                        p.version, target.declaration.id
                    ),
                ));
            };
            if let Some(why) = proposal::mismatch(&p, base) {
                warnings.push(format!(
                    "{name}: left out: {why} (was the version edited after the proposal was made?)"
                ));
                continue;
            }
            proposal::complete(&mut p, base);
            proposals.push(p);
        }
        Ok(Negotiation {
            target,
            proposals,
            warnings,
        })
    }

    /// The versions that have proposals, oldest first (positions in the declaration).
    #[must_use]
    pub fn bases(&self) -> Vec<usize> {
        self.target
            .declaration
            .versions
            .iter()
            .enumerate()
            .filter(|(_, v)| self.proposals.iter().any(|p| p.version == v.id))
            .map(|(i, _)| i)
            .collect()
    }

    /// The book of the proposals on version `i`, with outcomes in version `next` if given.
    #[must_use]
    pub fn book(&self, i: usize, next: Option<usize>) -> book::Book {
        let versions = &self.target.declaration.versions;
        book::Book::new(
            &self.target.declaration.id,
            &versions[i],
            &self.proposals,
            &self.target.registry,
            next.map(|n| &versions[n]),
        )
    }
}
pub mod listing;

/// The declaration proposals are kept in: a folder (a single version file has none).
pub fn open_target(spec: &str) -> Result<Target> {
    let path = std::path::Path::new(spec);
    if path.is_file() && path.file_name().is_none_or(|n| n != crate::repo::MANIFEST) {
        return Err(Error::file(
            path,
            "is a single version file; proposals are kept in a declaration folder",
        )
        .hint("make a declaration folder with `decl init`, and list the version in its `declaration.yaml`"));
    }
    Target::open(spec)
}
