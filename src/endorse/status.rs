//! The current state of each delegation, derived from its events, and the report that every
//! output of `decl endorsements` reads.
//!
//! Events apply in file order. `endorse` sets the endorsement (a later one, e.g. of a newer
//! version, replaces it); `withdraw` withdraws it; `reserve` enters a reservation on a clause
//! (or the text as a whole), `lift` lifts it. The status is `withdrawn` when the last endorse or
//! withdraw event was a withdrawal, else `reserved` while a reservation stands, else `endorsed`
//! when endorsed, else `none`.
//!
//! An endorsement is **stale** when it refers to a version other than the latest and the
//! clause-level diff from that version to the latest finds changes; the changed clauses are
//! named. An endorsement recorded with a [`Fingerprint`] is also stale when the version it
//! names no longer reads as it did when it was endorsed (the version was edited afterwards):
//! its `text_changed` is set, and the changed clauses are those of the latest version against
//! the text endorsed.

use std::collections::HashMap;

use serde::Serialize;

use super::fingerprint::Fingerprint;
use super::ledger::{Action, Event, Log};
use super::registry::{Delegation, Group, Registry};
use crate::diff;
use crate::model::{Date, Version};
use crate::repo::Declaration;

/// A delegation's status, as JSON and CSV spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Endorsed,
    Withdrawn,
    Reserved,
    None,
}

impl Status {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Endorsed => "endorsed",
            Status::Withdrawn => "withdrawn",
            Status::Reserved => "reserved",
            Status::None => "none",
        }
    }
}

/// What a delegation's events add up to.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// The standing endorsement, if any (cleared by a withdrawal).
    pub endorsement: Option<Event>,
    /// The withdrawal, when the last endorse or withdraw event was one.
    pub withdrawal: Option<Event>,
    /// Reservations not lifted, in the order entered.
    pub reservations: Vec<Event>,
    /// Whether any event is marked illustrative.
    pub illustrative: bool,
}

impl State {
    #[must_use]
    pub fn derive(events: &[Event]) -> State {
        let mut state = State::default();
        for event in events {
            state.illustrative |= event.illustrative;
            match event.action {
                Action::Endorse => {
                    state.endorsement = Some(event.clone());
                    state.withdrawal = None;
                }
                Action::Withdraw => {
                    state.endorsement = None;
                    state.withdrawal = Some(event.clone());
                }
                Action::Reserve => {
                    state.reservations.retain(|r| r.clause != event.clause);
                    state.reservations.push(event.clone());
                }
                Action::Lift => state.reservations.retain(|r| r.clause != event.clause),
            }
        }
        state
    }

    #[must_use]
    pub fn status(&self) -> Status {
        if self.withdrawal.is_some() {
            Status::Withdrawn
        } else if !self.reservations.is_empty() {
            Status::Reserved
        } else if self.endorsement.is_some() {
            Status::Endorsed
        } else {
            Status::None
        }
    }

    /// The standing reservation on `clause` (`None`: on the text as a whole).
    #[must_use]
    pub fn reservation(&self, clause: Option<&str>) -> Option<&Event> {
        self.reservations
            .iter()
            .find(|r| r.clause.as_deref() == clause)
    }
}

/// One clause that changed since an endorsed version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedClause {
    /// `modified`, `moved`, `added`, `deleted`, `split` or `merged`.
    pub kind: &'static str,
    /// The clause id (the latest version's, else the endorsed version's), if it has one.
    pub id: Option<String>,
    /// The clause index in the latest version; for a deleted clause, in the endorsed version.
    pub index: usize,
}

impl ChangedClause {
    /// How tables name the clause: its id, else `#index`.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None => format!("#{}", self.index),
        }
    }
}

/// One delegation in the report.
#[derive(Debug, Clone)]
pub struct Row {
    pub delegation: Delegation,
    pub status: Status,
    pub state: State,
    /// The event the row's version and date come from: the endorsement, the withdrawal, or the
    /// latest reservation.
    pub main: Option<Event>,
    pub stale: bool,
    /// The endorsed version's text is no longer the text endorsed (its fingerprint differs).
    pub text_changed: bool,
    pub changed_clauses: Vec<ChangedClause>,
    /// Invented data: an event says so, or refers to an illustrative version.
    pub illustrative: bool,
}

