//! SARIF 2.1.0, the format GitHub code scanning and other tools read. The rules' metadata
//! (`tool.driver.rules`) comes from the registry: each rule's summary and its full
//! documentation as help. Results point at `path`, `line` and columns like the other formats;
//! `info` findings are SARIF `note`s.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::check::registry::RULES;
use crate::check::{Report, Severity};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF document as a JSON value.
#[must_use]
pub fn document(report: &Report) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let info = r.info();
            let summary = info.summary();
            let doc = info.explanation();
            json!({
                "id": info.code,
                "name": info.name,
                "shortDescription": { "text": summary },
                "fullDescription": { "text": summary },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": { "level": level(info.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = RULES.iter().position(|r| r.info().code == d.code);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut physical = json!({
                "artifactLocation": { "uri": uri(&report.repository_path(&d.path)) },
            });
            if d.line > 0 {
                physical["region"] = json!({
                    "startLine": d.line,
                    "startColumn": d.column,
                    "endColumn": d.end_column.max(d.column + 1),
                });
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{ "physicalLocation": physical }],
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "decl",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// A file path as a relative URI reference (RFC 3986), as SARIF's `artifactLocation.uri`
/// requires: `/` separates segments, and every byte of a segment other than letters, digits,
/// `-`, `.`, `_` and `~` is percent-encoded (`%`, `#`, `?`, spaces, `:`, newlines, non-ASCII).
#[must_use]
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report)).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn regression_artifact_uris_are_uris_not_raw_file_names() {
        assert_eq!(
            uri("declarations/x/versions/final.md"),
            "declarations/x/versions/final.md"
        );
        assert_eq!(
            uri("declarations/a,b/100% #1?\nnew é.md"),
            "declarations/a%2Cb/100%25%20%231%3F%0Anew%20%C3%A9.md"
        );
        assert_eq!(uri("c:\\x\\y.md"), "c%3A/x/y.md");
    }
}
