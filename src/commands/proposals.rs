use crate::Outcome;
use crate::error::{Error, Result};
use crate::negotiate::Negotiation;
use crate::negotiate::listing::{self, Format};
use crate::output::Context;

/// List the delegations' proposals by clause: who proposes what, which proposals several
/// delegations make alike, and which conflict (two delegations changing the same words
/// differently).
///
/// Without `--version`, every version that has proposals, oldest first (or the one `--on`
/// names). With `--version NEXT`, the proposals on the version before NEXT (or on `--on`), each
/// with its outcome in NEXT, re-anchored through the alignment of the two versions: taken up
/// (fully, or in part: some of its word changes), not taken up, or overtaken (its clause
/// deleted, merged, or its words rewritten otherwise).
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "Examples:\n  decl proposals safe-harbours\n  decl proposals safe-harbours --version rev1\n  decl proposals safe-harbours --on draft --format json"
)]
pub struct Args {
    /// The declaration: a folder, its `declaration.yaml`, or an id under `declarations/`.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// The next version: give each proposal its outcome in it.
    #[arg(long, value_name = "NEXT")]
    pub version: Option<String>,
    /// The version the proposals were made on (default: every one, or the one before NEXT).
    #[arg(long, value_name = "V")]
    pub on: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Term, env = "DECL_PROPOSALS_FORMAT")]
    pub format: Format,
}

pub fn cmd_proposals(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let n = Negotiation::open(&args.declaration)?;
    n.target
        .declaration
        .warnings()
        .iter()
        .for_each(|w| ctx.warn(w));
    n.warnings.iter().for_each(|w| ctx.warn_text(w));
    let decl = &n.target.declaration;
    let next = args
        .version
        .as_deref()
        .map(|v| decl.select(v))
        .transpose()?;
    let on = args.on.as_deref().map(|v| decl.select(v)).transpose()?;
    let bases: Vec<usize> = match (on, next) {
        (Some(on), _) => vec![on],
        (None, Some(0)) => {
            return Err(Error::new(format!(
                "`{}` is the first version of `{}`: no version before it has proposals",
                args.version.as_deref().unwrap_or_default(),
                decl.id
            ))
            .hint("name the version the proposals were made on with `--on`"));
        }
        (None, Some(next)) => vec![next - 1],
        (None, None) => n.bases(),
    };
    if let (Some(on), Some(next)) = (on, next)
        && on >= next
    {
        return Err(Error::new(format!(
            "`--version {}` is not after `--on {}`: outcomes are found in a later version",
            decl.versions[next].id, decl.versions[on].id
        )));
    }
    if bases.is_empty() {
        ctx.note(&format!(
            "`{}` has no proposals; `decl propose` records one",
            decl.id
        ));
        if args.format == Format::Term {
            return Ok(Outcome::Clean);
        }
    }
    let books: Vec<_> = bases.iter().map(|&i| n.book(i, next)).collect();
    listing::write(&books, args.format, ctx.color, &mut ctx.out)?;
    Ok(Outcome::Clean)
}
