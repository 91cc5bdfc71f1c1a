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
//!       - footnote: "[^1]: OJ L 123, 1.5.2025, p. 1."
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
    Footnote(YFootnote),
}

/// A footnote definition, as its Markdown: `[^label]: text`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YFootnote {
    footnote: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YFull {
    id: Option<String>,
    /// The paragraph status (`open`, `agreed-ad-ref`, `agreed`); needs an `id`.
    status: Option<String>,
    text: String,
    /// An item of a tight list (no blank line between items): joined to a tight item before.
    #[serde(default)]
    tight: bool,
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
    let mut has_sections = false;
    for entry in rest {
        match entry.key.as_str() {
            "dateline" => dateline = yaml::typed::<Option<String>>(source, &entry)?,
            "preface" => preface = yaml::typed(source, &entry)?,
            "sections" => {
                has_sections = true;
                sections_at = entry.key_at;
                sections = yaml::typed::<Option<Vec<YSection>>>(source, &entry)
                    .map_err(|e| precise_error(source).unwrap_or(e))?
                    .unwrap_or_default();
            }
            _ => unknown.push(entry),
        }
    }
    if !has_sections {
        let what = if unknown.iter().any(|e| e.key == "versions") {
            "it lists `versions`: it is a declaration's manifest"
        } else if unknown
            .iter()
            .any(|e| e.key == "check" || e.key == "delegations")
        {
            "it is repository settings"
        } else {
            "it has no `sections`"
        };
        return Err(Error::file(
            &source.name,
            format!("not a version in the YAML body format: {what}"),
        )
        .hint("a YAML version has `sections:` (a list, which may be empty); a declaration's versions are named in its `declaration.yaml`"));
    }
    let mut warnings =
        unknown_field_warnings(source, &unknown, &["dateline", "preface", "sections"]);

    // Write the equivalent Markdown body, then read it with the Markdown reader.
    let mut blocks: Vec<String> = preface.iter().map(|b| block(b)).collect();
    if let Some(title) = &own_meta.title {
        blocks.push(format!("# {}", one_line(title)));
    }
    if let Some(d) = &dateline {
        blocks.push(d.trim().to_string());
    }
    let mut expected = Vec::new();
    // Whether the last block pushed is an item of a tight list.
    for (n, s) in sections.iter().enumerate() {
        let mut tight_before = false;
        if s.after_break {
            // `---` as the first line would read as front matter.
            blocks.push(if blocks.is_empty() { "***" } else { "---" }.into());
        }
        if let Some(h) = &s.heading {
            let level = s.level.unwrap_or(2).clamp(1, 6);
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
                    blocks.push(block(t));
                    expected.push(None);
                    tight_before = false;
                }
                YClause::Full(f) => {
                    let text = block(&f.text);
                    let status = f
                        .status
                        .as_deref()
                        .map(crate::model::ClauseStatus::parse)
                        .transpose()
                        .map_err(|m| source.error(sections_at..sections_at, m))?;
                    let markdown = match &f.id {
                        Some(id) => {
                            check_id(source, sections_at, id)?;
                            with_id(&text, id, status)
                        }
                        None if status.is_some() => {
                            return Err(source.error(
                                sections_at..sections_at,
                                "a clause has a `status` but no `id`; the status is kept with the clause's id",
                            ));
                        }
                        None => text,
                    };
                    match blocks.last_mut() {
                        Some(last) if f.tight && tight_before => {
                            last.push('\n');
                            last.push_str(&markdown);
                        }
                        _ => blocks.push(markdown),
                    }
                    expected.push(f.id.clone());
                    tight_before = f.tight;
                }
                YClause::Raw(r) => {
                    blocks.push(block(&r.raw));
                    tight_before = false;
                }
                YClause::Footnote(f) => {
                    blocks.push(block(&f.footnote));
                    tight_before = false;
                }
            }
        }
    }
    let markdown = blocks.join("\n\n") + "\n";
    let inner = Source::new(&source.name, markdown);
    let mut version = super::markdown::parse(&inner, &Meta::default(), default_id)
        .map_err(|e| Error::file(&source.name, format!("in the clauses: {}", e.message)))?;
    let line = source.line(sections_at);
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
    version.extra_meta = unknown.into_iter().map(|e| (e.key, e.value)).collect();
    Ok(version)
}

/// The sections as read with the position of each section and clause, to say where a
/// malformed one is.
#[derive(Deserialize)]
struct Located {
    #[serde(default)]
    sections: Option<Vec<serde_saphyr::Spanned<LocatedSection>>>,
}

#[derive(Deserialize)]
struct LocatedSection {
    #[serde(flatten)]
    keys: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    clauses: Option<Vec<serde_saphyr::Spanned<serde_json::Value>>>,
}

const SECTION_KEYS: &[&str] = &["heading", "id", "level", "break", "clauses"];
const CLAUSE_KEYS: &str = "a clause is a Markdown string, or a mapping with `text` (and `id`, `tight`), `raw` or `footnote`";

