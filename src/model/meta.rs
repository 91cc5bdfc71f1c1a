//! Version metadata: the front matter fields of a version file, also allowed in a manifest.
//!
//! Field names are fixed: `title`, `document`, `date`, `place`, `classification`, `status`,
//! `illustrative`, `from`, `to`, `subject`, `codes`, `language`, `id`, `note` (the cover note
//! of a Council document, kept apart from the declaration's clauses) and `dg` (the Council
//! secretariat's directorate code that Council documents print in their page footer, `JAI.1`). A manifest may carry the
//! same fields for the declaration as a whole; a version's own value wins. An unknown field gets a
//! warning naming the closest known one.

use serde::Serialize;
use serde_json::Value;

use super::date::Date;
use super::docnum::DocNumber;
use crate::error::Result;
use crate::source::Source;
use crate::text::closest;
use crate::yaml::{Entry, Map};

/// The known metadata fields, in the order they are written out.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "document",
    "date",
    "place",
    "classification",
    "status",
    "illustrative",
    "from",
    "to",
    "subject",
    "codes",
    "language",
    "dg",
    "note",
];

/// Negotiation status of a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Adopted,
}

/// The metadata of a version (or, in a manifest, of the declaration as a whole).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub document: Option<DocNumber>,
    pub date: Option<Date>,
    pub place: Option<String>,
    pub classification: Option<String>,
    pub status: Option<Status>,
    pub illustrative: Option<bool>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub subject: Option<String>,
    pub codes: Option<String>,
    pub language: Option<String>,
    pub dg: Option<String>,
    pub note: Option<String>,
}

/// A problem that does not stop the command: printed as `warning: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl Meta {
    /// Read the known fields of `map`; other keys are returned for the caller to handle
    /// (a manifest has `versions`, a YAML body `sections`) or warn about.
    pub fn from_map(source: &Source, map: Map) -> Result<(Meta, Vec<Entry>)> {
        let mut meta = Meta::default();
        let mut rest = Vec::new();
        for entry in map.0 {
            let text = || scalar_text(source, &entry);
            match entry.key.as_str() {
                "id" => meta.id = text()?,
                "title" => meta.title = text()?,
                "place" => meta.place = text()?,
                "classification" => meta.classification = text()?,
                "from" => meta.from = text()?,
                "to" => meta.to = text()?,
                "subject" => meta.subject = text()?,
                "codes" => meta.codes = codes_text(source, &entry)?,
                "language" => meta.language = text()?,
                "note" => meta.note = text()?,
                "dg" => meta.dg = text()?,
                "document" => {
                    meta.document = text()?
                        .map(|t| DocNumber::parse(&t))
                        .transpose()
                        .map_err(|m| value_error(source, &entry, &m))?;
                }
                "date" => {
                    meta.date = text()?
                        .map(|t| Date::parse(&t))
                        .transpose()
                        .map_err(|m| value_error(source, &entry, &m))?;
                }
                "status" => {
                    meta.status = match text()?.as_deref() {
                        None => None,
                        Some("draft") => Some(Status::Draft),
                        Some("adopted") => Some(Status::Adopted),
                        Some(other) => {
                            return Err(value_error(
                                source,
                                &entry,
                                &format!("status `{other}` is neither `draft` nor `adopted`"),
                            ));
                        }
                    }
                }
                "illustrative" => {
                    meta.illustrative = match &entry.value {
                        Value::Null => None,
                        Value::Bool(b) => Some(*b),
                        _ => {
                            return Err(value_error(
                                source,
                                &entry,
                                "`illustrative` is `true` or `false`",
                            ));
                        }
                    }
                }
                _ => rest.push(entry),
            }
        }
        Ok((meta, rest))
    }

    /// This version's values, with the declaration's where the version has none.
    #[must_use]
    pub fn or(&self, outer: &Meta) -> Meta {
        Meta {
            id: self.id.clone().or_else(|| outer.id.clone()),
            title: self.title.clone().or_else(|| outer.title.clone()),
            document: self.document.clone().or_else(|| outer.document.clone()),
            date: self.date.or(outer.date),
            place: self.place.clone().or_else(|| outer.place.clone()),
            classification: self
                .classification
                .clone()
                .or_else(|| outer.classification.clone()),
            status: self.status.or(outer.status),
            illustrative: self.illustrative.or(outer.illustrative),
            from: self.from.clone().or_else(|| outer.from.clone()),
            to: self.to.clone().or_else(|| outer.to.clone()),
            subject: self.subject.clone().or_else(|| outer.subject.clone()),
            codes: self.codes.clone().or_else(|| outer.codes.clone()),
            language: self.language.clone().or_else(|| outer.language.clone()),
            dg: self.dg.clone().or_else(|| outer.dg.clone()),
            note: self.note.clone().or_else(|| outer.note.clone()),
        }
    }

    #[must_use]
    pub fn is_illustrative(&self) -> bool {
        self.illustrative == Some(true)
    }

    #[must_use]
    pub fn is_adopted(&self) -> bool {
        self.status == Some(Status::Adopted)
    }

    /// The fields that are set, in [`FIELDS`] order, as JSON values (the wire form).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Map<String, Value> {
        let mut out = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                out.insert(k.to_string(), v);
            }
        };
        let s = |v: &Option<String>| v.clone().map(Value::String);
        put("id", s(&self.id));
        put("title", s(&self.title));
        put(
            "document",
            self.document.as_ref().map(|d| Value::String(d.to_string())),
        );
        put("date", self.date.map(|d| Value::String(d.to_string())));
        put("place", s(&self.place));
        put("classification", s(&self.classification));
        put(
            "status",
            self.status.map(|st| {
                Value::String(
                    match st {
                        Status::Draft => "draft",
                        Status::Adopted => "adopted",
                    }
                    .into(),
                )
            }),
        );
        put("illustrative", self.illustrative.map(Value::Bool));
        put("from", s(&self.from));
        put("to", s(&self.to));
        put("subject", s(&self.subject));
        put("codes", s(&self.codes));
        put("language", s(&self.language));
        put("dg", s(&self.dg));
        put("note", s(&self.note));
        out
    }
}

