//! Finding declarations and resolving version references.
//!
//! A reference is one of:
//! - a path to a version file (`.md`, `.yaml`);
//! - `DECL@V`: DECL is a declaration folder or id, V a version id, a Council document number,
//!   `first`, `latest` or `previous` (the one before the latest);
//! - `DECL` alone: its latest version;
//! - `REV:PATH`: a file at a git revision, read with `git show` (no shell).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::model::{DocNumber, Meta, Version, Warning};
use crate::parse::{self, manifest::Manifest};
use crate::source::Source;
use crate::text::closest;

/// The manifest's file name inside a declaration folder.
pub const MANIFEST: &str = "declaration.yaml";
/// The repository settings file that marks a repository's root.
pub const SETTINGS: &str = "decl.yaml";

/// A declaration with all its versions read.
#[derive(Debug)]
pub struct Declaration {
    pub id: String,
    /// The declaration folder (absent for a single file).
    pub dir: Option<PathBuf>,
    pub manifest: Option<Manifest>,
    /// Oldest first.
    pub versions: Vec<Version>,
}

/// What a reference resolved to.
#[derive(Debug)]
pub struct Resolved {
    pub version: Version,
    /// The declaration, when the reference named one.
    pub declaration: Option<Declaration>,
}

impl Declaration {
    /// Warnings from the manifest and every version, and about version files in the
    /// `versions/` folder that the manifest does not list (which no command sees).
    #[must_use]
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out: Vec<Warning> = self
            .manifest
            .iter()
            .flat_map(|m| m.warnings.iter().cloned())
            .collect();
        if let Some(m) = &self.manifest {
            let (line, column) = m.source.line_col(m.versions_offset());
            out.extend(m.unlisted_files().into_iter().map(|file| Warning {
                path: m.source.name.clone(),
                line,
                column,
                message: format!(
                    "`{file}` is in the folder but not listed in `versions`, so it is left out"
                ),
            }));
        }
        out.extend(
            self.versions
                .iter()
                .flat_map(|v| v.warnings.iter().cloned()),
        );
        out
    }

    /// Find a version by id, document number, `first`, `latest` or `previous`.
    pub fn select(&self, selector: &str) -> Result<usize> {
        let n = self.versions.len();
        if n == 0 {
            return Err(Error::new(format!(
                "declaration `{}` has no versions",
                self.id
            )));
        }
        match selector {
            "first" => return Ok(0),
            "latest" => return Ok(n - 1),
            "previous" => {
                return if n >= 2 {
                    Ok(n - 2)
                } else {
                    Err(Error::new(format!(
                        "declaration `{}` has only one version, so none is `previous`",
                        self.id
                    )))
                };
            }
            _ => {}
        }
        if let Some(i) = self.versions.iter().position(|v| v.id == selector) {
            return Ok(i);
        }
        if let Ok(doc) = DocNumber::parse(selector)
            && let Some(i) = self
                .versions
                .iter()
                .position(|v| v.meta.document.as_ref() == Some(&doc))
        {
            return Ok(i);
        }
        let ids: Vec<&str> = self.versions.iter().map(|v| v.id.as_str()).collect();
        let mut err = Error::new(format!(
            "declaration `{}` has no version `{selector}`",
            self.id
        ));
        if let Some(best) = closest(selector, ids.iter().copied()).first() {
            err = err.hint(format!("did you mean `{best}`?"));
        }
        Err(err.hint(format!(
            "versions: {}; or `first`, `latest`, `previous`, or a document number",
            ids.join(", ")
        )))
    }
}

/// `target` as a path from `base` (both absolute), with `..` where it lies outside:
/// `/repo/declarations/x` to `/repo/declarations/y/a.md` is `../y/a.md`.
#[must_use]
pub fn relative_to(base: &Path, target: &Path) -> PathBuf {
    let (b, t): (Vec<_>, Vec<_>) = (base.components().collect(), target.components().collect());
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return target.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// A path joined and with `.` and `x/..` removed, without touching the file system.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<std::path::Component> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if matches!(out.last(), Some(std::path::Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// The root of the declaration repository containing `start`: the nearest folder with a
/// `decl.yaml` or a `declarations/` folder.
#[must_use]
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .find(|dir| dir.join(SETTINGS).is_file() || dir.join("declarations").is_dir())
        .map(Path::to_path_buf)
}

