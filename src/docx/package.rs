//! The zip package of a Word document: its parts, their content types and relationships.
//!
//! Reading refuses what a hostile archive could do: at most [`MAX_ENTRIES`] entries, every part
//! read at most [`MAX_PART_BYTES`] uncompressed, both as the archive declares it and as it
//! inflates; encrypted entries and password-protected files are named as such. Writing is
//! deterministic (fixed timestamps, parts in a fixed order), so that the same input gives the
//! same bytes.

use std::io::{self, Cursor, Read, Seek, Write};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::xml::{Writer, attr, next_event};
use crate::error::{Error, Result};

/// The most entries an archive may have (a real `.docx` has a few dozen).
pub const MAX_ENTRIES: usize = 10_000;
/// The largest uncompressed part read (a 1,000-page document is a few MiB of XML).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Relationship types, as `Type` attributes end.
pub mod rel {
    pub const OFFICE_DOCUMENT: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    pub const STYLES: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
    pub const NUMBERING: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering";
    pub const SETTINGS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings";
    pub const HEADER: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header";
    pub const FOOTER: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer";
    pub const FOOTNOTES: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes";
    pub const THEME: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";
    pub const FONT_TABLE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable";
    pub const CORE: &str =
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
}

/// Content types of the parts the writers make.
pub mod content_type {
    pub const DOCUMENT: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    pub const STYLES: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml";
    pub const NUMBERING: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml";
    pub const SETTINGS: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml";
    pub const HEADER: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml";
    pub const FOOTER: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml";
    pub const FOOTNOTES: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml";
    pub const THEME: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
    pub const FONT_TABLE: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml";
    pub const CORE: &str = "application/vnd.openxmlformats-package.core-properties+xml";
    pub const RELATIONSHIPS: &str = "application/vnd.openxmlformats-package.relationships+xml";
}