impl Row {
    #[must_use]
    pub fn endorsed(&self) -> bool {
        self.state.endorsement.is_some()
    }

    /// The status as people read it, saying of a `reserved` delegation whether it endorsed:
    /// `endorsed`, `endorsed, with reservation`, `reservation only`, `withdrawn` or `none`.
    #[must_use]
    pub fn standing(&self) -> &'static str {
        match (self.status, self.endorsed()) {
            (Status::Reserved, true) => "endorsed, with reservation",
            (Status::Reserved, false) => "reservation only",
            (status, _) => status.as_str(),
        }
    }
}

/// Everything `decl endorsements` shows.
#[derive(Debug, Clone)]
pub struct Report {
    pub declaration: String,
    /// The latest version's id.
    pub latest: Option<String>,
    /// Delegations with events, plus the European Union and every Member State, in registry
    /// order.
    pub rows: Vec<Row>,
}

impl Report {
    /// Derive the report from the ledger files of `declaration`.
    #[must_use]
    pub fn new(declaration: &Declaration, registry: &Registry, logs: &[Log]) -> Report {
        let versions: HashMap<&str, &Version> = declaration
            .versions
            .iter()
            .map(|v| (v.id.as_str(), v))
            .collect();
        let latest = declaration.versions.last();
        let by_code: HashMap<&str, &Log> = logs.iter().map(|l| (l.code.as_str(), l)).collect();
        let mut diffs: HashMap<String, Vec<ChangedClause>> = HashMap::new();
        let mut fingerprints = Fingerprints::default();
        let mut rows = Vec::new();
        for delegation in registry.all() {
            let log = by_code.get(delegation.code.as_str());
            let always = matches!(
                delegation.group,
                Group::EuropeanUnion | Group::EuMemberState
            );
            if log.is_none_or(|l| l.events.is_empty()) && !always {
                continue;
            }
            let events = log.map_or(&[][..], |l| &l.events[..]);
            let state = State::derive(events);
            let main = state
                .endorsement
                .clone()
                .or_else(|| state.withdrawal.clone())
                .or_else(|| state.reservations.last().cloned());
            let mut changed_clauses = Vec::new();
            let mut text_changed = false;
            if let (Some(e), Some(latest)) = (&state.endorsement, latest) {
                let old = versions.get(e.version.as_str());
                text_changed = match (&e.fingerprint, old) {
                    (Some(fp), Some(old)) => fingerprints.of(old).text != fp.text,
                    _ => false,
                };
                if text_changed && let Some(fp) = &e.fingerprint {
                    changed_clauses = fp.changed_in(latest);
                } else if e.version != latest.id
                    && let Some(old) = old
                {
                    changed_clauses.clone_from(
                        diffs
                            .entry(e.version.clone())
                            .or_insert_with(|| changed_since(old, latest)),
                    );
                }
            }
            let illustrative = state.illustrative
                || events.iter().any(|e| {
                    versions
                        .get(e.version.as_str())
                        .is_some_and(|v| v.meta.is_illustrative())
                });
            rows.push(Row {
                delegation: delegation.clone(),
                status: state.status(),
                stale: text_changed || !changed_clauses.is_empty(),
                text_changed,
                changed_clauses,
                main,
                state,
                illustrative,
            });
        }
        Report {
            declaration: declaration.id.clone(),
            latest: latest.map(|v| v.id.clone()),
            rows,
        }
    }

    /// Whether any row holds illustrative data.
    #[must_use]
    pub fn illustrative(&self) -> bool {
        self.rows.iter().any(|r| r.illustrative)
    }

    /// Member States without a standing endorsement.
    #[must_use]
    pub fn member_states_not_endorsed(&self) -> Vec<&Delegation> {
        self.rows
            .iter()
            .filter(|r| r.delegation.group == Group::EuMemberState && !r.endorsed())
            .map(|r| &r.delegation)
            .collect()
    }

