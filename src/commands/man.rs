use std::io::Write as _;
use std::path::PathBuf;

use clap_mangen::Man;

use crate::error::{Error, Result};
use crate::output::Context;
use crate::{Outcome, fsio};

/// Print a manual page (roff): `decl`'s, or one subcommand's.
///
/// The main page, `decl(1)`, lists the subcommands; each has its own page, `decl-diff(1)` and
/// so on, with its options, examples and exit status. `--dir` writes all of them.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl man > decl.1\n  decl man diff | man -l -\n  decl man --dir ~/.local/share/man/man1"
)]
pub struct Args {
    /// The subcommand whose page to print (`decl man diff`); `decl`'s own page without one.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// Write every page into DIR (`decl.1`, `decl-diff.1`, …) instead of printing one.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

pub fn cmd_man(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let mut root = crate::cli::command().disable_help_subcommand(true);
    root.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        let mut written = 0;
        for (name, page) in pages(&root)? {
            fsio::write_atomic(&dir.join(format!("{name}.1")), &page)?;
            written += 1;
        }
        ctx.note(&format!(
            "wrote {} in {}",
            crate::text::count(written, "manual page", "manual pages"),
            crate::error::display_path(dir)
        ));
        return Ok(Outcome::Clean);
    }
    let page = match &args.command {
        None => page(&root, None)?,
        Some(name) => {
            let Some(sub) = root.find_subcommand(name) else {
                let names: Vec<&str> = root
                    .get_subcommands()
                    .map(clap::Command::get_name)
                    .collect();
                let mut err = Error::new(format!("`decl` has no command `{name}`"));
                if let Some(best) = crate::text::closest(name, names.iter().copied()).first() {
                    err = err.hint(format!("did you mean `{best}`?"));
                }
                return Err(err.hint(format!("commands: {}", names.join(", "))));
            };
            page(&root, Some(sub))?
        }
    };
    ctx.out.write_all(&page)?;
    Ok(Outcome::Clean)
}

/// Every page: `decl` first, then one per subcommand, with the file stem each goes under.
fn pages(root: &clap::Command) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = vec![("decl".to_string(), page(root, None)?)];
    for sub in root.get_subcommands() {
        out.push((format!("decl-{}", sub.get_name()), page(root, Some(sub))?));
    }
    Ok(out)
}

/// The page of `decl` (`sub` none) or of one subcommand: name, synopsis, description, options,
/// subcommands (on the main page), examples, exit status and the related pages.
fn page(root: &clap::Command, sub: Option<&clap::Command>) -> Result<Vec<u8>> {
    let (title, cmd) = match sub {
        None => ("decl".to_string(), root.clone()),
        Some(sub) => {
            let title = format!("decl-{}", sub.get_name());
            let cmd = sub
                .clone()
                .display_name(title.clone())
                .bin_name(format!("decl {}", sub.get_name()));
            (title, cmd)
        }
    };
    let examples = cmd
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    let man = Man::new(cmd.clone())
        .title(title.to_uppercase())
        .source(format!("decl {}", env!("CARGO_PKG_VERSION")));
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf)?;
    }
    if sub.is_none() {
        man.render_subcommands_section(&mut buf)?;
    }
    let examples: Vec<&str> = examples
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "Examples:")
        .map(str::trim)
        .collect();
    if !examples.is_empty() {
        writeln!(buf, ".SH EXAMPLES")?;
        for example in examples {
            writeln!(buf, ".PP\n.nf\n{}\n.fi", roff_escape(example))?;
        }
    }
    writeln!(buf, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in exit_status(sub.map(clap::Command::get_name)) {
        writeln!(buf, ".TP\n{code}\n{}", roff_escape(meaning))?;
    }
    writeln!(buf, ".SH \"SEE ALSO\"")?;
    let related: Vec<String> = match sub {
        Some(_) => vec!["decl(1)".to_string()],
        None => root
            .get_subcommands()
            .map(|s| format!("decl-{}(1)", s.get_name()))
            .collect(),
    };
    writeln!(buf, "{}", roff_escape(&related.join(", ")))?;
    man.render_version_section(&mut buf)?;
    Ok(buf)
}

/// What each exit status means for a command.
fn exit_status(command: Option<&str>) -> Vec<(u8, &'static str)> {
    let one = match command {
        Some("diff") => Some("with --exit-code, the two versions differ"),
        Some("git-diff") => Some("with DECL_DIFF_EXIT_CODE set, the two files differ"),
        Some("check") => Some("an error was found (warnings alone exit 0)"),
        Some("fmt") => Some("with --check, a file would be reformatted"),
        None => Some(
            "findings: check errors, diff --exit-code with changes, fmt --check that would reformat",
        ),
        Some(_) => None,
    };
    let mut out = vec![(0, "success")];
    if let Some(one) = one {
        out.push((1, one));
    }
    out.push((
        2,
        "a usage, input or I/O error (named in one line on standard error); nothing is changed on disk",
    ));
    out
}

/// Text safe in a roff line: backslashes doubled, a leading `.` or `'` guarded.
fn roff_escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
