//! Writing versions out: canonical Markdown (what `fmt` writes) and the YAML body format.
//!
//! The Markdown printer is a block printer: it decides the layout between blocks (one blank line,
//! ATX headings with `{#id}`, clause ids as trailing comments) and copies every clause's source
//! verbatim, so formatting can never change a word.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::{Clause, ClauseKind, Format, Item, Meta, Version};
use crate::source::Source;

/// The version written in `format` (canonical Markdown, or the YAML body format), refused
/// when the text would not read back as the same version.
pub fn convert(version: &Version, format: Format) -> Result<String> {
    let (text, ext, name) = match format {
        Format::Markdown => (markdown(version), "md", "Markdown"),
        Format::Yaml => (yaml(version), "yaml", "YAML"),
    };
    let refuse = |what: String| {
        Error::file(
            &version.source,
            format!("cannot be written as {name} without changing {what}"),
        )
        .hint("keep the file in its own format, or report this with the file")
    };
    let again = Source::new(&format!("{}.{ext}", version.id), text.clone());
    let back = crate::parse::version(&again, &Meta::default())
        .map_err(|e| refuse(format!("how it reads ({})", e.message)))?;
    match version.first_difference(&back) {
        Some(what) => Err(refuse(what)),
        None => Ok(text),
    }
}

/// The canonical Markdown of a version.
#[must_use]
pub fn markdown(version: &Version) -> String {
    let mut out = String::new();
    let front = match (&version.front_matter, version.format) {
        (Some(raw), Format::Markdown) => Some(raw.trim_end_matches('\n').to_string()),
        (None, Format::Markdown) => None,
        (_, Format::Yaml) => {
            let mut meta = version.own_meta.to_json();
            if version.title.is_some() {
                meta.remove("title");
            }
            meta.extend(version.extra_meta.iter().cloned());
            (!meta.is_empty()).then(|| yaml_text(&Value::Object(meta)).trim_end().to_string())
        }
    };
    if let Some(front) = front {
        let _ = write!(out, "---\n{front}\n---\n");
    }
    let has_front = !out.is_empty();
    let mut blocks: Vec<String> = Vec::new();
    for item in &version.preface {
        if let Some(block) = non_clause_block(item) {
            blocks.push(block.to_string());
        }
    }
    if let Some(title) = &version.title {
        blocks.push(heading_line(title));
    }
    if let Some(dateline) = &version.dateline {
        blocks.push(dateline.markdown.clone());
    }
    for section in &version.sections {
        if section.after_break {
            // `---` as the first line of a file would open front matter.
            let first = blocks.is_empty() && !has_front;
            blocks.push(if first { "***" } else { "---" }.to_string());
        }
        if let Some(h) = &section.heading {
            blocks.push(heading_line(h));
        }
        let mut previous: Option<&Clause> = None;
        for item in &section.items {
            match item {
                Item::Raw(_) | Item::Footnote(_) => {
                    if let Some(block) = non_clause_block(item) {
                        blocks.push(block.to_string());
                    }
                    previous = None;
                }
                Item::Clause(clause) => {
                    let text = clause_with_id(clause);
                    let same_tight_list = matches!(
                        (previous.map(|p| &p.kind), &clause.kind),
                        (
                            Some(ClauseKind::ListItem { list: a, loose: false, .. }),
                            ClauseKind::ListItem { list: b, .. }
                        ) if a == b
                    );
                    match blocks.last_mut() {
                        Some(last) if same_tight_list => {
                            last.push('\n');
                            last.push_str(&text);
                        }
                        _ => blocks.push(text),
                    }
                    previous = Some(clause);
                }
            }
        }
    }
    if !out.is_empty() && !blocks.is_empty() {
        out.push('\n');
    }
    out.push_str(&blocks.join("\n\n"));
    out.push('\n');
    out
}

/// The Markdown of a raw block or footnote definition, as written.
fn non_clause_block(item: &Item) -> Option<&str> {
    match item {
        Item::Raw(raw) => Some(&raw.text),
        Item::Footnote(f) => Some(&f.markdown),
        Item::Clause(_) => None,
    }
}

/// An ATX heading line: `## text {#id .class key=value}`. A closing sequence of `#` marks
/// follows text that ends in `#` or `}`, which would otherwise read as a closing sequence or
/// an attribute block.
#[must_use]
pub fn heading_line(h: &crate::model::Heading) -> String {
    let marks = "#".repeat(usize::from(h.level.max(1)));
    let mut line = format!("{marks} {}", h.markdown);
    if h.markdown.ends_with(['#', '}']) {
        line.push(' ');
        line.push_str(&marks);
    }
    let attributes: Vec<String> =
        h.id.iter()
            .map(|id| format!("#{id}"))
            .chain(h.attributes.iter().cloned())
            .collect();
    if !attributes.is_empty() {
        line.push_str(" {");
        line.push_str(&attributes.join(" "));
        line.push('}');
    }
    line
}

/// A clause's Markdown with its id comment where `decl` writes it: at the end of the clause's
/// first paragraph, or on a line of its own after a table or block quote.
#[must_use]
pub fn clause_with_id(clause: &Clause) -> String {
    let Some(id) = &clause.id else {
        return clause.markdown().to_string();
    };
    let comment = id_comment(id, clause.status);
    match clause.kind {
        ClauseKind::Table | ClauseKind::BlockQuote => format!("{}\n\n{comment}", clause.markdown()),
        _ => {
            let at = first_paragraph_end(clause.markdown());
            format!(
                "{} {comment}{}",
                &clause.markdown()[..at],
                &clause.markdown()[at..]
            )
        }
    }
}

