use std::path::{Path, PathBuf};

use crate::Outcome;
use crate::error::{Error, Result};
use crate::output::Context;
use crate::site::{self, Finding, Input};
use crate::{endorse, repo};

/// Write the repository as a static website.
///
/// PATH is a repository (all its declarations), a declaration folder or its
/// `declaration.yaml`; the current repository by default. The site has an index of the
/// declarations; per declaration every version rendered, the redline of every pair of
/// versions and a picker for any two, the synopsis, a page per clause with its history, the
/// endorsement status with a plot over time, and the `decl check` findings linked to their
/// clauses; and a search over clause texts. Links are relative, so the site works opened from
/// disk (`file://`) and served under any path. Every page carries a Content-Security-Policy
/// and loads nothing from the network.
///
/// With `--public` only versions marked PUBLIC are published: nothing of any other version
/// (text, metadata, search entries, findings) is in the site. Without it, every page carries
/// the distribution marking of the text it shows.
///
/// The site is written into a new folder beside DIR and then renamed into place: DIR is never
/// half-written. DIR must be new, empty, or a site `decl site` wrote before.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl site -o site\n  decl site declarations/global-alliance-2025 -o site --public\n  decl site . -o public --public --base-url https://example.org/declarations/"
)]
pub struct Args {
    /// The repository, or one declaration (folder or `declaration.yaml`).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// The folder to write the site into.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Publish only versions marked PUBLIC.
    #[arg(long, env = "DECL_SITE_PUBLIC")]
    pub public: bool,
    /// The address the site is served from, for canonical links and `sitemap.xml`.
    #[arg(long, value_name = "URL", env = "DECL_SITE_BASE_URL")]
    pub base_url: Option<String>,
}

pub fn cmd_site(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let base_url = args.base_url.as_deref().map(site::base_url).transpose()?;
    // Refuse a folder that may not be replaced before any work is done.
    site::check_target(&args.output)?;
    let start = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let manifests = manifests(&start)?;
    let root = repo::find_root(&start).map(|r| repo::relative_to_cwd(&r));
    let overrides = match &root {
        Some(root) => crate::render::page::templates_folder_of(root)?,
        None => None,
    };
    let env = crate::render::environment(overrides.clone());
    let paths: Vec<PathBuf> = manifests
        .iter()
        .map(|m| {
            m.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        })
        .collect();
    let report = crate::check::run(&paths)?;
    let mut inputs = Vec::new();
    for manifest in &manifests {
        let full = repo::open_manifest(manifest)?;
        full.warnings().iter().for_each(|w| ctx.warn(w));
        let dir = full.dir.clone();
        let (registry, logs) = match &dir {
            Some(dir) => {
                let registry = endorse::Registry::for_dir(dir)?;
                let logs = endorse::Ledger::new(dir, &full.id).read_all(&registry)?;
                (registry, logs)
            }
            None => (endorse::Registry::built_in(), Vec::new()),
        };
        let all_versions: Vec<PathBuf> = full
            .versions
            .iter()
            .filter_map(|v| std::fs::canonicalize(v.path.as_ref()?).ok())
            .collect();
        let declaration = if args.public {
            site::public_only(full)
        } else {
            full
        };
        let findings = findings_of(
            &report,
            dir.as_deref(),
            &declaration,
            &all_versions,
            args.public,
        );
        inputs.push(Input {
            declaration,
            logs,
            registry,
            findings,
        });
    }
    let options = site::Options {
        public: args.public,
        base_url,
    };
    let built = site::build(&inputs, overrides.as_deref(), &env, &options)?;
    site::write_tree(&args.output, &built.files)?;
    ctx.note(&format!(
        "wrote {}: {} of {}, {}",
        crate::error::display_path(&args.output),
        crate::text::count(built.pages, "page", "pages"),
        crate::text::count(built.declarations, "declaration", "declarations"),
        crate::text::count(built.files.len(), "file", "files"),
    ));
    Ok(Outcome::Clean)
}

/// The manifests PATH names: its own, or every declaration of the repository it is in.
fn manifests(start: &Path) -> Result<Vec<PathBuf>> {
    if start.is_file() && start.file_name().is_some_and(|n| n == repo::MANIFEST) {
        return Ok(vec![start.to_path_buf()]);
    }
    if start.is_dir() && start.join(repo::MANIFEST).is_file() {
        return Ok(vec![start.join(repo::MANIFEST)]);
    }
    if !start.exists() {
        return Err(Error::file(start, "does not exist")
            .hint("name a declaration repository or a declaration folder"));
    }
    let Some(root) = repo::find_root(start) else {
        return Err(Error::file(
            start,
            "is not in a declaration repository (no `decl.yaml` or `declarations/` above it)",
        )
        .hint("name a declaration repository or a declaration folder, or run `decl init`"));
    };
    let root = repo::relative_to_cwd(&root);
    let ids = repo::known_ids(&root);
    if ids.is_empty() {
        return Err(Error::file(&root, "has no declarations")
            .hint("a declaration is a folder under `declarations/` with a `declaration.yaml`"));
    }
    Ok(ids
        .iter()
        .map(|id| root.join("declarations").join(id).join(repo::MANIFEST))
        .collect())
}

/// The findings on files of the declaration in `dir`; with `public`, none on a version that
/// is not published (a finding can quote its text).
fn findings_of(
    report: &crate::check::Report,
    dir: Option<&Path>,
    declaration: &repo::Declaration,
    all_versions: &[PathBuf],
    public: bool,
) -> Vec<Finding> {
    let Some(dir) = dir.and_then(|d| std::fs::canonicalize(d).ok()) else {
        return Vec::new();
    };
    let published: Vec<(PathBuf, &str)> = declaration
        .versions
        .iter()
        .filter_map(|v| {
            let path = std::fs::canonicalize(v.path.as_ref()?).ok()?;
            Some((path, v.id.as_str()))
        })
        .collect();
    let versions_dir = dir.join("versions");
    report
        .diagnostics
        .iter()
        .filter_map(|d| {
            let path = std::fs::canonicalize(&d.path).ok()?;
            if !path.starts_with(&dir) {
                return None;
            }
            let version = published
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, id)| (*id).to_string());
            // A version that is not published, or a file in the versions folder that is not
            // a listed version: its findings may quote text that is not public.
            if public
                && version.is_none()
                && (path.starts_with(&versions_dir) || all_versions.contains(&path))
            {
                return None;
            }
            Some(Finding {
                code: d.code,
                name: d.name,
                severity: d.severity.as_str(),
                message: d.message.clone(),
                path: d.path.clone(),
                line: d.line,
                column: d.column,
                version,
            })
        })
        .collect()
}
