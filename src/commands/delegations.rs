use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use serde::Serialize;

use crate::Outcome;
use crate::endorse::{Group, Registry};
use crate::error::Result;
use crate::output::{Context, styles};

/// List the delegations that can endorse: the European Union, the 27 Member States (Council
/// codes, EU protocol order), partner countries (ISO 3166-1 codes) and international
/// organisations, with the additions and renames of the repository's `decl.yaml`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl delegations --group eu-member-state\n  decl delegations --format json"
)]
pub struct Args {
    /// Only this group.
    #[arg(long, value_enum)]
    pub group: Option<GroupArg>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = DelegationsFormat::Table, env = "DECL_DELEGATIONS_FORMAT")]
    pub format: DelegationsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupArg {
    EuropeanUnion,
    EuMemberState,
    PartnerCountry,
    InternationalOrganisation,
}

impl From<GroupArg> for Group {
    fn from(g: GroupArg) -> Group {
        match g {
            GroupArg::EuropeanUnion => Group::EuropeanUnion,
            GroupArg::EuMemberState => Group::EuMemberState,
            GroupArg::PartnerCountry => Group::PartnerCountry,
            GroupArg::InternationalOrganisation => Group::InternationalOrganisation,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DelegationsFormat {
    /// Code and name under a heading per group.
    Table,
    /// The `decl-delegations/1` JSON document.
    Json,
}

/// `decl-delegations/1` (`decl delegations --format json`): `schema`, then `delegations`: in
/// display order, each `{code, name, group}` with `group` one of `european-union`,
/// `eu-member-state`, `partner-country`, `international-organisation`.
#[derive(Serialize)]
pub struct DelegationsV1<'a> {
    pub schema: &'static str,
    pub delegations: Vec<DelegationV1<'a>>,
}

#[derive(Serialize)]
pub struct DelegationV1<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub group: &'static str,
}

pub fn cmd_delegations(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    let registry = Registry::for_dir(Path::new("."))?;
    let only = args.group.map(Group::from);
    let list: Vec<_> = registry
        .all()
        .iter()
        .filter(|d| only.is_none_or(|g| d.group == g))
        .collect();
    match args.format {
        DelegationsFormat::Json => {
            let view = DelegationsV1 {
                schema: "decl-delegations/1",
                delegations: list
                    .iter()
                    .map(|d| DelegationV1 {
                        code: &d.code,
                        name: &d.name,
                        group: d.group.as_str(),
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut ctx.out, &view).map_err(std::io::Error::from)?;
            writeln!(ctx.out)?;
        }
        DelegationsFormat::Table => {
            let h = ctx.paint(styles::HEADING);
            let width = list.iter().map(|d| d.code.len()).max().unwrap_or(2);
            let mut first = true;
            for group in Group::ALL {
                let members: Vec<_> = list.iter().filter(|d| d.group == group).collect();
                if members.is_empty() {
                    continue;
                }
                if !first {
                    writeln!(ctx.out)?;
                }
                first = false;
                writeln!(ctx.out, "{h}{}{h:#} ({})", group.title(), members.len())?;
                for d in members {
                    writeln!(ctx.out, "  {:<width$}  {}", d.code, d.name)?;
                }
            }
        }
    }
    Ok(Outcome::Clean)
}