/// Open a declaration named by a folder, a manifest, a version file or an id.
pub fn open(spec: &str) -> Result<Declaration> {
    let path = Path::new(spec);
    if path.is_dir() {
        let manifest = path.join(MANIFEST);
        if manifest.is_file() {
            return open_manifest(&manifest);
        }
        return Err(Error::file(path, format!("folder has no `{MANIFEST}`"))
            .hint("a declaration folder holds a `declaration.yaml` listing its versions; `decl init` makes one"));
    }
    if path.is_file() {
        if path.file_name().is_some_and(|n| n == MANIFEST) {
            return open_manifest(path);
        }
        let version = parse::version_file(path, &Meta::default())?;
        return Ok(Declaration {
            id: version.id.clone(),
            dir: None,
            manifest: None,
            versions: vec![version],
        });
    }
    // An id: look in the repository's `declarations/` folder.
    let root = find_root(Path::new(".")).unwrap_or_else(|| PathBuf::from("."));
    let dir = root.join("declarations").join(spec);
    let manifest = dir.join(MANIFEST);
    if !spec.contains('/') && manifest.is_file() {
        return open_manifest(&relative_to_cwd(&manifest));
    }
    let known = known_ids(&root);
    let mut err = Error::new(format!("no declaration or file `{spec}`"));
    if let Some(best) = closest(spec, known.iter().map(String::as_str)).first() {
        err = err.hint(format!("did you mean `{best}`?"));
    } else if !known.is_empty() {
        err = err.hint(format!("declarations here: {}", known.join(", ")));
    }
    Err(err)
}

/// `path` relative to the current directory when it is below it, as users name files.
#[must_use]
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    match relative {
        Some(p) if p.as_os_str().is_empty() => PathBuf::from("."),
        Some(p) => p,
        None => path.to_path_buf(),
    }
}

/// The ids of the declarations under `root/declarations`.
#[must_use]
pub fn known_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("declarations"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join(MANIFEST).is_file())
        .filter_map(|e| e.file_name().to_str().map(ToString::to_string))
        .collect();
    ids.sort();
    ids
}

/// What a command's argument names when it works on files (`check`, `fmt`, `ids`): every
/// command takes the same arguments. A path (a version file, a declaration folder or its
/// `declaration.yaml`, a repository root, the `declarations/` folder of one) or, where no such
/// path exists, a declaration id or `DECL@V`, as `show` and `diff` take them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A declaration's `declaration.yaml`.
    Manifest(PathBuf),
    /// One version file.
    Version(PathBuf),
    /// The repository settings (`decl.yaml`), named on its own.
    Settings(PathBuf),
}

/// The targets an argument names (see [`Target`]).
pub fn targets(arg: &Path) -> Result<Vec<Target>> {
    if arg.is_dir() {
        let manifest = arg.join(MANIFEST);
        if manifest.is_file() {
            return Ok(vec![Target::Manifest(manifest)]);
        }
        // A repository root, or its `declarations/` folder: every declaration in it.
        let folder = if arg.join("declarations").is_dir() {
            arg.join("declarations")
        } else {
            arg.to_path_buf()
        };
        let manifests: Vec<Target> = sorted_declarations(&folder)
            .into_iter()
            .map(|dir| Target::Manifest(dir.join(MANIFEST)))
            .collect();
        if !manifests.is_empty() || arg.join(SETTINGS).is_file() {
            return Ok(manifests);
        }
        return Err(
            Error::file(arg, "is neither a declaration folder nor a repository").hint(format!(
                "name a folder with a `{MANIFEST}`, a repository root, or version files"
            )),
        );
    }
    if arg.is_file() {
        return match arg.file_name().and_then(|n| n.to_str()) {
            Some(MANIFEST) => Ok(vec![Target::Manifest(arg.to_path_buf())]),
            Some(SETTINGS) => Ok(vec![Target::Settings(arg.to_path_buf())]),
            _ if parse::is_version_file(arg) => Ok(vec![Target::Version(arg.to_path_buf())]),
            _ => Err(parse::not_a_version(arg)),
        };
    }
    if arg.exists() {
        return Err(Error::file(arg, "is not a regular file"));
    }
    let spec = arg.to_string_lossy();
    // `DECL@V`: that version's file; a declaration id: its manifest.
    if let Some((decl, selector)) = spec.rsplit_once('@')
        && !decl.is_empty()
        && !selector.is_empty()
    {
        let declaration = open(decl)?;
        let i = declaration.select(selector)?;
        return match declaration.versions[i].path.clone() {
            Some(path) => Ok(vec![Target::Version(path)]),
            None => Err(Error::new(format!("`{spec}` is not a file"))),
        };
    }
    // A name written as a file (`draft.md`, `x/y`) that is not there is a missing file.
    if parse::is_version_file(arg) || spec.contains('/') {
        return Err(Error::file(arg, "no such file or directory"));
    }
    let declaration = open(&spec)?;
    match declaration.manifest {
        Some(m) => Ok(vec![Target::Manifest(m.path)]),
        None => Ok(declaration
            .versions
            .into_iter()
            .filter_map(|v| v.path.map(Target::Version))
            .collect()),
    }
}

