//! `decl proposals` formats: `term`, and `json` (`decl-proposals/1`).
//!
//! `decl-proposals/1`:
//! - `schema`: `"decl-proposals/1"`; `declaration`
//! - `versions`: one entry per version listed (each with proposals on it), each `{version,
//!   document, next, proposals, offers, conflicts, summary}`:
//!   - `next`: `{version, document}` of the version the outcomes are against, or null
//!   - `proposals`: the proposal files, `{delegation, name, date, file, note, author, changes,
//!     illustrative}`, `author` the author of the Word tracked changes it was read from
//!     (`decl propose --by-author`), else null
//!   - `offers`: each distinct proposal on one place, in document order: `{delegations,
//!     action, clauses, new, after, section, inline, outcome}`. `delegations` all propose it
//!     alike (several: supported by several); `action` one of `modify`, `move`, `delete`,
//!     `add`, `split`, `merge`; `clauses` the base clauses it changes, `{index, number, id}`;
//!     `new` the proposed texts; `after` the base clause an added or moved clause follows
//!     (null: at the start of its section, and for other actions), `section` the id of the
//!     section it stands in (null for other actions); `inline` (modify) the word diff from the base text,
//!     `[{op, text}]` as in `decl-diff/1`; `outcome` (only against a next version) `{fate, why,
//!     now}`, `fate` one of `taken-up`, `taken-up-in-part`, `not-taken-up`, `overtaken`, and
//!     `now` the clauses of the next version it is re-anchored to, `{index, number, id}`
//!   - `conflicts`: `{offers: [a, b], clause, words}`: two offers (positions in `offers`) that
//!     change the same words of `clause` differently; `words` the base words both change
//!     (empty for a conflict of the clause as a whole, such as a deletion against an edit)
//!   - `summary`: `{proposals, offers, supported, conflicts, outcomes}`, `outcomes` a count per
//!     fate (only against a next version)

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::book::{Book, Fate, Offer};
use super::proposal::{Action, Anchor};
use crate::diff::Op;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// By clause: who proposes what, support, conflicts, outcomes.
    Term,
    /// The `decl-proposals/1` JSON document.
    Json,
}

pub fn write(books: &[Book], format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Term => {
            for (k, b) in books.iter().enumerate() {
                if k > 0 {
                    writeln!(out)?;
                }
                term(b, color, out)?;
            }
            Ok(())
        }
        Format::Json => json(books, out),
    }
}

/// The text of the base clause an offer is listed on (empty for an addition at a section's
/// start, which has none).
pub(crate) fn base_text<'a>(book: &'a Book, o: &Offer) -> &'a str {
    o.clauses
        .first()
        .and_then(|a| book.entries.get(a.index))
        .map_or("", |e| e.text.as_str())
}

