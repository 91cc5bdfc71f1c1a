use crate::Outcome;
use crate::endorse::{Action, Event, State, Target, label};
use crate::error::{Error, Result};
use crate::output::Context;

/// Record that delegations withdrew their endorsement.
///
/// Refused, changing no file, for a delegation with no standing endorsement. The withdrawal
/// refers to the version that was endorsed unless `--version` says otherwise; the earlier
/// events stay in the ledger.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "Examples:\n  decl withdraw global-alliance-2025 HU --date 2026-01-12 --source \"note verbale\""
)]
pub struct Args {
    /// The declaration: a folder, its `declaration.yaml`, or an id under `declarations/`.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// Delegation codes.
    #[arg(required = true, value_name = "CODE")]
    pub codes: Vec<String>,
    /// The version the withdrawal refers to (default: the one endorsed).
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// When the delegation withdrew (default: today); never in the future.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A remark kept with the record.
    #[arg(long)]
    pub note: Option<String>,
    /// Where the fact comes from.
    #[arg(long)]
    pub source: Option<String>,
    /// Mark the records as illustrative (invented).
    #[arg(long)]
    pub illustrative: bool,
}

pub fn cmd_withdraw(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let target = Target::open(&args.declaration)?;
    let delegations = target.delegations(&args.codes)?;
    let chosen = args
        .version
        .as_deref()
        .map(|v| target.version(Some(v)))
        .transpose()?;
    let recorded = target.record(|ledger| {
        let mut out = Vec::new();
        for d in &delegations {
            let log = ledger.read_one(&d.code)?;
            let state = State::derive(&log.events);
            let Some(endorsement) = &state.endorsement else {
                let why = if state.withdrawal.is_some() {
                    "already withdrew its endorsement"
                } else {
                    "has not endorsed"
                };
                return Err(Error::new(format!(
                    "{} {why} of `{}`; nothing to withdraw",
                    label(d),
                    target.declaration.id
                )));
            };
            let version = match chosen {
                Some(v) => v,
                None => target.version(Some(&endorsement.version)).map_err(|_| {
                    Error::file(
                        &log.path,
                        format!(
                            "the endorsement refers to version `{}`, which the declaration does not list",
                            endorsement.version
                        ),
                    )
                    .at(endorsement.line, 1)
                    .hint("name the version with `--version`")
                })?,
            };
            let date = target.date(args.date.as_deref(), version)?;
            out.push((
                d.code.clone(),
                Event {
                    action: Action::Withdraw,
                    date,
                    version: version.id.clone(),
                    clause: None,
                    text: None,
                    note: args.note.clone(),
                    source: args.source.clone(),
                    illustrative: Target::illustrative(args.illustrative, version)
                        || endorsement.illustrative,
                    fingerprint: None,
                    line: 0,
                },
            ));
        }
        Ok(out)
    })?;
    target.confirm(&mut ctx.out, &recorded, "withdrew its endorsement of")?;
    Ok(Outcome::Clean)
}
