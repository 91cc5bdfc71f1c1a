//! `decl check`: rules over every declaration, version and setting of a repository.
//!
//! The run is computed once into a [`Report`] (plain data); each format in [`output`] renders it.
//! Rules live one per file in [`rules`], listed in [`registry::RULES`]. The runner:
//!
//! 1. reads `decl.yaml` (settings: rules turned off or given another severity, extra
//!    spellings, public folders);
//! 2. finds what to check: the whole repository by default, or the declarations, manifests and
//!    version files named;
//! 3. reads every version file in parallel (`std::thread::scope`, one worker per core) and runs
//!    the source and version rules on it; a file that cannot be read becomes a `parse-error`
//!    finding and the run goes on;
//! 4. reads each declaration's endorsement ledger and runs the declaration rules (manifest
//!    entries, version order, endorsements);
//! 5. drops findings suppressed by a `<!-- decl-ignore CODE -->` comment in their clause,
//!    applies the configured severities and sorts by file, line, column and code.

pub mod diagnostic;
pub mod output;
pub mod registry;
pub mod rules;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::endorse::Registry;
use crate::error::{Error, Result, catch_panic, display_path};
use crate::model::{Meta, Version};
use crate::parse::manifest::{self, Manifest};
use crate::repo;
use crate::settings::Settings;
use crate::source::Source;
use crate::text::closest;
pub use diagnostic::{Diagnostic, Findings, Report, Severity, Summary};
use registry::{DeclarationCx, LedgerFile, ProposalFile, RULES, Rule, VersionCx};
use rules::{parse_error, unknown_setting};

/// What to check: paths as given on the command line (empty: the whole repository).
pub fn run(paths: &[PathBuf]) -> Result<Report> {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| std::fs::canonicalize(c).ok());
    let root = match paths.first() {
        None => Some(repo::find_root(Path::new(".")).ok_or_else(|| {
            Error::new("not inside a declaration repository (no `decl.yaml` or `declarations/` above here)")
                .hint("name the declarations or files to check, or run `decl init`")
        })?),
        Some(first) => {
            let start = if first.is_dir() {
                first.as_path()
            } else {
                first.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
            };
            repo::find_root(start)
        }
    };
    // Paths as a person in this folder writes them: relative, with `..` for a repository
    // above it.
    let shown = |p: &Path| -> PathBuf {
        match &cwd {
            Some(c) if p.is_absolute() => repo::relative_to(c, p),
            _ => p.to_path_buf(),
        }
    };

    let mut diagnostics = Vec::new();
    let mut files = 0;
    let settings = match &root {
        Some(root) => load_settings(&shown(root), &mut diagnostics, &mut files),
        None => Settings::default(),
    };
    let config = Config::new(&settings, &mut diagnostics);

    let targets = if paths.is_empty() {
        repo_targets(&shown(root.as_deref().unwrap_or(Path::new("."))))
    } else {
        let mut t = Targets::default();
        for p in paths {
            t.add(p)?;
        }
        t
    };

    // Manifests first: they say which files are versions and give their shared metadata.
    let mut manifests: Vec<Manifest> = Vec::new();
    for path in &targets.manifests {
        files += 1;
        match manifest::read(path) {
            Ok(m) => manifests.push(m),
            Err(e) => diagnostics.push(parse_error::diagnostic(&e, &display_path(path), None)),
        }
    }
    let mut jobs: Vec<Job> = Vec::new();
    for (i, m) in manifests.iter().enumerate() {
        for (j, entry) in m.versions.iter().enumerate() {
            if entry.path.is_file() {
                jobs.push(Job {
                    path: entry.path.clone(),
                    manifest: Some((i, j)),
                });
            }
        }
    }
    let mut loose_meta: Vec<Option<Meta>> = Vec::new();
    for path in &targets.versions {
        loose_meta.push(enclosing_manifest_meta(path));
        jobs.push(Job {
            path: path.clone(),
            manifest: None,
        });
    }
    files += jobs.len();

    let public: Vec<PathBuf> = match &root {
        Some(root) => settings
            .check
            .public
            .iter()
            .filter_map(|p| std::fs::canonicalize(root.join(p)).ok())
            .collect(),
        None => Vec::new(),
    };
    let shared = Shared {
        config: &config,
        settings: &settings,
        manifests: &manifests,
        loose_meta: &loose_meta,
        loose_start: jobs.len() - targets.versions.len(),
        public: &public,
    };
    let results = run_parallel(&jobs, |i, job| check_file(i, job, &shared))?;

    let mut versions: HashMap<(usize, usize), (Version, Source)> = HashMap::new();
    for (job, (version, found)) in jobs.iter().zip(results) {
        diagnostics.extend(found);
        if let (Some(at), Some(v)) = (job.manifest, version) {
            versions.insert(at, v);
        }
    }
    let delegations = delegation_registry(&settings, &mut diagnostics);
    for (i, m) in manifests.iter().enumerate() {
        let ledger = read_ledger(m, &mut diagnostics, &mut files);
        let proposals = read_proposals(m, &mut diagnostics, &mut files);
        let cx = DeclarationCx {
            manifest: m,
            versions: (0..m.versions.len())
                .map(|j| versions.get(&(i, j)).map(|(v, _)| v))
                .collect(),
            sources: (0..m.versions.len())
                .map(|j| versions.get(&(i, j)).map(|(_, s)| s))
                .collect(),
            settings: &settings,
            root: root.as_deref(),
            ledger: &ledger,
            delegations: delegations.as_ref(),
            proposals: &proposals,
        };
        // The verdict every other command gives on the manifest: one version id twice.
        if let Some(e) = repo::same_id_twice(m, &cx.versions) {
            diagnostics.push(parse_error::diagnostic(
                &e,
                &display_path(&m.path),
                Some(&m.source),
            ));
        }
        let mut found = Findings::new();
        catch_panic(|| {
            for rule in config.enabled() {
                rule.check_declaration(&cx, &mut found);
            }
        })
        .map_err(|what| Error::internal(Some(&display_path(&m.path)), &what))?;
        diagnostics.extend(found.finish());
    }

    let mut diagnostics = config.apply(diagnostics);
    // `../../declarations/x/versions/a.md` from `declarations/x` is `versions/a.md`.
    if let Some(c) = &cwd {
        for d in &mut diagnostics {
            let path = Path::new(&d.path);
            if !path.is_absolute() && d.path.starts_with("..") {
                let shorter = repo::relative_to(c, &repo::normalize(&c.join(path)));
                d.path = shorter.to_string_lossy().into_owned();
            }
        }
    }
    let mut report = Report::new(diagnostics, files);
    // Where this folder is in the repository, for the formats that name files from its root.
    report.here_in_repository = match (&cwd, &root) {
        (Some(c), Some(r)) => std::fs::canonicalize(r)
            .ok()
            .and_then(|r| c.strip_prefix(&r).ok().map(Path::to_path_buf)),
        _ => None,
    };
    Ok(report)
}

