//! The command line: global flags and the subcommands. Each subcommand's arguments live in
//! `commands/<name>.rs`, where their doc comments are the help text.

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::commands;

/// Draft, compare, endorse, check and publish diplomatic declarations.
///
/// A declaration is kept as versioned Markdown (or YAML) whose clauses keep stable identities
/// across drafts.
#[derive(Debug, Parser)]
#[command(
    name = "decl",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "Examples:\n  decl show declarations/global-alliance-2025@first\n  decl show declarations/global-alliance-2025 --format json\n  decl fmt --check\n  decl ids --write declarations/global-alliance-2025/versions/*.md"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// When to use colour: `auto` colours a terminal unless `NO_COLOR` is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, env = "DECL_COLOR")]
    pub color: ColorChoice,
    /// Print only results and errors: no warnings, no progress.
    #[arg(short, long, global = true, env = "DECL_QUIET")]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(commands::init::Args),
    Import(commands::import::Args),
    Show(commands::show::Args),
    Synopsis(commands::synopsis::Args),
    History(commands::history::Args),
    Render(commands::render::Args),
    Diff(commands::diff::Args),
    GitDiff(commands::git_diff::Args),
    Fmt(commands::fmt::Args),
    Ids(commands::ids::Args),
    Check(commands::check::Args),
    Endorse(commands::endorse::Args),
    Withdraw(commands::withdraw::Args),
    Reserve(commands::reserve::Args),
    Endorsements(commands::endorsements::Args),
    Delegations(commands::delegations::Args),
    Status(commands::status::Args),
    Propose(commands::propose::Args),
    Proposals(commands::proposals::Args),
    Compile(commands::compile::Args),
    Completions(commands::completions::Args),
    Man(commands::man::Args),
    Site(commands::site::Args),
}

impl Cli {
    /// Parse the process's arguments: with only the subcommand they name when they name one
    /// (building every subcommand's options costs a third of a small diff's time), else with
    /// the whole [`command`] (for help, completions and errors that list the subcommands).
    pub fn try_parse_args() -> Result<Cli, clap::Error> {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let cmd = subcommand_named(&args)
            .and_then(command_with_only)
            .unwrap_or_else(command);
        let matches = cmd.try_get_matches_from(args)?;
        Cli::from_arg_matches(&matches)
    }
}

/// The subcommand the arguments name: the first that is not a global flag or its value.
fn subcommand_named(args: &[std::ffi::OsString]) -> Option<&str> {
    let mut rest = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = rest.next() {
        match arg? {
            "--color" => {
                rest.next();
            }
            a if a.starts_with("--color=") || a == "-q" || a == "--quiet" => {}
            a if a.starts_with('-') => return None,
            a => return Some(a),
        }
    }
    None
}

/// [`command`] with one subcommand only, or `None` for a name that is none.
fn command_with_only(name: &str) -> Option<clap::Command> {
    use clap::Args as _;
    let (name, augment): (&'static str, fn(clap::Command) -> clap::Command) = match name {
        "init" => ("init", commands::init::Args::augment_args),
        "import" => ("import", commands::import::Args::augment_args),
        "show" => ("show", commands::show::Args::augment_args),
        "synopsis" => ("synopsis", commands::synopsis::Args::augment_args),
        "history" => ("history", commands::history::Args::augment_args),
        "render" => ("render", commands::render::Args::augment_args),
        "diff" => ("diff", commands::diff::Args::augment_args),
        "git-diff" => ("git-diff", commands::git_diff::Args::augment_args),
        "fmt" => ("fmt", commands::fmt::Args::augment_args),
        "ids" => ("ids", commands::ids::Args::augment_args),
        "check" => ("check", commands::check::Args::augment_args),
        "endorse" => ("endorse", commands::endorse::Args::augment_args),
        "withdraw" => ("withdraw", commands::withdraw::Args::augment_args),
        "reserve" => ("reserve", commands::reserve::Args::augment_args),
        "endorsements" => ("endorsements", commands::endorsements::Args::augment_args),
        "delegations" => ("delegations", commands::delegations::Args::augment_args),
        "site" => ("site", commands::site::Args::augment_args),
        "status" => ("status", commands::status::Args::augment_args),
        "propose" => ("propose", commands::propose::Args::augment_args),
        "proposals" => ("proposals", commands::proposals::Args::augment_args),
        "compile" => ("compile", commands::compile::Args::augment_args),
        _ => return None,
    };
    let sub = augment(clap::Command::new(name));
    let root = clap::Command::new("decl")
        .version(env!("CARGO_PKG_VERSION"))
        .propagate_version(true)
        .max_term_width(100)
        .subcommand_required(true)
        .arg_required_else_help(true);
    Some(boolish_env(GlobalArgs::augment_args(root).subcommand(sub)))
}

