//! A Word document as written: its paragraphs with styles, numbering, character formatting and
//! tracked changes (each with its author and date), read from the package's main document part
//! with `styles.xml` and `numbering.xml`.
//!
//! What is kept of a paragraph is its text as runs of [`Segment`]s. Tabs and line breaks are
//! spaces, non-breaking hyphens hyphens, symbol characters (`w:sym`) the Unicode characters they
//! show (Symbol and Wingdings fonts; any other is named in [`Document::warnings`]). Of a field,
//! only the result shows, as in Word: the instructions, and the results of fields nested in them,
//! are left out. Text boxes, drawings, headers, footers, footnotes and comments are not read.
//!
//! A [`Reading`] decides which tracked changes apply: all (accepted), none (rejected), one
//! author's or some authors'. Text inserted and then deleted is in no reading but the one that
//! takes the insertion and not the deletion. A removed paragraph mark joins the paragraph to the
//! next, except across the edge of a table cell (Word keeps such a paragraph apart). A drop cap
//! (`w:framePr w:dropCap`) is the first letters of the next paragraph and is read as part of it.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

pub use super::Format;
use super::package::Package;
use super::xml::{attr, next_event};
use crate::error::{Error, Result};

/// What a tracked change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionKind {
    /// `w:ins`, or `w:moveTo` (the new place of moved text).
    Insert,
    /// `w:del`, or `w:moveFrom` (the old place of moved text).
    Delete,
}

/// One tracked change, as Word records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub kind: RevisionKind,
    /// Whether it was a move (`w:moveFrom`/`w:moveTo`).
    pub moved: bool,
    pub author: Option<String>,
    /// As written: `2025-09-01T10:00:00Z`.
    pub date: Option<String>,
}

/// Text of one formatting and one set of tracked changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub format: Format,
    /// The insertion it is part of (an index into [`Document::revisions`]).
    pub inserted: Option<usize>,
    /// The deletion it is part of.
    pub deleted: Option<usize>,
}

/// One paragraph as written.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    /// The paragraph style's id.
    pub style: Option<String>,
    /// Numbering given on the paragraph: `(numId, ilvl)`.
    pub num: Option<(u32, u8)>,
    pub outline: Option<u8>,
    pub segments: Vec<Segment>,
    /// A tracked insertion of the paragraph mark: without it, the paragraph joins the next.
    pub mark_inserted: Option<usize>,
    /// A tracked deletion of the paragraph mark: with it, the paragraph joins the next.
    pub mark_deleted: Option<usize>,
    /// What the paragraph is in: 0 the body, else one table cell.
    pub container: usize,
    /// A drop cap: the first letters of the next paragraph, set large.
    pub drop_cap: bool,
    num_id: Option<u32>,
    ilvl: Option<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct Style {
    pub name: String,
    pub based_on: Option<String>,
    pub outline: Option<u8>,
    pub num: Option<(u32, u8)>,
}

/// A list level's format (`decimal`, `bullet`, `lowerLetter`, …) and start.
#[derive(Debug, Clone)]
pub struct Level {
    pub format: String,
    pub start: u32,
}

#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<u32, u32>,
    /// abstractNumId → level → format.
    abstracts: HashMap<u32, HashMap<u8, Level>>,
}

/// A Word document, read.
#[derive(Debug, Default)]
pub struct Document {
    pub paragraphs: Vec<Paragraph>,
    pub styles: HashMap<String, Style>,
    pub numbering: Numbering,
    /// Every tracked change, in document order.
    pub revisions: Vec<Revision>,
    pub has_tables: bool,
    pub has_boxes: bool,
    /// What could not be read faithfully, one line each.
    pub warnings: Vec<String>,
}

