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

use std::path::{Component, Path, PathBuf};

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
            let mut from = entry.value_at;
            // Where each file was first listed: a map, as a declaration may have thousands.
            let mut seen: std::collections::HashMap<PathBuf, usize> =
                std::collections::HashMap::with_capacity(files.len());
            for file in files {
                let at = source.text[from..]
                    .find(file.as_str())
                    .map_or(from, |i| from + i);
                from = (at + file.len()).min(source.text.len());
                let error = |message: String| source.error(at..at + file.len(), message);
                let Some(key) = inside(dir, &file) else {
                    return Err(error(format!(
                        "version file `{file}` is outside the declaration folder `{}`",
                        crate::error::display_path(dir)
                    ))
                    .hint("a declaration's version files live in its folder, e.g. `versions/draft.md`"));
                };
                if let Some(first) = seen.get(&key) {
                    let line = source.line(*first);
                    return Err(error(format!(
                        "version file `{file}` is listed twice (also on line {line})"
                    ))
                    .hint("list each version once, oldest first"));
                }
                seen.insert(key, at);
                versions.push(VersionEntry {
                    path: dir.join(&file),
                    file,
                    at,
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

/// Where `file` (as written in the manifest in `dir`) is, when it stays inside `dir`: the path
/// without `.` and `..`, or the file itself once links are followed. `None` when it leaves:
/// an absolute path, a `..` above the folder, or a link to elsewhere.
fn inside(dir: &Path, file: &str) -> Option<PathBuf> {
    let mut key = PathBuf::new();
    for part in Path::new(file).components() {
        match part {
            Component::Normal(p) => key.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !key.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    match (
        std::fs::canonicalize(dir.join(file)),
        std::fs::canonicalize(dir),
    ) {
        (Ok(real), Ok(folder)) if !real.starts_with(&folder) => None,
        (Ok(real), Ok(_)) => Some(real),
        _ => Some(dir.join(key)),
    }
}

impl Manifest {
    /// Version files in the declaration's `versions/` folder (`.md`, `.yaml`) that no entry
    /// lists, by their path as an entry would write it (`versions/x.md`), sorted.
    #[must_use]
    pub fn unlisted_files(&self) -> Vec<String> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let listed: std::collections::HashSet<PathBuf> = self
            .versions
            .iter()
            .filter_map(|e| std::fs::canonicalize(&e.path).ok())
            .collect();
        let mut out: Vec<String> = std::fs::read_dir(dir.join("versions"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && crate::parse::is_version_file(p))
            .filter(|p| std::fs::canonicalize(p).is_ok_and(|c| !listed.contains(&c)))
            .filter_map(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .map(|n| format!("versions/{n}"))
            })
            .collect();
        out.sort();
        out
    }

    /// Where the `versions` list starts (for findings about it as a whole).
    #[must_use]
    pub fn versions_offset(&self) -> usize {
        self.source.text.find("versions:").unwrap_or(0)
    }

    /// The byte offset of a version entry in the manifest, to point errors at it.
    #[must_use]
    pub fn entry_offset(&self, entry: &VersionEntry) -> usize {
        entry.at
    }
}