/// The files one run reads.
#[derive(Debug, Default)]
struct Targets {
    manifests: Vec<PathBuf>,
    versions: Vec<PathBuf>,
}

impl Targets {
    fn add(&mut self, path: &Path) -> Result<()> {
        for target in repo::targets(path)? {
            match target {
                repo::Target::Manifest(m) => self.manifests.push(m),
                repo::Target::Version(v) => self.versions.push(v),
                // The settings are read for every run; naming them adds nothing to check.
                repo::Target::Settings(_) => {}
            }
        }
        Ok(())
    }
}

/// Every declaration of the repository at `root`.
fn repo_targets(root: &Path) -> Targets {
    Targets {
        manifests: repo::known_ids(root)
            .into_iter()
            .map(|id| {
                let p = root.join("declarations").join(id).join(repo::MANIFEST);
                p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p)
            })
            .collect(),
        versions: Vec::new(),
    }
}

/// The metadata of the declaration a loose version file belongs to
/// (`declarations/x/versions/a.md` → `declarations/x/declaration.yaml`).
fn enclosing_manifest_meta(path: &Path) -> Option<Meta> {
    let dir = path.parent()?;
    [dir, dir.parent()?]
        .iter()
        .map(|d| d.join(repo::MANIFEST))
        .find(|m| m.is_file())
        .and_then(|m| manifest::read(&m).ok())
        .map(|m| m.meta)
}