/// A warning for each key that is not a known field, naming the closest known one.
#[must_use]
pub fn unknown_field_warnings(source: &Source, entries: &[Entry], also: &[&str]) -> Vec<Warning> {
    entries
        .iter()
        .map(|e| {
            let (line, column) = source.line_col(e.key_at);
            let known = FIELDS.iter().chain(also.iter()).copied();
            let hint = match closest(&e.key, known).first() {
                Some(best) => format!("; did you mean `{best}`?"),
                None => String::new(),
            };
            Warning {
                path: source.name.clone(),
                line,
                column,
                message: format!("unknown field `{}`{hint}", e.key),
            }
        })
        .collect()
}

fn value_error(source: &Source, entry: &Entry, message: &str) -> crate::error::Error {
    source.error(entry.value_at..entry.value_at, message.to_string())
}

/// A scalar field as text: strings as written, numbers and booleans spelled out.
fn scalar_text(source: &Source, entry: &Entry) -> Result<Option<String>> {
    match &entry.value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err(value_error(
            source,
            entry,
            &format!("field `{}` must be text, not a list or mapping", entry.key),
        )),
    }
}

/// `codes` may be one line (`ENFOPOL 280 COSI 140`) or a list of codes.
fn codes_text(source: &Source, entry: &Entry) -> Result<Option<String>> {
    if let Value::Array(items) = &entry.value {
        let mut parts = Vec::new();
        for item in items {
            match item {
                Value::String(s) => parts.push(s.clone()),
                Value::Number(n) => parts.push(n.to_string()),
                _ => {
                    return Err(value_error(
                        source,
                        entry,
                        "`codes` is a line or a list of codes",
                    ));
                }
            }
        }
        return Ok(Some(parts.join(" ")));
    }
    scalar_text(source, entry)
}
