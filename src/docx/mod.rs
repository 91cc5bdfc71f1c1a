//! Word documents (`.docx`): one module for the package, read by `decl import` and written by
//! `decl diff --format docx`, `decl render --to docx` and `decl synopsis --format docx`, so that
//! a detail of Word's format is fixed in one place.
//!
//! - [`package`]: the zip archive of XML parts, read within limits against hostile archives and
//!   written deterministically (content types, relationships);
//! - [`xml`]: reading helpers and a writer through which every piece of document text passes
//!   escaped;
//! - [`read`]: a document as written: paragraphs with their styles, numbering, tracked changes
//!   (with author and date), fields, symbols, footnotes;
//! - [`write`]: a document to write: paragraphs and tables whose runs carry tracked changes
//!   (insertions, deletions, moves, changed paragraph marks), a page header and footer,
//!   footnotes, portrait or landscape pages;
//! - [`styles`]: the built-in style sheet and a user's reference document whose styles are used
//!   instead (as pandoc's `--reference-doc`).
//!
//! The parts are written with `quick-xml`'s reader for checks, an escaping writer of our own
//! and `zip`, all already in the tree, rather than with the `docx-rs` crate. `docx-rs` writes
//! insertions, deletions, headers, footers, footnotes and fields, but no move ranges
//! (`w:moveFromRangeStart`/`w:moveToRangeStart` with a `w:name`), without which Word cannot pair
//! a `w:moveFrom` with its `w:moveTo`; it brings a second `zip` and a second `quick-xml` (older
//! majors) and, by default, the `image` crate; and its reader is not the one `decl import`
//! needs (tracked changes of paragraph marks, readings by author, fields nested in fields).

pub mod package;
pub mod read;
pub mod styles;
pub mod write;
pub mod xml;

/// The `WordprocessingML` namespace.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The namespace of relationship ids in parts (`r:id`).
pub const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::{Error, Result};

/// Character formatting, read and written: what marks new and deleted text in a REV, and
/// emphasis.
// Independent switches, as Word's own run properties are.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Format {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
}