fn load_settings(root: &Path, out: &mut Vec<Diagnostic>, files: &mut usize) -> Settings {
    let path = root.join(repo::SETTINGS);
    if !path.is_file() {
        return Settings::default();
    }
    *files += 1;
    match Settings::read(&path) {
        Ok((settings, warnings)) => {
            if let Some(source) = &settings.source {
                for w in warnings {
                    out.push(unknown_setting::diagnostic(
                        source, w.line, w.column, &w.message,
                    ));
                }
            }
            settings
        }
        Err(e) => {
            out.push(parse_error::diagnostic(&e, &display_path(&path), None));
            Settings::default()
        }
    }
}

/// The delegations that can endorse: built in, with the settings' additions and renames.
fn delegation_registry(settings: &Settings, out: &mut Vec<Diagnostic>) -> Option<Registry> {
    let mut registry = Registry::built_in();
    if let Some(source) = &settings.source
        && let Err(e) = registry.apply_settings(source)
    {
        out.push(parse_error::diagnostic(&e, &source.name, Some(source)));
        return None;
    }
    Some(registry)
}

/// Read a declaration's ledger files (`endorsements/*.yaml`), in file-name order.
fn read_ledger(
    manifest: &Manifest,
    out: &mut Vec<Diagnostic>,
    files: &mut usize,
) -> Vec<LedgerFile> {
    let Some(dir) = manifest
        .path
        .parent()
        .map(|d| d.join(crate::endorse::ledger::FOLDER))
    else {
        return Vec::new();
    };
    let is_ledger_file = |p: &Path| {
        p.extension().is_some_and(|e| e == "yaml")
            && !p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_ledger_file(p))
        .collect();
    // A write a killed process left unfinished is read as finished, as `decl endorsements`
    // reads it: the files it was writing, with their new text.
    let pending = crate::fsio::pending(&dir.join(crate::endorse::ledger::LOCK));
    let absolute_dir = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    for path in pending.keys() {
        if path.parent() == Some(absolute_dir.as_path())
            && let Some(name) = path.file_name()
            && is_ledger_file(path)
            && !paths.iter().any(|p| p.file_name() == Some(name))
        {
            paths.push(dir.join(name));
        }
    }
    paths.sort();
    let mut ledger = Vec::new();
    for path in paths {
        *files += 1;
        let finished = std::path::absolute(&path)
            .ok()
            .and_then(|p| pending.get(&p).cloned());
        let folder = manifest.path.parent().unwrap_or(Path::new("."));
        let read = match finished {
            Some(text) => Ok(Source::new(&display_path(&path), text)),
            None if !crate::fsio::stays_in(&path, folder) => Err(Error::file(
                &path,
                "is a link to a file outside the declaration folder; decl does not read it",
            )),
            None => Source::read(&path),
        };
        let source = match read {
            Ok(s) => s,
            Err(e) => {
                out.push(parse_error::diagnostic(&e, &display_path(&path), None));
                continue;
            }
        };
        match crate::endorse::ledger::parse(&path, &source.text) {
            Ok(events) => ledger.push(LedgerFile {
                code: path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string(),
                source,
                events,
            }),
            Err(e) => out.push(parse_error::diagnostic(&e, &source.name, Some(&source))),
        }
    }
    ledger
}

/// Read a declaration's proposal files (`proposals/<version>/*.yaml`), in path order; one that
/// cannot be read is a parse error.
fn read_proposals(
    manifest: &Manifest,
    out: &mut Vec<Diagnostic>,
    files: &mut usize,
) -> Vec<ProposalFile> {
    let Some(folder) = manifest.path.parent() else {
        return Vec::new();
    };
    let dir = folder.join(crate::negotiate::proposal::FOLDER);
    let hidden = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !hidden(p))
        .flat_map(|d| {
            std::fs::read_dir(d)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .collect::<Vec<_>>()
        })
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml") && !hidden(p))
        .collect();
    paths.sort();
    let mut proposals = Vec::new();
    for path in paths {
        *files += 1;
        let read = if crate::fsio::stays_in(&path, folder) {
            Source::read(&path)
        } else {
            Err(Error::file(
                &path,
                "is a link to a file outside the declaration folder; decl does not read it",
            ))
        };
        let source = match read {
            Ok(s) => s,
            Err(e) => {
                out.push(parse_error::diagnostic(&e, &display_path(&path), None));
                continue;
            }
        };
        match crate::negotiate::proposal::read(&path, &source) {
            Ok(proposal) => proposals.push(ProposalFile { source, proposal }),
            Err(e) => out.push(parse_error::diagnostic(&e, &source.name, Some(&source))),
        }
    }
    proposals
}

