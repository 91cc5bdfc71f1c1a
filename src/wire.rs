//! Versioned JSON wire formats. Each type here is the serde view of one machine output; field
//! order is the declaration order below and is part of the format.
//!
//! `decl-show/1` (`decl show --format json`):
//! - `schema`: `"decl-show/1"`
//! - `source`: the file (or `REV:PATH`) the version was read from
//! - `id`: the version id
//! - `title`: the `#` heading or the `title` field, as plain text, or null
//! - `meta`: the front matter fields that are set (manifest values filled in), canonical forms
//!   (`document` as `11767/1/25 REV 1`, `date` as `YYYY-MM-DD`)
//! - `dateline`: the place-and-date line, or null
//! - `sections`: in document order, each `{id, heading, level, clauses}`; the unnamed preamble
//!   (and a section after `---`) has `heading: null`
//! - a clause is `{index, number, id, text, brackets}`: `index` counts clauses from 0 across the
//!   version; `number` is the number a reader sees on it, as `show`, `diff`, `synopsis` and
//!   `history` print it (a numbered list item's number, a `PP3`/`OP 3` label at the start of
//!   its text, else its place from 1, written `¶5` in a version that numbers other paragraphs
//!   itself); `text` is plain text (inline markup removed, whitespace collapsed, numbering and id comment
//!   excluded), `brackets` the outermost square brackets in it, `{text, placeholder}`, and
//!   `footnotes` (only when the clause references any) the footnotes it references, in order,
//!   each `{label, text}` (`text` the definition's plain text, null when it is not defined),
//!   and `status` (only when its id comment writes one) the paragraph status, `open`,
//!   `agreed-ad-ref` or `agreed`
//! - `footnotes` (only when there are any): every footnote definition, in document order,
//!   `{label, text, line}`

use serde::Serialize;

use crate::model::{Bracket, Clause, Number, Version};

#[derive(Serialize)]
pub struct ShowV1<'a> {
    pub schema: &'static str,
    pub source: &'a str,
    pub id: &'a str,
    pub title: Option<String>,
    pub meta: serde_json::Map<String, serde_json::Value>,
    pub dateline: Option<&'a str>,
    pub sections: Vec<SectionV1<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<FootnoteDefV1<'a>>,
}

#[derive(Serialize)]
pub struct FootnoteDefV1<'a> {
    pub label: &'a str,
    pub text: &'a str,
    pub line: usize,
}

#[derive(Serialize)]
pub struct FootnoteV1<'a> {
    pub label: &'a str,
    pub text: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SectionV1<'a> {
    pub id: Option<&'a str>,
    pub heading: Option<&'a str>,
    pub level: u8,
    pub clauses: Vec<ClauseV1<'a>>,
}

#[derive(Serialize)]
pub struct ClauseV1<'a> {
    pub index: usize,
    pub number: Number<'a>,
    pub id: Option<&'a str>,
    pub text: &'a str,
    pub brackets: Vec<BracketV1<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<FootnoteV1<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
}

#[derive(Serialize)]
pub struct BracketV1<'a> {
    pub text: &'a str,
    pub placeholder: bool,
}

impl<'a> ShowV1<'a> {
    #[must_use]
    pub fn new(version: &'a Version) -> Self {
        let numbers = crate::model::number::numbers(version);
        ShowV1 {
            schema: "decl-show/1",
            source: &version.source,
            id: &version.id,
            title: version.title_text(),
            meta: version.meta.to_json(),
            dateline: version.dateline.as_ref().map(|d| d.text.as_str()),
            sections: version
                .sections
                .iter()
                .filter(|s| s.heading.is_some() || s.clauses().next().is_some())
                .map(|s| SectionV1 {
                    id: s.id.as_deref(),
                    heading: s.heading_text(),
                    level: s.level,
                    clauses: s
                        .clauses()
                        .map(|c| ClauseV1 {
                            number: numbers[c.index],
                            ..ClauseV1::with_footnotes(c, version)
                        })
                        .collect(),
                })
                .collect(),
            footnotes: version
                .footnotes()
                .map(|f| FootnoteDefV1 {
                    label: &f.label,
                    text: &f.text,
                    line: f.line,
                })
                .collect(),
        }
    }
}

impl<'a> ClauseV1<'a> {
    #[must_use]
    pub fn new(c: &'a Clause) -> Self {
        ClauseV1 {
            index: c.index,
            number: Number::Place {
                place: c.index + 1,
                marked: false,
            },
            id: c.id.as_deref(),
            text: &c.text,
            brackets: c.brackets.found().iter().map(BracketV1::new).collect(),
            footnotes: Vec::new(),
            status: c.status.map(crate::model::ClauseStatus::as_str),
        }
    }

    /// The clause with the footnotes it references, their texts from `version`.
    #[must_use]
    pub fn with_footnotes(c: &'a Clause, version: &'a Version) -> Self {
        ClauseV1 {
            footnotes: c
                .footnotes
                .iter()
                .map(|label| FootnoteV1 {
                    label,
                    text: version.footnote(label).map(|f| f.text.as_str()),
                })
                .collect(),
            ..ClauseV1::new(c)
        }
    }
}

impl<'a> BracketV1<'a> {
    fn new(b: &'a Bracket) -> Self {
        BracketV1 {
            text: &b.text,
            placeholder: b.placeholder,
        }
    }
}
