//! The compilation text: the base version with every proposal in place and attributed, as a
//! Presidency circulates it (`~~promote~~ [EU: ensure] [US: foster]`, `[US: delete]`). Built
//! once from a [`Book`] as plain data ([`Compilation`]); each format only writes it.
//!
//! Where several delegations propose changes to overlapping words of a clause, the words are
//! shown once, struck, followed by each delegation's wording of all of them; delegations that
//! propose the same wording are listed together (`[EU, JP: delete]`).

use serde::Serialize;

use super::book::{Book, Hunk, Offer};
use super::proposal::Action;

/// A piece of a clause's text in the compilation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Piece {
    /// Base text no proposal touches.
    Text { text: String },
    /// Base words some delegations propose to change or delete.
    Struck { text: String },
    /// A delegation's wording in place of the struck words before it (empty: delete them), or
    /// words to insert where there are none.
    Proposal {
        delegations: Vec<String>,
        text: String,
    },
}

/// A clause-level proposal on a clause: delete, move, split, merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub delegations: Vec<String>,
    /// `delete`, `move`, `split`, `merge`.
    pub action: &'static str,
    /// What it says for people: `delete`, `move after 5`, `split: “…” / “…”`.
    pub text: String,
}

/// A clause proposed to be added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Added {
    pub delegations: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompiledClause {
    pub index: usize,
    pub number: String,
    pub id: Option<String>,
    /// The base text.
    pub text: String,
    pub pieces: Vec<Piece>,
    pub notes: Vec<Note>,
    /// Clauses proposed to follow this one.
    pub added: Vec<Added>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompiledSection {
    pub id: Option<String>,
    pub heading: Option<String>,
    #[serde(rename = "break")]
    pub after_break: bool,
    /// Clauses proposed at its start.
    pub added: Vec<Added>,
    pub clauses: Vec<CompiledClause>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DelegationInfo {
    pub code: String,
    pub name: String,
    pub proposals: usize,
}

/// The compilation of one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compilation {
    pub declaration: String,
    pub title: Option<String>,
    pub version: String,
    pub document: Option<String>,
    pub classification: Option<String>,
    pub language: Option<String>,
    pub illustrative: bool,
    pub delegations: Vec<DelegationInfo>,
    pub sections: Vec<CompiledSection>,
}

impl Compilation {
    #[must_use]
    pub fn new(book: &Book) -> Compilation {
        let mut delegations: Vec<DelegationInfo> = Vec::new();
        for f in &book.filed {
            match delegations.iter_mut().find(|d| d.code == f.delegation) {
                Some(d) => d.proposals += 1,
                None => delegations.push(DelegationInfo {
                    code: f.delegation.clone(),
                    name: f.name.clone(),
                    proposals: 1,
                }),
            }
        }
        let mut sections: Vec<CompiledSection> = book
            .sections
            .iter()
            .map(|s| CompiledSection {
                id: s.id.clone(),
                heading: s.heading.clone(),
                after_break: s.after_break,
                added: s.added_at_start.iter().map(added).collect(),
                clauses: Vec::new(),
            })
            .collect();
        for e in &book.entries {
            let modifies: Vec<&Offer> = e
                .offers
                .iter()
                .filter(|o| o.action == Action::Modify)
                .collect();
            let notes = e
                .offers
                .iter()
                .filter(|o| o.action != Action::Modify)
                .map(note)
                .collect();
            let clause = CompiledClause {
                index: e.anchor.index,
                number: e.anchor.number.clone(),
                id: e.anchor.id.clone(),
                text: e.text.clone(),
                pieces: pieces(&e.text, &modifies),
                notes,
                added: e.added_after.iter().map(added).collect(),
            };
            if let Some(s) = sections.get_mut(e.section) {
                s.clauses.push(clause);
            }
        }
        // Unnamed sections with nothing in them (an empty preamble) are left out.
        sections.retain(|s| {
            s.heading.is_some() || s.after_break || !s.clauses.is_empty() || !s.added.is_empty()
        });
        Compilation {
            declaration: book.declaration.clone(),
            title: book.title.clone(),
            version: book.version.clone(),
            document: book.document.clone(),
            classification: book.classification.clone(),
            language: book.language.clone(),
            illustrative: book.illustrative || book.filed.iter().any(|f| f.illustrative),
            delegations,
            sections,
        }
    }
}

fn added(o: &Offer) -> Added {
    Added {
        delegations: o.delegations.clone(),
        text: o.new.first().cloned().unwrap_or_default(),
    }
}

fn note(o: &Offer) -> Note {
    let quote = |t: &str| format!("“{t}”");
    let text = match o.action {
        Action::Delete => "delete".to_string(),
        Action::Move => match &o.after {
            Some(a) => format!("move after {}", a.number),
            None => "move to the start of its section".to_string(),
        },
        Action::Split => format!(
            "split: {}",
            o.new
                .iter()
                .map(|t| quote(t))
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        Action::Merge => format!(
            "merge with {}: {}",
            o.clauses
                .iter()
                .skip(1)
                .map(|a| a.number.clone())
                .collect::<Vec<_>>()
                .join(", "),
            quote(o.new.first().map_or("", String::as_str))
        ),
        Action::Modify | Action::Add => String::new(),
    };
    Note {
        delegations: o.delegations.clone(),
        action: o.action.as_str(),
        text,
    }
}

/// Overlapping hunks of several offers: the byte range they span and each hunk with the
/// position of its offer.
type Cluster<'h> = (usize, usize, Vec<(usize, &'h Hunk)>);

