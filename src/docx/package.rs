//! The zip package of a Word document: its parts, their content types and relationships.
//!
//! Reading refuses what a hostile archive could do: at most [`MAX_ENTRIES`] entries, every part
//! read at most [`MAX_PART_BYTES`] uncompressed, both as the archive declares it and as it
//! inflates; encrypted entries and password-protected files are named as such. Writing is
//! deterministic (fixed timestamps, parts in a fixed order), so that the same input gives the
//! same bytes.

use std::io::{Cursor, Read, Write};
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

/// One part to write.
#[derive(Debug, Clone)]
pub struct Part {
    /// The part name without a leading slash: `word/document.xml`.
    pub name: String,
    pub content_type: &'static str,
    pub data: Vec<u8>,
}

/// A package being assembled: parts, and the relationships of the package and of the main
/// document. [`Builder::finish`] writes `[Content_Types].xml` and the `.rels` parts.
#[derive(Debug, Default)]
pub struct Builder {
    parts: Vec<Part>,
    package_rels: Vec<(String, &'static str, String)>,
    document_rels: Vec<(String, &'static str, String)>,
}

impl Builder {
    #[must_use]
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Add a part.
    pub fn part(&mut self, name: &str, content_type: &'static str, data: impl Into<Vec<u8>>) {
        self.parts.push(Part {
            name: name.to_string(),
            content_type,
            data: data.into(),
        });
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

    /// The package as the bytes of a `.docx`.
    pub fn finish(self) -> Result<Vec<u8>> {
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
        for part in &self.parts {
            let name = format!("/{}", part.name);
            types.empty(
                "Override",
                &[("PartName", &name), ("ContentType", part.content_type)],
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
        let mut entries: Vec<(String, Vec<u8>)> = vec![
            (
                "[Content_Types].xml".to_string(),
                types.finish().into_bytes(),
            ),
            (
                "_rels/.rels".to_string(),
                rels(&self.package_rels).into_bytes(),
            ),
            (
                "word/_rels/document.xml.rels".to_string(),
                rels(&self.document_rels).into_bytes(),
            ),
        ];
        entries.extend(self.parts.into_iter().map(|p| (p.name, p.data)));
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let failed =
            |e: &dyn std::fmt::Display| Error::new(format!("cannot write the Word document: {e}"));
        for (name, data) in entries {
            zip.start_file(name, options).map_err(|e| failed(&e))?;
            zip.write_all(&data).map_err(|e| failed(&e))?;
        }
        Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_folder() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word", "/word/x.xml"), "word/x.xml");
        assert_eq!(resolve("word", "../customXml/a.xml"), "customXml/a.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}
