//! A Word document to write: paragraphs and tables whose runs and paragraph marks carry tracked
//! changes (insertions, deletions, moves), a page header and footer with fields, footnotes, and
//! portrait or landscape A4 pages. [`Document::to_docx`] makes the package.
//!
//! Every tracked change gets its own `w:id`, unique across the parts (Word refuses a document
//! whose revision ids repeat), and the author and date of the document. A move is a pair of
//! ranges named alike (`w:moveFromRangeStart`/`w:moveToRangeStart`, `w:name="move3"`), with the
//! text moved from in `w:moveFrom` and to in `w:moveTo`. All text goes through
//! [`super::xml::Writer`], which escapes it.

use std::borrow::Borrow;
use std::io::{self, Cursor, Seek, Write};

pub use super::Format;
use super::package::{Builder, Feed, content_type, rel};
use super::styles;
use super::xml::Writer;
use crate::error::{Error, Result};

/// A tracked change of a run, or of a paragraph mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Change {
    #[default]
    None,
    Insert,
    Delete,
    /// Text moved away from here; the number pairs it with its [`Change::MoveTo`].
    MoveFrom(u32),
    /// Text moved here.
    MoveTo(u32),
}

/// What a run holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Text(String),
    Tab,
    /// A line break within the paragraph.
    Break,
    /// The current page number (`PAGE`).
    PageNumber,
    /// The number of pages (`NUMPAGES`).
    PageCount,
    /// A reference to footnote N (1-based, in [`Document::footnotes`]).
    Footnote(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub content: Content,
    pub format: Format,
    pub change: Change,
}

impl Run {
    #[must_use]
    pub fn text(text: impl Into<String>) -> Run {
        Run {
            content: Content::Text(text.into()),
            format: Format::default(),
            change: Change::None,
        }
    }

    /// A run of something other than text: a tab, a field, a footnote reference.
    #[must_use]
    pub fn of(content: Content) -> Run {
        Run {
            content,
            format: Format::default(),
            change: Change::None,
        }
    }

    #[must_use]
    pub fn with(mut self, change: Change) -> Run {
        self.change = change;
        self
    }

    #[must_use]
    pub fn bold(mut self) -> Run {
        self.format.bold = true;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// A style id of [`styles`] (or of the reference document).
    pub style: Option<&'static str>,
    pub align: Option<Align>,
    /// A list: `(numbered, level)`; numbered lists count, others are bullets.
    pub list: Option<(bool, u8)>,
    pub runs: Vec<Run>,
    /// The tracked change of the paragraph mark: inserted for a new paragraph (or the second of
    /// a split), deleted for a removed one (or the first of a merge).
    pub mark: Change,
    pub page_break_before: bool,
    pub keep_next: bool,
    /// A right-aligned tab stop at this many twentieths of a point.
    pub right_tab: Option<u32>,
    /// A left-aligned tab stop.
    pub left_tab: Option<u32>,
    /// A hanging indent of this many twentieths of a point: the lines after the first start
    /// there, and a tab after a number on the first line goes to it.
    pub hanging: Option<u32>,
}

impl Paragraph {
    #[must_use]
    pub fn styled(style: &'static str, runs: Vec<Run>) -> Paragraph {
        Paragraph {
            style: Some(style),
            runs,
            ..Paragraph::default()
        }
    }

    #[must_use]
    pub fn aligned(mut self, align: Align) -> Paragraph {
        self.align = Some(align);
        self
    }

