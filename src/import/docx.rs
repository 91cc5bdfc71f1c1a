//! Word documents (`.docx`): a zip archive of XML parts, read without any external program.
//!
//! What is read from the main document part (`word/document.xml`, found through
//! `_rels/.rels`), with `word/styles.xml` and `word/numbering.xml`:
//! - paragraphs, as plain text: character formatting (bold, italics, underline) is not carried
//!   over, tabs and line breaks become spaces, non-breaking hyphens hyphens;
//! - headings by paragraph style (or a style it is based on, or an outline level): `Title` is the
//!   `#` title, `Heading 1` a `##` section, `Heading 2` a `###` one, and so on. Without a `Title`,
//!   a lone top-level heading that opens the document is the title and the others move up a level;
//! - numbered and bulleted paragraphs (Word numbering, also through a list style) become list
//!   items, nested by their list level; numbers are counted as Word shows them;
//! - bracketed text stays as written; a paragraph that is one bracketed phrase of four words or
//!   more, such as `[On prevention of migrant smuggling, we:]`, is a heading, as in a Council note;
//! - tracked changes: insertions (`w:ins`, `w:moveTo`) and deletions (`w:del`, `w:moveFrom`),
//!   also of paragraph marks (which join two paragraphs), give two readings: with the changes
//!   accepted (the text as it would be) or rejected (the text before them);
//! - tables are read paragraph by paragraph, cell by cell; text boxes, drawings, field codes,
//!   headers, footers, footnotes and comments are left out.
//!
//! Limits against hostile archives: at most [`MAX_ENTRIES`] entries, and every part read is at
//! most [`MAX_PART_BYTES`] uncompressed, both as the archive declares it and as it inflates.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Block, Draft, Marker, add_closing_break, draft_meta, is_heading_text};
use crate::error::{Error, Result};
use crate::text::collapse_whitespace;

/// The most entries an archive may have (a real `.docx` has a few dozen).
pub const MAX_ENTRIES: usize = 10_000;
/// The largest uncompressed part read (a 1,000-page document is a few MiB of XML).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Which reading of the tracked changes to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The text with every tracked change accepted.
    Accept,
    /// The text with every tracked change rejected: as it was before them.
    Reject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Change {
    #[default]
    None,
    Inserted,
    Deleted,
}

impl Change {
    fn removed_in(self, view: View) -> bool {
        matches!(
            (self, view),
            (Change::Deleted, View::Accept) | (Change::Inserted, View::Reject)
        )
    }
}

/// One paragraph as written, with its tracked changes.
#[derive(Debug, Clone, Default)]
struct Para {
    style: Option<String>,
    /// `(numId, ilvl)` given on the paragraph.
    num: Option<(u32, u8)>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    segments: Vec<(Change, String)>,
    /// A tracked change of the paragraph mark: deleting it joins this paragraph to the next.
    mark: Change,
    /// Characters (not spaces) in bold or underlined runs, and in others: a paragraph all in
    /// bold or underlined is a heading.
    emphasized: usize,
    plain: usize,
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(u32, u8)>,
}

/// A list level's format (`decimal`, `bullet`, `lowerLetter`, …) and start.
#[derive(Debug, Clone)]
struct Level {
    format: String,
    start: u32,
}

#[derive(Debug, Default)]
struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<u32, u32>,
    /// abstractNumId → level → format.
    abstracts: HashMap<u32, HashMap<u8, Level>>,
}

/// A Word document, read.
#[derive(Debug, Default)]
pub struct Document {
    paragraphs: Vec<Para>,
    styles: HashMap<String, Style>,
    numbering: Numbering,
    /// How many tracked changes the document has.
    pub tracked_changes: usize,
    tables: bool,
    skipped_boxes: bool,
}

/// Read a `.docx` from its bytes; errors name `path`.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(path, &e))?;
    if archive.len() > MAX_ENTRIES {
        return Err(Error::file(
            path,
            format!(
                "archive has {} entries, over the limit of {MAX_ENTRIES}; not a Word document",
                archive.len()
            ),
        ));
    }
    let main = match read_part(&mut archive, path, "_rels/.rels")? {
        Some(rels) => main_part(path, &rels)?,
        None => None,
    }
    .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(document) = read_part(&mut archive, path, &main)? else {
        return Err(Error::file(
            path,
            format!("is a zip archive but not a Word document: it has no `{main}`"),
        )
        .hint("give a `.docx` saved by Word or LibreOffice, or the note's text as `.txt`"));
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let part = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let mut doc = Document::default();
    if let Some(styles) = read_part(&mut archive, path, &part("styles.xml"))? {
        doc.styles = parse_styles(path, &part("styles.xml"), &styles)?;
    }
    if let Some(numbering) = read_part(&mut archive, path, &part("numbering.xml"))? {
        doc.numbering = parse_numbering(path, &part("numbering.xml"), &numbering)?;
    }
    parse_document(path, &main, &document, &mut doc)?;
    Ok(doc)
}

