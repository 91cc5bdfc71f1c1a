//! `decl-diff/1` (`decl diff --format json`), one JSON document. Field order is the
//! declaration order below and is part of the format.
//!
//! - `schema`: `"decl-diff/1"`
//! - `old`, `new`: `{source, version, title, clauses, illustrative}`: the file (or
//!   `REV:PATH`), the version id, the title or null, the number of clauses, and whether the
//!   version is marked `illustrative: true` (not a real text)
//! - `matched_by`: `"ids"` when both versions carry an id on every clause (ids decide
//!   identity), else `"content"`
//! - `summary`: how many changes of each kind: `unchanged`, `modified`, `moved`, `added`,
//!   `deleted`, `split`, `merged` (these partition `changes`); then `moved_modified` (modified
//!   clauses that also moved), `brackets_opened`, `brackets_closed` (square brackets that
//!   appeared or disappeared, in clauses and in section headings), `heading_brackets_opened`,
//!   `heading_brackets_closed` (of those, the ones in headings), `inline_fallbacks` (word
//!   diffs that ran out of time, see `inline_fallback`)
//! - `summary` also counts `document` (entries of `document`), `other` (entries of `other`),
//!   `ids_changed` (clauses paired unchanged or moved whose id differs, or was added or
//!   removed), `formatting` (modified clauses whose plain text is the same: only markup or
//!   footnotes changed), `statuses_changed` (changes whose paragraph status differs, see
//!   `status` below) and `agreed_reopened` (changes that alter the words of a clause still
//!   marked agreed, see `reopened`)
//! - `document`: the title, the dateline and every front matter field that differ, first the
//!   title and dateline, then known fields in their fixed order, then other fields; each
//!   `{field, old, new}`, `old`/`new` the value (text, or true/false for `illustrative`) or
//!   null where the field is not set. `field` is `title`, `dateline`, a front matter field
//!   name, or `title (front matter)` for a `title` field beside a `#` heading
//! - `sections`: heading changes, each `{kind, moved, old_heading, new_heading, old_level,
//!   new_level, old_id, new_id, break, brackets}`, `kind` one of `renamed`, `unbracketed` (only
//!   brackets removed), `renumbered` (only the heading's number changed, was added or
//!   dropped), `level` (only the level changed), `formatting` (only markup the text does not
//!   show), `id` (only the explicit `{#id}`), `moved` (only the section's place among the sections),
//!   `added`, `removed`; `break` is true for an unnamed section opened by a thematic break
//!   (`---`); `moved` is true for a section out of order among the sections, whatever else
//!   changed. The clauses of a section moved whole are not moves.
//! - `moves`: clauses moved together, each `{old, new}`: the old and new indices of a run of
//!   consecutive clauses that moved as one block (its changes say `block`)
//! - `changes`: every clause of each side in exactly one change, unchanged ones included, in
//!   new-document order with deletions where they were (a deleted clause under the section its
//!   own section became). Each change:
//!   - `kind`: `unchanged`, `modified` (text changed; it may also have moved), `moved` (only the
//!     position changed), `added`, `deleted`, `split`, `merged`
//!   - `moved`: out of order relative to the clauses around it in its section, or in another
//!     section
//!   - `cross_section`: in a section other than the one its old section became
//!   - `block` (only for clauses moved together): the index of their run in `moves`
//!   - `old`, `new`: the clauses, each `{index, number, id, section, line, text}`: `index` as
//!     in `decl show` (0-based), `number` the number a reader sees on the clause (a numbered
//!     list item's number, a `PP3`/`OP 3` label, else its place from 1, written `¶5` in a
//!     version that numbers other paragraphs itself), `section` the section's id (null for an
//!     unnamed section), `line` 1-based in the source (0 when unknown), `text` plain text. Of a split, `old` has one clause and
//!     `new` several (anywhere in the new version); of a merge the reverse.
//!   - `inline` (modified, split and merged): the word diff, `[{op, text}]`, `op` one of
//!     `equal`, `insert`, `delete`. Of a modified clause, `equal` + `delete` texts give the old
//!     text and `equal` + `insert` the new. Of a split and a merge each op also has `part`, the
//!     position in `new` (split) or `old` (merge) of the clause it belongs to, and each part
//!     shows its changes against the words of the clause it came from: of a split, the ops run
//!     in the order of the old text, `equal` + `delete` give the old text, and the `equal` +
//!     `insert` texts of part k, in order, new clause k; of a merge, the ops run in the order
//!     of the new text, `equal` + `insert` give the new text, and the `equal` + `delete` texts
//!     of part k old clause k
//!   - `inline_fallback` (only when it happened): why the word diff is coarser than minimal
//!   - `brackets` (only when some changed): `{opened, closed}`, bracket texts that appeared or
//!     disappeared
//!   - `markup` (only when it changed): `{old, new}`, the clauses' Markdown, when markup the
//!     plain text does not show differs (a link target, an image, inline HTML, emphasis, a code
//!     span, a line break, the kind of block); a clause whose text is the same but whose markup
//!     or footnotes differ is `modified`, with one `equal` op. `unchanged` means the clause's
//!     Markdown is the same up to whitespace, wrapping, list numbering and Markdown spellings
//!     that render alike (`*a*` and `_a_`)
//!   - `footnotes` (only when some changed): `[{number, old, new}]`, the texts of the clause's
//!     `number`th footnote (1-based, by place of reference over the clauses of the change in
//!     order), null where there is none: on an added clause every footnote has `old` null
//!   - `status` (only when it changed): `{old, new}`, the paragraph status written in the id
//!     comment (`open`, `agreed-ad-ref`, `agreed`), null where none is written (which is
//!     open); of a split or merge, that of the clause and the part that continues it. A clause
//!     whose status alone changed is `unchanged` with a `status`
//!   - `reopened` (only when true): the words of a clause marked agreed or agreed ad ref
//!     changed while the new version still marks it agreed: agreed text reopened without
//!     setting its status back to `open`
//! - `other`: blocks that are not clauses and differ, each `{kind, old, new}`, `kind` one of
//!   `code block`, `comment`, `HTML block`, `link definition`, `footnote` (a definition no
//!   clause references), `front matter comments`, `block`; `old`/`new` `{line, text}` or null
//!   for a block added or removed

