//! Word documents (`.docx`) as drafts: the paragraphs [`crate::docx::read`] finds, made into
//! the blocks of a version.
//!
//! - headings by paragraph style (or a style it is based on, or an outline level): `Title` is the
//!   `#` title, `Heading 1` a `##` section, `Heading 2` a `###` one, and so on. Without a `Title`,
//!   a lone top-level heading that opens the document is the title and the others move up a level;
//! - numbered and bulleted paragraphs (Word numbering, also through a list style) become list
//!   items, nested by their list level; numbers are counted as Word shows them;
//! - bracketed text stays as written; a paragraph that is one bracketed phrase of four words or
//!   more, such as `[On prevention of migrant smuggling, we:]`, is a heading, as in a Council note;
//!   so is a short line all in bold or underlined;
//! - tracked changes give as many readings as [`Reading`] names: accepted, rejected, or one
//!   author's changes on the text before;
//! - tables are read paragraph by paragraph, cell by cell.

use std::collections::HashMap;

use super::{Block, Draft, Marker, add_closing_break, draft_meta, is_heading_text};
use crate::docx::read::Role;
pub use crate::docx::read::{Document, Reading, RevisionKind, read};
use crate::text::collapse_whitespace;

/// `France (2) and Germany (1)`: who made the tracked changes, for a note.
#[must_use]
pub fn authors_summary(authors: &[(Option<String>, usize)]) -> String {
    let named: Vec<String> = authors
        .iter()
        .map(|(a, n)| format!("{} ({n})", a.as_deref().unwrap_or("no author named")))
        .collect();
    crate::text::and_list(&named)
}

/// The draft of one reading of the document.
#[must_use]
pub fn draft(doc: &Document, reading: Reading) -> Draft {
    draft_with(doc, reading, false)
}

