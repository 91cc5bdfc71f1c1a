use std::io::Write;

use crate::Outcome;
use crate::endorse::{Action, Event, State, Target, label};
use crate::error::{Error, Result};
use crate::output::Context;
use crate::text::closest;

/// Enter or lift a delegation's reservation, on a clause or on the text as a whole.
///
/// `--clause ID` names the clause by its id (`decl show` lists them); without it the
/// reservation is on the text as a whole. `--text` gives the reservation's wording; `--lift`
/// lifts the standing reservation instead. Refused, changing no file: an unknown clause, a
/// second reservation on the same clause, lifting one that does not stand.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "Examples:\n  decl reserve global-alliance-2025 HU --clause criminalise --text \"scrutiny reservation\"\n  decl reserve global-alliance-2025 HU --clause criminalise --lift --date 2026-01-10"
)]
pub struct Args {
    /// The declaration: a folder, its `declaration.yaml`, or an id under `declarations/`.
    #[arg(value_name = "DECL")]
    pub declaration: String,
    /// The delegation's code.
    pub code: String,
    /// The clause id the reservation is on (default: the text as a whole).
    #[arg(long, value_name = "ID")]
    pub clause: Option<String>,
    /// The reservation's wording.
    #[arg(long, required_unless_present = "lift", conflicts_with = "lift")]
    pub text: Option<String>,
    /// Lift the reservation instead of entering one.
    #[arg(long)]
    pub lift: bool,
    /// The version the reservation refers to (default: the latest adopted, else the latest).
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// When (default: today); never in the future.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A remark kept with the record.
    #[arg(long)]
    pub note: Option<String>,
    /// Where the fact comes from.
    #[arg(long)]
    pub source: Option<String>,
    /// Mark the record as illustrative (invented).
    #[arg(long)]
    pub illustrative: bool,
}

pub fn cmd_reserve(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let target = Target::open(&args.declaration)?;
    let Some(delegation) = target
        .delegations(std::slice::from_ref(&args.code))?
        .into_iter()
        .next()
    else {
        return Err(Error::new("name the delegation that reserves"));
    };
    let version = target.version(args.version.as_deref())?;
    let date = target.date(args.date.as_deref(), version)?;
    let clause = args.clause.as_deref().map(str::trim);
    if let Some(id) = clause
        && !args.lift
        && !version.clauses().any(|c| c.id.as_deref() == Some(id))
    {
        let ids: Vec<&str> = version.clauses().filter_map(|c| c.id.as_deref()).collect();
        let mut err = Error::new(format!(
            "version `{}` has no clause with id `{id}`",
            version.id
        ));
        if let Some(best) = closest(id, ids.iter().copied()).first() {
            err = err.hint(format!("did you mean `{best}`?"));
        }
        let hint = if ids.is_empty() {
            "its clauses have no ids: `decl ids --write` gives them stable ones".to_string()
        } else {
            format!("`decl show {}` lists the clause ids", args.declaration)
        };
        return Err(err.hint(hint));
    }
    let action = if args.lift {
        Action::Lift
    } else {
        Action::Reserve
    };
    let event = Event {
        action,
        date,
        version: version.id.clone(),
        clause: clause.map(ToString::to_string),
        text: args.text.clone(),
        note: args.note.clone(),
        source: args.source.clone(),
        illustrative: Target::illustrative(args.illustrative, version),
        fingerprint: None,
        line: 0,
    };
    let on = match clause {
        Some(id) => format!("clause `{id}`"),
        None => "the text as a whole".to_string(),
    };
    target.record(|ledger| {
        let log = ledger.read_one(&delegation.code)?;
        let state = State::derive(&log.events);
        match (action, state.reservation(clause)) {
            (Action::Reserve, Some(r)) => Err(Error::file(
                &log.path,
                format!(
                    "{} already has a reservation on {on} since {}; lift it first to enter another",
                    label(&delegation),
                    r.date
                ),
            )
            .at(r.line, 1)),
            (Action::Lift, None) => Err(Error::new(format!(
                "{} has no reservation on {on} to lift",
                label(&delegation)
            ))),
            _ => Ok(vec![(delegation.code.clone(), event.clone())]),
        }
    })?;
    let verb = if args.lift {
        "lifted its reservation on"
    } else {
        "entered a reservation on"
    };
    writeln!(
        ctx.out,
        "{} {verb} {on} of `{}` on {}{}",
        label(&delegation),
        event.version,
        event.date,
        if event.illustrative {
            " (illustrative)"
        } else {
            ""
        }
    )?;
    Ok(Outcome::Clean)
}