/// The base text with the word changes of `offers` in place.
fn pieces(text: &str, offers: &[&Offer]) -> Vec<Piece> {
    // Clusters of overlapping hunks across the offers, in text order.
    let mut all: Vec<(usize, &Hunk)> = offers
        .iter()
        .enumerate()
        .flat_map(|(k, o)| o.hunks.iter().map(move |h| (k, h)))
        .collect();
    all.sort_by_key(|(_, h)| (h.start, h.end));
    let mut clusters: Vec<Cluster<'_>> = Vec::new();
    for (k, h) in all {
        match clusters.last_mut() {
            Some((_, end, members))
                if members.iter().any(|(_, g)| g.overlaps(h) || *g == h) || (h.start < *end) =>
            {
                *end = (*end).max(h.end);
                members.push((k, h));
            }
            _ => clusters.push((h.start, h.end, vec![(k, h)])),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    let push_text = |out: &mut Vec<Piece>, t: &str| {
        if t.is_empty() {
            return;
        }
        if let Some(Piece::Text { text }) = out.last_mut() {
            text.push_str(t);
        } else {
            out.push(Piece::Text {
                text: t.to_string(),
            });
        }
    };
    for (start, end, members) in clusters {
        push_text(&mut out, &text[at..start]);
        let struck = &text[start..end];
        // Each offer's wording of the whole cluster; the same wording once, all its delegations.
        let mut wordings: Vec<(String, Vec<String>)> = Vec::new();
        // In the order of the offers (the delegations' order), not of the words.
        let mut order: Vec<usize> = members.iter().map(|(k, _)| *k).collect();
        order.sort_unstable();
        order.dedup();
        for k in order {
            let mut wording = String::new();
            let mut pos = start;
            for (_, h) in members.iter().filter(|(j, _)| *j == k) {
                wording.push_str(&text[pos..h.start]);
                wording.push_str(&h.insert);
                pos = h.end;
            }
            wording.push_str(&text[pos..end]);
            let wording = wording.trim().to_string();
            match wordings.iter_mut().find(|(w, _)| *w == wording) {
                Some((_, ds)) => {
                    for d in &offers[k].delegations {
                        if !ds.contains(d) {
                            ds.push(d.clone());
                        }
                    }
                }
                None => wordings.push((wording, offers[k].delegations.clone())),
            }
        }
        let core = struck.trim();
        let lead = &struck[..struck.len() - struck.trim_start().len()];
        let trail = &struck[struck.trim_end().len()..];
        push_text(&mut out, lead);
        if !core.is_empty() {
            out.push(Piece::Struck {
                text: core.to_string(),
            });
        }
        for (wording, delegations) in wordings {
            out.push(Piece::Proposal {
                delegations,
                text: wording,
            });
        }
        if !core.is_empty() {
            push_text(&mut out, trail);
        }
        at = end;
    }
    push_text(&mut out, &text[at..]);
    out
}

/// Whether a space goes before and after piece `k` when it is written: a proposal stands
/// apart from the words and proposals around it. (The pieces themselves hold the base text
/// exactly: these spaces are the display's.)
#[must_use]
pub fn spacing(pieces: &[Piece], k: usize) -> (bool, bool) {
    if !matches!(pieces[k], Piece::Proposal { .. }) {
        return (false, false);
    }
    let before = k > 0
        && match &pieces[k - 1] {
            Piece::Text { text } => !text.ends_with(char::is_whitespace),
            _ => true,
        };
    let after = match pieces.get(k + 1) {
        Some(Piece::Text { text }) => text.starts_with(char::is_alphanumeric),
        Some(Piece::Struck { .. }) => true,
        _ => false,
    };
    (before, after)
}

/// The pieces as displays write them: `text`, `struck` and `proposal` with the spaces
/// [`spacing`] gives.
pub fn write_pieces(pieces: &[Piece], out: &mut String, piece: impl FnMut(&mut String, &Piece)) {
    lay_out(pieces, out, |out| out.push(' '), piece);
}

/// The pieces in order into any output (text, Word runs), `space` where [`spacing`] puts one.
pub fn lay_out<O>(
    pieces: &[Piece],
    out: &mut O,
    space: impl Fn(&mut O),
    mut piece: impl FnMut(&mut O, &Piece),
) {
    for k in 0..pieces.len() {
        let (before, after) = spacing(pieces, k);
        if before {
            space(out);
        }
        piece(out, &pieces[k]);
        if after {
            space(out);
        }
    }
}

/// `[EU, JP: delete]`, `[EU: ensure]`: a proposal as the compilation writes it.
#[must_use]
pub fn attributed(delegations: &[String], text: &str) -> String {
    let text = if text.is_empty() { "delete" } else { text };
    format!("[{}: {text}]", delegations.join(", "))
}

pub mod docx;

pub mod format {
    //! `decl compile` formats: `term`, `md`, `html`, `docx` ([`super::docx`]), `json`
    //! (`decl-compilation/1`).
    //!
    //! `decl-compilation/1`:
    //! - `schema`: `"decl-compilation/1"`; `declaration`, `version`, `document` (or null),
    //!   `title` (or null), `classification` (or null), `illustrative` (the version or a
    //!   proposal is illustrative)
    //! - `delegations`: those with proposals on the version, in the registry's order, each
    //!   `{code, name, proposals}` (`proposals`: how many proposal files)
    //! - `sections`: the version's sections in order, each `{id, heading, break, added,
    //!   clauses}`; `added` lists clauses proposed at the section's start
    //! - each clause `{index, number, id, text, pieces, notes, added}`: `text` is the base
    //!   text; `pieces` is that text with the proposals in place, in order, each `{kind: "text",
    //!   text}` (base words no proposal touches), `{kind: "struck", text}` (base words some
    //!   delegations propose to change) or `{kind: "proposal", delegations, text}` (a wording of
    //!   the struck words before it, by those delegations; empty `text`: delete them; with no
    //!   struck words before it: words to insert). The `text` and `struck` pieces, in order,
    //!   are the base text exactly (displays add a space around each proposal). `notes` are proposals on the clause
    //!   as a whole, each `{delegations, action, text}`, `action` one of `delete`, `move`,
    //!   `split`, `merge`; `added` the clauses proposed to follow it, each `{delegations, text}`

    use std::fmt::Write as _;
    use std::io::{self, Write};

    use anstyle::{AnsiColor, Style};
    use serde::Serialize;

    use super::{Added, Compilation, CompiledSection, Piece, attributed};
    use crate::render::page::{Page, combined_marking};

    #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
    pub enum Format {
        /// The text with proposals in place, for a terminal.
        Term,
        /// Markdown: struck words `~~…~~`, proposals in bold `**[EU: …]**`.
        Md,
        /// One self-contained, print-ready HTML page with the distribution marking.
        Html,
        /// A Word document (needs `-o`): struck words struck through, proposals in bold
        /// `[EU: …]`, the marking in the page header.
        Docx,
        /// The `decl-compilation/1` JSON document.
        Json,
    }

    pub fn write(
        c: &Compilation,
        format: Format,
        color: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match format {
            Format::Term => term(c, color, out),
            Format::Md => md(c, out),
            Format::Html => html(c, out),
            Format::Docx => super::docx::write(c, out),
            Format::Json => json(c, out),
        }
    }

    /// `Compilation of proposals on version draft (5001/25)`.
    pub(super) fn heading_line(c: &Compilation) -> String {
        let document = c
            .document
            .as_deref()
            .map_or(String::new(), |d| format!(" ({d})"));
        format!(
            "Compilation of proposals on version {}{document}",
            c.version
        )
    }

    pub(super) fn by_line(c: &Compilation) -> String {
        if c.delegations.is_empty() {
            return "No proposals.".to_string();
        }
        let names: Vec<&str> = c.delegations.iter().map(|d| d.name.as_str()).collect();
        format!("Proposals by {}.", crate::text::and_list(&names))
    }

    pub(super) fn section_name(s: &CompiledSection) -> Option<String> {
        match (&s.heading, s.after_break) {
            (Some(h), _) => Some(h.clone()),
            (None, true) => Some("---".to_string()),
            (None, false) => None,
        }
    }

    fn term(c: &Compilation, color: bool, out: &mut dyn Write) -> io::Result<()> {
        let paint = |s: Style| if color { s } else { Style::new() };
        let head = paint(Style::new().bold());
        let dim = paint(Style::new().dimmed());
        let del = paint(
            Style::new()
                .fg_color(Some(AnsiColor::Red.into()))
                .strikethrough(),
        );
        let offer = paint(Style::new().fg_color(Some(AnsiColor::Green.into())).bold());
        if let Some(t) = &c.title {
            writeln!(out, "{head}{t}{head:#}")?;
        }
        let mark = c
            .classification
            .as_deref()
            .map_or(String::new(), |m| format!(" · {m}"));
        let ill = if c.illustrative {
            " · illustrative"
        } else {
            ""
        };
        writeln!(out, "{dim}{}{mark}{ill}{dim:#}", heading_line(c))?;
        writeln!(out, "{dim}{}{dim:#}", by_line(c))?;
        let width = c
            .sections
            .iter()
            .flat_map(|s| s.clauses.iter().map(|x| x.number.chars().count()))
            .max()
            .unwrap_or(1)
            .max(2);
        let added_line = |out: &mut dyn Write, a: &Added| -> io::Result<()> {
            writeln!(
                out,
                "{:>width$}  {offer}{}{offer:#} {}",
                "+",
                attributed(&a.delegations, "add"),
                a.text
            )
        };
        for s in &c.sections {
            writeln!(out)?;
            if let Some(name) = section_name(s) {
                writeln!(out, "{head}{name}{head:#}")?;
            }
            for a in &s.added {
                added_line(out, a)?;
            }
            for x in &s.clauses {
                write!(out, "{dim}{:>width$}{dim:#}  ", x.number)?;
                for n in &x.notes {
                    write!(
                        out,
                        "{offer}{}{offer:#} ",
                        attributed(&n.delegations, &n.text)
                    )?;
                }
                let mut line = String::new();
                super::write_pieces(&x.pieces, &mut line, |line, p| {
                    let _ = match p {
                        Piece::Text { text } => write!(line, "{text}"),
                        Piece::Struck { text } if color => write!(line, "{del}{text}{del:#}"),
                        Piece::Struck { text } => write!(line, "{{-{text}-}}"),
                        Piece::Proposal { delegations, text } => {
                            write!(line, "{offer}{}{offer:#}", attributed(delegations, text))
                        }
                    };
                });
                writeln!(out, "{line}")?;
                for a in &x.added {
                    added_line(out, a)?;
                }
            }
        }
        Ok(())
    }

    /// Plain text as Markdown that reads as that text, the spaces around it kept.
    fn md_text(text: &str) -> String {
        let core = text.trim();
        if core.is_empty() {
            return text.to_string();
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        format!("{lead}{}{trail}", crate::import::escape_line(core))
    }

    fn md(c: &Compilation, out: &mut dyn Write) -> io::Result<()> {
        if let Some(m) = &c.classification {
            writeln!(out, "**{}**\n", md_text(m))?;
        }
        if let Some(t) = &c.title {
            writeln!(out, "# {}\n", md_text(t))?;
        }
        writeln!(
            out,
            "*{}. {}*\n",
            md_text(&heading_line(c)),
            md_text(&by_line(c))
        )?;
        if c.illustrative {
            writeln!(out, "*Illustrative: not a real document.*\n")?;
        }
        let added = |out: &mut dyn Write, a: &Added| -> io::Result<()> {
            writeln!(
                out,
                "**{}** {}\n",
                md_text(&attributed(&a.delegations, "add")),
                md_text(&a.text)
            )
        };
        for s in &c.sections {
            if let Some(name) = section_name(s) {
                if s.heading.is_some() {
                    writeln!(out, "## {}\n", md_text(&name))?;
                } else {
                    writeln!(out, "---\n")?;
                }
            }
            for a in &s.added {
                added(out, a)?;
            }
            for x in &s.clauses {
                let mut line = format!("{}\\. ", x.number);
                if x.number.parse::<usize>().is_err() {
                    line = format!("{} ", md_text(&x.number));
                }
                for n in &x.notes {
                    let _ = write!(
                        line,
                        "**{}** ",
                        md_text(&attributed(&n.delegations, &n.text))
                    );
                }
                super::write_pieces(&x.pieces, &mut line, |line, p| match p {
                    Piece::Text { text } => line.push_str(&md_text(text)),
                    Piece::Struck { text } => {
                        let _ = write!(line, "~~{}~~", md_text(text));
                    }
                    Piece::Proposal { delegations, text } => {
                        let _ = write!(line, "**{}**", md_text(&attributed(delegations, text)));
                    }
                });

                writeln!(out, "{line}\n")?;
                for a in &x.added {
                    added(out, a)?;
                }
            }
        }
        Ok(())
    }

    /// The context of `templates/compilation.html` (documented there).
    #[derive(Serialize)]
    struct CompilationPage<'a> {
        page: Page,
        title: &'a str,
        meta: String,
        illustrative: bool,
        sections: Vec<SectionCtx<'a>>,
    }

    #[derive(Serialize)]
    struct SectionCtx<'a> {
        id: Option<&'a str>,
        heading: Option<&'a str>,
        #[serde(rename = "break")]
        after_break: bool,
        added: Vec<ByCtx<'a>>,
        clauses: Vec<ClauseCtx<'a>>,
    }

    #[derive(Serialize)]
    struct ClauseCtx<'a> {
        id: Option<&'a str>,
        number: &'a str,
        notes: Vec<ByCtx<'a>>,
        pieces: Vec<PieceCtx<'a>>,
        added: Vec<ByCtx<'a>>,
    }

    #[derive(Serialize)]
    struct ByCtx<'a> {
        by: String,
        text: &'a str,
    }

    #[derive(Serialize)]
    struct PieceCtx<'a> {
        kind: &'static str,
        text: &'a str,
        by: String,
        space_before: bool,
        space_after: bool,
    }

    fn added(list: &[Added]) -> Vec<ByCtx<'_>> {
        list.iter()
            .map(|a| ByCtx {
                by: a.delegations.join(", "),
                text: &a.text,
            })
            .collect()
    }

    fn html(c: &Compilation, out: &mut dyn Write) -> io::Result<()> {
        let title = c.title.as_deref().unwrap_or("Compilation");
        let mut page = Page::new(format!("Compilation: {title}"));
        page.lang = c.language.as_deref().unwrap_or("en").to_lowercase();
        page.marking = combined_marking([c.classification.as_deref()]);
        if c.illustrative {
            page.top_left = "ILLUSTRATIVE".to_string();
        }
        page.footer = format!(
            "Compilation {}",
            c.document.as_deref().unwrap_or(c.version.as_str())
        );
        let context = CompilationPage {
            page,
            title,
            meta: format!("{} {}", heading_line(c), by_line(c)),
            illustrative: c.illustrative,
            sections: c
                .sections
                .iter()
                .map(|s| SectionCtx {
                    id: s.id.as_deref(),
                    heading: s.heading.as_deref(),
                    after_break: s.after_break,
                    added: added(&s.added),
                    clauses: s
                        .clauses
                        .iter()
                        .map(|x| ClauseCtx {
                            id: x.id.as_deref(),
                            number: &x.number,
                            notes: x
                                .notes
                                .iter()
                                .map(|n| ByCtx {
                                    by: n.delegations.join(", "),
                                    text: &n.text,
                                })
                                .collect(),
                            pieces: x
                                .pieces
                                .iter()
                                .enumerate()
                                .map(|(k, p)| {
                                    let (space_before, space_after) = super::spacing(&x.pieces, k);
                                    let (kind, text, by) = match p {
                                        Piece::Text { text } => ("text", text, String::new()),
                                        Piece::Struck { text } => ("struck", text, String::new()),
                                        Piece::Proposal { delegations, text } => {
                                            ("proposal", text, delegations.join(", "))
                                        }
                                    };
                                    PieceCtx {
                                        kind,
                                        text: text.as_str(),
                                        by,
                                        space_before,
                                        space_after,
                                    }
                                })
                                .collect(),
                            added: added(&x.added),
                        })
                        .collect(),
                })
                .collect(),
        };
        let html = crate::render::page::render_here("compilation.html", &context)?;
        out.write_all(html.as_bytes())?;
        out.flush()
    }

    #[derive(Serialize)]
    struct CompilationV1<'a> {
        schema: &'static str,
        declaration: &'a str,
        version: &'a str,
        document: Option<&'a str>,
        title: Option<&'a str>,
        classification: Option<&'a str>,
        illustrative: bool,
        delegations: &'a [super::DelegationInfo],
        sections: &'a [CompiledSection],
    }

    fn json(c: &Compilation, out: &mut dyn Write) -> io::Result<()> {
        let v = CompilationV1 {
            schema: "decl-compilation/1",
            declaration: &c.declaration,
            version: &c.version,
            document: c.document.as_deref(),
            title: c.title.as_deref(),
            classification: c.classification.as_deref(),
            illustrative: c.illustrative,
            delegations: &c.delegations,
            sections: &c.sections,
        };
        serde_json::to_writer_pretty(&mut *out, &v).map_err(io::Error::from)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiate::book::hunks;
    use crate::negotiate::proposal::Anchor;

    fn offer(codes: &[&str], base: &str, new: &str) -> Offer {
        Offer {
            delegations: codes.iter().map(ToString::to_string).collect(),
            files: Vec::new(),
            action: Action::Modify,
            clauses: vec![Anchor {
                index: 0,
                id: None,
                number: "1".into(),
            }],
            new: vec![new.into()],
            hunks: hunks(base, new),
            after: None,
            section: None,
            outcome: None,
        }
    }

    fn shown(pieces: &[Piece]) -> String {
        let mut out = String::new();
        write_pieces(pieces, &mut out, |out, p| match p {
            Piece::Text { text } => out.push_str(text),
            Piece::Struck { text } => {
                out.push_str("~~");
                out.push_str(text);
                out.push_str("~~");
            }
            Piece::Proposal { delegations, text } => out.push_str(&attributed(delegations, text)),
        });
        // The pieces hold the base text exactly.
        let base: String = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Text { text } | Piece::Struck { text } => Some(text.as_str()),
                Piece::Proposal { .. } => None,
            })
            .collect();
        assert!(!base.contains("  "), "{base}");
        out
    }

    #[test]
    fn overlapping_proposals_are_alternatives_of_the_same_words() {
        let base = "Promote the safe return of migrants;";
        let eu = offer(&["EU"], base, "Ensure the safe return of migrants;");
        let us = offer(&["US"], base, "Promote a dignified return of migrants;");
        let jp = offer(&["JP"], base, "Promote the safe return;");
        let fr = offer(&["FR"], base, "Ensure the safe return of migrants;");
        let p = pieces(base, &[&eu, &us, &jp, &fr]);
        assert_eq!(
            shown(&p),
            "~~Promote~~ [EU, FR: Ensure] ~~the safe~~ [US: a dignified] return ~~of migrants~~ [JP: delete];"
        );
        // Changes of overlapping words: the words once, each wording of all of them.
        let uk = offer(&["UK"], base, "Promote a secure return of migrants;");
        let ie = offer(&["IE"], base, "Promote safe return of migrants;");
        assert_eq!(
            shown(&pieces(base, &[&uk, &ie])),
            "Promote ~~the safe~~ [UK: a secure] [IE: safe] return of migrants;"
        );
    }

    #[test]
    fn an_insertion_stands_apart_from_the_words_around_it() {
        let base = "Strengthen cooperation at all levels;";
        let eu = offer(
            &["EU"],
            base,
            "Strengthen cooperation along routes at all levels;",
        );
        assert_eq!(
            shown(&pieces(base, &[&eu])),
            "Strengthen cooperation [EU: along routes] at all levels;"
        );
    }
}