/// Which tracked changes apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading<'a> {
    /// All of them: the text as it would be.
    Accept,
    /// None: the text before them.
    Reject,
    /// Only those of this author (`None`: changes that name none): the text before, with that
    /// author's changes.
    Author(Option<&'a str>),
    /// Only those of these authors: the changes of one delegation whose people sign them
    /// differently.
    Authors(&'a [Option<String>]),
}

impl Reading<'_> {
    /// Whether the reading applies a tracked change.
    #[must_use]
    pub fn applies(self, revision: &Revision) -> bool {
        match self {
            Reading::Accept => true,
            Reading::Reject => false,
            Reading::Author(a) => revision.author.as_deref() == a,
            Reading::Authors(list) => list.contains(&revision.author),
        }
    }
}

/// Read a `.docx` from its bytes; errors name `path`.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document> {
    let mut package = Package::open(path, bytes)?;
    let main = package.main_part()?;
    let Some(xml) = package.part(&main)? else {
        return Err(Error::file(
            path,
            format!("is a zip archive but not a Word document: it has no `{main}`"),
        )
        .hint("give a `.docx` saved by Word or LibreOffice, or the note's text as `.txt`"));
    };
    let mut doc = Document::default();
    let sibling = |name: &str| match main.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    };
    let styles = package
        .related(&main, super::package::rel::STYLES)?
        .unwrap_or_else(|| sibling("styles.xml"));
    if let Some(text) = package.part(&styles)? {
        doc.styles = parse_styles(path, &styles, &text)?;
    }
    let numbering = package
        .related(&main, super::package::rel::NUMBERING)?
        .unwrap_or_else(|| sibling("numbering.xml"));
    if let Some(text) = package.part(&numbering)? {
        doc.numbering = parse_numbering(path, &numbering, &text)?;
    }
    parse_document(path, &main, &xml, &mut doc)?;
    Ok(doc)
}

