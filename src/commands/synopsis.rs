use std::io::Write as _;
use std::path::PathBuf;

use crate::diff::Options;
use crate::error::{Error, Result};
use crate::model::Version;
use crate::negotiate::Negotiation;
use crate::output::Context;
use crate::repo::Declaration;
use crate::synopsis::Synopsis;
use crate::synopsis::{self, format::Format};
use crate::{Outcome, fsio, repo};

/// Align all versions of a declaration side by side: the N-column synopsis.
///
/// One row per clause lineage, one column per version. A cell shows the clause as of that
/// version with the changes from the column before marked; a row holds several clauses in one
/// column where a clause was split or clauses were merged; added and deleted clauses leave empty
/// cells. Every clause of every version appears in a row.
///
/// `--format docx -o FILE.docx` is the same table in Word, landscape, new words in bold and
/// underlined, dropped ones struck through, the marking in the page header.
///
/// `--proposals` lists under each clause the delegations' proposals made on that version (who,
/// when, what they change) and, where a column follows, what became of each in it, as
/// `decl proposals --on V --version NEXT` says.
///
/// Give a declaration (all its versions, or those named with `--versions`), or several version
/// references, oldest first.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl synopsis declarations/global-alliance-2025\n  decl synopsis global-alliance-2025 --format html -o synopsis.html\n  decl synopsis draft-1.md draft-2.md draft-3.md --format json"
)]
pub struct Args {
    /// A declaration, or two or more versions oldest first.
    #[arg(required = true)]
    pub references: Vec<String>,
    /// With a declaration: the versions to show, comma-separated (ids, document numbers,
    /// `first`, `latest`, `previous`).
    #[arg(long, value_delimiter = ',', env = "DECL_SYNOPSIS_VERSIONS")]
    pub versions: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Term, env = "DECL_SYNOPSIS_FORMAT")]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Compare clause texts ignoring case.
    #[arg(long, env = "DECL_SYNOPSIS_IGNORE_CASE")]
    pub ignore_case: bool,
    /// Compare treating curly quotes as straight ones and dashes as hyphens.
    #[arg(long, env = "DECL_SYNOPSIS_IGNORE_TYPOGRAPHY")]
    pub ignore_typography: bool,
    /// Under each clause, the proposals made on its version, with their outcomes in the next
    /// column (needs a declaration: proposals are kept in its folder).
    #[arg(long, env = "DECL_SYNOPSIS_PROPOSALS")]
    pub proposals: bool,
}

/// The versions named on a `synopsis` or `history` command line, oldest first.
pub fn versions_of(references: &[String], selectors: &[String]) -> Result<Vec<Version>> {
    if let [single] = references {
        let declaration = repo::open(single)?;
        if selectors.is_empty() {
            return Ok(declaration.versions);
        }
        let picked = chosen(&declaration, selectors)?;
        return Ok(picked
            .into_iter()
            .map(|i| declaration.versions[i].clone())
            .collect());
    }
    if !selectors.is_empty() {
        return Err(Error::new(
            "`--versions` goes with a single declaration, not with version files",
        ));
    }
    references
        .iter()
        .map(|r| repo::resolve(r).map(|resolved| resolved.version))
        .collect()
}

/// The positions of the versions `selectors` name in `declaration`, in their order (every
/// version, without any).
fn chosen(declaration: &Declaration, selectors: &[String]) -> Result<Vec<usize>> {
    if selectors.is_empty() {
        return Ok((0..declaration.versions.len()).collect());
    }
    selectors
        .iter()
        .map(|s| declaration.select(s.trim()))
        .collect()
}

/// The synopsis of a declaration with the proposals on each column's version under its
/// clauses, their outcomes against the next column.
fn with_proposals(ctx: &mut Context, args: &Args, options: &Options) -> Result<Synopsis> {
    let [single] = args.references.as_slice() else {
        return Err(Error::new(
            "`--proposals` goes with a single declaration, not with version files",
        )
        .hint("proposals are kept in a declaration folder: name the declaration"));
    };
    let n = Negotiation::open(single)?;
    let declaration = &n.target.declaration;
    declaration.warnings().iter().for_each(|w| ctx.warn(w));
    n.warnings.iter().for_each(|w| ctx.warn_text(w));
    let picked = chosen(declaration, &args.versions)?;
    let refs: Vec<&Version> = picked.iter().map(|&i| &declaration.versions[i]).collect();
    let mut s = synopsis::compute(&refs, options);
    s.proposals = true;
    let bases = n.bases();
    for (column, &i) in picked.iter().enumerate() {
        if !bases.contains(&i) {
            continue;
        }
        // Outcomes are found in a later version only.
        let next = picked.get(column + 1).copied().filter(|&j| j > i);
        synopsis::proposals::attach(&mut s, column, &n.book(i, next));
    }
    Ok(s)
}

pub fn cmd_synopsis(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    if args.format == Format::Docx && args.output.is_none() {
        return Err(Error::new("Word output needs a file: add `-o FILE.docx`"));
    }
    let options = Options {
        ignore_case: args.ignore_case,
        ignore_typography: args.ignore_typography,
        ..Options::default()
    };
    let synopsis = if args.proposals {
        with_proposals(ctx, args, &options)?
    } else {
        let versions = versions_of(&args.references, &args.versions)?;
        versions
            .iter()
            .flat_map(|v| &v.warnings)
            .for_each(|w| ctx.warn(w));
        let refs: Vec<&Version> = versions.iter().collect();
        synopsis::compute(&refs, &options)
    };
    let mut buf = Vec::new();
    let color = ctx.color && args.output.is_none();
    synopsis::format::write(&synopsis, args.format, color, &mut buf)?;
    match &args.output {
        Some(path) => fsio::write_atomic(path, &buf)?,
        None => ctx.out.write_all(&buf)?,
    }
    Ok(Outcome::Clean)
}
