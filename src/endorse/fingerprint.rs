//! What an endorsement endorsed: a fingerprint of the clause texts of the version, recorded in
//! the ledger with the endorsement, so that a version edited after it was endorsed is noticed.
//!
//! A fingerprint has two parts, both in the endorsement's ledger line:
//!
//! - `fingerprint`: the SHA-256 of the version's clause texts (as `decl show` gives them: plain
//!   text, whitespace collapsed, ids and numbering left out), in order, joined by line feeds,
//!   as 64 hexadecimal digits. Ids added later (`decl ids --write`), re-wrapped lines and other
//!   layout do not change it; a changed, added, deleted or moved clause does.
//! - `clauses`: the first 8 hexadecimal digits of the SHA-256 of each clause text, in order,
//!   separated by spaces: what says which clauses changed.
//!
//! Endorsements recorded before fingerprints existed have neither, and stay valid: their
//! staleness is judged by the versions alone, as before.

use sha2::{Digest as _, Sha256};

use super::status::ChangedClause;
use crate::model::Version;

/// The fingerprint of a version's clause texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// SHA-256 of the clause texts joined by `\n`, 64 lowercase hexadecimal digits.
    pub text: String,
    /// Per clause, the first 8 hexadecimal digits of the SHA-256 of its text.
    pub clauses: Vec<String>,
}

impl Fingerprint {
    /// The fingerprint of `version` as it reads now.
    #[must_use]
    pub fn of(version: &Version) -> Fingerprint {
        let mut whole = Sha256::new();
        let mut clauses = Vec::with_capacity(version.clause_count());
        for (i, clause) in version.clauses().enumerate() {
            if i > 0 {
                whole.update(b"\n");
            }
            whole.update(clause.text.as_bytes());
            clauses.push(short(&clause.text));
        }
        Fingerprint {
            text: hex(&whole.finalize()),
            clauses,
        }
    }

    /// Read the two fields of a ledger line; `None` with a message when they are malformed.
    pub fn parse(text: &str, clauses: &str) -> Result<Fingerprint, String> {
        let is_hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !is_hex(text, 64) {
            return Err(format!(
                "`fingerprint` is `{text}`; it is 64 hexadecimal digits (a SHA-256)"
            ));
        }
        let clauses: Vec<String> = clauses
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        if let Some(bad) = clauses.iter().find(|c| !is_hex(c, 8)) {
            return Err(format!(
                "`clauses` holds `{bad}`; it is 8 hexadecimal digits per clause"
            ));
        }
        Ok(Fingerprint {
            text: text.to_ascii_lowercase(),
            clauses,
        })
    }

    /// The clauses of `now` that differ from what this fingerprint recorded: `modified`,
    /// `added` (named by their id, else their index in `now`) and `deleted` (by their index in
    /// the text that was endorsed). Empty when the texts are the same.
    #[must_use]
    pub fn changed_in(&self, now: &Version) -> Vec<ChangedClause> {
        let current = Fingerprint::of(now);
        if current.text == self.text {
            return Vec::new();
        }
        let ids: Vec<Option<String>> = now.clauses().map(|c| c.id.clone()).collect();
        let new_clause = |kind: &'static str, i: usize| ChangedClause {
            kind,
            id: ids.get(i).cloned().flatten(),
            index: i,
        };
        let mut out = Vec::new();
        let ops = similar::capture_diff_slices(
            similar::Algorithm::Myers,
            &self.clauses,
            &current.clauses,
        );
        for op in ops {
            match op {
                similar::DiffOp::Equal { .. } => {}
                similar::DiffOp::Delete {
                    old_index, old_len, ..
                } => out.extend((old_index..old_index + old_len).map(|i| ChangedClause {
                    kind: "deleted",
                    id: None,
                    index: i,
                })),
                similar::DiffOp::Insert {
                    new_index, new_len, ..
                } => out.extend((new_index..new_index + new_len).map(|i| new_clause("added", i))),
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let both = old_len.min(new_len);
                    out.extend((new_index..new_index + both).map(|i| new_clause("modified", i)));
                    out.extend(
                        (new_index + both..new_index + new_len).map(|i| new_clause("added", i)),
                    );
                    out.extend(
                        (old_index + both..old_index + old_len).map(|i| ChangedClause {
                            kind: "deleted",
                            id: None,
                            index: i,
                        }),
                    );
                }
            }
        }
        if out.is_empty() {
            // Every clause hash agrees but the whole does not (clause texts that only differ
            // in a way the short hashes do not catch): say that the text changed, not where.
            out.push(ChangedClause {
                kind: "modified",
                id: None,
                index: 0,
            });
        }
        out
    }
}

fn short(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes())[..4])
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;
    use crate::source::Source;

    fn version(text: &str) -> Version {
        crate::parse::version(&Source::new("v.md", text.to_string()), &Meta::default())
            .expect("reads")
    }

    #[test]
    fn layout_and_ids_do_not_change_it_words_do() {
        let a = version("# T\n\nReaffirm the\nneed;\n\nSupport returns.\n");
        let b = version(
            "# T\n\nReaffirm the need; <!-- id: need -->\n\nSupport returns. <!-- id: ret -->\n",
        );
        let fp = Fingerprint::of(&a);
        assert_eq!(fp, Fingerprint::of(&b));
        assert_eq!(fp.text.len(), 64);
        assert_eq!(fp.clauses.len(), 2);
        assert!(fp.text.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(fp.changed_in(&b).is_empty());
        let c = version(
            "# T\n\nReaffirm the strong need; <!-- id: need -->\n\nSupport returns. <!-- id: ret -->\n\nAdded.\n",
        );
        let found = fp.changed_in(&c);
        let changed: Vec<(&str, Option<&str>, usize)> = found
            .iter()
            .map(|c| (c.kind, c.id.as_deref(), c.index))
            .collect();
        assert_eq!(changed, [("modified", Some("need"), 0), ("added", None, 2)]);
        let back = Fingerprint::parse(&fp.text, &fp.clauses.join(" ")).expect("parses");
        assert_eq!(back, fp);
        assert!(Fingerprint::parse("abc", "").is_err());
        assert!(Fingerprint::parse(&fp.text, "xyz").is_err());
    }

    #[test]
    fn known_digest() {
        // `printf 'abc' | sha256sum`
        let v = version("abc\n");
        assert_eq!(
            Fingerprint::of(&v).text,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Fingerprint::of(&v).clauses, ["ba7816bf"]);
    }
}