fn zip_error(path: &Path, err: &zip::result::ZipError) -> Error {
    use zip::result::ZipError;
    match err {
        ZipError::UnsupportedArchive(m) if *m == ZipError::PASSWORD_REQUIRED => password(path),
        ZipError::InvalidPassword => password(path),
        _ => Error::file(
            path,
            format!("is not a readable `.docx` (corrupt zip: {err})"),
        )
        .hint("open it in Word or LibreOffice and save it again"),
    }
}

fn password(path: &Path) -> Error {
    Error::file(
        path,
        "is password-protected; `decl` cannot read encrypted documents",
    )
    .hint("remove the password in Word (File > Info > Protect Document) and import again")
}

/// Read one part of the archive as UTF-8, within the size limits; `None` when it is absent.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    path: &Path,
    name: &str,
) -> Result<Option<String>> {
    let mut file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(path, &e)),
    };
    if file.encrypted() {
        return Err(password(path));
    }
    let bomb = |what: String| {
        Error::file(
            path,
            format!(
                "`{name}` {what} (limit {} MiB): refusing a possible zip bomb",
                MAX_PART_BYTES / (1024 * 1024)
            ),
        )
    };
    if file.size() > MAX_PART_BYTES {
        return Err(bomb(format!(
            "declares {} MiB uncompressed",
            file.size() / (1024 * 1024)
        )));
    }
    let capacity = usize::try_from(file.size().min(1024 * 1024)).unwrap_or(0);
    let mut buf = Vec::with_capacity(capacity);
    (&mut file)
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| {
            if e.to_string().contains("declared") {
                return bomb("inflates beyond the size it declares".to_string());
            }
            Error::file(path, format!("is not a readable `.docx`: `{name}`: {e}"))
                .hint("open it in Word or LibreOffice and save it again")
        })?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(bomb("inflates to more than the limit".to_string()));
    }
    String::from_utf8(buf).map(Some).map_err(|_| {
        Error::file(
            path,
            format!("is not a readable `.docx`: `{name}` is not UTF-8"),
        )
    })
}

fn xml_error(path: &Path, part: &str, reader: &Reader<&[u8]>, err: &quick_xml::Error) -> Error {
    Error::file(
        path,
        format!(
            "is not a readable `.docx`: `{part}` is broken XML at byte {}: {err}",
            reader.buffer_position()
        ),
    )
    .hint("open it in Word or LibreOffice and save it again")
}

/// The next event of a part. A DOCTYPE is refused: Word never writes one, and its entities
/// could expand without end (an entity bomb), or stand for text `decl` would silently drop.
fn next_event<'a>(reader: &mut Reader<&'a [u8]>, path: &Path, part: &str) -> Result<Event<'a>> {
    match reader.read_event() {
        Err(e) => Err(xml_error(path, part, reader, &e)),
        Ok(Event::DocType(_)) => Err(Error::file(
            path,
            format!("is not a Word document: `{part}` declares a DOCTYPE, which Word never writes"),
        )
        .hint("open it in Word or LibreOffice and save it again")),
        Ok(event) => Ok(event),
    }
}

/// The `w:val` (or other) attribute of an element, by local name.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(std::borrow::Cow::into_owned)
            })
            .flatten()
    })
}

/// The main document part named by the package relationships.
fn main_part(path: &Path, rels: &str) -> Result<Option<String>> {
    let mut reader = Reader::from_str(rels);
    loop {
        match next_event(&mut reader, path, "_rels/.rels") {
            Err(e) => return Err(e),
            Ok(Event::Eof) => return Ok(None),
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let ty = attr(&e, "Type").unwrap_or_default();
                if ty.ends_with("/officeDocument")
                    && let Some(target) = attr(&e, "Target")
                {
                    return Ok(Some(target.trim_start_matches('/').to_string()));
                }
            }
            Ok(_) => {}
        }
    }
}