use std::io::{self, Write};

use serde::Serialize;

use crate::diff::model::{BracketChange, Change, ClauseRef, Diff, Kind, MatchedBy, Side, Summary};
use crate::model::Number;

#[derive(Serialize)]
pub struct DiffV1<'a> {
    pub schema: &'static str,
    pub old: SideV1<'a>,
    pub new: SideV1<'a>,
    pub matched_by: &'static str,
    pub summary: SummaryV1,
    pub document: Vec<FieldV1<'a>>,
    pub sections: Vec<SectionV1<'a>>,
    pub other: Vec<OtherV1<'a>>,
    pub moves: Vec<MoveV1>,
    pub changes: ChangesV1<'a>,
}

#[derive(Serialize)]
pub struct FieldV1<'a> {
    pub field: &'a str,
    pub old: Option<&'a serde_json::Value>,
    pub new: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
pub struct OtherV1<'a> {
    pub kind: &'static str,
    pub old: Option<BlockV1<'a>>,
    pub new: Option<BlockV1<'a>>,
}

#[derive(Serialize)]
pub struct BlockV1<'a> {
    pub line: usize,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct MarkupV1<'a> {
    pub old: &'a str,
    pub new: &'a str,
}

#[derive(Serialize)]
pub struct FootnoteV1<'a> {
    pub number: usize,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

/// The `changes` array, made change by change as it is written (a large diff's array would
/// otherwise be a second copy of the diff).
pub struct ChangesV1<'a> {
    diff: &'a Diff<'a>,
    changes: &'a [Change<'a>],
}

impl Serialize for ChangesV1<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.changes.iter().map(|c| ChangeV1::new(self.diff, c)))
    }
}

