use crate::Outcome;
use crate::error::Result;
use crate::output::Context;

/// Print a shell completion script.
///
/// For bash: `decl completions bash > ~/.local/share/bash-completion/completions/decl`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

pub fn cmd_completions(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut crate::cli::command(), "decl", &mut buf);
    std::io::Write::write_all(&mut ctx.out, &buf)?;
    Ok(Outcome::Clean)
}
