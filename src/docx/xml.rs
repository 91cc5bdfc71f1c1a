//! XML for the parts of a package: reading helpers shared by every reader, and [`Writer`], the
//! only way the writers produce XML. Element and attribute names are the writer's own; every
//! text and attribute value goes through [`escape`], so document text can never become markup.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Result};

/// Text or an attribute value as XML: `&`, `<`, `>`, `"` and `'` escaped, and characters XML 1.0
/// cannot hold at all (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF)
/// written visibly as `\u{1b}`, as `decl` shows them on a terminal.
#[must_use]
pub fn escape(text: &str) -> Cow<'_, str> {
    let needs = text
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || !is_xml_char(c));
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !is_xml_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether XML 1.0 allows the character in a document.
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// An XML part being written. Names are `'static`: only the writer's own code chooses them.
#[derive(Debug)]
pub struct Writer {
    out: String,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    #[must_use]
    pub fn new() -> Writer {
        Writer {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"),
        }
    }

    /// A piece of a part, without the XML declaration.
    #[must_use]
    pub fn fragment() -> Writer {
        Writer { out: String::new() }
    }

    fn start(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }

    /// `<name a="v">`.
    pub fn open(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.start(name, attrs);
        self.out.push('>');
    }

    /// `<name a="v"/>`.
    pub fn empty(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.start(name, attrs);
        self.out.push_str("/>");
    }

    /// `</name>`.
    pub fn close(&mut self, name: &'static str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Character data, escaped.
    pub fn text(&mut self, text: &str) {
        self.out.push_str(&escape(text));
    }

    /// `<name a="v">text</name>`.
    pub fn element(&mut self, name: &'static str, attrs: &[(&'static str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    /// Markup the writer made itself (a reference document's style definitions, already
    /// parsed as well-formed XML).
    pub fn trusted(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    #[must_use]
    pub fn finish(self) -> String {
        self.out
    }

    /// Write what is written so far to `out` and forget it (keeping the buffer), so that a
    /// large part is written as it is made: its writer never holds more than a piece of it.
    pub fn drain_to(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(self.out.as_bytes())?;
        self.out.clear();
        Ok(())
    }
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
pub fn next_event<'a>(reader: &mut Reader<&'a [u8]>, path: &Path, part: &str) -> Result<Event<'a>> {
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

/// An attribute of an element by local name (`w:val` is `val`).
#[must_use]
pub fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(Cow::into_owned)
            })
            .flatten()
    })
}

/// Check that a part is well-formed XML (every element closed, no DOCTYPE).
pub fn check_well_formed(path: &Path, part: &str, xml: &str) -> Result<()> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        match next_event(&mut reader, path, part)? {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth == 0 => return Ok(()),
            Event::Eof => {
                return Err(Error::file(
                    path,
                    format!("`{part}` ends before its elements close"),
                ));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_text_never_becomes_markup() {
        let mut w = Writer::new();
        w.element(
            "w:t",
            &[("xml:space", "preserve")],
            "</w:t><w:r>&amp;\u{1b}\"'",
        );
        let xml = w.finish();
        assert!(xml.ends_with(
            "<w:t xml:space=\"preserve\">&lt;/w:t&gt;&lt;w:r&gt;&amp;amp;\\u{1b}&quot;&apos;</w:t>"
        ));
        check_well_formed(Path::new("t"), "t", &xml).unwrap();
    }

    #[test]
    fn attribute_values_are_escaped() {
        let mut w = Writer::new();
        w.empty("w:ins", &[("w:author", "\"><x y=\"")]);
        assert!(
            w.finish()
                .ends_with("<w:ins w:author=\"&quot;&gt;&lt;x y=&quot;\"/>")
        );
    }
}
