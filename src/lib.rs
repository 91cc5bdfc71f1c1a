//! `decl`: draft, compare, endorse, check and publish diplomatic declarations.
//!
//! The library reads declarations into a [`model`], and each command in [`commands`] turns that
//! model into output. `main` only parses the command line, calls [`run`] and maps the outcome to
//! an exit code.

pub mod check;
pub mod cli;
pub mod commands;
pub mod diff;
pub mod docx;
pub mod endorse;
pub mod error;
pub mod fsio;
pub mod import;
pub mod model;
pub mod negotiate;
pub mod output;
pub mod par;
pub mod parse;
pub mod render;
pub mod repo;
pub mod settings;
pub mod site;
pub mod source;
pub mod synopsis;
pub mod text;
pub mod wire;
pub mod write;
pub mod yaml;

pub use error::{Error, Result};

use std::io::Write as _;

/// What a command found: 0 clean, 1 findings (a `fmt --check` that would reformat, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

/// Run a parsed command line.
pub fn run(cli: cli::Cli) -> Result<Outcome> {
    let mut ctx = output::Context::new(&cli.global, cli.command.output());
    let outcome = match cli.command {
        cli::Command::Init(args) => commands::init::cmd_init(&mut ctx, &args),
        cli::Command::Import(args) => commands::import::cmd_import(&mut ctx, &args),
        cli::Command::Show(args) => commands::show::cmd_show(&mut ctx, &args),
        cli::Command::Synopsis(args) => commands::synopsis::cmd_synopsis(&mut ctx, &args),
        cli::Command::History(args) => commands::history::cmd_history(&mut ctx, &args),
        cli::Command::Render(args) => commands::render::cmd_render(&mut ctx, &args),
        cli::Command::Site(args) => commands::site::cmd_site(&mut ctx, &args),
        cli::Command::Diff(args) => commands::diff::cmd_diff(&mut ctx, &args),
        cli::Command::GitDiff(args) => commands::git_diff::cmd_git_diff(&mut ctx, &args),
        cli::Command::Fmt(args) => commands::fmt::cmd_fmt(&mut ctx, &args),
        cli::Command::Ids(args) => commands::ids::cmd_ids(&mut ctx, &args),
        cli::Command::Check(args) => commands::check::cmd_check(&mut ctx, &args),
        cli::Command::Endorse(args) => commands::endorse::cmd_endorse(&mut ctx, &args),
        cli::Command::Withdraw(args) => commands::withdraw::cmd_withdraw(&mut ctx, &args),
        cli::Command::Reserve(args) => commands::reserve::cmd_reserve(&mut ctx, &args),
        cli::Command::Endorsements(args) => {
            commands::endorsements::cmd_endorsements(&mut ctx, &args)
        }
        cli::Command::Delegations(args) => commands::delegations::cmd_delegations(&mut ctx, &args),
        cli::Command::Status(args) => commands::status::cmd_status(&mut ctx, &args),
        cli::Command::Propose(args) => commands::propose::cmd_propose(&mut ctx, &args),
        cli::Command::Proposals(args) => commands::proposals::cmd_proposals(&mut ctx, &args),
        cli::Command::Compile(args) => commands::compile::cmd_compile(&mut ctx, &args),
        cli::Command::Completions(args) => commands::completions::cmd_completions(&mut ctx, &args),
        cli::Command::Man(args) => commands::man::cmd_man(&mut ctx, &args),
    };
    // Flush explicitly: an error writing the last buffered bytes must not go unnoticed.
    let flushed = ctx.out.flush();
    let outcome = outcome?;
    flushed?;
    Ok(outcome)
}