fn parse_styles(path: &Path, part: &str, xml: &str) -> Result<HashMap<String, Style>> {
    let mut reader = Reader::from_str(xml);
    let mut styles = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let mut num_id: Option<u32> = None;
    let mut ilvl: Option<u8> = None;
    loop {
        match next_event(&mut reader, path, part)? {
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
    "footnoteReference",
    "endnoteReference",
    "commentReference",
];

/// Where the reader is.
// Independent switches of the reader's position, as the XML nests them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Default)]
struct State {
    depth: usize,
    skip: Option<usize>,
    paragraph: Option<Paragraph>,
    /// Open tracked changes around runs: `(depth, revision)`.
    changes: Vec<(usize, usize)>,
    in_ppr: bool,
    in_mark_rpr: bool,
    in_run_rpr: bool,
    format: Format,
    in_text: bool,
    /// Open fields, innermost last: whether each is past its instructions (`separate`).
    fields: Vec<bool>,
    /// Open table cells, innermost last.
    cells: Vec<usize>,
    next_cell: usize,
}

impl State {
    fn visible(&self) -> bool {
        self.fields.iter().all(|&result| result)
    }
}

#[allow(clippy::too_many_lines)]
fn parse_document(path: &Path, part: &str, xml: &str, doc: &mut Document) -> Result<()> {
    let mut reader = Reader::from_str(xml);
    let mut st = State::default();
    // Kinds of the revisions, looked up while runs are read (the document is borrowed apart).
    let mut kinds: Vec<RevisionKind> = Vec::new();
    loop {
        let event = next_event(&mut reader, path, part)?;
        match event {
            Event::Eof if st.depth > 0 => {
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
                st.depth += 1;
                if st.skip.is_some() {
                    continue;
                }
                let name = e.local_name();
                let name = name.as_ref();
                if name == "rPr" && !st.in_ppr {
                    st.in_run_rpr = true;
                    continue;
                }
                if SKIPPED.contains(&name) {
                    if matches!(name, "txbxContent" | "drawing" | "pict") {
                        doc.has_boxes = true;
                    }
                    st.skip = Some(st.depth);
                    continue;
                }
                match name {
                    "p" => {
                        st.paragraph = Some(Paragraph {
                            container: st.cells.last().copied().unwrap_or(0),
                            ..Paragraph::default()
                        });
                    }
                    "r" => st.format = Format::default(),
                    "pPr" => st.in_ppr = true,
                    "rPr" => st.in_mark_rpr = true,
                    "t" | "delText" => st.in_text = true,
                    "tbl" => doc.has_tables = true,
                    "tc" => {
                        st.next_cell += 1;
                        st.cells.push(st.next_cell);
                    }
                    "ins" | "moveTo" | "del" | "moveFrom" => {
                        let r = revision(&e, doc, &mut kinds);
                        if st.in_mark_rpr {
                            mark_change(&mut st, &kinds, r);
                        } else {
                            st.changes.push((st.depth, r));
                        }
                    }
                    _ => empty_element(&e, &mut st, doc, &mut kinds),
                }
            }
            Event::Empty(e) if st.skip.is_none() && st.in_run_rpr => {
                format_element(&e, &mut st.format);
            }
            Event::Empty(e) if st.skip.is_none() => {
                let name = e.local_name();
                if matches!(name.as_ref(), "ins" | "moveTo" | "del" | "moveFrom") {
                    let r = revision(&e, doc, &mut kinds);
                    if st.in_mark_rpr {
                        mark_change(&mut st, &kinds, r);
                    }
                    continue;
                }
                empty_element(&e, &mut st, doc, &mut kinds);
            }
            Event::End(e) => {
                if let Some(d) = st.skip {
                    if d == st.depth {
                        st.skip = None;
                    }
                    st.depth = st.depth.saturating_sub(1);
                    continue;
                }
                match e.local_name().as_ref() {
                    "p" => {
                        if let Some(mut p) = st.paragraph.take() {
                            if p.num.is_none()
                                && let Some(id) = p.num_id
                            {
                                p.num = Some((id, p.ilvl.unwrap_or(0)));
                            }
                            doc.paragraphs.push(p);
                        }
                        st.in_ppr = false;
                        st.in_mark_rpr = false;
                    }
                    "pPr" => {
                        st.in_ppr = false;
                        st.in_mark_rpr = false;
                    }
                    "rPr" if st.in_run_rpr => st.in_run_rpr = false,
                    "rPr" => st.in_mark_rpr = false,
                    "t" | "delText" => st.in_text = false,
                    "tc" => {
                        st.cells.pop();
                    }
                    _ => {
                        if st.changes.last().is_some_and(|&(d, _)| d == st.depth) {
                            st.changes.pop();
                        }
                    }
                }
                st.depth = st.depth.saturating_sub(1);
            }
            Event::Text(t) if st.in_text && st.skip.is_none() => {
                push(&mut st, &kinds, &t.xml10_content());
            }
            Event::CData(t) if st.in_text && st.skip.is_none() => {
                push(&mut st, &kinds, &t.xml10_content());
            }
            Event::GeneralRef(r) if st.in_text && st.skip.is_none() => {
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
                push(&mut st, &kinds, &c.to_string());
            }
            _ => {}
        }
    }
    Ok(())
}

/// Record a tracked change's element; returns its index.
fn revision(e: &BytesStart, doc: &mut Document, kinds: &mut Vec<RevisionKind>) -> usize {
    let name = e.local_name();
    let (kind, moved) = match name.as_ref() {
        "ins" => (RevisionKind::Insert, false),
        "moveTo" => (RevisionKind::Insert, true),
        "del" => (RevisionKind::Delete, false),
        _ => (RevisionKind::Delete, true),
    };
    doc.revisions.push(Revision {
        kind,
        moved,
        author: attr(e, "author").filter(|a| !a.trim().is_empty()),
        date: attr(e, "date").filter(|d| !d.trim().is_empty()),
    });
    kinds.push(kind);
    doc.revisions.len() - 1
}

fn mark_change(st: &mut State, kinds: &[RevisionKind], r: usize) {
    if let Some(p) = st.paragraph.as_mut() {
        match kinds[r] {
            RevisionKind::Insert => p.mark_inserted = Some(r),
            RevisionKind::Delete => p.mark_deleted = Some(r),
        }
    }
}

/// Text of the current run, with the tracked changes open around it.
fn push(st: &mut State, kinds: &[RevisionKind], text: &str) {
    if !st.visible() {
        return;
    }
    let format = st.format;
    let mut inserted = None;
    let mut deleted = None;
    for &(_, r) in &st.changes {
        match kinds[r] {
            RevisionKind::Insert => inserted = Some(r),
            RevisionKind::Delete => deleted = Some(r),
        }
    }
    let Some(p) = st.paragraph.as_mut() else {
        return;
    };
    match p.segments.last_mut() {
        Some(s) if s.format == format && s.inserted == inserted && s.deleted == deleted => {
            s.text.push_str(text);
        }
        _ => p.segments.push(Segment {
            text: text.to_string(),
            format,
            inserted,
            deleted,
        }),
    }
}

/// `<w:b/>`, `<w:i/>`, `<w:u w:val="single"/>`, `<w:strike/>`, `<w:dstrike/>` in a run's
/// properties, unless switched off.
fn format_element(e: &BytesStart, format: &mut Format) {
    let val = attr(e, "val");
    let on = !matches!(val.as_deref(), Some("0" | "false" | "off" | "none"));
    match e.local_name().as_ref() {
        "b" => format.bold = on,
        "i" => format.italic = on,
        "u" => format.underline = on,
        "strike" | "dstrike" => format.strike = on,
        _ => {}
    }
}

/// Elements without content that matter: paragraph properties, fields, and characters in runs.
fn empty_element(
    e: &BytesStart,
    st: &mut State,
    doc: &mut Document,
    kinds: &mut Vec<RevisionKind>,
) {
    let name = e.local_name();
    let name = name.as_ref();
    if name == "fldChar" {
        match attr(e, "fldCharType").as_deref() {
            Some("begin") => st.fields.push(false),
            Some("separate") => {
                if let Some(last) = st.fields.last_mut() {
                    *last = true;
                }
            }
            Some("end") => {
                st.fields.pop();
            }
            _ => {}
        }
        return;
    }
    if st.in_ppr {
        let Some(p) = st.paragraph.as_mut() else {
            return;
        };
        match name {
            "pStyle" => p.style = attr(e, "val"),
            "numId" => p.num_id = attr(e, "val").and_then(|v| v.parse().ok()),
            "ilvl" => p.ilvl = attr(e, "val").and_then(|v| v.parse().ok()),
            "outlineLvl" => p.outline = attr(e, "val").and_then(|v| v.parse().ok()),
            "framePr" => {
                p.drop_cap = matches!(attr(e, "dropCap").as_deref(), Some("drop" | "margin"));
            }
            "ins" | "moveTo" | "del" | "moveFrom" if st.in_mark_rpr => {
                let r = revision(e, doc, kinds);
                mark_change(st, kinds, r);
            }
            _ => {}
        }
        return;
    }
    let text = match name {
        "tab" | "ptab" | "br" | "cr" => " ".to_string(),
        "noBreakHyphen" => "-".to_string(),
        "softHyphen" => String::new(),
        "sym" => {
            let font = attr(e, "font").unwrap_or_default();
            let code = attr(e, "char").and_then(|c| u32::from_str_radix(&c, 16).ok());
            if let Some(c) = code.and_then(|c| symbol(&font, c)) {
                c.to_string()
            } else {
                let warning = format!(
                    "a symbol character (font `{font}`, code `{}`) has no Unicode equivalent known to decl and was left out",
                    attr(e, "char").unwrap_or_default()
                );
                if !doc.warnings.contains(&warning) {
                    doc.warnings.push(warning);
                }
                return;
            }
        }
        _ => return,
    };
    if st.paragraph.is_some() {
        push(st, kinds, &text);
    }
}

/// The Unicode character a symbol-font character shows. Word writes the code of a symbol font
/// either as its byte (`00B7`) or in the private use area (`F0B7`).
fn symbol(font: &str, code: u32) -> Option<char> {
    let byte = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = font.to_ascii_lowercase();
    if font == "symbol" {
        return symbol_font(byte);
    }
    if font.starts_with("wingdings") {
        return wingdings(byte);
    }
    // Any other font: the code is a Unicode character, unless it is in the private use area.
    char::from_u32(code).filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c) && !c.is_control())
}