/// Check a package the way Word would before opening it: every part named in
/// `[Content_Types].xml` exists and is well-formed XML, every relationship of the main document
/// points at a part that exists, and the `w:id`s of tracked changes (insertions, deletions,
/// moves and move ranges) are unique across the parts. Returns the number of tracked changes.
pub fn verify(path: &Path, bytes: &[u8]) -> Result<usize> {
    let mut package = package::Package::open(path, bytes)?;
    let Some(types) = package.part("[Content_Types].xml")? else {
        return Err(Error::file(path, "has no `[Content_Types].xml`"));
    };
    xml::check_well_formed(path, "[Content_Types].xml", &types)?;
    let mut parts = Vec::new();
    let mut reader = Reader::from_str(&types);
    loop {
        match xml::next_event(&mut reader, path, "[Content_Types].xml")? {
            Event::Eof => break,
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Override" => {
                parts.extend(
                    xml::attr(&e, "PartName").map(|p| p.trim_start_matches('/').to_string()),
                );
            }
            _ => {}
        }
    }
    let main = package.main_part()?;
    for (_, target) in package.relationships(&main)? {
        if package.part(&target)?.is_none() {
            return Err(Error::file(
                path,
                format!("`{main}` relates to `{target}`, which is missing"),
            ));
        }
    }
    let mut ids = std::collections::HashSet::new();
    let mut changes = 0;
    for part in &parts {
        let Some(text) = package.part(part)? else {
            return Err(Error::file(
                path,
                format!("`[Content_Types].xml` names `{part}`, which is missing"),
            ));
        };
        xml::check_well_formed(path, part, &text)?;
        let mut reader = Reader::from_str(&text);
        loop {
            match xml::next_event(&mut reader, path, part)? {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    let revision = matches!(
                        name.as_ref(),
                        "ins"
                            | "del"
                            | "moveFrom"
                            | "moveTo"
                            | "moveFromRangeStart"
                            | "moveToRangeStart"
                    );
                    if !revision {
                        continue;
                    }
                    changes += 1;
                    let Some(id) = xml::attr(&e, "id") else {
                        return Err(Error::file(
                            path,
                            format!("a tracked change in `{part}` has no `w:id`"),
                        ));
                    };
                    if !ids.insert(id.clone()) {
                        return Err(Error::file(
                            path,
                            format!("`w:id` {id} is used by two tracked changes"),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::read::{self, Reading};
    use super::write::{Block, Change, Content, Document, Paragraph, Run};
    use super::*;

    fn texts(doc: &read::Document, reading: Reading) -> Vec<String> {
        doc.read(reading)
            .iter()
            .map(|p| crate::text::collapse_whitespace(&p.text()))
            .filter(|t| !t.is_empty())
            .collect()
    }

    #[test]
    fn tracked_changes_written_read_back_accepted_and_rejected() {
        let p = |runs: Vec<Run>| Block::Paragraph(Paragraph::styled(styles::NORMAL, runs));
        let mut split = Paragraph::styled(
            styles::NORMAL,
            vec![Run::text("Split"), Run::text(" ").with(Change::Delete)],
        );
        split.mark = Change::Insert;
        let doc = Document {
            author: "Presidency <\"x\">".into(),
            date: "2025-09-10T00:00:00Z".into(),
            title: "T & <t>".into(),
            body: vec![
                p(vec![
                    Run::text("Reaffirm our "),
                    Run::text("strong").with(Change::Delete),
                    Run::text("full").with(Change::Insert),
                    Run::text(" support </w:t>&amp;"),
                ]),
                Block::Paragraph(
                    Paragraph::styled(styles::NORMAL, vec![Run::text("Moved away.")])
                        .all(Change::MoveFrom(1)),
                ),
                Block::Paragraph(
                    Paragraph::styled(styles::NORMAL, vec![Run::text("Gone.")]).all(Change::Delete),
                ),
                Block::Paragraph(split),
                p(vec![Run::text("here.")]),
                Block::Paragraph(
                    Paragraph::styled(styles::NORMAL, vec![Run::text("New.")]).all(Change::Insert),
                ),
                Block::Paragraph(
                    Paragraph::styled(
                        styles::NORMAL,
                        vec![
                            Run::text("Moved "),
                            Run::text("here").with(Change::Insert),
                            Run::text("."),
                        ],
                    )
                    .all(Change::MoveTo(1)),
                ),
            ],
            footer: vec![Paragraph::styled(
                styles::FOOTER,
                vec![
                    Run::text("11767/25 LIMITE "),
                    Run {
                        content: Content::PageNumber,
                        ..Run::text("")
                    },
                ],
            )],
            header: vec![Paragraph::styled(styles::HEADER, vec![Run::text("LIMITE")])],
            footnotes: vec![vec![Paragraph::styled(
                styles::FOOTNOTE_TEXT,
                vec![Run::text("OJ L 1.")],
            )]],
            ..Document::default()
        };
        // `all` put every run of the moved paragraph in the move, the edits too: set them back.
        let mut doc = doc;
        if let Some(Block::Paragraph(moved)) = doc.body.last_mut() {
            moved.runs[1].change = Change::Insert;
        }
        let bytes = doc.to_docx(None).unwrap();
        let path = Path::new("t.docx");
        assert!(verify(path, &bytes).unwrap() > 8);
        let read = read::read(path, &bytes).unwrap();
        assert_eq!(
            texts(&read, Reading::Accept),
            [
                "Reaffirm our full support </w:t>&amp;",
                "Split",
                "here.",
                "New.",
                "Moved here."
            ]
        );
        assert_eq!(
            texts(&read, Reading::Reject),
            [
                "Reaffirm our strong support </w:t>&amp;",
                "Moved away.",
                "Gone.",
                "Split here."
            ]
        );
        assert!(
            read.revisions
                .iter()
                .all(|r| r.author.as_deref() == Some("Presidency <\"x\">"))
        );
    }

    /// A moved paragraph whose last run is not in the move has its mark written inserted (at
    /// the new place) or deleted (at the old one): LibreOffice drops a move mark there.
    #[test]
    fn a_move_mark_after_a_run_outside_the_move_is_written_inserted_or_deleted() {
        let moved = |runs: Vec<Run>, mark: Change| {
            let mut p = Paragraph::styled(styles::NORMAL, runs);
            p.mark = mark;
            Block::Paragraph(p)
        };
        let doc = Document {
            body: vec![
                moved(
                    vec![
                        Run::text("Moved").with(Change::MoveFrom(1)),
                        Run::text(" away").with(Change::Delete),
                    ],
                    Change::MoveFrom(1),
                ),
                moved(
                    vec![Run::text("Kept.").with(Change::MoveFrom(2))],
                    Change::MoveFrom(2),
                ),
                moved(
                    vec![
                        Run::text("Moved").with(Change::MoveTo(1)),
                        Run::text(" here.").with(Change::Insert),
                    ],
                    Change::MoveTo(1),
                ),
                moved(
                    vec![Run::text("Kept.").with(Change::MoveTo(2))],
                    Change::MoveTo(2),
                ),
            ],
            ..Document::default()
        };
        let bytes = doc.to_docx(None).unwrap();
        let path = Path::new("t.docx");
        verify(path, &bytes).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        let marks: Vec<&str> = xml
            .split("<w:pPr>")
            .skip(1)
            .filter_map(|p| p.split("</w:pPr>").next()?.split("<w:rPr><").nth(1))
            .filter_map(|m| m.split(' ').next())
            .collect();
        assert_eq!(marks, ["w:del", "w:moveFrom", "w:ins", "w:moveTo"], "{xml}");
        let read = read::read(path, &bytes).unwrap();
        assert_eq!(texts(&read, Reading::Accept), ["Moved here.", "Kept."]);
        assert_eq!(texts(&read, Reading::Reject), ["Moved away", "Kept."]);
    }
}
