//! The styles of the documents `decl` writes, and a user's reference document whose styles are
//! used instead, as pandoc's `--reference-doc`: its `word/styles.xml` is taken whole, and the
//! built-in styles it does not define (by style id) are added, so every paragraph keeps a style.
//!
//! The built-in styles follow the Council's layout: Times New Roman 12 pt, justified body text,
//! the title centred in bold, headings in bold, footnotes in 10 pt, header and footer in 9 pt.
//! Style names are Word's own (`Title`, `heading 1`), so that Word's navigation pane, and
//! `decl import`, know the title and the headings.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::package::Package;
use super::xml::{Writer, attr, check_well_formed, next_event};
use crate::error::{Error, Result};

pub const NORMAL: &str = "Normal";
/// Clauses: `decl import` reads a paragraph in this style as a clause, whatever it says.
pub const CLAUSE: &str = "Clause";
/// Notes of a comparison (what changed in the front matter, blocks that are not clauses):
/// `decl import` leaves them out.
pub const COMPARISON_NOTE: &str = "ComparisonNote";
/// The break (`---`) before a declaration's closing paragraphs: an empty paragraph.
pub const SECTION_BREAK: &str = "SectionBreak";
pub const TITLE: &str = "Title";
pub const HEADING: [&str; 6] = [
    "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6",
];
pub const DATELINE: &str = "Dateline";
pub const COUNCIL: &str = "CouncilName";
pub const DOCUMENT_NUMBER: &str = "DocumentNumber";
pub const MARKING: &str = "Marking";
pub const NOTE_KIND: &str = "NoteKind";
pub const ANNEX: &str = "AnnexLabel";
pub const ILLUSTRATIVE: &str = "Illustrative";
pub const HEADER: &str = "Header";
pub const FOOTER: &str = "Footer";
pub const FOOTNOTE_TEXT: &str = "FootnoteText";
pub const FOOTNOTE_REFERENCE: &str = "FootnoteReference";
pub const TABLE_TEXT: &str = "TableText";
pub const TABLE: &str = "TableGrid";

/// One style: `(type, id, name, based on, paragraph properties, run properties)`, the
/// properties as `(element, w:val)` pairs (a `None` value is a switch such as `w:b`).
type Def = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, Option<&'static str>)],
    &'static [(&'static str, Option<&'static str>)],
);

const DEFS: &[Def] = &[
    (
        "paragraph",
        NORMAL,
        "Normal",
        None,
        &[("w:jc", Some("both"))],
        &[],
    ),
    (
        "paragraph",
        TITLE,
        "Title",
        Some(NORMAL),
        &[("w:keepNext", None), ("w:jc", Some("center"))],
        &[("w:b", None), ("w:sz", Some("28"))],
    ),
    (
        "paragraph",
        HEADING[0],
        "heading 1",
        Some(NORMAL),
        &[
            ("w:keepNext", None),
            ("w:jc", Some("left")),
            ("w:outlineLvl", Some("0")),
        ],
        &[("w:b", None)],
    ),
    (
        "paragraph",
        HEADING[1],
        "heading 2",
        Some(NORMAL),
        &[
            ("w:keepNext", None),
            ("w:jc", Some("left")),
            ("w:outlineLvl", Some("1")),
        ],
        &[("w:b", None), ("w:i", None)],
    ),
    (
        "paragraph",
        HEADING[2],
        "heading 3",
        Some(NORMAL),
        &[
            ("w:keepNext", None),
            ("w:jc", Some("left")),
            ("w:outlineLvl", Some("2")),
        ],
        &[("w:i", None)],
    ),
    (
        "paragraph",
        HEADING[3],
        "heading 4",
        Some(NORMAL),
        &[("w:keepNext", None), ("w:outlineLvl", Some("3"))],
        &[("w:i", None)],
    ),
    (
        "paragraph",
        HEADING[4],
        "heading 5",
        Some(NORMAL),
        &[("w:keepNext", None), ("w:outlineLvl", Some("4"))],
        &[],
    ),
    (
        "paragraph",
        HEADING[5],
        "heading 6",
        Some(NORMAL),
        &[("w:keepNext", None), ("w:outlineLvl", Some("5"))],
        &[],
    ),
    ("paragraph", CLAUSE, "Clause", Some(NORMAL), &[], &[]),
    (
        "paragraph",
        SECTION_BREAK,
        "Section Break",
        Some(NORMAL),
        &[],
        &[],
    ),
    (
        "paragraph",
        COMPARISON_NOTE,
        "Comparison Note",
        Some(NORMAL),
        &[("w:jc", Some("left"))],
        &[
            ("w:i", None),
            ("w:color", Some("555555")),
            ("w:sz", Some("20")),
        ],
    ),
    (
        "paragraph",
        DATELINE,
        "Dateline",
        Some(NORMAL),
        &[("w:jc", Some("center"))],
        &[],
    ),
    (
        "paragraph",
        COUNCIL,
        "Council Name",
        Some(NORMAL),
        &[("w:jc", Some("left"))],
        &[("w:b", None), ("w:sz", Some("28"))],
    ),
    (
        "paragraph",
        DOCUMENT_NUMBER,
        "Document Number",
        Some(NORMAL),
        &[("w:jc", Some("right"))],
        &[("w:b", None), ("w:sz", Some("28"))],
    ),
    (
        "paragraph",
        MARKING,
        "Marking",
        Some(NORMAL),
        &[("w:jc", Some("right"))],
        &[("w:b", None)],
    ),
    (
        "paragraph",
        NOTE_KIND,
        "Note Kind",
        Some(NORMAL),
        &[("w:jc", Some("left"))],
        &[("w:b", None), ("w:sz", Some("28"))],
    ),
    (
        "paragraph",
        ANNEX,
        "Annex Label",
        Some(NORMAL),
        &[("w:jc", Some("right"))],
        &[("w:b", None)],
    ),
    (
        "paragraph",
        ILLUSTRATIVE,
        "Illustrative",
        Some(NORMAL),
        &[("w:jc", Some("left"))],
        &[("w:b", None), ("w:color", Some("AA0000"))],
    ),
    (
        "paragraph",
        HEADER,
        "header",
        Some(NORMAL),
        &[("w:jc", Some("left"))],
        &[("w:sz", Some("18"))],
    ),
    (
        "paragraph",
        FOOTER,
        "footer",
        Some(NORMAL),
        &[("w:jc", Some("left"))],
        &[("w:sz", Some("18"))],
    ),
    (
        "paragraph",
        FOOTNOTE_TEXT,
        "footnote text",
        Some(NORMAL),
        &[("w:jc", Some("left"))],
        &[("w:sz", Some("20"))],
    ),
    (
        "paragraph",
        TABLE_TEXT,
        "Table Text",
        Some(NORMAL),
        &[("w:jc", Some("left"))],
        &[("w:sz", Some("20"))],
    ),
    (
        "character",
        FOOTNOTE_REFERENCE,
        "footnote reference",
        None,
        &[],
        &[("w:vertAlign", Some("superscript"))],
    ),
];

