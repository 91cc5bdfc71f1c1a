//! The command line: global flags and the subcommands. Each subcommand's arguments live in
//! `commands/<name>.rs`, where their doc comments are the help text.

use clap::{Parser, Subcommand, ValueEnum};

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