/// The draft of one reading; with `marks`, text struck through and `[…]` are left out, as a
/// REV's marks of deleted text (see [`super::marks`]).
#[must_use]
pub fn draft_with(doc: &Document, reading: Reading, marks: bool) -> Draft {
    let mut draft = Draft {
        meta: draft_meta(),
        ..Draft::default()
    };
    let mut counters: HashMap<(u32, u8), u32> = HashMap::new();
    let mut headings: Vec<(usize, u8)> = Vec::new();
    let mut title_style = false;
    // Written by `decl`: the styles say what each paragraph is, and no guess is made.
    let styled = doc.styled();
    let mut notes = 0;
    for read in doc.read(reading) {
        let p = read.paragraph;
        let text = if marks {
            let kept: String = read
                .segments
                .iter()
                .filter(|s| !s.format.strike)
                .map(|s| s.text.as_str())
                .collect();
            collapse_whitespace(&super::marks::strip_elisions(&kept))
        } else {
            collapse_whitespace(&read.text())
        };
        if styled && doc.role(p) == Role::Break {
            draft.blocks.push(Block::Break);
            continue;
        }
        if text.is_empty() {
            continue;
        }
        match doc.role(p) {
            Role::Note if styled => {
                notes += 1;
                continue;
            }
            Role::Dateline
                if styled
                    && draft.title.is_some()
                    && draft.dateline.is_none()
                    && draft.blocks.is_empty() =>
            {
                draft.dateline = Some(text);
                continue;
            }
            Role::Title if draft.title.is_none() && draft.blocks.is_empty() => {
                draft.title = Some(text);
                title_style = true;
                continue;
            }
            Role::Title if styled && draft.title.is_none() => {
                // What comes before the title is a Council note's head, as `decl render`
                // writes it: its fields are the version's front matter.
                if let Some(meta) = note_head(&draft.blocks) {
                    draft.meta = meta;
                    draft.blocks.clear();
                }
                draft.title = Some(text);
                title_style = true;
                continue;
            }
            Role::Title => {
                headings.push((draft.blocks.len(), 1));
                draft.blocks.push(Block::Heading { level: 2, text });
                continue;
            }
            Role::Heading(n) => {
                headings.push((draft.blocks.len(), n));
                draft.blocks.push(Block::Heading {
                    level: n.saturating_add(1).min(6),
                    text,
                });
                continue;
            }
            Role::Body | Role::Clause | Role::Dateline | Role::Note | Role::Break => {}
        }
        if let Some((num_id, ilvl)) = doc.numbering_of(p) {
            let format = doc
                .level(num_id, ilvl)
                .map(|l| (l.format.as_str(), l.start));
            let marker = match format {
                Some(("bullet", _)) => Some(Marker::Bullet),
                Some(("none", _)) => None,
                other => {
                    let start = other.map_or(1, |(_, s)| s);
                    let n = counters
                        .get(&(num_id, ilvl))
                        .map_or(start, |n| n.saturating_add(1));
                    counters.insert((num_id, ilvl), n);
                    counters.retain(|&(id, l), _| id != num_id || l <= ilvl);
                    Some(Marker::Number(n))
                }
            };
            if let Some(marker) = marker {
                draft.blocks.push(Block::Item {
                    marker,
                    depth: usize::from(ilvl),
                    text,
                });
                continue;
            }
        }
        if styled {
            draft.blocks.push(Block::Paragraph(text));
            continue;
        }
        // A line all in bold or underlined, short and not ending like a clause.
        let (emphasized, plain) = read.emphasis();
        let emphasized = emphasized > 0
            && plain == 0
            && text.split_whitespace().count() <= 15
            && !text.trim_end().ends_with(['.', ';', ',', '!', '?']);
        if is_heading_text(&text) || emphasized {
            headings.push((draft.blocks.len(), 2));
            draft.blocks.push(Block::Heading { level: 2, text });
        } else {
            draft.blocks.push(Block::Paragraph(text));
        }
    }
    if styled {
        if notes > 0 {
            draft.warnings.push(format!(
                "{} of a comparison left out (they are not text of the declaration)",
                crate::text::count(notes, "note", "notes")
            ));
        }
    } else {
        if !title_style {
            lone_heading_as_title(&mut draft, &headings);
        }
        super::take_title_and_dateline(&mut draft);
        super::recognise_headings(&mut draft.blocks);
        add_closing_break(&mut draft.blocks);
    }
    if doc.has_tables {
        draft
            .warnings
            .push("tables were read paragraph by paragraph, cell by cell".to_string());
    }
    if doc.has_boxes {
        draft
            .warnings
            .push("text boxes and drawings were left out".to_string());
    }
    draft.warnings.extend(doc.warnings.iter().cloned());
    draft
}

/// The front matter a Council note's head says (place and date, number, marking, codes, From,
/// To, Subject, cover note), read as the text importer reads a note; `None` when the blocks are
/// no such head.
fn note_head(blocks: &[Block]) -> Option<crate::model::Meta> {
    let mut text: Vec<&str> = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph(t)
            | Block::Heading { text: t, .. }
            | Block::Item { text: t, .. }
            | Block::Continuation { text: t, .. } => text.push(t),
            Block::Break => {}
        }
    }
    let head = super::council_text::import(&text.join("\n\n"));
    let meta = head.meta;
    let is_head = head.blocks.iter().all(|b| match b {
        Block::Paragraph(t) | Block::Heading { text: t, .. } => t == "ANNEX",
        _ => false,
    }) && head.title.is_none()
        && (meta.document.is_some() || meta.from.is_some() || meta.subject.is_some());
    is_head.then_some(meta)
}

/// Without a `Title` paragraph, a top-level heading that opens the document and is the only one
/// of its level is the title; the other headings move up one level.
fn lone_heading_as_title(draft: &mut Draft, headings: &[(usize, u8)]) {
    let Some(&(first_at, first_level)) = headings.first() else {
        return;
    };
    let top = headings
        .iter()
        .map(|&(_, l)| l)
        .min()
        .unwrap_or(first_level);
    let alone = headings.iter().filter(|&&(_, l)| l == top).count() == 1;
    if first_at != 0 || first_level != top || !alone {
        return;
    }
    if let Block::Heading { text, .. } = draft.blocks.remove(0) {
        draft.title = Some(text);
    }
    for block in &mut draft.blocks {
        if let Block::Heading { level, .. } = block {
            *level = level.saturating_sub(1).max(2);
        }
    }
}