/// Which rules run, and at what severity.
struct Config {
    /// Per rule (registry order): `None` when off.
    levels: Vec<Option<Severity>>,
}

impl Config {
    fn new(settings: &Settings, out: &mut Vec<Diagnostic>) -> Config {
        let mut levels: Vec<Option<Severity>> =
            RULES.iter().map(|r| Some(r.info().severity)).collect();
        for s in &settings.check.rules {
            match RULES.iter().position(|r| {
                let info = r.info();
                info.code.eq_ignore_ascii_case(&s.rule) || info.name == s.rule
            }) {
                Some(i) => levels[i] = s.severity,
                None => {
                    if let Some(source) = &settings.source {
                        let (line, column) = source.line_col(s.at);
                        let hint = match closest(&s.rule, registry::names()).first() {
                            Some(best) => format!("; did you mean `{best}`?"),
                            None => "; `decl check --list-rules` lists them".to_string(),
                        };
                        out.push(unknown_setting::diagnostic(
                            source,
                            line,
                            column,
                            &format!("no rule `{}`{hint}", s.rule),
                        ));
                    }
                }
            }
        }
        Config { levels }
    }

    fn enabled(&self) -> impl Iterator<Item = &'static dyn Rule> + '_ {
        RULES
            .iter()
            .zip(&self.levels)
            .filter(|(_, l)| l.is_some())
            .map(|(r, _)| *r)
    }

    /// Drop findings of rules that are off; give the others their configured severity.
    fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                let i = RULES.iter().position(|r| r.info().code == d.code)?;
                d.severity = self.levels[i]?;
                Some(d)
            })
            .collect()
    }
}

/// One version file to read.
struct Job {
    path: PathBuf,
    /// (manifest, entry) when the file is listed in a manifest.
    manifest: Option<(usize, usize)>,
}

/// What every worker reads.
struct Shared<'a> {
    config: &'a Config,
    settings: &'a Settings,
    manifests: &'a [Manifest],
    /// Metadata for the loose files, which come after the manifest entries in the job list.
    loose_meta: &'a [Option<Meta>],
    loose_start: usize,
    /// Canonical public folders.
    public: &'a [PathBuf],
}

/// The version read (with its source, which declaration rules point into) and the findings.
type FileResult = (Option<(Version, Source)>, Vec<Diagnostic>);

/// Check every job, spreading them over the available cores; one result per job, in job order.
/// A panic while checking a file is an internal error naming it: the run stops with exit 2, so
/// that a bug never reads as "no problems found".
fn run_parallel<R: Send>(jobs: &[Job], check: impl Fn(usize, &Job) -> R + Sync) -> Result<Vec<R>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(jobs.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, std::result::Result<R, String>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        done.push((i, catch_panic(|| check(i, job))));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    // Each result goes to the file it is about, by job number: never matched up by position.
    let mut slots: Vec<Option<R>> = jobs.iter().map(|_| None).collect();
    for (i, result) in done.into_iter().flatten() {
        let shown = display_path(&jobs[i].path);
        slots[i] = Some(result.map_err(|what| Error::internal(Some(&shown), &what))?);
    }
    slots
        .into_iter()
        .zip(jobs)
        .map(|(slot, job)| {
            slot.ok_or_else(|| {
                Error::internal(
                    Some(&display_path(&job.path)),
                    "the check of this file did not finish",
                )
            })
        })
        .collect()
}

