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
