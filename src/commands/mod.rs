//! One module per subcommand: its clap `Args` (doc comments are the help) and `cmd_<name>`.

pub mod check;
pub mod compile;
pub mod completions;
pub mod delegations;
pub mod diff;
pub mod endorse;
pub mod endorsements;
pub mod fmt;
pub mod git_diff;
pub mod history;
pub mod ids;
pub mod import;
pub mod init;
pub mod man;
pub mod proposals;
pub mod propose;
pub mod render;
pub mod reserve;
pub mod show;
pub mod site;
pub mod status;
pub mod synopsis;
pub mod withdraw;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::Context;
use crate::repo;

/// Expand the FILE arguments of `fmt` and `ids` as every command reads them ([`repo::targets`]):
/// version files; a declaration (folder, manifest, id or `DECL@V`) means its version files; a
/// repository or its `declarations/` folder every declaration's; no argument means every version
/// in the repository.
pub fn version_files(ctx: &Context, args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let _ = ctx;
    let mut out = Vec::new();
    if args.is_empty() {
        let root = repo::find_root(Path::new(".")).ok_or_else(|| {
            Error::new("not inside a declaration repository (no `decl.yaml` or `declarations/` above here)")
                .hint("name the files to work on, or run `decl init`")
        })?;
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|c| std::fs::canonicalize(c).ok());
        for id in repo::known_ids(&root) {
            let manifest = root.join("declarations").join(&id).join(repo::MANIFEST);
            let manifest = cwd
                .as_ref()
                .and_then(|c| manifest.strip_prefix(c).ok().map(Path::to_path_buf))
                .unwrap_or(manifest);
            out.extend(manifest_files(&manifest)?);
        }
        return Ok(out);
    }
    for arg in args {
        for target in repo::targets(arg)? {
            match target {
                repo::Target::Manifest(m) => out.extend(manifest_files(&m)?),
                repo::Target::Version(v) => out.push(v),
                repo::Target::Settings(s) => {
                    return Err(crate::parse::not_a_version(&s));
                }
            }
        }
    }
    Ok(out)
}

fn manifest_files(manifest: &Path) -> Result<Vec<PathBuf>> {
    if !manifest.is_file() {
        return Err(Error::file(
            manifest.parent().unwrap_or(manifest),
            format!("folder has no `{}`", repo::MANIFEST),
        ));
    }
    let m = crate::parse::manifest::read(manifest)?;
    Ok(m.versions.into_iter().map(|v| v.path).collect())
}