#[derive(Serialize)]
pub struct SideV1<'a> {
    pub source: &'a str,
    pub version: &'a str,
    pub title: Option<&'a str>,
    pub clauses: usize,
    /// The version is marked `illustrative: true`: not a real text.
    pub illustrative: bool,
}

#[derive(Serialize)]
pub struct SummaryV1 {
    pub unchanged: usize,
    pub modified: usize,
    pub moved: usize,
    pub added: usize,
    pub deleted: usize,
    pub split: usize,
    pub merged: usize,
    pub moved_modified: usize,
    pub brackets_opened: usize,
    pub brackets_closed: usize,
    pub heading_brackets_opened: usize,
    pub heading_brackets_closed: usize,
    pub inline_fallbacks: usize,
    pub document: usize,
    pub other: usize,
    pub ids_changed: usize,
    pub formatting: usize,
    pub statuses_changed: usize,
    pub agreed_reopened: usize,
}

#[derive(Serialize)]
pub struct MoveV1 {
    pub old: Vec<usize>,
    pub new: Vec<usize>,
}

#[derive(Serialize)]
pub struct SectionV1<'a> {
    pub kind: &'static str,
    pub moved: bool,
    pub old_heading: Option<&'a str>,
    pub new_heading: Option<&'a str>,
    pub old_level: Option<u8>,
    pub new_level: Option<u8>,
    pub old_id: Option<&'a str>,
    pub new_id: Option<&'a str>,
    #[serde(rename = "break")]
    pub is_break: bool,
    pub brackets: BracketsV1<'a>,
}

#[derive(Serialize)]
pub struct ChangeV1<'a> {
    pub kind: &'static str,
    pub moved: bool,
    pub cross_section: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    pub old: Vec<ClauseV1<'a>>,
    pub new: Vec<ClauseV1<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline: Option<Vec<OpV1<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline_fallback: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brackets: Option<BracketsV1<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markup: Option<MarkupV1<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<FootnoteV1<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusV1>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reopened: bool,
}

/// A paragraph status that changed, as written (`None`: none written).
#[derive(Serialize)]
pub struct StatusV1 {
    pub old: Option<&'static str>,
    pub new: Option<&'static str>,
}

#[derive(Serialize)]
pub struct ClauseV1<'a> {
    pub index: usize,
    pub number: crate::model::Number<'a>,
    pub id: Option<&'a str>,
    pub section: Option<&'a str>,
    pub line: usize,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct OpV1<'a> {
    pub op: &'static str,
    pub text: &'a str,
    /// Of a split or merge only: the clause the op belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<usize>,
}

#[derive(Serialize)]
pub struct BracketsV1<'a> {
    pub opened: Vec<&'a str>,
    pub closed: Vec<&'a str>,
}

impl<'a> DiffV1<'a> {
    #[must_use]
    pub fn new(diff: &'a Diff<'a>) -> Self {
        DiffV1 {
            schema: "decl-diff/1",
            old: SideV1::new(&diff.old),
            new: SideV1::new(&diff.new),
            matched_by: match diff.matched_by {
                MatchedBy::Ids => "ids",
                MatchedBy::IdsAndContent => "ids and content",
                MatchedBy::Content => "content",
            },
            summary: SummaryV1::new(&diff.summary),
            document: diff
                .document
                .iter()
                .map(|f| FieldV1 {
                    field: &f.field,
                    old: f.old.as_ref(),
                    new: f.new.as_ref(),
                })
                .collect(),
            sections: diff
                .sections
                .iter()
                .map(|s| SectionV1 {
                    kind: s.kind.as_str(),
                    moved: s.moved,
                    old_heading: s.old_heading.as_deref(),
                    new_heading: s.new_heading.as_deref(),
                    old_level: s.old_level,
                    new_level: s.new_level,
                    old_id: s.old_id.as_deref(),
                    new_id: s.new_id.as_deref(),
                    is_break: s.is_break,
                    brackets: BracketsV1::new(&s.brackets),
                })
                .collect(),
            other: diff
                .other
                .iter()
                .map(|o| {
                    let block = |b: &'a crate::diff::model::Block| BlockV1 {
                        line: b.line,
                        text: &b.text,
                    };
                    OtherV1 {
                        kind: o.kind,
                        old: o.old.as_ref().map(block),
                        new: o.new.as_ref().map(block),
                    }
                })
                .collect(),
            moves: diff
                .moves
                .iter()
                .map(|m| {
                    let members = &diff.changes[m.changes.clone()];
                    MoveV1 {
                        old: members
                            .iter()
                            .flat_map(|c| c.old.iter().map(super::super::model::ClauseRef::index))
                            .collect(),
                        new: members
                            .iter()
                            .flat_map(|c| c.new.iter().map(super::super::model::ClauseRef::index))
                            .collect(),
                    }
                })
                .collect(),
            changes: ChangesV1 {
                diff,
                changes: &diff.changes,
            },
        }
    }
}