    /// The paragraph and all its runs as one tracked change.
    #[must_use]
    pub fn all(mut self, change: Change) -> Paragraph {
        self.mark = change;
        for run in &mut self.runs {
            run.change = change;
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column widths in twentieths of a point.
    pub widths: Vec<u32>,
    /// Rows repeated at the top of every page.
    pub header_rows: usize,
    /// Rows of cells of paragraphs.
    pub rows: Vec<Vec<Vec<Paragraph>>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A document to write.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub body: Vec<Block>,
    pub header: Vec<Paragraph>,
    pub footer: Vec<Paragraph>,
    /// Footnotes, each its paragraphs; referenced by [`Content::Footnote`] (1-based).
    pub footnotes: Vec<Vec<Paragraph>>,
    pub landscape: bool,
    /// The author of every tracked change.
    pub author: String,
    /// Their date, as Word writes it: `2025-09-10T00:00:00Z`.
    pub date: String,
    /// Document properties.
    pub title: String,
    pub language: Option<String>,
}

/// A4, in twentieths of a point; margins 2.5 cm.
const PAGE_LONG: u32 = 16838;
const PAGE_SHORT: u32 = 11906;
const MARGIN: u32 = 1418;

/// The width of the text on a page, in twentieths of a point.
#[must_use]
pub fn text_width(landscape: bool) -> u32 {
    (if landscape { PAGE_LONG } else { PAGE_SHORT }) - 2 * MARGIN
}

/// The page header line every document decl writes has: `left` at the margin, the marking
/// (bold) at the right margin.
#[must_use]
pub fn header_line(left: impl Into<String>, marking: Option<&str>, landscape: bool) -> Paragraph {
    let mut line = Paragraph::styled(styles::HEADER, vec![Run::text(left)]);
    line.right_tab = Some(text_width(landscape));
    if let Some(marking) = marking {
        line.runs.push(Run::of(Content::Tab));
        line.runs.push(Run::text(marking).bold());
    }
    line
}

/// The page footer line: `left` at the margin, `page / pages` at the right margin.
#[must_use]
pub fn footer_line(left: impl Into<String>, landscape: bool) -> Paragraph {
    let mut line = Paragraph::styled(styles::FOOTER, vec![Run::text(left)]);
    line.right_tab = Some(text_width(landscape));
    line.runs.extend([
        Run::of(Content::Tab),
        Run::of(Content::PageNumber),
        Run::text(" / "),
        Run::of(Content::PageCount),
    ]);
    line
}

/// The move a change belongs to: `(from, name)`.
fn move_of(change: Change) -> Option<(bool, u32)> {
    match change {
        Change::MoveFrom(n) => Some((true, n)),
        Change::MoveTo(n) => Some((false, n)),
        _ => None,
    }
}

/// Writes parts, numbering tracked changes.
struct Parts<'a> {
    doc: &'a Document,
    next_id: u32,
}

impl Parts<'_> {
    fn id(&mut self) -> String {
        self.next_id += 1;
        self.next_id.to_string()
    }

    fn revision(&mut self, w: &mut Writer, name: &'static str) {
        let id = self.id();
        w.empty(
            name,
            &[
                ("w:id", &id),
                ("w:author", &self.doc.author),
                ("w:date", &self.doc.date),
            ],
        );
    }

    fn open_revision(&mut self, w: &mut Writer, name: &'static str) {
        let id = self.id();
        w.open(
            name,
            &[
                ("w:id", &id),
                ("w:author", &self.doc.author),
                ("w:date", &self.doc.date),
            ],
        );
    }