/// The declaration folders (with a manifest) directly inside `folder`, by name.
fn sorted_declarations(folder: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join(MANIFEST).is_file())
        .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p))
        .collect();
    out.sort();
    out
}

/// Read a manifest and every version it lists.
pub fn open_manifest(path: &Path) -> Result<Declaration> {
    let manifest = parse::manifest::read(path)?;
    let mut versions: Vec<Version> = Vec::with_capacity(manifest.versions.len());
    for entry in &manifest.versions {
        if let Some(what) = unreadable(&entry.path) {
            let at = manifest.entry_offset(entry);
            return Err(manifest.source.error(
                at..at + entry.file.len(),
                format!("version file `{}` {what}", entry.file),
            ));
        }
        versions.push(parse::version_file(&entry.path, &manifest.meta)?);
    }
    let read: Vec<Option<&Version>> = versions.iter().map(Some).collect();
    if let Some(err) = same_id_twice(&manifest, &read) {
        return Err(err);
    }
    Ok(Declaration {
        id: manifest.id.clone(),
        dir: path.parent().map(Path::to_path_buf),
        manifest: Some(manifest),
        versions,
    })
}

/// Why a version file listed in a manifest cannot be read as one (`is a directory`, `does not
/// exist`, …), or `None` when it is a regular file: the verdict every command and `decl check`
/// give.
#[must_use]
pub fn unreadable(path: &Path) -> Option<&'static str> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => None,
        Ok(m) if m.is_dir() => Some("is a directory"),
        Ok(_) => Some("is not a regular file"),
        Err(_) if std::fs::symlink_metadata(path).is_ok() => Some("is a symbolic link to nothing"),
        Err(_) => Some("does not exist"),
    }
}

/// The error for two versions of a manifest with one id (two files whose front matter gives
/// the same `id`), if there are: every command that reads the manifest refuses it, and `decl
/// check` reports it. `versions` are in manifest order, `None` where a file could not be read.
#[must_use]
pub fn same_id_twice(manifest: &Manifest, versions: &[Option<&Version>]) -> Option<Error> {
    // The first version with each id: a map, as a declaration may have thousands.
    let mut first: std::collections::HashMap<&str, &Version> =
        std::collections::HashMap::with_capacity(versions.len());
    for (entry, version) in manifest.versions.iter().zip(versions) {
        let Some(version) = version else { continue };
        if let Some(prev) = first.get(version.id.as_str()) {
            let at = manifest.entry_offset(entry);
            return Some(manifest.source.error(
                at..at + entry.file.len(),
                format!(
                    "version id `{}` is used twice (also by `{}`)",
                    version.id, prev.source
                ),
            ));
        }
        first.insert(&version.id, version);
    }
    None
}

/// Resolve a version reference (see the module docs).
pub fn resolve(reference: &str) -> Result<Resolved> {
    let path = Path::new(reference);
    if path.is_dir() && parse::is_version_file(path) {
        return Err(Error::file(path, "is a directory, expected a version file"));
    }
    if path.is_file() && path.file_name().is_none_or(|n| n != MANIFEST) {
        return Ok(Resolved {
            version: parse::version_file(path, &Meta::default())?,
            declaration: None,
        });
    }
    if let Some((decl, selector)) = reference.rsplit_once('@')
        && !decl.is_empty()
        && !selector.is_empty()
    {
        let declaration = open(decl)?;
        let i = declaration.select(selector)?;
        return Ok(take(declaration, i));
    }
    if path.exists() || !reference.contains(':') {
        let declaration = open(reference)?;
        let n = declaration.versions.len();
        if n == 0 {
            return Err(Error::new(format!(
                "declaration `{}` has no versions",
                declaration.id
            )));
        }
        return Ok(take(declaration, n - 1));
    }
    let (rev, file) = reference.split_once(':').unwrap_or((reference, ""));
    Ok(Resolved {
        version: git_version(rev, file)?,
        declaration: None,
    })
}