impl<'a> SideV1<'a> {
    fn new(side: &'a Side) -> Self {
        SideV1 {
            source: &side.source,
            version: &side.version,
            title: side.title.as_deref(),
            clauses: side.clauses,
            illustrative: side.illustrative,
        }
    }
}

impl SummaryV1 {
    fn new(s: &Summary) -> Self {
        SummaryV1 {
            unchanged: s.unchanged,
            modified: s.modified,
            moved: s.moved,
            added: s.added,
            deleted: s.deleted,
            split: s.split,
            merged: s.merged,
            moved_modified: s.moved_modified,
            brackets_opened: s.brackets_opened,
            brackets_closed: s.brackets_closed,
            heading_brackets_opened: s.heading_brackets_opened,
            heading_brackets_closed: s.heading_brackets_closed,
            inline_fallbacks: s.inline_fallbacks,
            document: s.document,
            other: s.other,
            ids_changed: s.ids_changed,
            formatting: s.formatting,
            statuses_changed: s.statuses_changed,
            agreed_reopened: s.agreed_reopened,
        }
    }
}

impl<'a> ChangeV1<'a> {
    fn new(diff: &'a Diff<'a>, c: &'a Change<'a>) -> Self {
        let clauses = |side: &'a Side, refs: &'a [ClauseRef<'a>]| -> Vec<ClauseV1<'a>> {
            refs.iter()
                .map(|r| ClauseV1 {
                    index: r.index(),
                    number: r.number,
                    id: r.id(),
                    section: side.sections.get(r.section).and_then(|s| s.id.as_deref()),
                    line: r.line(),
                    text: r.text(),
                })
                .collect()
        };
        let grouped = matches!(c.kind, Kind::Split | Kind::Merged);
        ChangeV1 {
            kind: c.kind.as_str(),
            moved: c.moved,
            cross_section: c.cross_section,
            block: c.block,
            old: clauses(&diff.old, &c.old),
            new: clauses(&diff.new, &c.new),
            inline: c.inline.as_ref().map(|i| {
                i.ops
                    .iter()
                    .map(|o| OpV1 {
                        op: o.op.as_str(),
                        text: &o.text,
                        part: grouped.then_some(o.part),
                    })
                    .collect()
            }),
            inline_fallback: c.inline.as_ref().and_then(|i| i.fallback.as_deref()),
            brackets: (!c.brackets.is_empty()).then(|| BracketsV1::new(&c.brackets)),
            markup: c.markup.as_ref().map(|m| MarkupV1 {
                old: &m.old,
                new: &m.new,
            }),
            footnotes: c
                .footnotes
                .iter()
                .map(|f| FootnoteV1 {
                    number: f.number,
                    old: f.old.as_deref(),
                    new: f.new.as_deref(),
                })
                .collect(),
            status: c.status_change().map(|(old, new)| StatusV1 {
                old: old.map(crate::model::ClauseStatus::as_str),
                new: new.map(crate::model::ClauseStatus::as_str),
            }),
            reopened: c.reopens_agreed_text(),
        }
    }
}

impl<'a> BracketsV1<'a> {
    fn new(b: &'a BracketChange) -> Self {
        BracketsV1 {
            opened: b.opened().iter().map(String::as_str).collect(),
            closed: b.closed().iter().map(String::as_str).collect(),
        }
    }
}

/// Write the document, compact, on one line.
///
/// Everything but `changes` goes through `serde_json`. The changes, nearly all of a large
/// document, are written by [`write_change`] in blocks, two threads at a time, and come out
/// byte for byte as `serde_json` writes them (a test holds the two to that).
pub fn write(diff: &Diff<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut head = DiffV1::new(diff);
    head.changes.changes = &[];
    let head = serde_json::to_vec(&head).map_err(io::Error::from)?;
    let Some(open) = head.strip_suffix(b"]}") else {
        return Err(io::Error::other(
            "decl-diff/1: `changes` is not the last field",
        ));
    };
    out.write_all(open)?;
    crate::par::write_blocks(&diff.changes, BLOCK, &mut out, |first, block, buf| {
        for (k, change) in block.iter().enumerate() {
            if first + k > 0 {
                buf.push(b',');
            }
            write_change(diff, change, buf);
        }
    })?;
    out.write_all(b"]}\n")?;
    out.flush()
}

/// Changes per block of [`write`]: large enough that handing a block over costs nothing beside
/// writing it, small enough that the four buffers in flight (~64 KiB each) stay in the cache and
/// are touched once. At 512 they grew to ~0.5 MiB each: on a 10,000-clause diff 370 more page
/// faults and 3 ms more (medians of 41 runs).
const BLOCK: usize = 64;

/// One change as `serde_json` writes [`ChangeV1`], without building it.
pub fn write_change(diff: &Diff<'_>, c: &Change<'_>, buf: &mut Vec<u8>) {
    buf.extend_from_slice(b"{\"kind\":\"");
    buf.extend_from_slice(c.kind.as_str().as_bytes());
    buf.extend_from_slice(b"\",\"moved\":");
    buf.extend_from_slice(if c.moved { b"true" } else { b"false" });
    buf.extend_from_slice(b",\"cross_section\":");
    buf.extend_from_slice(if c.cross_section { b"true" } else { b"false" });
    let mut numbers = itoa::Buffer::new();
    if let Some(block) = c.block {
        buf.extend_from_slice(b",\"block\":");
        buf.extend_from_slice(numbers.format(block).as_bytes());
    }
    buf.extend_from_slice(b",\"old\":");
    write_clauses(&diff.old, &c.old, buf);
    buf.extend_from_slice(b",\"new\":");
    write_clauses(&diff.new, &c.new, buf);
    if let Some(inline) = &c.inline {
        let grouped = matches!(c.kind, Kind::Split | Kind::Merged);
        buf.extend_from_slice(b",\"inline\":[");
        for (k, op) in inline.ops.iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(b"{\"op\":\"");
            buf.extend_from_slice(op.op.as_str().as_bytes());
            buf.extend_from_slice(b"\",\"text\":");
            write_str(&op.text, buf);
            if grouped {
                buf.extend_from_slice(b",\"part\":");
                buf.extend_from_slice(numbers.format(op.part).as_bytes());
            }
            buf.push(b'}');
        }
        buf.push(b']');
        if let Some(fallback) = &inline.fallback {
            buf.extend_from_slice(b",\"inline_fallback\":");
            write_str(fallback, buf);
        }
    }
    if !c.brackets.is_empty() {
        buf.extend_from_slice(b",\"brackets\":{\"opened\":");
        write_strs(c.brackets.opened(), buf);
        buf.extend_from_slice(b",\"closed\":");
        write_strs(c.brackets.closed(), buf);
        buf.push(b'}');
    }
    if let Some(m) = &c.markup {
        buf.extend_from_slice(b",\"markup\":{\"old\":");
        write_str(&m.old, buf);
        buf.extend_from_slice(b",\"new\":");
        write_str(&m.new, buf);
        buf.push(b'}');
    }
    if !c.footnotes.is_empty() {
        buf.extend_from_slice(b",\"footnotes\":[");
        for (k, f) in c.footnotes.iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(b"{\"number\":");
            buf.extend_from_slice(itoa::Buffer::new().format(f.number).as_bytes());
            buf.extend_from_slice(b",\"old\":");
            write_opt_str(f.old.as_deref(), buf);
            buf.extend_from_slice(b",\"new\":");
            write_opt_str(f.new.as_deref(), buf);
            buf.push(b'}');
        }
        buf.push(b']');
    }
    if let Some((old, new)) = c.status_change() {
        buf.extend_from_slice(b",\"status\":{\"old\":");
        write_opt_str(old.map(crate::model::ClauseStatus::as_str), buf);
        buf.extend_from_slice(b",\"new\":");
        write_opt_str(new.map(crate::model::ClauseStatus::as_str), buf);
        buf.push(b'}');
    }
    if c.reopens_agreed_text() {
        buf.extend_from_slice(b",\"reopened\":true");
    }
    buf.push(b'}');
}

