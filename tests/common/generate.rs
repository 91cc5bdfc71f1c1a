//! A generated declaration repository of many versions, for the site's tests and benchmark:
//! FICTIONAL text, every version changing some clauses (reworded, added, deleted, bracketed),
//! drafts LIMITE and the last version PUBLIC, and a small endorsement ledger.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

const WORDS: &[&str] = &[
    "cooperation",
    "border",
    "authorities",
    "information",
    "training",
    "exchange",
    "support",
    "partners",
    "capacity",
    "routes",
    "protection",
    "investigations",
    "platforms",
    "returns",
    "awareness",
    "funding",
    "networks",
    "analysis",
    "dialogue",
    "review",
];

/// The text of clause `c` as version `v` has it.
fn clause_text(c: usize, v: usize) -> String {
    let mut words: Vec<&str> = (0..12)
        .map(|k| WORDS[(c * 7 + k * 3) % WORDS.len()])
        .collect();
    // Every seventh clause is reworded in each version; every eleventh gains a bracket that a
    // later version closes.
    if c % 7 == v % 7 {
        words.push(WORDS[(c + v) % WORDS.len()]);
    }
    let mut text = format!("Strengthen clause {c} on {}", words.join(" "));
    if c.is_multiple_of(11) && v.is_multiple_of(3) {
        text.push_str(" [within 24 hours]");
    }
    text.push(';');
    text
}