fn parse_styles(path: &Path, part: &str, xml: &str) -> Result<HashMap<String, Style>> {
    let mut reader = Reader::from_str(xml);
    let mut styles = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let mut num_id: Option<u32> = None;
    let mut ilvl: Option<u8> = None;
    loop {
        let event = next_event(&mut reader, path, part)?;
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" => {
                    num_id = None;
                    ilvl = None;
                    current = attr(&e, "styleId").map(|id| (id, Style::default()));
                }
                "name" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.name = attr(&e, "val").unwrap_or_default();
                    }
                }
                "basedOn" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = attr(&e, "val");
                    }
                }
                "outlineLvl" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.outline = attr(&e, "val").and_then(|v| v.parse().ok());
                    }
                }
                "numId" => num_id = attr(&e, "val").and_then(|v| v.parse().ok()),
                "ilvl" => ilvl = attr(&e, "val").and_then(|v| v.parse().ok()),
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, mut s)) = current.take() {
                    s.num = num_id.map(|n| (n, ilvl.unwrap_or(0)));
                    styles.insert(id, s);
                }
            }
            _ => {}
        }
    }
    Ok(styles)
}

fn parse_numbering(path: &Path, part: &str, xml: &str) -> Result<Numbering> {
    let mut reader = Reader::from_str(xml);
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<u32> = None;
    let mut level: Option<(u8, Level)> = None;
    let mut num_id: Option<u32> = None;
    loop {
        let event = next_event(&mut reader, path, part)?;
        let number = |e: &BytesStart, name: &str| attr(e, name).and_then(|v| v.parse::<u32>().ok());
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "abstractNum" => abstract_id = number(&e, "abstractNumId"),
                "lvl" if abstract_id.is_some() => {
                    level = attr(&e, "ilvl").and_then(|v| v.parse().ok()).map(|l| {
                        (
                            l,
                            Level {
                                format: "decimal".into(),
                                start: 1,
                            },
                        )
                    });
                }
                "numFmt" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.format = attr(&e, "val").unwrap_or_default();
                    }
                }
                "start" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.start = number(&e, "val").unwrap_or(1);
                    }
                }
                "num" => num_id = number(&e, "numId"),
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (num_id, number(&e, "val")) {
                        numbering.nums.insert(n, a);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "lvl" => {
                    if let (Some(a), Some((l, lvl))) = (abstract_id, level.take()) {
                        numbering.abstracts.entry(a).or_default().insert(l, lvl);
                    }
                }
                "abstractNum" => abstract_id = None,
                "num" => num_id = None,
                _ => {}
            },
            _ => {}
        }
    }
    Ok(numbering)
}

/// Elements whose content is not body text.
const SKIPPED: &[&str] = &[
    "pPrChange",
    "rPrChange",
    "sectPr",
    "instrText",
    "delInstrText",
    "drawing",
    "pict",
    "object",
    "Fallback",
    "txbxContent",
    "numberingChange",
    "tblPr",
    "tcPr",
    "trPr",
    "tblGrid",
];

