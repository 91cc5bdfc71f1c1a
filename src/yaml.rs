//! The one door to YAML: serde-saphyr with budgets, errors mapped onto the enclosing file.
//!
//! Front matter is YAML embedded in a Markdown file; errors must point at the line of the `.md`
//! file, so every parse takes the byte offset where the YAML starts inside its [`Source`].

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_saphyr::{MessageFormatter, Spanned, UserMessageFormatter};

use crate::error::{Error, Result};
use crate::source::Source;

/// A YAML mapping read with the position of every key and value, in document order.
#[derive(Debug, Default)]
pub struct Map(pub Vec<Entry>);

/// One key of a [`Map`] with its value.
#[derive(Debug)]
pub struct Entry {
    pub key: String,
    /// Byte offset of the key within the whole source.
    pub key_at: usize,
    pub value: Value,
    /// Byte offset of the value within the whole source.
    pub value_at: usize,
}

struct RawMap(Vec<(Spanned<String>, Spanned<Value>)>);

impl<'de> Deserialize<'de> for RawMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawMap;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of field names to values")
            }
            fn visit_unit<E>(self) -> std::result::Result<RawMap, E> {
                Ok(RawMap(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<RawMap, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(RawMap(out))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// Budgets: front matter and manifests are small; a YAML body may hold a large declaration.
fn options(large: bool) -> serde_saphyr::Options {
    let (nodes, events) = if large {
        (2_000_000, 8_000_000)
    } else {
        (20_000, 100_000)
    };
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: nodes,
            max_events: events,
        },
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
    }
}

/// Parse the YAML text `source.text[start..end]` as a mapping; `large` allows the budget of a
/// whole declaration in the YAML body format rather than that of front matter.
pub fn parse_map(source: &Source, start: usize, end: usize, large: bool) -> Result<Map> {
    let text = &source.text[start..end];
    let raw: RawMap = serde_saphyr::from_str_with_options(text, options(large))
        .map_err(|e| yaml_error(source, start, &e))?;
    let line_offset = source.line(start) - 1;
    let to_offset = |loc: &serde_saphyr::Location| {
        offset_of(
            source,
            usize::try_from(loc.line()).unwrap_or(1) + line_offset,
            usize::try_from(loc.column()).unwrap_or(1),
        )
    };
    Ok(Map(raw
        .0
        .into_iter()
        .map(|(k, v)| Entry {
            key_at: to_offset(&k.referenced),
            key: k.value,
            value_at: to_offset(&v.referenced),
            value: v.value,
        })
        .collect()))
}

/// Byte offset of a 1-based line and character column in `source`.
fn offset_of(source: &Source, line: usize, column: usize) -> usize {
    let start = source.line_start(line);
    let rest = &source.text[start..];
    rest.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(source.text.len(), |(i, _)| start + i)
}

fn yaml_error(source: &Source, start: usize, err: &serde_saphyr::Error) -> Error {
    let message = UserMessageFormatter.format_message(err).into_owned();
    // The formatter appends "at line N, column M" for the YAML text alone; we say where in the file.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let message = if message.contains("limits breached") || message.contains("too large") {
        "invalid YAML: too large or too complex (alias expansion or nesting beyond the limits)"
            .to_string()
    } else {
        format!("invalid YAML: {}", first_line(&message))
    };
    match err.location() {
        Some(loc) if loc != serde_saphyr::Location::UNKNOWN => {
            let line_offset = source.line(start) - 1;
            let at = offset_of(
                source,
                usize::try_from(loc.line()).unwrap_or(1) + line_offset,
                usize::try_from(loc.column()).unwrap_or(1),
            );
            source.error(at..at, message)
        }
        _ => source.error(start..start, message),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

/// Deserialize a typed value out of a [`Value`] read from YAML, naming the field on error.
pub fn typed<T: serde::de::DeserializeOwned>(source: &Source, entry: &Entry) -> Result<T> {
    serde_json::from_value(entry.value.clone()).map_err(|e| {
        source.error(
            entry.value_at..entry.value_at,
            format!("field `{}`: {e}", entry.key),
        )
    })
}
