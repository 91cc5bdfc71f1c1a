use std::io::Write as _;
use std::time::Duration;

use clap::{Args as _, FromArgMatches as _};

use super::diff;
use crate::error::{Error, Result};
use crate::model::{Meta, Version};
use crate::output::Context;
use crate::source::Source;
use crate::{Outcome, parse};

/// Compare two versions of a file for git, as its external diff driver.
///
/// Set it up once per repository (see the examples below), and `git diff`, `git log -p
/// --ext-diff` and `git show --ext-diff` compare declarations clause by clause.
///
/// git runs the driver with 7 arguments, `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
/// NEW-MODE`, or 9 for a renamed file (then also `NEW-PATH` and git's rename message).
/// `/dev/null` stands for the missing side of an added or deleted file. Each file's output
/// starts with a header line, `diff --decl a/PATH b/PATH`, then `new file` or `deleted file`
/// where it is one, as git's own does; files are named by their paths in the repository, not by
/// git's temporary files, and a file that kept its name is named once.
///
/// git passes no options: set them with the environment variables of `decl diff`, e.g.
/// `DECL_DIFF_FORMAT=stat git diff` or `DECL_COLOR=always` (git's pager shows colour). The exit
/// status is 0 even when the files differ, since git takes any other status as a failure, unless
/// `DECL_DIFF_EXIT_CODE` is set. `DECL_DIFF_OUTPUT` is ignored: the diff goes to git. Warnings
/// about the files (an unknown front matter field) are left to `decl check`.
///
/// A file that cannot be read as a version (front matter that is not valid YAML, a YAML file
/// that is not a version, invalid UTF-8) gets a one-line note and a line diff instead, and binary
/// data a one-line note, so that one such file never breaks `git diff` for the whole repository.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  git config diff.decl.command \"decl git-diff\"\n  echo '*.md diff=decl' >> .gitattributes\n  git diff HEAD~1\n  DECL_DIFF_FORMAT=stat git log -p --ext-diff -- declarations/\n  git diff --no-ext-diff   # git's own line diff"
)]
pub struct Args {
    /// What git passes: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH
    /// MESSAGE].
    #[arg(
        value_name = "GIT-ARGS",
        num_args = 1..,
        required = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
}

/// What git's temporary file name is for a side that does not exist.
const NULL: &str = "/dev/null";

pub fn cmd_git_diff(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let (old_path, old_file, new_file, new_path) = match args.args.as_slice() {
        [path, old_file, _, _, new_file, _, _] => (path, old_file, new_file, path),
        [path, old_file, _, _, new_file, _, _, new_path, _] => (path, old_file, new_file, new_path),
        other => {
            return Err(Error::new(format!(
                "git passes 7 or 9 arguments to a diff driver, not {}",
                other.len()
            ))
            .hint("run it through git: `git config diff.decl.command \"decl git-diff\"`, then `git diff`; to compare two files, use `decl diff OLD NEW`"));
        }
    };
    let mut options = options_from_env()?;
    options.output = None;
    let old = Side::read(old_file, old_path)?;
    let new = Side::read(new_file, new_path)?;
    // A header per file, as git writes one, so that files do not run into each other.
    writeln!(ctx.out, "diff --decl a/{old_path} b/{new_path}")?;
    if old_file == NULL {
        writeln!(ctx.out, "new file")?;
    } else if new_file == NULL {
        writeln!(ctx.out, "deleted file")?;
    }
    match (&old.version, &new.version) {
        (Ok(a), Ok(b)) => diff::compare(ctx, &options, a, b),
        (a, b) => {
            let reason = a.as_ref().err().or(b.as_ref().err());
            let reason = reason.map_or_else(String::new, ToString::to_string);
            line_diff(
                ctx,
                &old,
                &new,
                &reason,
                Duration::from_millis(options.inline_timeout),
            )?;
            Ok(
                if options.exit_code
                    && old.source.as_ref().map(|s| &s.text) != new.source.as_ref().map(|s| &s.text)
                {
                    Outcome::Findings
                } else {
                    Outcome::Clean
                },
            )
        }
    }
}

/// The display the `DECL_DIFF_FORMAT` variable picks, if the variables are valid.
#[must_use]
pub fn format() -> Option<crate::diff::format::Format> {
    options_from_env().ok().map(|o| o.format)
}

/// The options of `decl diff`, from its `DECL_DIFF_*` environment variables only.
fn options_from_env() -> Result<diff::Args> {
    let command = crate::cli::boolish_env(diff::Args::augment_args(clap::Command::new(
        "decl git-diff",
    )))
    .no_binary_name(true);
    let matches = command
        .try_get_matches_from([NULL])
        .map_err(|e| env_error(&e))?;
    diff::Args::from_arg_matches(&matches).map_err(|e| env_error(&e))
}

fn env_error(err: &clap::Error) -> Error {
    let text = err.to_string();
    let first = text
        .lines()
        .next()
        .unwrap_or("invalid option")
        .trim_start_matches("error: ");
    Error::new(format!(
        "a `DECL_DIFF_*` environment variable is invalid: {first}"
    ))
    .hint("the variables take the values of the `decl diff` options, see `decl diff --help`")
}

/// One side of the comparison: the file git names, read and, where possible, parsed.
struct Side {
    /// The path in the repository.
    name: String,
    /// The text, unless the file is binary or not UTF-8.
    source: Option<Source>,
    version: Result<Version>,
}

impl Side {
    fn read(file: &str, name: &str) -> Result<Side> {
        let bytes = if file == NULL {
            Vec::new()
        } else {
            crate::fsio::read(std::path::Path::new(file))?
        };
        // Named by the repository path, so that outputs, messages and the version id (the file
        // name) are the user's, and the extension picks Markdown or YAML.
        let (source, version) = match Source::from_bytes(name, bytes) {
            Ok(source) => {
                let version = parse::version(&source, &Meta::default());
                (Some(source), version)
            }
            Err(err) => (None, Err(err)),
        };
        Ok(Side {
            name: name.to_string(),
            source,
            version,
        })
    }
}

/// The fallback for a file that is not a version: a note, then a unified line diff (or, for
/// binary data, only the note).
fn line_diff(
    ctx: &mut Context,
    old: &Side,
    new: &Side,
    reason: &str,
    timeout: Duration,
) -> Result<()> {
    let out = &mut ctx.out;
    let (Some(a), Some(b)) = (&old.source, &new.source) else {
        writeln!(
            out,
            "decl: not compared clause by clause: {reason}\nBinary files a/{} and b/{} differ",
            old.name, new.name
        )?;
        return Ok(());
    };
    writeln!(
        out,
        "decl: not compared clause by clause, showing a line diff: {reason}"
    )?;
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(timeout)
        .diff_lines(a.text.as_str(), b.text.as_str());
    diff.unified_diff()
        .context_radius(3)
        .header(&format!("a/{}", old.name), &format!("b/{}", new.name))
        .to_writer(&mut *out)?;
    out.flush()?;
    Ok(())
}