    #[must_use]
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }
}

/// Fingerprints of versions, each worked out once.
#[derive(Default)]
struct Fingerprints(HashMap<String, Fingerprint>);

impl Fingerprints {
    fn of(&mut self, version: &Version) -> &Fingerprint {
        self.0
            .entry(version.id.clone())
            .or_insert_with(|| Fingerprint::of(version))
    }
}

/// The delegations whose endorsement of `version` stands, in ledger order: an endorsement of
/// this version, or of one of `versions` whose clauses have not changed since. An endorsement
/// recorded with a fingerprint stands only while `version` reads as the text endorsed. A
/// withdrawn endorsement does not count. `ledger` gives each delegation's code and events.
#[must_use]
pub fn standing<'a>(
    version: &Version,
    versions: &[&Version],
    ledger: impl IntoIterator<Item = (&'a str, &'a [Event])>,
) -> Vec<&'a str> {
    // Whether the text is the same since each earlier version, diffed once per version.
    let mut same_since: HashMap<String, bool> = HashMap::new();
    let mut fingerprint_of_target: Option<Fingerprint> = None;
    let mut out = Vec::new();
    for (code, events) in ledger {
        let Some(endorsement) = State::derive(events).endorsement else {
            continue;
        };
        if let Some(fp) = &endorsement.fingerprint {
            if fp.text
                == fingerprint_of_target
                    .get_or_insert_with(|| Fingerprint::of(version))
                    .text
            {
                out.push(code);
            }
            continue;
        }
        let stands = endorsement.version == version.id
            || *same_since
                .entry(endorsement.version.clone())
                .or_insert_with(|| {
                    versions
                        .iter()
                        .find(|v| v.id == endorsement.version)
                        .is_some_and(|old| changed_since(old, version).is_empty())
                });
        if stands {
            out.push(code);
        }
    }
    out
}

/// The clauses that changed from `old` to `new`, via the diff engine.
#[must_use]
pub fn changed_since(old: &Version, new: &Version) -> Vec<ChangedClause> {
    let d = diff::diff(old, new, &diff::Options::default());
    d.changes
        .iter()
        .filter(|c| c.is_change())
        .filter_map(|c| {
            let id = c
                .new
                .iter()
                .chain(c.old.iter())
                .find_map(|r| r.id().map(str::to_string));
            let index = c.new.first().or_else(|| c.old.first())?.index();
            Some(ChangedClause {
                kind: c.kind.as_str(),
                id,
                index,
            })
        })
        .collect()
}

/// `decl-endorsements/1` (`decl endorsements --format json`):
/// - `schema`: `"decl-endorsements/1"`
/// - `declaration`: the declaration id
/// - `latest`: the latest version's id (what staleness is measured against), or null
/// - `illustrative`: true when any record is illustrative (invented, e.g. example data)
/// - `delegations`: the delegations with events, plus the European Union and every Member
///   State, in registry order; each:
///   - `code`, `name`, `group` (`european-union`, `eu-member-state`, `partner-country`,
///     `international-organisation`)
///   - `status`: `endorsed`, `withdrawn`, `reserved` (a reservation stands) or `none`
///   - `endorsed`: whether an endorsement stands (a `reserved` delegation may or may not have
///     endorsed)
///   - `standing`: the status as people read it: `endorsed`, `endorsed, with reservation`,
///     `reservation only`, `withdrawn` or `none`
///   - `version`, `date`: of the endorsement, else the withdrawal, else the latest
///     reservation; null for `none`
///   - `note`, `source`: of that same event
///   - `stale`: the endorsed version is not the latest and clauses changed since, or the
///     endorsed version's text changed after it was endorsed
///   - `text_changed`: the endorsed version no longer reads as the text endorsed (its
///     fingerprint, recorded with the endorsement, differs); false for records without one
///   - `changed_clauses`: `[{kind, id, index}]`, `index` in the latest version (for a
///     deleted clause, in the endorsed one)
///   - `reservations`: standing reservations, `[{clause, text, date, version}]` (`clause` null
///     for the text as a whole)
///   - `illustrative`: this delegation's records are illustrative
/// - `summary`: `delegations` (rows listed), `endorsed` (standing endorsements, reserved
///   delegations that endorsed included), `reserved`, `withdrawn`, `none` (by status), `stale`,
///   and `eu_member_states`: `{endorsed, total, not_endorsed: [codes]}`
#[derive(Serialize)]
pub struct EndorsementsV1<'a> {
    pub schema: &'static str,
    pub declaration: &'a str,
    pub latest: Option<&'a str>,
    pub illustrative: bool,
    pub delegations: Vec<DelegationV1<'a>>,
    pub summary: SummaryV1<'a>,
}