    fn paragraph(&mut self, w: &mut Writer, p: &Paragraph) {
        w.open("w:p", &[]);
        w.open("w:pPr", &[]);
        if let Some(style) = p.style {
            w.empty("w:pStyle", &[("w:val", style)]);
        }
        if p.keep_next {
            w.empty("w:keepNext", &[]);
        }
        if p.page_break_before {
            w.empty("w:pageBreakBefore", &[]);
        }
        if let Some((numbered, level)) = p.list {
            w.open("w:numPr", &[]);
            w.empty("w:ilvl", &[("w:val", &level.min(8).to_string())]);
            w.empty("w:numId", &[("w:val", if numbered { "1" } else { "2" })]);
            w.close("w:numPr");
        }
        if p.left_tab.is_some() || p.right_tab.is_some() {
            w.open("w:tabs", &[]);
            for (val, pos) in [("left", p.left_tab), ("right", p.right_tab)] {
                if let Some(pos) = pos {
                    w.empty("w:tab", &[("w:val", val), ("w:pos", &pos.to_string())]);
                }
            }
            w.close("w:tabs");
        }
        if let Some(hanging) = p.hanging {
            let hanging = hanging.to_string();
            w.empty("w:ind", &[("w:left", &hanging), ("w:hanging", &hanging)]);
        }
        if let Some(align) = p.align {
            let val = match align {
                Align::Left => "left",
                Align::Center => "center",
                Align::Right => "right",
                Align::Justify => "both",
            };
            w.empty("w:jc", &[("w:val", val)]);
        }
        // A moved paragraph's mark is the move's only after a run of the move: LibreOffice (7.4)
        // drops a `w:moveFrom`/`w:moveTo` mark that follows an inserted, deleted or plain run
        // (or no run), so that accepting or rejecting every change keeps the paragraph, or joins
        // another. There it is written deleted or inserted instead, which reads the same.
        let last_moved = |from: bool| {
            p.runs
                .last()
                .and_then(|r| move_of(r.change))
                .is_some_and(|(f, _)| f == from)
        };
        let mark = match p.mark {
            Change::None => None,
            Change::MoveFrom(_) if last_moved(true) => Some("w:moveFrom"),
            Change::MoveTo(_) if last_moved(false) => Some("w:moveTo"),
            Change::Delete | Change::MoveFrom(_) => Some("w:del"),
            Change::Insert | Change::MoveTo(_) => Some("w:ins"),
        };
        if let Some(name) = mark {
            w.open("w:rPr", &[]);
            self.revision(w, name);
            w.close("w:rPr");
        }
        w.close("w:pPr");
        // A move's range spans each run of runs that belong to it; words inserted or deleted
        // inside a moved paragraph stay in its range.
        let mark_move = move_of(p.mark);
        let mut open: Option<(bool, u32, String)> = None;
        for run in &p.runs {
            let range = move_of(run.change).or(match run.change {
                Change::Insert | Change::Delete => mark_move,
                _ => None,
            });
            if open.as_ref().map(|(from, n, _)| (*from, *n)) != range {
                if let Some((from, _, id)) = open.take() {
                    let end = if from {
                        "w:moveFromRangeEnd"
                    } else {
                        "w:moveToRangeEnd"
                    };
                    w.empty(end, &[("w:id", &id)]);
                }
                if let Some((from, n)) = range {
                    let id = self.id();
                    let start = if from {
                        "w:moveFromRangeStart"
                    } else {
                        "w:moveToRangeStart"
                    };
                    let name = format!("move{n}");
                    w.empty(
                        start,
                        &[
                            ("w:id", &id),
                            ("w:author", &self.doc.author),
                            ("w:date", &self.doc.date),
                            ("w:name", &name),
                        ],
                    );
                    open = Some((from, n, id));
                }
            }
            self.run(w, run);
        }
        if let Some((from, _, id)) = open {
            let end = if from {
                "w:moveFromRangeEnd"
            } else {
                "w:moveToRangeEnd"
            };
            w.empty(end, &[("w:id", &id)]);
        }
        w.close("w:p");
    }

    fn run(&mut self, w: &mut Writer, run: &Run) {
        let wrapper = match run.change {
            Change::None => None,
            Change::Insert => Some("w:ins"),
            Change::Delete => Some("w:del"),
            Change::MoveFrom(_) => Some("w:moveFrom"),
            Change::MoveTo(_) => Some("w:moveTo"),
        };
        if let Some(name) = wrapper {
            self.open_revision(w, name);
        }
        let deleted = matches!(run.change, Change::Delete | Change::MoveFrom(_));
        let piece = |w: &mut Writer, inner: &dyn Fn(&mut Writer)| {
            w.open("w:r", &[]);
            run_properties(w, run);
            inner(w);
            w.close("w:r");
        };
        match &run.content {
            Content::Text(t) => {
                let name = if deleted { "w:delText" } else { "w:t" };
                piece(w, &|w| w.element(name, &[("xml:space", "preserve")], t));
            }
            Content::Tab => piece(w, &|w| w.empty("w:tab", &[])),
            Content::Break => piece(w, &|w| w.empty("w:br", &[])),
            Content::Footnote(n) => {
                let id = n.to_string();
                piece(w, &|w| w.empty("w:footnoteReference", &[("w:id", &id)]));
            }
            Content::PageNumber | Content::PageCount => {
                // A complete field: instructions, and a result Word and LibreOffice update.
                let instr = if run.content == Content::PageNumber {
                    " PAGE "
                } else {
                    " NUMPAGES "
                };
                let char = |kind: &'static str| {
                    move |w: &mut Writer| w.empty("w:fldChar", &[("w:fldCharType", kind)])
                };
                piece(w, &char("begin"));
                piece(w, &|w| {
                    w.element("w:instrText", &[("xml:space", "preserve")], instr);
                });
                piece(w, &char("separate"));
                piece(w, &|w| w.element("w:t", &[], "1"));
                piece(w, &char("end"));
            }
        }
        if let Some(name) = wrapper {
            w.close(name);
        }
    }
}