fn take(declaration: Declaration, i: usize) -> Resolved {
    let version = declaration.versions[i].clone();
    Resolved {
        version,
        declaration: Some(declaration),
    }
}

/// Read `PATH` at git revision `REV` with `git show REV:PATH`. A `PATH` that is a folder at
/// that revision is a declaration: its latest version then, by its `declaration.yaml` then.
pub fn git_version(rev: &str, file: &str) -> Result<Version> {
    let name = format!("{rev}:{file}");
    let bytes = git_show(rev, file)?;
    let tree_header = format!("tree {}\n", git_spec(rev, file));
    if bytes.starts_with(tree_header.as_bytes())
        && git_object_type(rev, file).as_deref() == Some("tree")
    {
        return git_declaration_latest(rev, file.trim_end_matches('/'));
    }
    let source = Source::from_bytes(&name, bytes)?;
    parse::version(&source, &Meta::default())
}

/// The latest version of the declaration in folder `dir` at revision `rev`.
fn git_declaration_latest(rev: &str, dir: &str) -> Result<Version> {
    let manifest_file = format!("{dir}/{MANIFEST}");
    let bytes = git_show(rev, &manifest_file).map_err(|_| {
        Error::new(format!(
            "`{rev}:{dir}` is a folder without a `{MANIFEST}` at that revision"
        ))
        .hint("name a version file in it, `REV:PATH/versions/FILE.md`")
    })?;
    let source = Source::from_bytes(&format!("{rev}:{manifest_file}"), bytes)?;
    let manifest = parse::manifest::from_source(source, Path::new(&manifest_file))?;
    let Some(latest) = manifest.versions.last() else {
        return Err(Error::new(format!(
            "declaration `{}` has no versions at `{rev}`",
            manifest.id
        )));
    };
    let file = format!("{dir}/{}", latest.file);
    let bytes = git_show(rev, &file)?;
    let source = Source::from_bytes(&format!("{rev}:{file}"), bytes)?;
    parse::version(&source, &manifest.meta)
}

/// `git cat-file -t REV:PATH`: `blob`, `tree`, … or `None` when git cannot tell.
fn git_object_type(rev: &str, file: &str) -> Option<String> {
    let output = Command::new("git")
        .args(["cat-file", "-t", "--end-of-options", &git_spec(rev, file)])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `REV:./PATH`: git resolves the path against the current directory, as users expect.
fn git_spec(rev: &str, file: &str) -> String {
    if file.starts_with("./") || file.starts_with("../") || Path::new(file).is_absolute() {
        format!("{rev}:{file}")
    } else {
        format!("{rev}:./{file}")
    }
}

/// The bytes of `PATH` at revision `REV`.
fn git_show(rev: &str, file: &str) -> Result<Vec<u8>> {
    let name = format!("{rev}:{file}");
    if rev.is_empty() || file.is_empty() {
        return Err(Error::new(format!(
            "`{name}` is neither a file nor `REV:PATH`"
        )));
    }
    // git would take a revision starting with `-` for an option (`--output=FILE` writes a file).
    if rev.starts_with('-') {
        return Err(Error::new(format!(
            "revision `{rev}` starts with `-`; a revision never does"
        ))
        .hint("name a commit, branch or tag, e.g. `HEAD~1:declarations/x/versions/final.md`"));
    }
    let spec = git_spec(rev, file);
    let output = Command::new("git")
        .args(["show", "--no-textconv", "--end-of-options", &spec])
        .output()
        .map_err(|e| {
            Error::new(format!("cannot run `git` to read `{name}`: {e}"))
                .hint("install git, or name a file on disk")
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr.lines().next().unwrap_or("git show failed").trim();
        let reason = reason.strip_prefix("fatal: ").unwrap_or(reason);
        return Err(Error::new(format!(
            "cannot read `{name}` from git: {reason}"
        )));
    }
    Ok(output.stdout)
}