/// The Adobe Symbol encoding, for the characters that have one Unicode equivalent.
fn symbol_font(byte: u32) -> Option<char> {
    const LOW: &str = " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_\u{F8E5}αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼";
    const HIGH: &str = "ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑";
    let pick = |table: &str, at: u32| {
        table
            .chars()
            .nth(usize::try_from(at).ok()?)
            .filter(|c| *c != '\u{F8E5}')
    };
    match byte {
        0x20..=0x7E => pick(LOW, byte - 0x20),
        0xA0 => Some('€'),
        0xA1..=0xE5 => pick(HIGH, byte - 0xA1),
        0xF1 => Some('〉'),
        0xF2 => Some('∫'),
        _ => None,
    }
}

/// The Wingdings characters documents use as bullets and ticks.
fn wingdings(byte: u32) -> Option<char> {
    Some(match byte {
        0x6C => '●',
        0x6E => '■',
        0x6F => '□',
        0x71 => '❑',
        0x76 => '❖',
        0x9F => '•',
        0xA7 => '▪',
        0xA8 => '◻',
        0xD8 => '➢',
        0xE0 => '→',
        0xFB => '✗',
        0xFC => '✓',
        0xFD => '☒',
        0xFE => '☑',
        _ => return None,
    })
}

/// What a paragraph's style makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    /// `Heading n`, n from 1.
    Heading(u8),
    /// The style `decl` writes clauses in (`Clause`): always a clause.
    Clause,
    /// The place-and-date line (`Dateline`).
    Dateline,
    /// A note of a comparison `decl` wrote (`Comparison Note`), not text of the declaration.
    Note,
    /// The break (`---`) before the closing paragraphs (`Section Break`, an empty paragraph).
    Break,
    Body,
}