/// An offer's text for people, as pieces to mark: the word diff of a modify from `base` (the
/// text of its clause), else what it does, as one plain piece.
pub(crate) fn what(base: &str, o: &Offer) -> Vec<(Op, String)> {
    let plain = match o.action {
        Action::Modify => {
            let inline =
                crate::diff::inline::diff(base, &o.new[0], std::time::Duration::from_millis(500));
            return inline.ops.into_iter().map(|op| (op.op, op.text)).collect();
        }
        Action::Delete => "delete".to_string(),
        Action::Add => format!("add “{}”", o.new[0]),
        Action::Move => match &o.after {
            Some(a) => format!("move after {}", a.label()),
            None => "move to the start of its section".to_string(),
        },
        Action::Split => format!(
            "split into {}",
            o.new
                .iter()
                .map(|t| format!("“{t}”"))
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        Action::Merge => format!(
            "merge {} into “{}”",
            crate::text::and_list(&o.clauses.iter().map(Anchor::label).collect::<Vec<_>>()),
            o.new[0]
        ),
    };
    vec![(Op::Equal, plain)]
}

/// An outcome for people: `taken up (the words proposed; now clause 3 <promote>)`.
pub(crate) fn outcome_text(x: &super::book::Outcome) -> String {
    let now = if x.now.is_empty() {
        String::new()
    } else {
        format!(
            "; now {}",
            x.now
                .iter()
                .map(Anchor::label)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!("{} ({}{now})", x.fate.label(), x.why)
}

fn term(book: &Book, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let paint = |s: Style| if color { s } else { Style::new() };
    let head = paint(Style::new().bold());
    let dim = paint(Style::new().dimmed());
    let warn = paint(Style::new().fg_color(Some(AnsiColor::Red.into())).bold());
    let ins = paint(
        Style::new()
            .fg_color(Some(AnsiColor::Green.into()))
            .underline(),
    );
    let del = paint(
        Style::new()
            .fg_color(Some(AnsiColor::Red.into()))
            .strikethrough(),
    );
    let mark = |op: Op, text: &str| -> String {
        match (op, color) {
            (Op::Equal, _) => text.to_string(),
            (Op::Insert, true) => format!("{ins}{text}{ins:#}"),
            (Op::Delete, true) => format!("{del}{text}{del:#}"),
            (op, false) => op.marked(text).into_owned(),
        }
    };
    let document = book
        .document
        .as_deref()
        .map_or(String::new(), |d| format!(" ({d})"));
    let ill = if book.illustrative {
        " [illustrative]"
    } else {
        ""
    };
    writeln!(
        out,
        "{head}Proposals on `{}`{document} of {}{ill}{head:#}",
        book.version, book.declaration
    )?;
    let offers: Vec<&Offer> = book.offers().collect();
    let supported = offers.iter().filter(|o| o.delegations.len() > 1).count();
    let conflicts: usize = book.entries.iter().map(|e| e.conflicts.len()).sum();
    let delegations: Vec<String> = {
        let mut seen: Vec<String> = Vec::new();
        for f in &book.filed {
            if !seen.contains(&f.name) {
                seen.push(f.name.clone());
            }
        }
        seen
    };
    writeln!(
        out,
        "{} from {}: {}; {} supported by several, {}",
        crate::text::count(book.filed.len(), "proposal", "proposals"),
        crate::text::count(delegations.len(), "delegation", "delegations"),
        delegations.join(", "),
        supported,
        crate::text::count(conflicts, "conflict", "conflicts"),
    )?;
    if let Some((next, doc)) = &book.next {
        let doc = doc.as_deref().map_or(String::new(), |d| format!(" ({d})"));
        let fates = book.fates();
        let parts: Vec<String> = [
            Fate::TakenUp,
            Fate::InPart,
            Fate::NotTakenUp,
            Fate::Overtaken,
        ]
        .iter()
        .map(|f| format!("{} {}", fates.get(f).copied().unwrap_or(0), f.label()))
        .collect();
        writeln!(out, "outcomes in `{next}`{doc}: {}", parts.join(", "))?;
    }
    let outcome = |o: &Offer| -> String {
        o.outcome
            .as_ref()
            .map_or(String::new(), |x| format!("\n      → {}", outcome_text(x)))
    };
    let line = |out: &mut dyn Write, o: &Offer| -> io::Result<()> {
        let support = if o.delegations.len() > 1 {
            format!(" {dim}({} delegations){dim:#}", o.delegations.len())
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {head}{}{head:#}: {}{support}{}",
            o.delegations.join(", "),
            what(base_text(book, o), o)
                .iter()
                .map(|(op, text)| mark(*op, text))
                .collect::<String>(),
            outcome(o)
        )
    };
    let mut last_section = usize::MAX;
    let mut section_header = |out: &mut dyn Write, s: usize| -> io::Result<()> {
        if s != last_section {
            last_section = s;
            let info = &book.sections[s];
            let name = match (&info.heading, info.after_break) {
                (Some(h), _) => h.clone(),
                (None, true) => "---".to_string(),
                (None, false) => "(preamble)".to_string(),
            };
            writeln!(out)?;
            writeln!(out, "{head}{name}{head:#}")?;
        }
        Ok(())
    };
    for (s, info) in book.sections.iter().enumerate() {
        if !info.added_at_start.is_empty() {
            section_header(out, s)?;
            writeln!(out, "{dim}at the start{dim:#}")?;
            for o in &info.added_at_start {
                line(out, o)?;
            }
        }
        for e in book.entries.iter().filter(|e| e.section == s) {
            if e.offers.is_empty() && e.added_after.is_empty() {
                continue;
            }
            section_header(out, s)?;
            let id = e
                .anchor
                .id
                .as_deref()
                .map_or(String::new(), |id| format!(" {dim}<{id}>{dim:#}"));
            writeln!(out, "{}{id}  {}", e.anchor.number, e.text)?;
            for o in &e.offers {
                line(out, o)?;
            }
            for c in &e.conflicts {
                let (a, b) = (&e.offers[c.a], &e.offers[c.b]);
                let words = if c.words.is_empty() {
                    "the clause".to_string()
                } else {
                    format!("“{}”", c.words)
                };
                writeln!(
                    out,
                    "  {warn}conflict{warn:#}: {} and {} change {words} differently",
                    a.delegations.join(", "),
                    b.delegations.join(", ")
                )?;
            }
            if !e.added_after.is_empty() {
                writeln!(out, "{dim}after {}{dim:#}", e.anchor.number)?;
                for o in &e.added_after {
                    line(out, o)?;
                }
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ProposalsV1<'a> {
    schema: &'static str,
    declaration: &'a str,
    versions: Vec<BookV1<'a>>,
}

#[derive(Serialize)]
struct BookV1<'a> {
    version: &'a str,
    document: Option<&'a str>,
    next: Option<NextV1<'a>>,
    proposals: Vec<FiledV1<'a>>,
    offers: Vec<OfferV1<'a>>,
    conflicts: Vec<ConflictV1<'a>>,
    summary: SummaryV1,
}

#[derive(Serialize)]
struct NextV1<'a> {
    version: &'a str,
    document: Option<&'a str>,
}

#[derive(Serialize)]
struct FiledV1<'a> {
    delegation: &'a str,
    name: &'a str,
    date: String,
    file: String,
    note: Option<&'a str>,
    author: Option<&'a str>,
    changes: usize,
    illustrative: bool,
}

#[derive(Serialize)]
struct AnchorV1<'a> {
    index: usize,
    number: &'a str,
    id: Option<&'a str>,
}

impl<'a> AnchorV1<'a> {
    fn new(a: &'a Anchor) -> Self {
        AnchorV1 {
            index: a.index,
            number: &a.number,
            id: a.id.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct OpV1 {
    op: &'static str,
    text: String,
}

#[derive(Serialize)]
struct OutcomeV1<'a> {
    fate: &'static str,
    why: &'a str,
    now: Vec<AnchorV1<'a>>,
}

#[derive(Serialize)]
pub(crate) struct OfferV1<'a> {
    delegations: &'a [String],
    action: &'static str,
    clauses: Vec<AnchorV1<'a>>,
    new: &'a [String],
    after: Option<AnchorV1<'a>>,
    section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inline: Option<Vec<OpV1>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<OutcomeV1<'a>>,
}

#[derive(Serialize)]
struct ConflictV1<'a> {
    offers: [usize; 2],
    clause: AnchorV1<'a>,
    words: &'a str,
}

#[derive(Serialize)]
struct SummaryV1 {
    proposals: usize,
    offers: usize,
    supported: usize,
    conflicts: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcomes: Option<serde_json::Map<String, serde_json::Value>>,
}

fn json(books: &[Book], out: &mut dyn Write) -> io::Result<()> {
    let declaration = books.first().map_or("", |b| b.declaration.as_str());
    let versions = books
        .iter()
        .map(|b| {
            let mut offers = Vec::new();
            let mut conflicts = Vec::new();
            for s in &b.sections {
                for o in &s.added_at_start {
                    offers.push(offer_v1(base_text(b, o), o));
                }
            }
            for e in &b.entries {
                let first = offers.len();
                for o in &e.offers {
                    offers.push(offer_v1(base_text(b, o), o));
                }
                for c in &e.conflicts {
                    conflicts.push(ConflictV1 {
                        offers: [first + c.a, first + c.b],
                        clause: AnchorV1::new(&e.anchor),
                        words: &c.words,
                    });
                }
                for o in &e.added_after {
                    offers.push(offer_v1(base_text(b, o), o));
                }
            }
            let supported = b.offers().filter(|o| o.delegations.len() > 1).count();
            BookV1 {
                version: &b.version,
                document: b.document.as_deref(),
                next: b.next.as_ref().map(|(v, d)| NextV1 {
                    version: v,
                    document: d.as_deref(),
                }),
                proposals: b
                    .filed
                    .iter()
                    .map(|f| FiledV1 {
                        delegation: &f.delegation,
                        name: &f.name,
                        date: f.date.to_string(),
                        file: crate::error::display_path(&f.path),
                        note: f.note.as_deref(),
                        author: f.author.as_deref(),
                        changes: f.changes,
                        illustrative: f.illustrative,
                    })
                    .collect(),
                summary: SummaryV1 {
                    proposals: b.filed.len(),
                    offers: offers.len(),
                    supported,
                    conflicts: conflicts.len(),
                    outcomes: b.next.as_ref().map(|_| {
                        let fates = b.fates();
                        [
                            Fate::TakenUp,
                            Fate::InPart,
                            Fate::NotTakenUp,
                            Fate::Overtaken,
                        ]
                        .iter()
                        .map(|f| {
                            (
                                f.as_str().to_string(),
                                serde_json::Value::from(fates.get(f).copied().unwrap_or(0)),
                            )
                        })
                        .collect()
                    }),
                },
                offers,
                conflicts,
            }
        })
        .collect();
    let v = ProposalsV1 {
        schema: "decl-proposals/1",
        declaration,
        versions,
    };
    serde_json::to_writer_pretty(&mut *out, &v).map_err(io::Error::from)?;
    writeln!(out)
}

pub(crate) fn offer_v1<'a>(base: &str, o: &'a Offer) -> OfferV1<'a> {
    let placed = matches!(o.action, Action::Add | Action::Move);
    OfferV1 {
        delegations: &o.delegations,
        action: o.action.as_str(),
        clauses: o.clauses.iter().map(AnchorV1::new).collect(),
        new: &o.new,
        after: o.after.as_ref().filter(|_| placed).map(AnchorV1::new),
        section: o.section.as_deref().filter(|_| placed),
        inline: (o.action == Action::Modify).then(|| {
            crate::diff::inline::diff(base, &o.new[0], std::time::Duration::from_millis(500))
                .ops
                .into_iter()
                .map(|op| OpV1 {
                    op: op.op.as_str(),
                    text: op.text,
                })
                .collect()
        }),
        outcome: o.outcome.as_ref().map(|x| OutcomeV1 {
            fate: x.fate.as_str(),
            why: &x.why,
            now: x.now.iter().map(AnchorV1::new).collect(),
        }),
    }
}
