//! SARIF 2.1.0, the format GitHub code scanning and other tools read. The rules' metadata
//! (`tool.driver.rules`) comes from the registry: each rule's summary and its full
//! documentation as help. Results point at `path`, `line` and columns like the other formats;
//! `info` findings are SARIF `note`s.

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
                "artifactLocation": { "uri": d.path.replace('\\', "/") },
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

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report)).map_err(io::Error::from)?;
    writeln!(out)
}
