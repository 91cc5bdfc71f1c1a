use std::io::Write;
use std::path::PathBuf;

use crate::check::output::{self, Format};
use crate::check::registry::{self, RULES};
use crate::error::{Error, Result};
use crate::output::{Context, styles};
use crate::text::closest;
use crate::{Outcome, check};

/// Check declarations: structure, brackets, drafting, endorsements and markings.
///
/// With no PATH, checks the whole repository: every declaration, its manifest and versions,
/// and `decl.yaml`. A PATH is a declaration folder, a `declaration.yaml`, a version file, or a
/// repository root. A file that cannot be read is reported and the run goes on.
///
/// Exits 0 when no error is found (warnings and infos do not count), 1 when one is, 2 when the
/// check itself could not run. Rules are configured under `check:` in `decl.yaml`; a
/// `<!-- decl-ignore CODE -->` comment in a clause silences one rule for that clause.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl check\n  decl check declarations/global-alliance-2025 --format json\n  decl check --format github          # annotations in a GitHub pull request\n  decl check --format sarif > decl.sarif\n  decl check --explain D202\n  decl check --list-rules"
)]
pub struct Args {
    /// Declarations, manifests, version files or repositories to check.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Human, env = "DECL_CHECK_FORMAT")]
    pub format: Format,
    /// Print the documentation of a rule (a code such as `D202`, or a name) and exit.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["paths", "list_rules"])]
    pub explain: Option<String>,
    /// List every rule with its code, name, default severity and summary, and exit.
    #[arg(long, conflicts_with = "paths")]
    pub list_rules: bool,
}

pub fn cmd_check(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    if let Some(code) = &args.explain {
        return explain(ctx, code);
    }
    if args.list_rules {
        return list_rules(ctx);
    }
    let report = check::run(&args.paths)?;
    output::render(args.format, &report, &mut ctx.out, ctx.color)?;
    Ok(if report.summary.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn explain(ctx: &mut Context, code: &str) -> Result<Outcome> {
    let Some(rule) = registry::find(code) else {
        let mut err = Error::new(format!("no rule `{code}`"));
        if let Some(best) = closest(code, registry::names()).first() {
            err = err.hint(format!("did you mean `{best}`?"));
        }
        return Err(err.hint("`decl check --list-rules` lists the rules"));
    };
    let info = rule.info();
    let h = ctx.paint(styles::HEADING);
    writeln!(
        ctx.out,
        "{h}{} {}{h:#} (default severity: {})\n",
        info.code, info.name, info.severity
    )?;
    writeln!(ctx.out, "{}", info.explanation())?;
    Ok(Outcome::Clean)
}

fn list_rules(ctx: &mut Context) -> Result<Outcome> {
    let width = RULES.iter().map(|r| r.info().name.len()).max().unwrap_or(0);
    let dim = ctx.paint(styles::DIM);
    for rule in RULES {
        let info = rule.info();
        writeln!(
            ctx.out,
            "{}  {:width$}  {dim}{:7}{dim:#}  {}",
            info.code,
            info.name,
            info.severity.as_str(),
            info.summary()
        )?;
    }
    Ok(Outcome::Clean)
}