fn run_properties(w: &mut Writer, run: &Run) {
    let f = run.format;
    let note = matches!(run.content, Content::Footnote(_));
    if !(f.bold || f.italic || f.underline || f.strike || note) {
        return;
    }
    w.open("w:rPr", &[]);
    if note {
        w.empty("w:rStyle", &[("w:val", styles::FOOTNOTE_REFERENCE)]);
    }
    if f.bold {
        w.empty("w:b", &[]);
    }
    if f.italic {
        w.empty("w:i", &[]);
    }
    if f.strike {
        w.empty("w:strike", &[]);
    }
    if f.underline {
        w.empty("w:u", &[("w:val", "single")]);
    }
    w.close("w:rPr");
}

impl Parts<'_> {
    fn table(&mut self, w: &mut Writer, t: &Table) {
        w.open("w:tbl", &[]);
        w.open("w:tblPr", &[]);
        w.empty("w:tblStyle", &[("w:val", styles::TABLE)]);
        let total: u32 = t.widths.iter().sum();
        w.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
        w.empty("w:tblLayout", &[("w:type", "fixed")]);
        w.close("w:tblPr");
        w.open("w:tblGrid", &[]);
        for width in &t.widths {
            w.empty("w:gridCol", &[("w:w", &width.to_string())]);
        }
        w.close("w:tblGrid");
        for (i, row) in t.rows.iter().enumerate() {
            w.open("w:tr", &[]);
            if i < t.header_rows {
                w.open("w:trPr", &[]);
                w.empty("w:tblHeader", &[]);
                w.close("w:trPr");
            }
            for (j, cell) in row.iter().enumerate() {
                w.open("w:tc", &[]);
                w.open("w:tcPr", &[]);
                let width = t.widths.get(j).copied().unwrap_or(0);
                w.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
                w.close("w:tcPr");
                if cell.is_empty() {
                    // A cell must end with a paragraph.
                    self.paragraph(w, &Paragraph::default());
                }
                for p in cell {
                    self.paragraph(w, p);
                }
                w.close("w:tc");
            }
            w.close("w:tr");
        }
        w.close("w:tbl");
    }

    fn root(w: &mut Writer, name: &'static str) {
        w.open(name, &[("xmlns:w", super::W_NS), ("xmlns:r", super::R_NS)]);
    }

    /// `word/document.xml`, written to `out` as it is made: the document's body, then the
    /// blocks of `more`.
    fn body<B: Borrow<Block>>(
        &mut self,
        out: &mut dyn Write,
        more: impl IntoIterator<Item = B>,
        header: Option<&str>,
        footer: Option<&str>,
    ) -> io::Result<()> {
        let mut w = Writer::new();
        Self::root(&mut w, "w:document");
        w.open("w:body", &[]);
        let doc = self.doc;
        // Whether the last block is a paragraph whose mark is not a tracked change.
        let mut ends_plain = false;
        let mut write = |parts: &mut Self, w: &mut Writer, block: &Block| -> io::Result<()> {
            match block {
                Block::Paragraph(p) => parts.paragraph(w, p),
                Block::Table(t) => parts.table(w, t),
            }
            ends_plain = matches!(block, Block::Paragraph(p) if p.mark == Change::None);
            w.drain_to(out)
        };
        for block in &doc.body {
            write(self, &mut w, block)?;
        }
        for block in more {
            write(self, &mut w, block.borrow())?;
        }
        // The last paragraph mark of a document cannot be a tracked change: end with one
        // that is not.
        if !ends_plain {
            self.paragraph(&mut w, &Paragraph::default());
        }
        w.open("w:sectPr", &[]);
        if let Some(id) = header {
            w.empty("w:headerReference", &[("w:type", "default"), ("r:id", id)]);
        }
        if let Some(id) = footer {
            w.empty("w:footerReference", &[("w:type", "default"), ("r:id", id)]);
        }
        let (width, height) = if self.doc.landscape {
            (PAGE_LONG, PAGE_SHORT)
        } else {
            (PAGE_SHORT, PAGE_LONG)
        };
        let (width, height) = (width.to_string(), height.to_string());
        let mut size = vec![("w:w", width.as_str()), ("w:h", height.as_str())];
        if self.doc.landscape {
            size.push(("w:orient", "landscape"));
        }
        w.empty("w:pgSz", &size);
        let margin = MARGIN.to_string();
        w.empty(
            "w:pgMar",
            &[
                ("w:top", &margin),
                ("w:right", &margin),
                ("w:bottom", &margin),
                ("w:left", &margin),
                ("w:header", "709"),
                ("w:footer", "709"),
                ("w:gutter", "0"),
            ],
        );
        w.close("w:sectPr");
        w.close("w:body");
        w.close("w:document");
        w.drain_to(out)
    }

    fn header_footer(&mut self, name: &'static str, paragraphs: &[Paragraph]) -> String {
        let mut w = Writer::new();
        Self::root(&mut w, name);
        for p in paragraphs {
            self.paragraph(&mut w, p);
        }
        if paragraphs.is_empty() {
            self.paragraph(&mut w, &Paragraph::default());
        }
        w.close(name);
        w.finish()
    }

    fn footnotes(&mut self) -> String {
        let mut w = Writer::new();
        Self::root(&mut w, "w:footnotes");
        for (id, kind, mark) in [
            ("-1", "separator", "w:separator"),
            ("0", "continuationSeparator", "w:continuationSeparator"),
        ] {
            w.open("w:footnote", &[("w:type", kind), ("w:id", id)]);
            w.open("w:p", &[]);
            w.open("w:r", &[]);
            w.empty(mark, &[]);
            w.close("w:r");
            w.close("w:p");
            w.close("w:footnote");
        }
        for (i, note) in self.doc.footnotes.iter().enumerate() {
            let id = (i + 1).to_string();
            w.open("w:footnote", &[("w:id", &id)]);
            for (j, p) in note.iter().enumerate() {
                let mut p = p.clone();
                p.style.get_or_insert(styles::FOOTNOTE_TEXT);
                if j == 0 {
                    // The number in the note itself.
                    w.open("w:p", &[]);
                    w.open("w:pPr", &[]);
                    w.empty(
                        "w:pStyle",
                        &[("w:val", p.style.unwrap_or(styles::FOOTNOTE_TEXT))],
                    );
                    w.close("w:pPr");
                    w.open("w:r", &[]);
                    w.open("w:rPr", &[]);
                    w.empty("w:rStyle", &[("w:val", styles::FOOTNOTE_REFERENCE)]);
                    w.close("w:rPr");
                    w.empty("w:footnoteRef", &[]);
                    w.close("w:r");
                    w.open("w:r", &[]);
                    w.element("w:t", &[("xml:space", "preserve")], " ");
                    w.close("w:r");
                    for run in &p.runs {
                        self.run(&mut w, run);
                    }
                    w.close("w:p");
                } else {
                    self.paragraph(&mut w, &p);
                }
            }
            w.close("w:footnote");
        }
        w.close("w:footnotes");
        w.finish()
    }
}