#[allow(clippy::too_many_lines)]
fn parse_document(path: &Path, part: &str, xml: &str, doc: &mut Document) -> Result<()> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    let mut skip: Option<usize> = None;
    let mut paragraph: Option<Para> = None;
    let mut changes: Vec<(usize, Change)> = Vec::new();
    let mut in_ppr = false;
    let mut in_mark_rpr = false;
    let mut in_run_rpr = false;
    let mut emphasis = false;
    let mut in_text = false;
    loop {
        let event = next_event(&mut reader, path, part)?;
        match event {
            Event::Eof if depth > 0 => {
                return Err(Error::file(
                    path,
                    format!(
                        "is not a readable `.docx`: `{part}` ends before its elements close (the file is cut short)"
                    ),
                )
                .hint("open it in Word or LibreOffice and save it again"));
            }
            Event::Eof => break,
            Event::Start(e) => {
                depth += 1;
                if skip.is_some() {
                    continue;
                }
                let name = e.local_name();
                let name = name.as_ref();
                if name == "rPr" && !in_ppr {
                    // A run's properties: only whether it is bold or underlined matters.
                    in_run_rpr = true;
                    continue;
                }
                if SKIPPED.contains(&name) {
                    if matches!(name, "txbxContent" | "drawing" | "pict") {
                        doc.skipped_boxes = true;
                    }
                    skip = Some(depth);
                    continue;
                }
                match name {
                    "p" => paragraph = Some(Para::default()),
                    "r" => emphasis = false,
                    "pPr" => in_ppr = true,
                    "rPr" => in_mark_rpr = true,
                    "t" | "delText" => in_text = true,
                    "tbl" => doc.tables = true,
                    "ins" | "moveTo" | "del" | "moveFrom" => {
                        let change = if matches!(name, "ins" | "moveTo") {
                            Change::Inserted
                        } else {
                            Change::Deleted
                        };
                        doc.tracked_changes += 1;
                        if in_mark_rpr {
                            if let Some(p) = paragraph.as_mut() {
                                p.mark = change;
                            }
                        } else {
                            changes.push((depth, change));
                        }
                    }
                    _ => empty_element(&e, paragraph.as_mut(), in_ppr, in_mark_rpr, doc),
                }
            }
            Event::Empty(e) if skip.is_none() && in_run_rpr => {
                emphasis |= is_emphasis(&e);
            }
            Event::Empty(e) if skip.is_none() => {
                empty_element(&e, paragraph.as_mut(), in_ppr, in_mark_rpr, doc);
            }
            Event::End(e) => {
                if let Some(d) = skip {
                    if d == depth {
                        skip = None;
                    }
                    depth = depth.saturating_sub(1);
                    continue;
                }
                match e.local_name().as_ref() {
                    "p" => {
                        if let Some(mut p) = paragraph.take() {
                            if p.num.is_none()
                                && let Some(id) = p.num_id
                            {
                                p.num = Some((id, p.ilvl.unwrap_or(0)));
                            }
                            doc.paragraphs.push(p);
                        }
                        in_ppr = false;
                        in_mark_rpr = false;
                    }
                    "pPr" => {
                        in_ppr = false;
                        in_mark_rpr = false;
                    }
                    "rPr" if in_run_rpr => in_run_rpr = false,
                    "rPr" => in_mark_rpr = false,
                    "t" | "delText" => in_text = false,
                    _ => {
                        if changes.last().is_some_and(|&(d, _)| d == depth) {
                            changes.pop();
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) if in_text && skip.is_none() => {
                push_text(&mut paragraph, &changes, &t.xml10_content(), emphasis);
            }
            Event::CData(t) if in_text && skip.is_none() => {
                push_text(&mut paragraph, &changes, &t.xml10_content(), emphasis);
            }
            Event::GeneralRef(r) if in_text && skip.is_none() => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                let Some(c) = c else {
                    return Err(Error::file(
                        path,
                        format!(
                            "is not a readable `.docx`: `{part}` refers to the entity `&{};`, which is not one of XML's own",
                            r.xml10_content()
                        ),
                    )
                    .hint("open it in Word or LibreOffice and save it again"));
                };
                push_text(&mut paragraph, &changes, &c.to_string(), emphasis);
            }
            _ => {}
        }
    }
    Ok(())
}

/// `<w:b/>` or `<w:u w:val="single"/>` in a run's properties, not switched off.
fn is_emphasis(e: &BytesStart) -> bool {
    let name = e.local_name();
    let val = attr(e, "val");
    match name.as_ref() {
        "b" => !matches!(val.as_deref(), Some("0" | "false" | "off")),
        "u" => !matches!(val.as_deref(), Some("none" | "0" | "false")),
        _ => false,
    }
}

fn push_text(para: &mut Option<Para>, changes: &[(usize, Change)], text: &str, emphasis: bool) {
    if let Some(p) = para.as_mut() {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        if emphasis {
            p.emphasized += chars;
        } else {
            p.plain += chars;
        }
        let change = changes.last().map_or(Change::None, |&(_, c)| c);
        match p.segments.last_mut() {
            Some((c, s)) if *c == change => s.push_str(text),
            _ => p.segments.push((change, text.to_string())),
        }
    }
}

/// Elements without content that matter: paragraph properties, and characters in runs.
fn empty_element(
    e: &BytesStart,
    para: Option<&mut Para>,
    in_ppr: bool,
    in_mark_rpr: bool,
    doc: &mut Document,
) {
    let Some(p) = para else { return };
    let name = e.local_name();
    let name = name.as_ref();
    if in_ppr {
        match name {
            "pStyle" => p.style = attr(e, "val"),
            "numId" => p.num_id = attr(e, "val").and_then(|v| v.parse().ok()),
            "ilvl" => p.ilvl = attr(e, "val").and_then(|v| v.parse().ok()),
            "outlineLvl" => p.outline = attr(e, "val").and_then(|v| v.parse().ok()),
            "ins" | "moveTo" if in_mark_rpr => {
                p.mark = Change::Inserted;
                doc.tracked_changes += 1;
            }
            "del" | "moveFrom" if in_mark_rpr => {
                p.mark = Change::Deleted;
                doc.tracked_changes += 1;
            }
            _ => {}
        }
        return;
    }
    let text = match name {
        "tab" | "ptab" | "br" | "cr" => " ",
        "noBreakHyphen" => "-",
        _ => return,
    };
    match p.segments.last_mut() {
        Some((_, s)) => s.push_str(text),
        None => p.segments.push((Change::None, text.to_string())),
    }
}

/// What a paragraph's style makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    /// `Heading n`, n from 1.
    Heading(u8),
    Body,
}

