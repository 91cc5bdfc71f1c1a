//! The proposals under each clause of a synopsis (`decl synopsis --proposals`): for each
//! column, the delegations' proposals on that version, placed on the clause they change (an
//! added clause on the clause it would follow, or on the first clause of its section), each
//! with its outcome in the next column when there is one. The offers, their grouping and their
//! outcomes are those of `decl proposals --on V --version NEXT` ([`Book`]); this only places
//! them and says them the same way in every format.

use super::{CellClause, ClauseProposal, Synopsis};
use crate::diff::Op;
use crate::negotiate::book::{Book, Offer};
use crate::negotiate::listing;
use crate::negotiate::proposal::Action;

/// Place the offers of `book` (the proposals on the version of `column`) on that column's
/// clauses, and record the version their outcomes are against.
pub fn attach(s: &mut Synopsis, column: usize, book: &Book) {
    // Where each offer goes: the base clause it is shown under.
    let mut under: Vec<Vec<ClauseProposal>> = vec![Vec::new(); book.entries.len()];
    let clause_proposal = |o: &Offer| ClauseProposal {
        offer: o.clone(),
        dates: book.dates(o),
    };
    for (s, info) in book.sections.iter().enumerate() {
        if info.added_at_start.is_empty() {
            continue;
        }
        // The section's first clause; for a section without clauses, the last clause before
        // it, or else the first of the version.
        let at = book
            .entries
            .iter()
            .position(|e| e.section == s)
            .or_else(|| book.entries.iter().rposition(|e| e.section < s))
            .or_else(|| (!book.entries.is_empty()).then_some(0));
        if let Some(at) = at {
            under[at].extend(info.added_at_start.iter().map(clause_proposal));
        }
    }
    for (i, e) in book.entries.iter().enumerate() {
        under[i].extend(e.offers.iter().map(clause_proposal));
        under[i].extend(e.added_after.iter().map(clause_proposal));
    }
    for row in &mut s.rows {
        for c in &mut row.cells[column].clauses {
            if let Some(list) = under.get_mut(c.index) {
                c.proposals = std::mem::take(list);
            }
        }
    }
    s.columns[column].outcomes_in = book.next.as_ref().map(|(id, _)| id.clone());
}

/// One proposal as people read it, in every format alike.
pub struct Described {
    /// `on 3, EU (2025-03-20), JP (2025-03-24)`.
    pub lead: String,
    /// What it proposes: the action, and for a change of words the marked word diff.
    pub pieces: Vec<(Op, String)>,
    /// `in rev1: taken up (the words proposed; now clause 3 <promote>)`.
    pub outcome: Option<String>,
}

/// Say proposal `p`, shown under `clause`, whose outcome is in version `outcomes_in`.
#[must_use]
pub fn describe(clause: &CellClause, p: &ClauseProposal, outcomes_in: Option<&str>) -> Described {
    let o = &p.offer;
    let place = match o.action {
        Action::Add => match &o.after {
            Some(a) => format!("after {}", a.number),
            None => "at the start of the section".to_string(),
        },
        _ => format!("on {}", clause.number),
    };
    let by: Vec<String> = o
        .delegations
        .iter()
        .enumerate()
        .map(|(k, d)| match p.dates.get(k) {
            Some(date) => format!("{d} ({date})"),
            None => d.clone(),
        })
        .collect();
    let mut pieces = listing::what(&clause.text, o);
    if o.action == Action::Modify {
        pieces.insert(0, (Op::Equal, "modify: ".to_string()));
    }
    Described {
        lead: format!("{place}, {}", by.join(", ")),
        pieces,
        outcome: o.outcome.as_ref().map(|x| {
            let text = listing::outcome_text(x);
            match outcomes_in {
                Some(v) => format!("in {v}: {text}"),
                None => text,
            }
        }),
    }
}

/// Whether any clause of the synopsis has a proposal under it.
#[must_use]
pub fn any(s: &Synopsis) -> bool {
    s.rows
        .iter()
        .flat_map(|r| &r.cells)
        .flat_map(|c| &c.clauses)
        .any(|c| !c.proposals.is_empty())
}
