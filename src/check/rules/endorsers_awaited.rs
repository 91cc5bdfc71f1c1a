use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};
use crate::endorse::Group;
use crate::endorse::status::standing;
use crate::model::Version;
use crate::model::brackets::{EndorserList, endorser_lists};

declare_rule! {
    /// A placeholder for the list of endorsers (`[list of countries]`, `International
    /// Organisations [list]`) in an adopted version, when the endorsement ledger records no
    /// standing endorsement of that version by a delegation of that kind.
    ///
    /// ## Why
    /// `decl render` writes the names of the endorsing countries and organisations in place
    /// of these placeholders, from the ledger: an adopted text may keep them, since
    /// endorsements keep arriving after adoption. Until the first is recorded, though, the
    /// rendered text still reads `[list of countries]`.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// status: adopted
    /// ---
    ///
    /// We, representatives of the European Union and partner countries [list of countries];
    /// ```
    /// with no file under `endorsements/` for a partner country or Member State.
    ///
    /// ## Fix
    /// Record the endorsements as they arrive (`decl endorse DECL CODE`). Other placeholders
    /// in an adopted text, which nothing fills, are `placeholder-in-adopted` (D202).
    pub struct EndorsersAwaited => "D406", "endorsers-awaited", Warning;
}

impl Rule for EndorsersAwaited {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        let Some(registry) = cx.delegations else {
            return;
        };
        let versions: Vec<&Version> = cx.versions.iter().flatten().copied().collect();
        for (version, source) in cx.versions.iter().zip(&cx.sources) {
            let (Some(version), Some(source)) = (version, source) else {
                continue;
            };
            if !version.meta.is_adopted() {
                continue;
            }
            let slots = slots(version);
            if slots.is_empty() {
                continue;
            }
            let endorsers = standing(
                version,
                &versions,
                cx.ledger
                    .iter()
                    .map(|f| (f.code.as_str(), f.events.as_slice())),
            );
            let has = |list: EndorserList| {
                endorsers.iter().any(|code| {
                    registry.get(code).is_some_and(|d| match list {
                        EndorserList::Countries => {
                            matches!(d.group, Group::EuMemberState | Group::PartnerCountry)
                        }
                        EndorserList::Organisations => d.group == Group::InternationalOrganisation,
                    })
                })
            };
            let awaited: Vec<&(usize, String, EndorserList)> =
                slots.iter().filter(|(_, _, list)| !has(*list)).collect();
            if awaited.is_empty() {
                continue;
            }
            for (line, placeholder, list) in awaited {
                let range = super::find_from_line(source, *line, placeholder);
                let who = match list {
                    EndorserList::Countries => "country",
                    EndorserList::Organisations => "organisation",
                };
                out.push(
                    Diagnostic::at(
                        &Self::INFO,
                        source,
                        range,
                        format!(
                            "`{placeholder}` awaits endorsements: the ledger records no {who}'s endorsement of `{}`",
                            version.id
                        ),
                    )
                    .help(format!(
                        "`decl render` fills it from the ledger; record endorsements with `decl endorse {} CODE`",
                        cx.manifest.id
                    )),
                );
            }
        }
    }
}

/// The placeholders for lists of endorsers in a version: (line, placeholder, list).
fn slots(version: &Version) -> Vec<(usize, String, EndorserList)> {
    let mut out = Vec::new();
    for clause in version.clauses() {
        let lists = endorser_lists(&clause.text, clause.brackets.found());
        for (bracket, list) in clause.brackets.found().iter().zip(lists) {
            if let Some(list) = list {
                out.push((clause.line, bracket.text.clone(), list));
            }
        }
    }
    out
}