fn style_xml(def: &Def) -> String {
    let (ty, id, name, based_on, ppr, rpr) = *def;
    let mut w = Writer::fragment();
    w.open("w:style", &[("w:type", ty), ("w:styleId", id)]);
    w.empty("w:name", &[("w:val", name)]);
    if let Some(base) = based_on {
        w.empty("w:basedOn", &[("w:val", base)]);
    }
    if id != NORMAL {
        w.empty("w:qFormat", &[]);
    }
    for (tag, props) in [("w:pPr", ppr), ("w:rPr", rpr)] {
        if props.is_empty() {
            continue;
        }
        w.open(tag, &[]);
        let mut after = Vec::new();
        for (element, value) in props {
            // Listed in the order the schema wants them.
            match value {
                Some(v) => w.empty(element, &[("w:val", v)]),
                None => w.empty(element, &[]),
            }
            if *element == "w:sz" {
                after.push(*value);
            }
        }
        // Complex-script size with the size, as Word writes it.
        for v in after.into_iter().flatten() {
            w.empty("w:szCs", &[("w:val", v)]);
        }
        w.close(tag);
    }
    w.close("w:style");
    w.finish()
}

fn table_style() -> String {
    let mut w = Writer::fragment();
    w.open("w:style", &[("w:type", "table"), ("w:styleId", TABLE)]);
    w.empty("w:name", &[("w:val", "Table Grid")]);
    w.open("w:tblPr", &[]);
    w.open("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        w.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", "4"),
                ("w:space", "0"),
                ("w:color", "000000"),
            ],
        );
    }
    w.close("w:tblBorders");
    w.open("w:tblCellMar", &[]);
    w.empty("w:left", &[("w:w", "85"), ("w:type", "dxa")]);
    w.empty("w:right", &[("w:w", "85"), ("w:type", "dxa")]);
    w.close("w:tblCellMar");
    w.close("w:tblPr");
    w.close("w:style");
    w.finish()
}

/// The built-in styles, by id, as `w:style` elements.
fn definitions() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = DEFS.iter().map(|d| (d.1, style_xml(d))).collect();
    out.push((TABLE, table_style()));
    out
}

/// The built-in `word/styles.xml`.
#[must_use]
pub fn built_in() -> String {
    let mut w = Writer::new();
    w.open("w:styles", &[("xmlns:w", super::W_NS)]);
    w.open("w:docDefaults", &[]);
    w.open("w:rPrDefault", &[]);
    w.open("w:rPr", &[]);
    w.empty(
        "w:rFonts",
        &[
            ("w:ascii", "Times New Roman"),
            ("w:hAnsi", "Times New Roman"),
            ("w:cs", "Times New Roman"),
            ("w:eastAsia", "Times New Roman"),
        ],
    );
    w.empty("w:sz", &[("w:val", "24")]);
    w.empty("w:szCs", &[("w:val", "24")]);
    w.close("w:rPr");
    w.close("w:rPrDefault");
    w.open("w:pPrDefault", &[]);
    w.open("w:pPr", &[]);
    w.empty(
        "w:spacing",
        &[
            ("w:after", "120"),
            ("w:line", "276"),
            ("w:lineRule", "auto"),
        ],
    );
    w.close("w:pPr");
    w.close("w:pPrDefault");
    w.close("w:docDefaults");
    for (_, xml) in definitions() {
        w.trusted(&xml);
    }
    w.close("w:styles");
    w.finish()
}