/// A package opened for reading.
pub struct Package<'a> {
    path: &'a Path,
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    /// Open the archive in `bytes`; errors name `path`.
    pub fn open(path: &'a Path, bytes: &'a [u8]) -> Result<Package<'a>> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(path, &e))?;
        if archive.len() > MAX_ENTRIES {
            return Err(Error::file(
                path,
                format!(
                    "archive has {} entries, over the limit of {MAX_ENTRIES}; not a Word document",
                    archive.len()
                ),
            ));
        }
        Ok(Package { path, archive })
    }

    /// One part as UTF-8 text, within the size limits; `None` when it is absent.
    pub fn part(&mut self, name: &str) -> Result<Option<String>> {
        let path = self.path;
        let mut file = match self.archive.by_name(name) {
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

    /// The relationships of a part (`word/document.xml` → `word/_rels/document.xml.rels`; the
    /// package itself is the empty name), as `(type, target part)` with targets resolved against the
    /// part's folder. Absent relationships are none.
    pub fn relationships(&mut self, part: &str) -> Result<Vec<(String, String)>> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let rels_name = if part.is_empty() {
            "_rels/.rels".to_string()
        } else {
            rels_name
        };
        let Some(xml) = self.part(&rels_name)? else {
            return Ok(Vec::new());
        };
        let mut reader = Reader::from_str(&xml);
        let mut out = Vec::new();
        loop {
            match next_event(&mut reader, self.path, &rels_name)? {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                    if attr(&e, "TargetMode").is_some_and(|m| m == "External") {
                        continue;
                    }
                    let (Some(ty), Some(target)) = (attr(&e, "Type"), attr(&e, "Target")) else {
                        continue;
                    };
                    out.push((ty, resolve(dir, &target)));
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// The main document part named by the package relationships (`word/document.xml`).
    pub fn main_part(&mut self) -> Result<String> {
        Ok(self
            .relationships("")?
            .into_iter()
            .find(|(ty, _)| ty.ends_with("/officeDocument"))
            .map_or_else(|| "word/document.xml".to_string(), |(_, t)| t))
    }

    /// The part a relationship of `part` of type `ty` points at, if any.
    pub fn related(&mut self, part: &str, ty: &str) -> Result<Option<String>> {
        let suffix = ty.rsplit('/').next().unwrap_or(ty);
        Ok(self
            .relationships(part)?
            .into_iter()
            .find(|(t, _)| t.rsplit('/').next() == Some(suffix))
            .map(|(_, target)| target))
    }
}

/// A relationship target resolved against the folder of its source part: `styles.xml` from
/// `word` is `word/styles.xml`; `/word/x.xml` is absolute; `..` goes up.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') || dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for piece in target.trim_start_matches('/').split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
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

/// A package being assembled: its parts and the relationships of the package and of the main
/// document, all named before any is written, since `[Content_Types].xml` and the `.rels` parts
/// that list them come first in the archive. [`Builder::start`] writes those and returns the
/// [`PackageWriter`] that writes the parts, in the order they were named.
#[derive(Debug, Default)]
pub struct Builder {
    /// Part names without a leading slash (`word/document.xml`), with their content types.
    parts: Vec<(String, &'static str)>,
    package_rels: Vec<(String, &'static str, String)>,
    document_rels: Vec<(String, &'static str, String)>,
}

impl Builder {
    #[must_use]
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Name a part the package will have, to be written after those named before it.
    pub fn part(&mut self, name: &str, content_type: &'static str) {
        self.parts.push((name.to_string(), content_type));
    }

    /// A relationship of the package (`_rels/.rels`) to a part; returns its id.
    pub fn package_relationship(&mut self, ty: &'static str, target: &str) -> String {
        let id = format!("rId{}", self.package_rels.len() + 1);
        self.package_rels.push((id.clone(), ty, target.to_string()));
        id
    }

    /// A relationship of `word/document.xml` to a part in `word/`; returns its id (`rId3`).
    pub fn document_relationship(&mut self, ty: &'static str, target: &str) -> String {
        let id = format!("rId{}", self.document_rels.len() + 1);
        self.document_rels
            .push((id.clone(), ty, target.to_string()));
        id
    }

    /// Start the archive in `out`: `[Content_Types].xml`, `_rels/.rels` and
    /// `word/_rels/document.xml.rels`; the parts follow through the writer returned, each
    /// given to the compressor as `feed` says.
    pub fn start<W: Write + Seek>(self, out: W, feed: Feed) -> io::Result<PackageWriter<W>> {
        let mut types = Writer::new();
        types.open(
            "Types",
            &[(
                "xmlns",
                "http://schemas.openxmlformats.org/package/2006/content-types",
            )],
        );
        types.empty(
            "Default",
            &[
                ("Extension", "rels"),
                ("ContentType", content_type::RELATIONSHIPS),
            ],
        );
        types.empty(
            "Default",
            &[("Extension", "xml"), ("ContentType", "application/xml")],
        );
        for (name, content_type) in &self.parts {
            let name = format!("/{name}");
            types.empty(
                "Override",
                &[("PartName", &name), ("ContentType", content_type)],
            );
        }
        types.close("Types");
        let rels = |list: &[(String, &'static str, String)]| {
            let mut w = Writer::new();
            w.open(
                "Relationships",
                &[(
                    "xmlns",
                    "http://schemas.openxmlformats.org/package/2006/relationships",
                )],
            );
            for (id, ty, target) in list {
                w.empty(
                    "Relationship",
                    &[("Id", id), ("Type", ty), ("Target", target)],
                );
            }
            w.close("Relationships");
            w.finish()
        };
        let mut package = PackageWriter {
            zip: zip::ZipWriter::new(out),
            feed,
            parts: self.parts.into_iter().map(|(name, _)| name).collect(),
        };
        for (name, data) in [
            ("[Content_Types].xml", types.finish()),
            ("_rels/.rels", rels(&self.package_rels)),
            ("word/_rels/document.xml.rels", rels(&self.document_rels)),
        ] {
            package.entry(name, |out| out.write_all(data.as_bytes()))?;
        }
        Ok(package)
    }
}

/// How a part's content is given to the archive's compressor.
///
/// The compressor's output depends on where its input stops: it reads up to 64 KiB ahead, and
/// forgets the match it found ahead each time it returns, so a part given in pieces compresses
/// to other bytes than the part given at once (a 5 MB part came out 67 bytes longer in 64 KiB
/// pieces). Given at once, each call of the compressor returns when it has made 32 KiB of
/// output, never for want of input; given [`Feed::Ahead`], each call still has more input than
/// that output takes unless the part compresses more than `ahead` / 32 KiB to 1, so the bytes
/// are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// The whole part held, then given at once.
    Whole,
    /// As the part is made: once `held` bytes of it are held, the compressor gets all but the
    /// last `ahead`, one call at a time; the rest at the end, as the whole part would.
    Ahead { ahead: usize, held: usize },
}

impl Feed {
    /// What a document written as it is made uses: 8 MiB ahead, so that its parts compress as
    /// they would whole unless they compress more than 256 to 1 (a declaration's XML: 9 to 1;
    /// the same clause 200,000 times: 136 to 1). This holds at most 10 MiB of a part, where
    /// holding it whole held all of it: 55 MB of XML for a 100,000-clause declaration.
    pub const STREAMED: Feed = Feed::Ahead {
        ahead: 8 << 20,
        held: 10 << 20,
    };
}

/// The parts of a package being written into its archive, one after the other.
pub struct PackageWriter<W: Write + Seek> {
    zip: zip::ZipWriter<W>,
    feed: Feed,
    /// The parts named and not yet written, in order.
    parts: std::collections::VecDeque<String>,
}

impl<W: Write + Seek> PackageWriter<W> {
    fn entry(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        // Deflated, with no time and the same permissions on every entry: the same document
        // gives the same bytes.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        self.zip.start_file(name, options).map_err(zip_io)?;
        let mut part = PartWriter {
            zip: &mut self.zip,
            feed: self.feed,
            pending: Vec::new(),
        };
        write(&mut part)?;
        part.compress(0)
    }

    /// Write the next part the [`Builder`] named, `name`: what `write` writes is its content.
    ///
    /// # Panics
    ///
    /// When `name` is not the next part named: the archive must hold the parts in the order
    /// `[Content_Types].xml` lists them.
    pub fn part(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let next = self.parts.pop_front();
        assert_eq!(next.as_deref(), Some(name), "parts written out of order");
        self.entry(name, write)
    }

    /// End the archive (its central directory) once every part is written; returns `out`.
    ///
    /// # Panics
    ///
    /// When a part named was not written.
    pub fn finish(self) -> io::Result<W> {
        assert!(self.parts.is_empty(), "parts not written: {:?}", self.parts);
        self.zip.finish().map_err(zip_io)
    }
}

/// The content of the part being written, given to the compressor as its [`Feed`] says.
struct PartWriter<'a, W: Write + Seek> {
    zip: &'a mut zip::ZipWriter<W>,
    feed: Feed,
    pending: Vec<u8>,
}

impl<W: Write + Seek> PartWriter<'_, W> {
    /// Give the compressor the input held, one call at a time, while more than `keep` bytes
    /// are left: each call it starts has more than `keep` bytes of input.
    fn compress(&mut self, keep: usize) -> io::Result<()> {
        let mut given = 0;
        while self.pending.len() - given > keep {
            match self.zip.write(&self.pending[given..])? {
                0 => return Err(io::ErrorKind::WriteZero.into()),
                n => given += n,
            }
        }
        self.pending.drain(..given);
        Ok(())
    }
}

impl<W: Write + Seek> Write for PartWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Feed::Ahead { ahead, held } = self.feed {
            let needed = self.pending.len() + buf.len();
            if needed > self.pending.capacity() && needed > 1 << 20 {
                // A long part's buffer grows at once to what is held and a piece more, not
                // by doubling to 16 MiB.
                let room = needed.max(held + (1 << 20));
                self.pending.reserve_exact(room - self.pending.len());
            }
            self.pending.extend_from_slice(buf);
            if self.pending.len() >= held {
                self.compress(ahead)?;
            }
        } else {
            self.pending.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A zip error as the I/O error it is (a full disk), or as one.
fn zip_io(err: zip::result::ZipError) -> io::Error {
    match err {
        zip::result::ZipError::Io(e) => e,
        e => io::Error::from(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A package of one part, written as `feed` says in pieces of the sizes `pieces` cycles.
    fn package(part: &[u8], feed: Feed, pieces: &[usize]) -> Vec<u8> {
        let mut b = Builder::new();
        b.package_relationship(rel::OFFICE_DOCUMENT, "word/document.xml");
        b.part("word/document.xml", content_type::DOCUMENT);
        let mut package = b.start(Cursor::new(Vec::new()), feed).unwrap();
        package
            .part("word/document.xml", |out| {
                let mut rest = part;
                for &n in pieces.iter().cycle() {
                    let (piece, after) = rest.split_at(n.min(rest.len()));
                    out.write_all(piece)?;
                    rest = after;
                    if rest.is_empty() {
                        return Ok(());
                    }
                }
                Ok(())
            })
            .unwrap();
        package.finish().unwrap().into_inner()
    }

    /// A part given to the compressor as it is made compresses to the bytes of the part given
    /// at once, whatever the pieces it is made in, when it is given far enough ahead.
    #[test]
    fn a_part_written_in_pieces_compresses_as_the_whole_part() {
        // XML-like text that compresses 12 to 1, about as a declaration's XML does (9 to 1).
        let mut part = Vec::new();
        let mut seed = 7u64;
        while part.len() < 3 << 20 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let word = [
                "support",
                "the",
                "of",
                "cooperation",
                "Eurojust",
                "routes",
                "and",
            ][usize::try_from(seed >> 61).unwrap() % 7];
            part.extend_from_slice(b"<w:r><w:t xml:space=\"preserve\">");
            part.extend_from_slice(word.as_bytes());
            part.extend_from_slice(&(seed >> 48).to_string().into_bytes());
            part.extend_from_slice(b"</w:t></w:r>");
        }
        let whole = package(&part, Feed::Whole, &[part.len()]);
        let ahead = Feed::Ahead {
            ahead: 512 << 10,
            held: 768 << 10,
        };
        for pieces in [&[1usize, 700, 65_536, 3][..], &[400_000], &[1 << 20]] {
            assert!(package(&part, ahead, pieces) == whole, "{pieces:?}");
        }
        assert!(package(&part, Feed::STREAMED, &[4096]) == whole);
    }

    #[test]
    fn targets_resolve_against_their_folder() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word", "/word/x.xml"), "word/x.xml");
        assert_eq!(resolve("word", "../customXml/a.xml"), "customXml/a.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}
