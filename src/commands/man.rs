use clap::CommandFactory;

use crate::error::Result;
use crate::output::Context;
use crate::{Outcome, cli::Cli};

/// Print the manual page (roff), e.g. `decl man > decl.1`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn cmd_man(ctx: &mut Context, _args: &Args) -> Result<Outcome> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    std::io::Write::write_all(&mut ctx.out, &buf)?;
    Ok(Outcome::Clean)
}