/// The first malformed section or clause, named at its line with the keys allowed there;
/// `None` when the problem is elsewhere (the caller's error stands).
fn precise_error(source: &Source) -> Option<Error> {
    let doc: Located = serde_saphyr::from_str(&source.text).ok()?;
    let at = |loc: &serde_saphyr::Location| {
        let line = usize::try_from(loc.line()).unwrap_or(1);
        let column = usize::try_from(loc.column()).unwrap_or(1);
        let start = source.line_start(line);
        source.text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start, |(i, _)| start + i)
    };
    for (n, section) in doc.sections.unwrap_or_default().iter().enumerate() {
        for key in section.value.keys.keys() {
            if !SECTION_KEYS.contains(&key.as_str()) {
                let hint = crate::text::closest(key, SECTION_KEYS.iter().copied())
                    .first()
                    .map_or(String::new(), |b| format!("; did you mean `{b}`?"));
                return Some(source.error(
                    at(&section.referenced)..at(&section.referenced),
                    format!(
                        "section {}: unknown key `{key}`{hint}; a section has {}",
                        n + 1,
                        crate::text::and_list(
                            &SECTION_KEYS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>()
                        )
                    ),
                ));
            }
        }
        for (k, clause) in section.value.clauses.iter().flatten().enumerate() {
            if let Some(problem) = clause_problem(&clause.value) {
                let offset = at(&clause.referenced);
                return Some(
                    source
                        .error(
                            offset..offset,
                            format!("section {}, clause {}: {problem}", n + 1, k + 1),
                        )
                        .hint(CLAUSE_KEYS),
                );
            }
        }
    }
    None
}

/// What is wrong with one clause of the YAML body format, if anything.
fn clause_problem(value: &serde_json::Value) -> Option<String> {
    let serde_json::Value::Object(map) = value else {
        return match value {
            serde_json::Value::String(_) => None,
            _ => Some("not a Markdown string or a mapping".to_string()),
        };
    };
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    let allowed: &[&str] = if keys.contains(&"raw") {
        &["raw"]
    } else if keys.contains(&"footnote") {
        &["footnote"]
    } else {
        &["text", "id", "status", "tight"]
    };
    for key in &keys {
        if !allowed.contains(key) {
            let known = ["text", "id", "status", "tight", "raw", "footnote"];
            let hint = crate::text::closest(key, known.iter().copied())
                .first()
                .map_or(String::new(), |b| format!("; did you mean `{b}`?"));
            return Some(format!("unknown key `{key}`{hint}"));
        }
    }
    if allowed.contains(&"text") && !keys.contains(&"text") {
        return Some("no `text`".to_string());
    }
    let text_ok = |k: &str| map.get(k).is_none_or(serde_json::Value::is_string);
    if !text_ok("text")
        || !text_ok("raw")
        || !text_ok("footnote")
        || !text_ok("id")
        || !text_ok("status")
    {
        return Some("`text`, `id`, `status`, `raw` and `footnote` are strings".to_string());
    }
    if let Some(serde_json::Value::String(status)) = map.get("status") {
        if !keys.contains(&"id") {
            return Some(
                "a `status` is kept with the clause's `id`: give the clause an `id`".to_string(),
            );
        }
        if let Err(m) = crate::model::ClauseStatus::parse(status) {
            return Some(m);
        }
    }
    if map.get("tight").is_some_and(|t| !t.is_boolean()) {
        return Some("`tight` is `true` or `false`".to_string());
    }
    None
}

/// A clause's Markdown with its id comment, where `decl` writes it.
fn with_id(markdown: &str, id: &str, status: Option<crate::model::ClauseStatus>) -> String {
    let kind = if markdown.starts_with('|') {
        crate::model::ClauseKind::Table
    } else if markdown.starts_with('>') {
        crate::model::ClauseKind::BlockQuote
    } else {
        crate::model::ClauseKind::Paragraph
    };
    let clause = crate::model::Clause {
        index: 0,
        id: Some(id.to_string()),
        status,
        text: crate::model::Text::default(),
        source_markdown: Some(markdown.to_string()),
        kind,
        span: 0..0,
        line: 0,
        brackets: crate::model::Brackets::default(),
        footnotes: Vec::new(),
        markup: None,
    };
    crate::write::clause_with_id(&clause)
}

fn one_line(s: &str) -> String {
    super::markdown::join_lines(s)
}

/// A block's Markdown without the blank lines around it; the indentation of its first line
/// is part of it (of a code block, or of a list item's nesting).
fn block(s: &str) -> String {
    // Spaces that end the last line stay (content, in a code block).
    let content_end = s.trim_end_matches(['\n', '\r', ' ', '\t']).len();
    let end = s[content_end..]
        .find(['\n', '\r'])
        .map_or(s.len(), |nl| content_end + nl);
    let s = &s[..end];
    let first = s
        .find(|c| c != '\n' && c != '\r' && c != ' ' && c != '\t')
        .unwrap_or(s.len());
    let line_start = s[..first].rfind('\n').map_or(0, |nl| nl + 1);
    s[line_start..].to_string()
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