fn settings(footnotes: bool) -> String {
    let mut w = Writer::new();
    w.open("w:settings", &[("xmlns:w", super::W_NS)]);
    w.empty("w:defaultTabStop", &[("w:val", "709")]);
    if footnotes {
        w.open("w:footnotePr", &[]);
        w.empty("w:footnote", &[("w:id", "-1")]);
        w.empty("w:footnote", &[("w:id", "0")]);
        w.close("w:footnotePr");
    }
    w.empty("w:compat", &[]);
    w.close("w:settings");
    w.finish()
}

fn core(doc: &Document) -> String {
    let mut w = Writer::new();
    w.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    );
    w.element("dc:title", &[], &doc.title);
    if !doc.author.is_empty() {
        w.element("dc:creator", &[], &doc.author);
    }
    if let Some(language) = &doc.language {
        w.element("dc:language", &[], language);
    }
    w.close("cp:coreProperties");
    w.finish()
}

impl Document {
    /// The `.docx` package, styled by the built-in styles or, when given, the `styles.xml` of a
    /// reference document (to which the styles it lacks are added).
    pub fn to_docx(&self, reference_styles: Option<&str>) -> Result<Vec<u8>> {
        let none = std::iter::empty::<Block>();
        let out = Cursor::new(Vec::new());
        let out = self
            .package(none, reference_styles, out, Feed::Whole)
            .map_err(|e| Error::new(format!("cannot write the Word document: {e}")))?;
        Ok(out.into_inner())
    }