impl Document {
    fn role(&self, p: &Para) -> Role {
        let mut id = p.style.clone();
        if let Some(level) = p.outline.filter(|l| *l < 9) {
            return Role::Heading(level + 1);
        }
        for _ in 0..12 {
            let Some(style) = id.as_ref().and_then(|i| self.styles.get(i)) else {
                break;
            };
            let name = style.name.to_ascii_lowercase();
            if name == "title" {
                return Role::Title;
            }
            if let Some(n) = name
                .strip_prefix("heading ")
                .and_then(|n| n.trim().parse::<u8>().ok())
            {
                return Role::Heading(n.max(1));
            }
            if let Some(level) = style.outline.filter(|l| *l < 9) {
                return Role::Heading(level + 1);
            }
            id.clone_from(&style.based_on);
        }
        Role::Body
    }

    fn numbering_of(&self, p: &Para) -> Option<(u32, u8)> {
        let mut found = p.num;
        let mut id = p.style.clone();
        for _ in 0..12 {
            if found.is_some() {
                break;
            }
            let Some(style) = id.as_ref().and_then(|i| self.styles.get(i)) else {
                break;
            };
            found = style.num;
            id.clone_from(&style.based_on);
        }
        // numId 0 switches numbering off.
        found.filter(|(id, _)| *id != 0)
    }

    fn level(&self, num_id: u32, ilvl: u8) -> Option<&Level> {
        let abstract_id = self.numbering.nums.get(&num_id)?;
        self.numbering.abstracts.get(abstract_id)?.get(&ilvl)
    }

    /// The paragraphs of one reading: text with the changes accepted or rejected, and
    /// paragraphs whose mark is removed joined to the next.
    fn view(&self, view: View) -> Vec<(&Para, String)> {
        let mut out = Vec::new();
        let mut carried = String::new();
        for p in &self.paragraphs {
            let mut text = std::mem::take(&mut carried);
            for (change, s) in &p.segments {
                if !change.removed_in(view) {
                    text.push_str(s);
                }
            }
            if p.mark.removed_in(view) {
                carried = text;
                continue;
            }
            out.push((p, text));
        }
        if !carried.trim().is_empty()
            && let Some(last) = self.paragraphs.last()
        {
            out.push((last, carried));
        }
        out
    }

    /// The draft of one reading of the document.
    #[must_use]
    pub fn draft(&self, view: View) -> Draft {
        let mut draft = Draft {
            meta: draft_meta(),
            ..Draft::default()
        };
        let mut counters: HashMap<(u32, u8), u32> = HashMap::new();
        let mut headings: Vec<(usize, u8)> = Vec::new();
        let mut title_style = false;
        for (p, text) in self.view(view) {
            let text = collapse_whitespace(&text);
            if text.is_empty() {
                continue;
            }
            match self.role(p) {
                Role::Title if draft.title.is_none() && draft.blocks.is_empty() => {
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
                Role::Body => {}
            }
            if let Some((num_id, ilvl)) = self.numbering_of(p) {
                let format = self
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
            // A line all in bold or underlined, short and not ending like a clause.
            let emphasized = p.emphasized > 0
                && p.plain == 0
                && text.split_whitespace().count() <= 15
                && !text.trim_end().ends_with(['.', ';', ',', '!', '?']);
            if is_heading_text(&text) || emphasized {
                headings.push((draft.blocks.len(), 2));
                draft.blocks.push(Block::Heading { level: 2, text });
            } else {
                draft.blocks.push(Block::Paragraph(text));
            }
        }
        if !title_style {
            lone_heading_as_title(&mut draft, &headings);
        }
        super::take_title_and_dateline(&mut draft);
        super::recognise_headings(&mut draft.blocks);
        add_closing_break(&mut draft.blocks);
        if self.tables {
            draft
                .warnings
                .push("tables were read paragraph by paragraph, cell by cell".to_string());
        }
        if self.skipped_boxes {
            draft
                .warnings
                .push("text boxes and drawings were left out".to_string());
        }
        draft
    }
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
