//! Reading files into the model: Markdown and YAML versions, and manifests.

pub mod ids;
pub mod manifest;
pub mod markdown;
pub mod pieces;
pub mod rendering;
pub mod yaml_body;

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Meta, Version};
use crate::source::Source;

/// Read a version from a checked [`Source`]; the format follows the name's extension
/// (`.yaml`/`.yml` is the YAML body format, anything else Markdown).
pub fn version(source: &Source, manifest: &Meta) -> Result<Version> {
    let name = source
        .name
        .rsplit(['/', ':'])
        .next()
        .unwrap_or(&source.name);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_ascii_lowercase()),
        _ => (name, String::new()),
    };
    match ext.as_str() {
        "yaml" | "yml" => yaml_body::parse(source, manifest, stem),
        _ => markdown::parse(source, manifest, stem),
    }
}

/// Read a version file from disk.
pub fn version_file(path: &Path, manifest: &Meta) -> Result<Version> {
    let source = Source::read(path)?;
    version(&source, manifest)
}

/// Whether a path names a version file by its extension.
#[must_use]
pub fn is_version_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "yaml" | "yml")
    )
}

/// An error for a path that should be a version file but is something else.
#[must_use]
pub fn not_a_version(path: &Path) -> Error {
    Error::file(path, "not a version file (`.md` or `.yaml`)")
}