fn write_clauses(side: &Side, refs: &[ClauseRef<'_>], buf: &mut Vec<u8>) {
    let mut numbers = itoa::Buffer::new();
    buf.push(b'[');
    for (k, r) in refs.iter().enumerate() {
        if k > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"index\":");
        buf.extend_from_slice(numbers.format(r.index()).as_bytes());
        buf.extend_from_slice(b",\"number\":\"");
        match r.number {
            Number::Place { place, marked } => {
                if marked {
                    buf.extend_from_slice("¶".as_bytes());
                }
                buf.extend_from_slice(numbers.format(place).as_bytes());
                buf.push(b'"');
            }
            Number::Listed(n) => {
                buf.extend_from_slice(numbers.format(n).as_bytes());
                buf.push(b'"');
            }
            Number::Label(label) => {
                buf.pop();
                write_str(label, buf);
            }
        }
        buf.extend_from_slice(b",\"id\":");
        write_opt_str(r.id(), buf);
        buf.extend_from_slice(b",\"section\":");
        write_opt_str(
            side.sections.get(r.section).and_then(|s| s.id.as_deref()),
            buf,
        );
        buf.extend_from_slice(b",\"line\":");
        buf.extend_from_slice(numbers.format(r.line()).as_bytes());
        buf.extend_from_slice(b",\"text\":");
        write_str(r.text(), buf);
        buf.push(b'}');
    }
    buf.push(b']');
}