/// A reference document's styles with the built-in styles it lacks added. A reference whose
/// root element is not `w:styles` (another prefix for the namespace) is taken as it is.
#[must_use]
pub fn merged(reference: &str) -> String {
    let ids = style_ids(reference);
    let Some(end) = reference.rfind("</w:styles>") else {
        return reference.to_string();
    };
    let mut out = String::with_capacity(reference.len() + 4096);
    out.push_str(&reference[..end]);
    for (id, xml) in definitions() {
        if !ids.iter().any(|i| i == id) {
            out.push_str(&xml);
        }
    }
    out.push_str(&reference[end..]);
    out
}

fn style_ids(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut ids = Vec::new();
    while let Ok(event) = next_event(&mut reader, Path::new(""), "") {
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "style" => {
                ids.extend(attr(&e, "styleId"));
            }
            _ => {}
        }
    }
    ids
}

/// The styles of a reference document (`.docx`), checked to be well-formed XML; errors name
/// `path`.
pub fn reference_styles(path: &Path, bytes: &[u8]) -> Result<String> {
    let mut package = Package::open(path, bytes)?;
    let main = package.main_part()?;
    let styles = package
        .related(&main, super::package::rel::STYLES)?
        .unwrap_or_else(|| "word/styles.xml".to_string());
    let Some(xml) = package.part(&styles)? else {
        return Err(Error::file(
            path,
            "is not a usable reference document: it has no styles (`word/styles.xml`)",
        )
        .hint("save a document with the styles you want from Word or LibreOffice, and give that"));
    };
    check_well_formed(path, &styles, &xml)?;
    Ok(xml)
}

/// The numbering of lists: `numId` 1 numbered (`1.`, `(a)`, `(i)`, …), 2 bulleted.
#[must_use]
pub fn numbering() -> String {
    let mut w = Writer::new();
    w.open("w:numbering", &[("xmlns:w", super::W_NS)]);
    let numbered = [
        ("decimal", "%1."),
        ("lowerLetter", "(%2)"),
        ("lowerRoman", "(%3)"),
        ("decimal", "%4."),
        ("lowerLetter", "%5)"),
        ("lowerRoman", "%6)"),
        ("decimal", "%7."),
        ("lowerLetter", "%8."),
        ("lowerRoman", "%9."),
    ];
    for (abstract_id, bullets) in [("0", false), ("1", true)] {
        w.open("w:abstractNum", &[("w:abstractNumId", abstract_id)]);
        for (level, (format, text)) in numbered.iter().enumerate() {
            let ilvl = level.to_string();
            let indent = (360 * (level + 1)).to_string();
            w.open("w:lvl", &[("w:ilvl", &ilvl)]);
            w.empty("w:start", &[("w:val", "1")]);
            if bullets {
                w.empty("w:numFmt", &[("w:val", "bullet")]);
                w.empty(
                    "w:lvlText",
                    &[("w:val", if level % 2 == 0 { "•" } else { "–" })],
                );
            } else {
                w.empty("w:numFmt", &[("w:val", format)]);
                w.empty("w:lvlText", &[("w:val", text)]);
            }
            w.open("w:pPr", &[]);
            w.empty("w:ind", &[("w:left", &indent), ("w:hanging", "360")]);
            w.close("w:pPr");
            w.close("w:lvl");
        }
        w.close("w:abstractNum");
    }
    for (num, abstract_id) in [("1", "0"), ("2", "1")] {
        w.open("w:num", &[("w:numId", num)]);
        w.empty("w:abstractNumId", &[("w:val", abstract_id)]);
        w.close("w:num");
    }
    w.close("w:numbering");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_styles_are_well_formed_and_merge_into_a_reference() {
        let styles = built_in();
        check_well_formed(Path::new("t"), "styles", &styles).unwrap();
        check_well_formed(Path::new("t"), "numbering", &numbering()).unwrap();
        let reference = format!(
            "<?xml version=\"1.0\"?><w:styles xmlns:w=\"{}\"><w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:rPr><w:sz w:val=\"40\"/></w:rPr></w:style></w:styles>",
            super::super::W_NS
        );
        let merged = merged(&reference);
        check_well_formed(Path::new("t"), "styles", &merged).unwrap();
        assert_eq!(
            style_ids(&merged).iter().filter(|i| *i == "Title").count(),
            1
        );
        assert!(merged.contains("w:val=\"40\""));
        assert!(style_ids(&merged).iter().any(|i| i == FOOTNOTE_TEXT));
    }
}
