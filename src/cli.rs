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
    Completions(commands::completions::Args),
    Man(commands::man::Args),
}

impl Cli {
    /// Parse the process's arguments with [`command`].
    pub fn try_parse_args() -> Result<Cli, clap::Error> {
        let matches = command().try_get_matches()?;
        Cli::from_arg_matches(&matches)
    }
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