fn check_file(index: usize, job: &Job, shared: &Shared) -> FileResult {
    let shown = display_path(&job.path);
    let source = match Source::read(&job.path) {
        Ok(s) => s,
        Err(e) => return (None, vec![parse_error::diagnostic(&e, &shown, None)]),
    };
    let manifest_meta = match job.manifest {
        Some((m, _)) => shared.manifests.get(m).map(|m| &m.meta),
        None => shared
            .loose_meta
            .get(index - shared.loose_start)
            .and_then(Option::as_ref),
    };
    let default_meta = Meta::default();
    let read = crate::parse::version(&source, manifest_meta.unwrap_or(&default_meta));
    let clauses = match &read {
        Ok(v) => v
            .clauses()
            .map(|c| rules::clause_range(&source, c))
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut out = Findings::in_clauses(clauses);
    for rule in shared.config.enabled() {
        rule.check_source(&source, &mut out);
    }
    let version = match read {
        Ok(v) => v,
        Err(e) => {
            let d = parse_error::diagnostic(&e, &shown, Some(&source));
            // An id problem stops the reader; the id rules have already said where.
            if !out.iter().any(|o| o.line == d.line && o.path == d.path) {
                out.push(d);
            }
            return (None, out.finish());
        }
    };
    let public = !shared.public.is_empty()
        && std::fs::canonicalize(&job.path)
            .is_ok_and(|p| shared.public.iter().any(|pub_dir| p.starts_with(pub_dir)));
    let cx = VersionCx {
        source: &source,
        version: &version,
        manifest: manifest_meta,
        settings: shared.settings,
        public,
    };
    for rule in shared.config.enabled() {
        rule.check_version(&cx, &mut out);
    }
    let mut out = out.finish();
    let mut ignores = suppressions(&source, &version);
    ignores.sort_by_key(|(range, _)| range.start);
    if !ignores.is_empty() {
        out.retain(|d| !is_suppressed(d, &ignores));
    }
    (Some((version, source)), out)
}

/// The prefix of a suppression comment: `<!-- decl-ignore D301 D302 -->`.
pub const IGNORE: &str = "decl-ignore";

/// Byte ranges of clauses (and heading lines) with the rule codes or names they silence.
fn suppressions(source: &Source, version: &Version) -> Vec<(Range<usize>, Vec<String>)> {
    if !source.text.contains(IGNORE) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for section in &version.sections {
        if let Some(h) = &section.heading {
            let range = rules::line_range(source, h.line);
            let codes = ignored_codes(&source.text[range.clone()]);
            if !codes.is_empty() {
                out.push((range, codes));
            }
        }
        for clause in section.clauses() {
            let range = rules::clause_range(source, clause);
            let codes = ignored_codes(source.text.get(range.clone()).unwrap_or_default());
            if !codes.is_empty() {
                out.push((range, codes));
            }
        }
    }
    out
}

/// The codes named in the `decl-ignore` comments of a text.
fn ignored_codes(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        let after = &rest[i + 4..];
        let Some(end) = after.find("-->") else { break };
        if let Some(list) = after[..end].trim().strip_prefix(IGNORE) {
            codes.extend(
                list.split([' ', ',', '\t', '\n'])
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            );
        }
        rest = &after[end + 3..];
    }
    codes
}

/// Whether a finding falls in a clause (or heading) that silences its rule. `ignores` do not
/// overlap and are in file order, so one binary search finds the candidate.
fn is_suppressed(d: &Diagnostic, ignores: &[(Range<usize>, Vec<String>)]) -> bool {
    let Some(offset) = d.offset else { return false };
    let i = ignores.partition_point(|(range, _)| range.start <= offset);
    i.checked_sub(1).is_some_and(|i| {
        let (range, codes) = &ignores[i];
        range.contains(&offset)
            && codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(d.code) || c == d.name)
    })
}

#[cfg(test)]
mod tests {
    use super::{Job, ignored_codes, run_parallel};
    use std::path::PathBuf;

    #[test]
    fn regression_a_panic_while_checking_a_file_is_an_internal_error_naming_it() {
        let jobs: Vec<Job> = ["a.md", "b.md", "c.md"]
            .iter()
            .map(|p| Job {
                path: PathBuf::from(p),
                manifest: None,
            })
            .collect();
        let err = run_parallel(&jobs, |i, _| {
            assert!(i != 1, "a bug");
            i
        })
        .expect_err("a panic is an error");
        assert!(err.internal, "{err}");
        assert!(
            err.to_string().starts_with("b.md: internal error: a bug"),
            "{err}"
        );
        // Results go to the job they are about, whatever thread finished first.
        let ok = run_parallel(&jobs, |i, job| (i, job.path.clone())).expect("no panic");
        for (i, (at, path)) in ok.iter().enumerate() {
            assert_eq!((*at, path), (i, &jobs[i].path));
        }
    }

    #[test]
    fn reads_ignore_comments() {
        assert_eq!(
            ignored_codes("a <!-- decl-ignore D301, doubled-word --> b <!-- id: x -->"),
            ["D301", "doubled-word"]
        );
        assert!(ignored_codes("<!-- id: x -->").is_empty());
    }
}