// The wire format's flags are independent facts about a delegation, one field each.
#[allow(clippy::struct_excessive_bools)]
#[derive(Serialize)]
pub struct DelegationV1<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub group: &'static str,
    pub status: Status,
    pub endorsed: bool,
    pub standing: &'static str,
    pub version: Option<&'a str>,
    pub date: Option<String>,
    pub note: Option<&'a str>,
    pub source: Option<&'a str>,
    pub stale: bool,
    pub text_changed: bool,
    pub changed_clauses: &'a [ChangedClause],
    pub reservations: Vec<ReservationV1<'a>>,
    pub illustrative: bool,
}

#[derive(Serialize)]
pub struct ReservationV1<'a> {
    pub clause: Option<&'a str>,
    pub text: Option<&'a str>,
    pub date: String,
    pub version: &'a str,
}

#[derive(Serialize)]
pub struct SummaryV1<'a> {
    pub delegations: usize,
    pub endorsed: usize,
    pub reserved: usize,
    pub withdrawn: usize,
    pub none: usize,
    pub stale: usize,
    pub eu_member_states: MemberStatesV1<'a>,
}

#[derive(Serialize)]
pub struct MemberStatesV1<'a> {
    pub endorsed: usize,
    pub total: usize,
    pub not_endorsed: Vec<&'a str>,
}

fn date_text(date: Date) -> String {
    date.to_string()
}

impl<'a> EndorsementsV1<'a> {
    #[must_use]
    pub fn new(report: &'a Report) -> Self {
        let not_endorsed: Vec<&str> = report
            .member_states_not_endorsed()
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        let total = report
            .rows
            .iter()
            .filter(|r| r.delegation.group == Group::EuMemberState)
            .count();
        EndorsementsV1 {
            schema: "decl-endorsements/1",
            declaration: &report.declaration,
            latest: report.latest.as_deref(),
            illustrative: report.illustrative(),
            delegations: report
                .rows
                .iter()
                .map(|r| DelegationV1 {
                    code: &r.delegation.code,
                    name: &r.delegation.name,
                    group: r.delegation.group.as_str(),
                    status: r.status,
                    endorsed: r.endorsed(),
                    standing: r.standing(),
                    version: r.main.as_ref().map(|e| e.version.as_str()),
                    date: r.main.as_ref().map(|e| date_text(e.date)),
                    note: r.main.as_ref().and_then(|e| e.note.as_deref()),
                    source: r.main.as_ref().and_then(|e| e.source.as_deref()),
                    stale: r.stale,
                    text_changed: r.text_changed,
                    changed_clauses: &r.changed_clauses,
                    reservations: r
                        .state
                        .reservations
                        .iter()
                        .map(|e| ReservationV1 {
                            clause: e.clause.as_deref(),
                            text: e.text.as_deref(),
                            date: date_text(e.date),
                            version: &e.version,
                        })
                        .collect(),
                    illustrative: r.illustrative,
                })
                .collect(),
            summary: SummaryV1 {
                delegations: report.rows.len(),
                endorsed: report.rows.iter().filter(|r| r.endorsed()).count(),
                reserved: report.count(Status::Reserved),
                withdrawn: report.count(Status::Withdrawn),
                none: report.count(Status::None),
                stale: report.rows.iter().filter(|r| r.stale).count(),
                eu_member_states: MemberStatesV1 {
                    endorsed: total.saturating_sub(not_endorsed.len()),
                    total,
                    not_endorsed,
                },
            },
        }
    }
}
