//! The YAML body format: a version as data.
//!
//! ```yaml
//! document: 11767/25          # any metadata field
//! title: Joint Declaration …  # the `#` heading
//! dateline: Brussels, 10 December 2025
//! sections:
//!   - clauses:                # the unnamed preamble
//!       - We, representatives …
//!   - heading: "[On prevention of migrant smuggling, we:]"
//!     id: prevention          # optional explicit section id
//!     level: 2                # optional, 2 by default
//!     clauses:
//!       - id: criminalise     # a clause with an id
//!         text: Reaffirm the need …
//!       - raw: "<!-- a note that is not a clause -->"
//!   - break: true             # an unnamed section after a thematic break
//!     clauses: [ … ]
//! ```
//!
//! Clause texts are Markdown, exactly what the clause is in a Markdown file, so the two formats
//! convert into each other without loss. A YAML version is read by writing it as Markdown and
//! reading that, so both formats mean the same thing by construction.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::meta::{Meta, unknown_field_warnings};
use crate::model::{Format, Version};
use crate::source::Source;
use crate::text::is_valid_id;
use crate::yaml;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YSection {
    heading: Option<String>,
    id: Option<String>,
    level: Option<u8>,
    #[serde(rename = "break", default)]
    after_break: bool,
    #[serde(default)]
    clauses: Vec<YClause>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum YClause {
    Text(String),
    Full(YFull),
    Raw(YRaw),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YFull {
    id: Option<String>,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YRaw {
    raw: String,
}

/// Parse a YAML version file.
pub fn parse(source: &Source, manifest: &Meta, default_id: &str) -> Result<Version> {
    let map = yaml::parse_map(source, 0, source.text.len(), true)?;
    let (own_meta, rest) = Meta::from_map(source, map)?;
    let mut dateline = None;
    let mut preface: Vec<String> = Vec::new();
    let mut sections: Vec<YSection> = Vec::new();
    let mut sections_at = 0;
    let mut unknown = Vec::new();
    for entry in rest {
        match entry.key.as_str() {
            "dateline" => dateline = yaml::typed::<Option<String>>(source, &entry)?,
            "preface" => preface = yaml::typed(source, &entry)?,
            "sections" => {
                sections_at = entry.key_at;
                sections =
                    yaml::typed::<Option<Vec<YSection>>>(source, &entry)?.unwrap_or_default();
            }
            _ => unknown.push(entry),
        }
    }
    let mut warnings =
        unknown_field_warnings(source, &unknown, &["dateline", "preface", "sections"]);

    // Write the equivalent Markdown body, then read it with the Markdown reader.
    let mut blocks: Vec<String> = preface;
    if let Some(title) = &own_meta.title {
        blocks.push(format!("# {}", one_line(title)));
    }
    if let Some(d) = &dateline {
        blocks.push(d.trim().to_string());
    }
    let mut expected = Vec::new();
    for (n, s) in sections.iter().enumerate() {
        if s.after_break {
            blocks.push("---".into());
        }
        if let Some(h) = &s.heading {
            let level = s.level.unwrap_or(2).clamp(2, 6);
            let marks = "#".repeat(usize::from(level));
            blocks.push(match &s.id {
                Some(id) => {
                    check_id(source, sections_at, id)?;
                    format!("{marks} {} {{#{id}}}", one_line(h))
                }
                None => format!("{marks} {}", one_line(h)),
            });
        } else if s.id.is_some() || s.level.is_some() {
            return Err(source.error(
                sections_at..sections_at,
                format!("section {} has an `id` or `level` but no `heading`", n + 1),
            ));
        }
        for c in &s.clauses {
            match c {
                YClause::Text(t) => {
                    blocks.push(t.trim().to_string());
                    expected.push(None);
                }
                YClause::Full(f) => {
                    let text = f.text.trim();
                    blocks.push(match &f.id {
                        Some(id) => {
                            check_id(source, sections_at, id)?;
                            let clause = crate::model::Clause {
                                index: 0,
                                id: Some(id.clone()),
                                text: crate::model::Text::default(),
                                source_markdown: Some(text.to_string()),
                                kind: if text.starts_with('|') {
                                    crate::model::ClauseKind::Table
                                } else if text.starts_with('>') {
                                    crate::model::ClauseKind::BlockQuote
                                } else {
                                    crate::model::ClauseKind::Paragraph
                                },
                                span: 0..0,
                                line: 0,
                                brackets: crate::model::Brackets::default(),
                            };
                            crate::write::clause_with_id(&clause)
                        }
                        None => text.to_string(),
                    });
                    expected.push(f.id.clone());
                }
                YClause::Raw(r) => blocks.push(r.raw.trim_end().to_string()),
            }
        }
    }
    let markdown = blocks.join("\n\n") + "\n";
    let inner = Source::new(&source.name, markdown);
    let mut version = super::markdown::parse(&inner, &Meta::default(), default_id)
        .map_err(|e| Error::file(&source.name, format!("in the clauses: {}", e.message)))?;
    let (line, _) = source.line_col(sections_at);
    let count = version.clause_count();
    if count != expected.len() {
        return Err(source.error(
            sections_at..sections_at,
            format!(
                "the clauses read as {count} Markdown blocks, not {}; each clause must be one paragraph, list item, block quote or table",
                expected.len()
            ),
        ));
    }
    for section in &mut version.sections {
        for item in &mut section.items {
            if let crate::model::Item::Clause(c) = item {
                c.span = 0..0;
                c.line = line;
            }
        }
    }
    warnings.append(&mut version.warnings);
    version.warnings = warnings;
    version.format = Format::Yaml;
    version.source.clone_from(&source.name);
    version.path.clone_from(&source.path);
    version.id = own_meta
        .id
        .clone()
        .unwrap_or_else(|| default_id.to_string());
    // The title became the `#` heading, as in a Markdown file: one home for it.
    let mut own_meta = own_meta;
    own_meta.title = None;
    version.meta = own_meta.or(manifest);
    version.own_meta = own_meta;
    version.front_matter = None;
    Ok(version)
}

fn one_line(s: &str) -> String {
    crate::text::collapse_whitespace(s)
}

fn check_id(source: &Source, at: usize, id: &str) -> Result<()> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(source.error(at..at, format!("malformed id `{id}`")))
    }
}

/// Whether a YAML file has comment lines, which a rewrite of it could not keep.
#[must_use]
pub fn has_comments(text: &str) -> bool {
    text.lines().any(|l| l.trim_start().starts_with('#'))
}