/// The id comment `decl` writes: `<!-- id: x -->`, or `<!-- id: x; status: agreed -->`.
#[must_use]
pub fn id_comment(id: &str, status: Option<crate::model::ClauseStatus>) -> String {
    match status {
        Some(status) => format!("<!-- id: {id}; status: {status} -->"),
        None => format!("<!-- id: {id} -->"),
    }
}

/// Byte offset where the first paragraph of a clause's Markdown ends: before the first blank
/// line or nested list item, else at the end.
#[must_use]
pub fn first_paragraph_end(markdown: &str) -> usize {
    let mut offset = 0usize;
    for (n, line) in markdown.split('\n').enumerate() {
        let trimmed = line.trim_start();
        let nested_item = n > 0 && line.starts_with([' ', '\t']) && starts_with_marker(trimmed);
        if n > 0 && (trimmed.is_empty() || nested_item) {
            return offset.saturating_sub(1);
        }
        offset += line.len() + 1;
    }
    markdown.len()
}

fn starts_with_marker(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return rest.is_empty() || rest.starts_with(' ');
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && line[digits..]
            .strip_prefix(['.', ')'])
            .is_some_and(|r| r.is_empty() || r.starts_with(' '))
}

/// The YAML body format of a version: metadata fields, `dateline`, `preface`, `sections`.
#[must_use]
pub fn yaml(version: &Version) -> String {
    yaml_text(&yaml_value(version))
}

fn yaml_value(version: &Version) -> Value {
    let mut top = Map::new();
    let meta = version.own_meta.to_json();
    // The title first, as a reader expects; then the other fields in their fixed order.
    match &version.title {
        Some(title) => {
            // The heading line less its `#`: the text with its attribute block, if any.
            let line = heading_line(title);
            let text = line.trim_start_matches('#').trim_start();
            top.insert("title".into(), Value::String(text.to_string()));
        }
        None => {
            if let Some(t) = meta.get("title") {
                top.insert("title".into(), t.clone());
            }
        }
    }
    for (k, v) in meta {
        if k != "title" {
            top.insert(k, v);
        }
    }
    for (k, v) in &version.extra_meta {
        top.entry(k.clone()).or_insert_with(|| v.clone());
    }
    if let Some(dateline) = &version.dateline {
        top.insert("dateline".into(), Value::String(dateline.markdown.clone()));
    }
    if !version.preface.is_empty() {
        top.insert(
            "preface".into(),
            Value::Array(
                version
                    .preface
                    .iter()
                    .filter_map(non_clause_block)
                    .map(|b| Value::String(b.to_string()))
                    .collect(),
            ),
        );
    }
    let sections = version
        .sections
        .iter()
        .filter(|s| s.heading.is_some() || s.after_break || !s.items.is_empty())
        .map(|section| {
            let mut s = Map::new();
            if let Some(h) = &section.heading {
                if h.attributes.is_empty() && !h.markdown.ends_with(['#', '}']) {
                    s.insert("heading".into(), Value::String(h.markdown.clone()));
                    if let Some(id) = &h.id {
                        s.insert("id".into(), Value::String(id.clone()));
                    }
                } else {
                    // With its attribute block (the id in it) and closing marks, as written.
                    let line = heading_line(h);
                    let text = line[usize::from(h.level.max(1))..].trim_start();
                    s.insert("heading".into(), Value::String(text.to_string()));
                }
                if h.level != 2 {
                    s.insert("level".into(), Value::from(h.level));
                }
            }
            if section.after_break {
                s.insert("break".into(), Value::Bool(true));
            }
            let clauses = section
                .items
                .iter()
                .map(|item| match item {
                    Item::Raw(raw) => {
                        let mut m = Map::new();
                        m.insert("raw".into(), Value::String(raw.text.clone()));
                        Value::Object(m)
                    }
                    Item::Footnote(f) => {
                        let mut m = Map::new();
                        m.insert("footnote".into(), Value::String(f.markdown.clone()));
                        Value::Object(m)
                    }
                    Item::Clause(c) => {
                        let tight = matches!(c.kind, ClauseKind::ListItem { loose: false, .. });
                        if c.id.is_none() && !tight {
                            Value::String(c.markdown().to_string())
                        } else {
                            let mut m = Map::new();
                            if let Some(id) = &c.id {
                                m.insert("id".into(), Value::String(id.clone()));
                            }
                            if let Some(status) = c.status {
                                m.insert("status".into(), Value::String(status.to_string()));
                            }
                            m.insert("text".into(), Value::String(c.markdown().to_string()));
                            if tight {
                                m.insert("tight".into(), Value::Bool(true));
                            }
                            Value::Object(m)
                        }
                    }
                })
                .collect();
            s.insert("clauses".into(), Value::Array(clauses));
            Value::Object(s)
        })
        .collect();
    top.insert("sections".into(), Value::Array(sections));
    Value::Object(top)
}

/// YAML text of a value; strings the serializer cannot represent plainly are quoted by it.
#[must_use]
pub fn yaml_text(value: &Value) -> String {
    serde_saphyr::to_string(value).unwrap_or_else(|e| format!("# cannot write YAML: {e}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_paragraph_end_stops_before_nested_items_and_blank_lines() {
        assert_eq!(first_paragraph_end("1. Foo\n   bar"), 13);
        assert_eq!(first_paragraph_end("1. Foo\n   - bar"), 6);
        assert_eq!(first_paragraph_end("- Foo\n\n  more"), 5);
    }
}