fn write_strs(texts: &[String], buf: &mut Vec<u8>) {
    buf.push(b'[');
    for (k, t) in texts.iter().enumerate() {
        if k > 0 {
            buf.push(b',');
        }
        write_str(t, buf);
    }
    buf.push(b']');
}

fn write_opt_str(text: Option<&str>, buf: &mut Vec<u8>) {
    match text {
        Some(t) => write_str(t, buf),
        None => buf.extend_from_slice(b"null"),
    }
}

/// A JSON string. Most clause texts need no escaping: check that with a fold that vectorises
/// and copy them as they are; leave the others to `serde_json`.
// `needless_bitwise_bool`: `&` rather than `&&` keeps the fold branch-free.
#[allow(clippy::needless_bitwise_bool)]
fn write_str(text: &str, buf: &mut Vec<u8>) {
    let plain = text
        .as_bytes()
        .iter()
        .fold(true, |ok, &b| ok & (b >= 0x20 && b != b'"' && b != b'\\'));
    if plain {
        buf.reserve(text.len() + 2);
        buf.push(b'"');
        buf.extend_from_slice(text.as_bytes());
        buf.push(b'"');
    } else {
        // Writing to a Vec cannot fail, and a &str always serialises.
        let _ = serde_json::to_writer(&mut *buf, text);
    }
}
