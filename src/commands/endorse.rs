use crate::Outcome;
use crate::endorse::{Action, Event, Fingerprint, State, Target, label};
use crate::error::{Error, Result};
use crate::output::Context;

/// Record that delegations endorsed a version of a declaration.
///
/// DECL is a declaration folder, its `declaration.yaml`, or an id under `declarations/`. CODE is
/// a delegation code (`EU`, `FR`, `EL` for Greece, `UNODC`, …; `decl delegations` lists them).
/// The version is `--version`, else the latest adopted version, else the latest. Each
/// endorsement is appended to `declarations/<id>/endorsements/<CODE>.yaml`; nothing is
/// rewritten. A refusal (unknown delegation or version, a future date, an endorsement already
/// recorded) changes no file.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "Examples:\n  decl endorse global-alliance-2025 FR DE EL --date 2025-12-10\n  decl endorse summit-2030 UNODC --version draft-2 --source \"letter of 3 June\""
)]
pub struct Args {
    /// The declaration: a folder, its `declaration.yaml`, or an id under `declarations/`.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// Delegation codes, in any case.
    #[arg(required = true, value_name = "CODE")]
    pub codes: Vec<String>,
    /// The version endorsed: an id, a document number, `first` or `latest`.
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// When the delegation endorsed (default: today); never in the future.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A remark kept with the record.
    #[arg(long)]
    pub note: Option<String>,
    /// Where the fact comes from (a letter, a note verbale, a meeting).
    #[arg(long)]
    pub source: Option<String>,
    /// Mark the records as illustrative (invented, e.g. for a demonstration). Records about an
    /// illustrative version are marked anyway.
    #[arg(long)]
    pub illustrative: bool,
}

pub fn cmd_endorse(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let target = Target::open(&args.declaration)?;
    let delegations = target.delegations(&args.codes)?;
    let version = target.version(args.version.as_deref())?;
    let date = target.date(args.date.as_deref(), version)?;
    let event = Event {
        action: Action::Endorse,
        date,
        version: version.id.clone(),
        clause: None,
        text: None,
        note: args.note.clone(),
        source: args.source.clone(),
        illustrative: Target::illustrative(args.illustrative, version),
        fingerprint: Some(Fingerprint::of(version)),
        line: 0,
    };
    let recorded = target.record(|ledger| {
        let mut out = Vec::new();
        for d in &delegations {
            let log = ledger.read_one(&d.code)?;
            let state = State::derive(&log.events);
            if let Some(e) = &state.endorsement
                && e.version == event.version
            {
                return Err(Error::file(
                    &log.path,
                    format!(
                        "{} already endorsed version `{}` on {}; not recording it twice",
                        label(d),
                        e.version,
                        e.date
                    ),
                )
                .at(e.line, 1));
            }
            out.push((d.code.clone(), event.clone()));
        }
        Ok(out)
    })?;
    target.confirm(&mut ctx.out, &recorded, "endorsed")?;
    warn_if_superseded(ctx, &target, version);
    Ok(Outcome::Clean)
}

/// An endorsement of a version that a later one supersedes is stale from the start: say so,
/// with what changed since.
fn warn_if_superseded(ctx: &Context, target: &Target, version: &crate::model::Version) {
    let Some(latest) = target.declaration.versions.last() else {
        return;
    };
    if latest.id == version.id {
        return;
    }
    let d = crate::diff::diff(version, latest, &crate::diff::Options::default());
    if !d.has_changes() {
        return;
    }
    let changed = d.changes.iter().filter(|c| c.is_change()).count();
    ctx.warn_text(&format!(
        "`{}` is superseded by `{}`, in which {} changed: the endorsement is stale already",
        version.id,
        latest.id,
        crate::text::count(changed, "clause", "clauses")
    ));
}