    /// The `.docx` package written into `out` as it is made, its body [`Document::body`]
    /// followed by the blocks of `more`, taken one at a time: a long document is never held
    /// whole, neither as blocks nor as XML. The bytes are those of [`Document::to_docx`] for
    /// the document with `more` in its body (see [`Feed`]). Returns `out`.
    pub fn write_docx<W: Write + Seek, B: Borrow<Block>>(
        &self,
        more: impl IntoIterator<Item = B>,
        reference_styles: Option<&str>,
        out: W,
    ) -> io::Result<W> {
        self.package(more, reference_styles, out, Feed::STREAMED)
    }

    fn package<W: Write + Seek, B: Borrow<Block>>(
        &self,
        more: impl IntoIterator<Item = B>,
        reference_styles: Option<&str>,
        out: W,
        feed: Feed,
    ) -> io::Result<W> {
        let mut parts = Parts {
            doc: self,
            next_id: 0,
        };
        let mut b = Builder::new();
        b.package_relationship(rel::OFFICE_DOCUMENT, "word/document.xml");
        b.package_relationship(rel::CORE, "docProps/core.xml");
        b.document_relationship(rel::STYLES, "styles.xml");
        b.document_relationship(rel::NUMBERING, "numbering.xml");
        b.document_relationship(rel::SETTINGS, "settings.xml");
        let footnotes = !self.footnotes.is_empty();
        if footnotes {
            b.document_relationship(rel::FOOTNOTES, "footnotes.xml");
        }
        let header =
            (!self.header.is_empty()).then(|| b.document_relationship(rel::HEADER, "header1.xml"));
        let footer =
            (!self.footer.is_empty()).then(|| b.document_relationship(rel::FOOTER, "footer1.xml"));
        b.part("word/document.xml", content_type::DOCUMENT);
        if header.is_some() {
            b.part("word/header1.xml", content_type::HEADER);
        }
        if footer.is_some() {
            b.part("word/footer1.xml", content_type::FOOTER);
        }
        if footnotes {
            b.part("word/footnotes.xml", content_type::FOOTNOTES);
        }
        for (name, content_type) in [
            ("word/styles.xml", content_type::STYLES),
            ("word/numbering.xml", content_type::NUMBERING),
            ("word/settings.xml", content_type::SETTINGS),
            ("docProps/core.xml", content_type::CORE),
        ] {
            b.part(name, content_type);
        }
        let mut package = b.start(out, feed)?;
        package.part("word/document.xml", |out| {
            parts.body(out, more, header.as_deref(), footer.as_deref())
        })?;
        if header.is_some() {
            let xml = parts.header_footer("w:hdr", &self.header);
            package.part("word/header1.xml", |out| out.write_all(xml.as_bytes()))?;
        }
        if footer.is_some() {
            let xml = parts.header_footer("w:ftr", &self.footer);
            package.part("word/footer1.xml", |out| out.write_all(xml.as_bytes()))?;
        }
        if footnotes {
            let xml = parts.footnotes();
            package.part("word/footnotes.xml", |out| out.write_all(xml.as_bytes()))?;
        }
        let styles = match reference_styles {
            Some(reference) => styles::merged(reference),
            None => styles::built_in(),
        };
        for (name, xml) in [
            ("word/styles.xml", styles),
            ("word/numbering.xml", styles::numbering()),
            ("word/settings.xml", settings(footnotes)),
            ("docProps/core.xml", core(self)),
        ] {
            package.part(name, |out| out.write_all(xml.as_bytes()))?;
        }
        package.finish()
    }
}
