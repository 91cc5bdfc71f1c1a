use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

pub use crate::diff::format::Format;
use crate::diff::format::{self, Settings};
use crate::diff::{self as clause_diff, Options};
use crate::error::{Error, Result};
use crate::model::Version;
use crate::output::Context;
use crate::repo::{self, Resolved};
use crate::{Outcome, fsio};

/// Compare two versions clause by clause.
///
/// OLD and NEW are version references: a version file, `DECL@V` (V: a version id, a document
/// number, `first`, `latest`, `previous`), a declaration (its latest version), or `REV:PATH` (a
/// file at a git revision). With only DECL, its two latest versions are compared; with only
/// DECL@V, version V and the latest.
///
/// Clauses are matched by their ids when both versions carry an id on every clause, otherwise
/// by their text, so that moved, split and merged clauses are recognised. Re-wrapping,
/// whitespace and list renumbering are not changes.
///
/// `--format docx -o FILE.docx` writes the new version as a Word document with native tracked
/// changes from the old (insertions, deletions, moves, paragraph marks of splits and merges), by
/// `--author` (default: the new version's `from`) on the new version's date: accepting them all
/// gives the new text, rejecting them all the old.
///
/// Every option can also be set with an environment variable (`DECL_DIFF_FORMAT=json`), which
/// is how options reach `decl` when git runs it as a diff driver.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl diff declarations/global-alliance-2025\n  decl diff global-alliance-2025@first global-alliance-2025@latest --format stat\n  decl diff HEAD~1:declarations/x/versions/draft.md declarations/x/versions/draft.md\n  decl diff old.md new.md --format json -o changes.json\n  decl diff old.md new.md --exit-code --ignore-typography"
)]
pub struct Args {
    /// The older version, or a declaration whose two latest versions to compare (`DECL@V`
    /// alone: V against the latest).
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The newer version.
    #[arg(value_name = "NEW")]
    pub new: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Term, env = "DECL_DIFF_FORMAT")]
    pub format: Format,
    /// Write the output to FILE (replaced atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE", env = "DECL_DIFF_OUTPUT")]
    pub output: Option<PathBuf>,
    /// Exit with status 1 when the versions differ (0 otherwise).
    #[arg(long, env = "DECL_DIFF_EXIT_CODE")]
    pub exit_code: bool,
    /// Compare clause texts ignoring upper and lower case.
    #[arg(long, env = "DECL_DIFF_IGNORE_CASE")]
    pub ignore_case: bool,
    /// Compare curly quotes as straight quotes and dashes as hyphens.
    #[arg(long, env = "DECL_DIFF_IGNORE_TYPOGRAPHY")]
    pub ignore_typography: bool,
    /// Unchanged clauses to show around each change (`term`).
    #[arg(
        long,
        short = 'C',
        value_name = "N",
        default_value_t = 2,
        env = "DECL_DIFF_CONTEXT"
    )]
    pub context: usize,
    /// Columns of the display (`side-by-side`). Default: `COLUMNS` when set, else the
    /// terminal's width when writing to one, else 100.
    #[arg(
        long,
        value_name = "N",
        env = "DECL_DIFF_WIDTH",
        value_parser = clap::value_parser!(u16).range(20..)
    )]
    pub width: Option<u16>,
    /// The author of the tracked changes in `--format docx` (default: the new version's `from`).
    #[arg(long, value_name = "NAME", env = "DECL_DIFF_AUTHOR")]
    pub author: Option<String>,
    /// Milliseconds one clause's word diff may take before a coarser diff is used (and said).
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 500,
        env = "DECL_DIFF_INLINE_TIMEOUT"
    )]
    pub inline_timeout: u64,
}

pub fn cmd_diff(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let (old, new) = load(ctx, args)?;
    let outcome = compare(ctx, args, &old, &new);
    // The process ends right after this command: freeing two large versions string by string
    // would only cost time (a tenth of a large diff's), so leave that to the operating system.
    std::mem::forget((old, new));
    outcome
}