/// The command line as `decl` reads it: [`Cli`], with every flag that an environment variable
/// can set reading that variable as people write booleans (see [`boolish_env`]).
#[must_use]
pub fn command() -> clap::Command {
    boolish_env(Cli::command())
}

/// A flag set from the environment (`DECL_QUIET`, `DECL_DIFF_EXIT_CODE`, …) takes `1`/`0`,
/// `true`/`false`, `yes`/`no`, `on`/`off`, in any case: git users write
/// `DECL_DIFF_EXIT_CODE=1`, and a refused value would make git report "external diff died".
#[must_use]
pub fn boolish_env(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|arg| {
        if matches!(arg.get_action(), ArgAction::SetTrue) && arg.get_env().is_some() {
            arg.value_parser(clap::builder::BoolishValueParser::new())
        } else {
            arg
        }
    })
    .mut_subcommands(boolish_env)
}

impl Command {
    /// What the command writes to standard output: text for a person, whose control
    /// characters are always shown visibly, or a file format, written exactly (see
    /// [`crate::output`]).
    #[must_use]
    pub fn output(&self) -> crate::output::Output {
        use crate::output::Output::{File, Human};
        use commands::diff::Format as Diff;
        let diff = |format: Diff| match format {
            Diff::Term | Diff::SideBySide | Diff::Stat => Human,
            Diff::Html | Diff::Md | Diff::Json | Diff::Docx => File,
        };
        match self {
            Command::Import(a) if a.output.is_none() && a.into.is_none() => File,
            Command::Show(a) if a.format != commands::show::ShowFormat::Text => File,
            Command::Synopsis(a) if a.format != crate::synopsis::format::Format::Term => File,
            Command::History(a) if a.format != commands::history::HistoryFormat::Text => File,
            Command::Render(_) | Command::Completions(_) | Command::Man(_) => File,
            Command::Diff(a) => diff(a.format),
            Command::GitDiff(_) => commands::git_diff::format().map_or(Human, diff),
            Command::Check(a) => match a.format {
                crate::check::output::Format::Human | crate::check::output::Format::Github => Human,
                crate::check::output::Format::Json | crate::check::output::Format::Sarif => File,
            },
            Command::Endorsements(a)
                if a.format != commands::endorsements::EndorsementsFormat::Table =>
            {
                File
            }
            Command::Delegations(a)
                if a.format != commands::delegations::DelegationsFormat::Table =>
            {
                File
            }
            Command::Status(a) if a.format != commands::status::StatusFormat::Text => File,
            Command::Proposals(a) if a.format != crate::negotiate::listing::Format::Term => File,
            Command::Compile(a) if a.format != crate::negotiate::compile::format::Format::Term => {
                File
            }
            _ => Human,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each subcommand parsed alone reads its arguments exactly as in the whole command tree:
    /// the same options, values, environment variables and help.
    #[test]
    fn a_subcommand_alone_is_the_same_as_in_the_whole_tree() {
        let mut whole = command();
        whole.build();
        for sub in whole.get_subcommands() {
            let name = sub.get_name();
            if matches!(name, "completions" | "man" | "help") {
                // These two print the whole tree: they are parsed with it.
                assert!(command_with_only(name).is_none());
                continue;
            }
            let mut alone = command_with_only(name).unwrap_or_else(|| panic!("{name} missing"));
            alone.build();
            let one = alone.find_subcommand(name).expect("the subcommand");
            let mut a = sub.clone();
            let mut b = one.clone();
            assert_eq!(
                a.render_long_help().to_string(),
                b.render_long_help().to_string(),
                "{name}"
            );
            let env = |c: &clap::Command| -> Vec<String> {
                c.get_arguments()
                    .map(|a| format!("{:?} {:?} {:?}", a.get_id(), a.get_env(), a.get_action()))
                    .collect()
            };
            assert_eq!(env(sub), env(one), "{name}");
        }
    }

    #[test]
    fn the_subcommand_is_found_past_global_flags() {
        let args = |v: &[&str]| -> Vec<std::ffi::OsString> { v.iter().map(Into::into).collect() };
        assert_eq!(
            subcommand_named(&args(&["decl", "diff", "a"])),
            Some("diff")
        );
        assert_eq!(
            subcommand_named(&args(&["decl", "--color", "never", "-q", "show", "x"])),
            Some("show")
        );
        assert_eq!(
            subcommand_named(&args(&["decl", "--color=always", "check"])),
            Some("check")
        );
        assert_eq!(subcommand_named(&args(&["decl", "--help"])), None);
        assert_eq!(subcommand_named(&args(&["decl"])), None);
    }
}