/// A paragraph of one reading: the paragraph as written (its properties), and the segments
/// that the reading keeps, from it and from paragraphs joined to it.
#[derive(Debug)]
pub struct ReadParagraph<'a> {
    pub paragraph: &'a Paragraph,
    pub segments: Vec<&'a Segment>,
}

impl ReadParagraph<'_> {
    /// The text of the kept segments.
    #[must_use]
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// Characters (not spaces) in bold or underlined segments, and in others.
    #[must_use]
    pub fn emphasis(&self) -> (usize, usize) {
        let mut emphasized = 0;
        let mut plain = 0;
        for s in &self.segments {
            let n = s.text.chars().filter(|c| !c.is_whitespace()).count();
            if s.format.bold || s.format.underline {
                emphasized += n;
            } else {
                plain += n;
            }
        }
        (emphasized, plain)
    }
}

impl Document {
    /// The paragraphs of one reading, with the reading's paragraph marks: a paragraph whose
    /// mark the reading removes is joined to the next one in the same table cell (or body).
    #[must_use]
    pub fn read(&self, reading: Reading) -> Vec<ReadParagraph<'_>> {
        let applies = |r: Option<usize>| r.is_some_and(|r| reading.applies(&self.revisions[r]));
        let mut out: Vec<ReadParagraph> = Vec::new();
        let mut carried: Option<(usize, Vec<&Segment>)> = None;
        for (i, p) in self.paragraphs.iter().enumerate() {
            let mut segments: Vec<&Segment> = Vec::new();
            if let Some((container, kept)) = carried.take() {
                if container == p.container {
                    segments = kept;
                } else if let Some(prev) = self.paragraphs.get(i.wrapping_sub(1)) {
                    // Word cannot join a paragraph into a table: it stays apart.
                    out.push(ReadParagraph {
                        paragraph: prev,
                        segments: kept,
                    });
                }
            }
            segments.extend(p.segments.iter().filter(|s| {
                let present = s
                    .inserted
                    .is_none_or(|r| reading.applies(&self.revisions[r]));
                let removed = applies(s.deleted);
                present && !removed
            }));
            let mark_removed = applies(p.mark_deleted)
                || p.mark_inserted
                    .is_some_and(|r| !reading.applies(&self.revisions[r]));
            if mark_removed || p.drop_cap {
                carried = Some((p.container, segments));
                continue;
            }
            out.push(ReadParagraph {
                paragraph: p,
                segments,
            });
        }
        if let Some((_, kept)) = carried
            && let Some(last) = self.paragraphs.last()
            && kept.iter().any(|s| !s.text.trim().is_empty())
        {
            out.push(ReadParagraph {
                paragraph: last,
                segments: kept,
            });
        }
        out
    }

    /// The authors of the tracked changes, in order of first change, with how many each made
    /// (`None` for changes that name no author).
    #[must_use]
    pub fn authors(&self) -> Vec<(Option<String>, usize)> {
        let mut out: Vec<(Option<String>, usize)> = Vec::new();
        for r in &self.revisions {
            match out.iter_mut().find(|(a, _)| *a == r.author) {
                Some((_, n)) => *n += 1,
                None => out.push((r.author.clone(), 1)),
            }
        }
        out
    }

    /// Every tracked change with the text it inserted or deleted (a paragraph mark is `¶`), in
    /// document order.
    #[must_use]
    pub fn changes(&self) -> Vec<(&Revision, String)> {
        let mut texts: Vec<String> = vec![String::new(); self.revisions.len()];
        for p in &self.paragraphs {
            for s in &p.segments {
                // Text inserted and deleted again is told with both changes.
                for r in [s.inserted, s.deleted].into_iter().flatten() {
                    texts[r].push_str(&s.text);
                }
            }
            for r in [p.mark_inserted, p.mark_deleted].into_iter().flatten() {
                texts[r].push('¶');
            }
        }
        self.revisions.iter().zip(texts).collect()
    }

    #[must_use]
    pub fn role(&self, p: &Paragraph) -> Role {
        let mut id = p.style.clone();
        if let Some(level) = p.outline.filter(|l| *l < 9) {
            return Role::Heading(level + 1);
        }
        for _ in 0..12 {
            let Some(style) = id.as_ref().and_then(|i| self.styles.get(i)) else {
                break;
            };
            let name = style.name.to_ascii_lowercase();
            match name.as_str() {
                "title" => return Role::Title,
                "clause" => return Role::Clause,
                "dateline" => return Role::Dateline,
                "comparison note" => return Role::Note,
                "section break" => return Role::Break,
                _ => {}
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

    /// Whether the document was written in `decl`'s styles (it has a paragraph in the `Clause`
    /// style): then styles alone say what each paragraph is.
    #[must_use]
    pub fn styled(&self) -> bool {
        self.paragraphs.iter().any(|p| self.role(p) == Role::Clause)
    }

    /// The numbering of a paragraph, given on it or through its style; `None` when numbering
    /// is off.
    #[must_use]
    pub fn numbering_of(&self, p: &Paragraph) -> Option<(u32, u8)> {
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

    #[must_use]
    pub fn level(&self, num_id: u32, ilvl: u8) -> Option<&Level> {
        let abstract_id = self.numbering.nums.get(&num_id)?;
        self.numbering.abstracts.get(abstract_id)?.get(&ilvl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_fonts_map_to_unicode() {
        assert_eq!(symbol("Symbol", 0xF0B7), Some('•'));
        assert_eq!(symbol("Symbol", 0x61), Some('α'));
        assert_eq!(symbol("Symbol", 0xF0E5), Some('∑'));
        assert_eq!(symbol("Symbol", 0xF0A3), Some('≤'));
        assert_eq!(symbol("Wingdings", 0xF0FC), Some('✓'));
        assert_eq!(symbol("Times New Roman", 0x2013), Some('–'));
        assert_eq!(symbol("Webdings", 0xF021), None);
        assert_eq!(symbol("Symbol", 0xF060), None);
    }
}