/// Diff two versions read already and write the diff as `args` say (`decl git-diff` shares it).
pub fn compare(ctx: &mut Context, args: &Args, old: &Version, new: &Version) -> Result<Outcome> {
    if args.format == Format::Docx && args.output.is_none() {
        return Err(Error::new("Word output needs a file: add `-o FILE.docx`"));
    }
    let options = Options {
        ignore_case: args.ignore_case,
        ignore_typography: args.ignore_typography,
        inline_timeout: Duration::from_millis(args.inline_timeout),
    };
    let diff = clause_diff::diff(old, new, &options);
    if diff.summary.inline_fallbacks > 0 {
        ctx.warn_text(&format!(
            "{}: the word diff of {} timed out and is shown coarser than minimal",
            new.source,
            crate::text::count(diff.summary.inline_fallbacks, "clause", "clauses")
        ));
    }
    for c in diff.changes.iter().filter(|c| c.reopens_agreed_text()) {
        let clause = c.new.first().or(c.old.first());
        let (name, id) = clause.map_or_else(
            || (String::new(), "ID"),
            |r| match r.id() {
                Some(id) => (format!("clause {} <{id}>", r.number), id),
                None => (format!("clause {}", r.number), "ID"),
            },
        );
        ctx.warn_text(&format!(
            "{}: agreed text reopened: the words of {name} changed, and it is still marked agreed; set its status back to open (`decl status DECL --set {id}=open`) or restore the words",
            new.source
        ));
    }
    let settings = Settings {
        context: args.context,
        color: ctx.color && args.output.is_none(),
        width: args
            .width
            .map_or_else(|| display_width(args.output.is_none()), usize::from),
        word: (args.format == Format::Docx)
            .then(|| format::docx::word_settings(old, new, args.author.as_deref())),
    };
    if let Some(path) = &args.output {
        fsio::write_atomic_with(path, |out| {
            format::write(&diff, args.format, &settings, out)
        })?;
    } else {
        format::write(&diff, args.format, &settings, &mut ctx.out)?;
        ctx.out.flush()?;
    }
    let changed = diff.has_changes();
    // As for the versions in `cmd_diff`: the process ends right after.
    std::mem::forget(diff);
    Ok(if args.exit_code && changed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The width of the display when `--width` is not given: `COLUMNS` (which git also sets for
/// the programs it runs into a pager), else the terminal's width when standard output is one,
/// else 100.
#[must_use]
pub fn display_width(to_stdout: bool) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 20);
    if let Some(columns) = columns {
        return columns;
    }
    if to_stdout
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        return usize::from(w).max(20);
    }
    100
}

/// Versions this large together (bytes) are read on two threads.
const PARALLEL_BYTES: u64 = 256 * 1024;

/// The two versions to compare, read in parallel when they are large.
fn load(ctx: &Context, args: &Args) -> Result<(Version, Version)> {
    let Some(new_ref) = &args.new else {
        if let Some((decl, selector)) = args.old.rsplit_once('@')
            && !decl.is_empty()
            && !selector.is_empty()
        {
            return against_latest(ctx, decl, selector);
        }
        let declaration = repo::open(&args.old)?;
        declaration.warnings().iter().for_each(|w| ctx.warn(w));
        let n = declaration.versions.len();
        if n < 2 {
            return Err(Error::new(format!(
                "`{}` has only {} version, nothing to compare it with",
                args.old, n
            ))
            .hint("name two versions: `decl diff OLD NEW`"));
        }
        let mut versions = declaration.versions;
        let new = versions.pop();
        let old = versions.pop();
        return match (old, new) {
            (Some(old), Some(new)) => Ok((old, new)),
            _ => Err(Error::new("fewer than two versions")),
        };
    };
    // Two small files read faster on one thread than a second thread starts; large ones, and
    // versions read through git, on two.
    let size = |r: &str| {
        std::fs::metadata(r)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map_or(u64::MAX, |m| m.len())
    };
    let (old, new) = if size(&args.old).saturating_add(size(new_ref)) < PARALLEL_BYTES {
        (repo::resolve(&args.old), repo::resolve(new_ref))
    } else {
        crate::par::join(|| repo::resolve(&args.old), || repo::resolve(new_ref))
    };
    let (old, new) = (old?, new?);
    warn(ctx, &old);
    if old.declaration.as_ref().map(|d| &d.id) != new.declaration.as_ref().map(|d| &d.id)
        || old.declaration.is_none()
    {
        warn(ctx, &new);
    }
    Ok((old.version, new.version))
}

/// `decl diff DECL@V`: version V against the declaration's latest.
fn against_latest(ctx: &Context, decl: &str, selector: &str) -> Result<(Version, Version)> {
    let declaration = repo::open(decl)?;
    declaration.warnings().iter().for_each(|w| ctx.warn(w));
    let i = declaration.select(selector)?;
    let latest = declaration.versions.len() - 1;
    if i == latest {
        let mut err = Error::new(format!(
            "`{decl}@{selector}` is the latest version of `{}`: there is no newer one to compare it with",
            declaration.id
        ));
        if latest > 0 {
            err = err.hint(format!(
                "compare it with the one before: `decl diff {decl}@previous {decl}@{selector}`"
            ));
        }
        return Err(err);
    }
    let mut versions = declaration.versions;
    let new = versions.swap_remove(latest);
    let old = versions.swap_remove(i);
    Ok((old, new))
}

fn warn(ctx: &Context, resolved: &Resolved) {
    match &resolved.declaration {
        Some(d) => d.warnings().iter().for_each(|w| ctx.warn(w)),
        None => resolved.version.warnings.iter().for_each(|w| ctx.warn(w)),
    }
}
