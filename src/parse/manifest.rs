//! The manifest of a declaration, `declarations/<id>/declaration.yaml`:
//!
//! ```yaml
//! title: Joint Declaration on the Global Alliance to Counter Migrant Smuggling
//! language: en            # any metadata field, for all versions; a version's own value wins
//! versions:               # the version files, oldest first
//!   - versions/2025-07-18-draft.md
//!   - versions/2025-12-10-adopted.md
//! ```
//!
//! `id`, if given, is the declaration's id (by default the folder name). Each version's id is its
//! front matter `id` or its file name without extension.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::model::meta::unknown_field_warnings;
use crate::model::{Meta, Warning};
use crate::source::Source;
use crate::yaml;

/// A manifest as read.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    /// The declaration's id.
    pub id: String,
    /// Metadata for all versions (its `id` is cleared: that is the declaration's).
    pub meta: Meta,
    /// Version files, oldest first, as paths relative to the current directory.
    pub versions: Vec<VersionEntry>,
    pub warnings: Vec<Warning>,
    pub source: Source,
}

/// One line of the `versions` list.
#[derive(Debug, Clone)]
pub struct VersionEntry {
    /// As written in the manifest.
    pub file: String,
    pub path: PathBuf,
    /// Byte offset of the entry in the manifest, for errors.
    pub at: usize,
}

pub fn read(path: &Path) -> Result<Manifest> {
    from_source(Source::read(path)?, path)
}

/// Read a manifest from its text (read from disk, or from git), `path` being where it is.
pub fn from_source(source: Source, path: &Path) -> Result<Manifest> {
    let map = yaml::parse_map(&source, 0, source.text.len(), false)?;
    let (mut meta, rest) = Meta::from_map(&source, map)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    // `./declaration.yaml` (run inside the folder) has no folder name of its own: ask where `.` is.
    let folder_name = dir
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .or_else(|| {
            std::fs::canonicalize(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            })
            .ok()
            .and_then(|d| d.file_name().map(std::ffi::OsStr::to_os_string))
        })
        .and_then(|n| n.to_str().map(ToString::to_string))
        .unwrap_or_else(|| "declaration".to_string());
    let id = meta.id.take().unwrap_or(folder_name);
    let mut versions = Vec::new();
    let mut unknown = Vec::new();
    for entry in rest {
        if entry.key == "versions" {
            let files: Vec<String> =
                yaml::typed::<Option<Vec<String>>>(&source, &entry)?.unwrap_or_default();
            for file in files {
                versions.push(VersionEntry {
                    path: dir.join(&file),
                    file,
                    at: entry.value_at,
                });
            }
        } else {
            unknown.push(entry);
        }
    }
    let warnings = unknown_field_warnings(&source, &unknown, &["versions"]);
    Ok(Manifest {
        path: path.to_path_buf(),
        id,
        meta,
        versions,
        warnings,
        source,
    })
}

impl Manifest {
    /// The byte offset of a version entry's line, to point errors at it.
    #[must_use]
    pub fn entry_offset(&self, entry: &VersionEntry) -> usize {
        self.source.text.find(&entry.file).unwrap_or(entry.at)
    }
}
