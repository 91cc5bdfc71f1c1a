use std::path::PathBuf;

use crate::Outcome;
use crate::error::{Error, Result};
use crate::fsio;
use crate::negotiate::Negotiation;
use crate::negotiate::compile::Compilation;
use crate::negotiate::compile::format::{self, Format};
use crate::output::Context;

/// Write the compilation text: a version with every delegation's proposal on it shown in
/// place and attributed.
///
/// Words a delegation proposes to change are struck and followed by its wording,
/// `[EU: Ensure]`; several delegations proposing the same are listed together
/// (`[EU, JP: delete]`); where delegations change overlapping words differently, the words are
/// shown once and each wording follows. Proposals on a clause as a whole come first
/// (`[US: delete]`, `[EU: move after 5]`), clauses proposed to be added follow the clause they
/// come after (`[EU: add] …`). The version is `--version`, else the latest with proposals.
///
/// `--format docx -o FILE.docx` is the same text in Word: struck words struck through,
/// proposals in bold, the marking in the page header.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "Examples:\n  decl compile safe-harbours\n  decl compile safe-harbours --version draft --format html -o compilation.html\n  decl compile safe-harbours --format docx -o compilation.docx"
)]
pub struct Args {
    /// The declaration: a folder, its `declaration.yaml`, or an id under `declarations/`.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// The version the proposals were made on (default: the latest that has any).
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Term, env = "DECL_COMPILE_FORMAT")]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn cmd_compile(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    if args.format == Format::Docx && args.output.is_none() {
        return Err(Error::new("Word output needs a file: add `-o FILE.docx`"));
    }
    let n = Negotiation::open(&args.declaration)?;
    n.target
        .declaration
        .warnings()
        .iter()
        .for_each(|w| ctx.warn(w));
    n.warnings.iter().for_each(|w| ctx.warn_text(w));
    let decl = &n.target.declaration;
    let i = match &args.version {
        Some(v) => decl.select(v)?,
        None => n.bases().last().copied().ok_or_else(|| {
            Error::new(format!("`{}` has no proposals to compile", decl.id))
                .hint("`decl propose DECL CODE FILE` records a delegation's proposal")
        })?,
    };
    let book = n.book(i, None);
    if book.filed.is_empty() {
        ctx.warn_text(&format!(
            "version `{}` of `{}` has no proposals: the compilation is the text alone",
            decl.versions[i].id, decl.id
        ));
    }
    let compilation = Compilation::new(&book);
    let color = ctx.color && args.output.is_none();
    match &args.output {
        Some(path) => {
            fsio::write_atomic_with(path, |out| {
                format::write(&compilation, args.format, color, out)
            })?;
            ctx.note(&format!("wrote {}", crate::error::display_path(path)));
        }
        None => format::write(&compilation, args.format, color, &mut ctx.out)?,
    }
    Ok(Outcome::Clean)
}