/// Write `declarations/generated/` under `root`: `versions` versions of about `clauses`
/// clauses each, in sections of 25.
pub fn repository(root: &Path, versions: usize, clauses: usize) {
    let dir = root.join("declarations/generated");
    std::fs::create_dir_all(dir.join("versions")).unwrap();
    std::fs::create_dir_all(dir.join("endorsements")).unwrap();
    let mut manifest = String::from(
        "# FICTIONAL: a generated declaration for tests and benchmarks.\nlanguage: en\nillustrative: true\nversions:\n",
    );
    for v in 0..versions {
        let id = format!("2026-{:02}-{:02}-v{}", 1 + v / 28, 1 + v % 28, v + 1);
        let last = v + 1 == versions;
        let _ = writeln!(manifest, "  - versions/{id}.md");
        let mut text = format!(
            "---\ndate: 2026-{:02}-{:02}\nclassification: {}\nstatus: {}\n---\n\n# Generated Declaration on Example Matters\n\nExampleville, 1 January 2026\n",
            1 + v / 28,
            1 + v % 28,
            if last { "PUBLIC" } else { "LIMITE" },
            if last { "adopted" } else { "draft" },
        );
        for c in 0..clauses {
            // A clause is deleted in one version and back in the next; one is added per version.
            if c % 97 == v && c > 0 {
                continue;
            }
            if c.is_multiple_of(25) {
                let _ = write!(text, "\n## On topic {}, we:\n", c / 25 + 1);
            }
            let _ = write!(text, "\n{} <!-- id: c{c} -->\n", clause_text(c, v));
        }
        let _ = write!(
            text,
            "\nWelcome the contribution added in version {}; <!-- id: added-{v} -->\n",
            v + 1
        );
        std::fs::write(dir.join(format!("versions/{id}.md")), text).unwrap();
        if v == 0 || last {
            let code = if last { "FR" } else { "DE" };
            std::fs::write(
                dir.join(format!("endorsements/{code}.yaml")),
                format!("- {{event: endorse, date: 2026-{:02}-{:02}, version: {id}, illustrative: true}}\n", 1 + v / 28, 1 + v % 28),
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join("declaration.yaml"), manifest).unwrap();
}

/// The first 30 delegations of the built-in registry: the Union, its Member States and a few
/// partner countries.
pub const DELEGATIONS: &[&str] = &[
    "EU", "BE", "BG", "CZ", "DK", "DE", "EE", "IE", "EL", "ES", "FR", "HR", "IT", "CY", "LV", "LT",
    "LU", "HU", "MT", "NL", "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE", "AF", "AL",
];

/// The word delegation `d` puts in place of the fourth word of a clause it edits: three
/// wordings among all delegations, so that some propose alike and others conflict.
fn proposed_word(d: usize) -> &'static str {
    ["ensure", "encourage", "promote"][d % 3]
}

/// Clause `c` of a generated negotiation, as delegation `d` (if any) would have it.
fn negotiated_clause(c: usize, d: Option<usize>) -> String {
    let mut words: Vec<&str> = (0..14)
        .map(|k| WORDS[(c * 7 + k * 3) % WORDS.len()])
        .collect();
    if let Some(d) = d {
        words[3] = proposed_word(d);
    }
    format!("Strengthen clause {c} on {};", words.join(" "))
}

/// Whether delegation `d` edits the words of clause `c`: each edits about one clause in 20.
fn edits(d: usize, c: usize) -> bool {
    (c + d * 7).is_multiple_of(20)
}

/// Write `declarations/negotiation/` under `root`: a FICTIONAL draft of `clauses` clauses in
/// sections of 25 (some agreed ad ref), the edited copy of it each of `delegations` delegations
/// sends back (under `copies/CODE.md`: words changed in about one clause in 20, a clause
/// deleted in about one in 100, one added after about one in 100), and a revision `rev1` that
/// takes up the first wording proposed on every other clause edited and drops the clauses some
/// delegation proposed to delete in every third case. Returns the delegations' codes.
pub fn negotiation(root: &Path, clauses: usize, delegations: usize) -> Vec<&'static str> {
    let dir = root.join("declarations/negotiation");
    std::fs::create_dir_all(dir.join("versions")).unwrap();
    std::fs::create_dir_all(dir.join("copies")).unwrap();
    let codes: Vec<&'static str> = DELEGATIONS.iter().copied().take(delegations).collect();
    let front = |document: &str, date: &str| {
        format!(
            "---\n# FICTIONAL: a generated negotiation for benchmarks.\ndocument: {document}\ndate: {date}\nclassification: LIMITE\nstatus: draft\n---\n\n# Generated Declaration on Example Matters\n"
        )
    };
    let deletes = |d: usize, c: usize| (c + d * 13).is_multiple_of(97) && c > 0;
    let adds_after = |d: usize, c: usize| (c + d * 31).is_multiple_of(101);
    let write_version = |name: &str, head: String, clause: &dyn Fn(usize) -> Option<String>| {
        let mut text = head;
        for c in 0..clauses {
            if c.is_multiple_of(25) {
                let _ = write!(
                    text,
                    "\n## On topic {}, we: {{#topic-{}}}\n",
                    c / 25 + 1,
                    c / 25 + 1
                );
            }
            if let Some(t) = clause(c) {
                text.push('\n');
                text.push_str(&t);
                text.push('\n');
            }
        }
        std::fs::write(dir.join(name), text).unwrap();
    };
    let id = |c: usize| {
        if c % 9 == 4 {
            format!(" <!-- id: c{c}; status: agreed-ad-ref -->")
        } else {
            format!(" <!-- id: c{c} -->")
        }
    };
    write_version("versions/draft.md", front("9001/26", "2026-02-02"), &|c| {
        Some(format!("{}{}", negotiated_clause(c, None), id(c)))
    });
    for (d, code) in codes.iter().enumerate() {
        write_version(
            &format!("copies/{code}.md"),
            front("9001/26", "2026-02-02"),
            &|c| {
                if deletes(d, c) {
                    return None;
                }
                let mut t = format!(
                    "{}{}",
                    negotiated_clause(c, edits(d, c).then_some(d)),
                    id(c)
                );
                if adds_after(d, c) {
                    let _ = write!(
                        t,
                        "\n\nWelcome the contribution of {code} after clause {c};"
                    );
                }
                Some(t)
            },
        );
    }
    write_version(
        "versions/rev1.md",
        front("9001/1/26 REV 1", "2026-03-02"),
        &|c| {
            let first = (0..codes.len()).find(|&d| edits(d, c));
            let proposed_deletion = (0..codes.len()).any(|d| deletes(d, c));
            if proposed_deletion && c.is_multiple_of(3) {
                return None;
            }
            let taken = first.filter(|_| c % 2 == 0);
            Some(format!("{}{}", negotiated_clause(c, taken), id(c)))
        },
    );
    std::fs::write(
        dir.join("declaration.yaml"),
        "# FICTIONAL: a generated negotiation for benchmarks.\nlanguage: en\nillustrative: true\nversions:\n  - versions/draft.md\n  - versions/rev1.md\n",
    )
    .unwrap();
    codes
}
