//! `--format html`: one self-contained page, the redline of the new version against the old.
//!
//! - At the top: the title, the two versions, a warning when either is `illustrative: true`, the
//!   counts of changes, and the list of changes, each a link.
//! - Then the whole text in new-document order: unchanged clauses plain, words deleted in
//!   `<del>` and inserted in `<ins>`, added and deleted clauses whole, splits and merges with
//!   the old clauses struck through above the new ones, section headings renamed, agreed
//!   (brackets removed), added or removed, and under each change the brackets it opened or
//!   closed. A moved clause stands at its new place, and a note at its old place links to it
//!   (and back). Every change and heading change is numbered and has links to the previous and
//!   next change and to the list.
//! - Print: A4, the distribution marking on every page (when the two versions carry different
//!   markings, the stricter wins: the page shows text of both), changes underlined and struck
//!   through so they survive black-and-white printing; links and navigation hidden.
//!
//! The page loads nothing: no scripts, fonts or images, and a Content-Security-Policy says so.
//! All document text (clauses, headings, ids, sources, metadata) is escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::indices;
use crate::diff::inline::joined;
use crate::diff::model::{
    ClauseRef, Diff, FieldChange, InlineOp, Kind, Op, SectionChange, SectionKind, Side,
};
use crate::render::page::Page;
use crate::text::{count, html_escape as esc};

/// One piece of the page, in reading order.
enum Item<'d> {
    /// The heading of new section `ordinal`, and what happened to it.
    Heading {
        ordinal: usize,
        change: Option<&'d SectionChange>,
    },
    /// A section of the old version that is gone.
    Removed(&'d SectionChange),
    /// The change at this index of [`Diff::changes`].
    Clause(usize),
    /// Where the moved clause of this change used to be.
    MovedFrom(usize),
}

impl Item<'_> {
    /// Whether the item is a change the navigation stops at.
    fn is_stop(&self, diff: &Diff<'_>) -> bool {
        match self {
            Item::Heading { change, .. } => change.is_some(),
            Item::Removed(_) => true,
            Item::Clause(k) => diff.changes[*k].is_change(),
            Item::MovedFrom(_) => false,
        }
    }
}

/// The page's context for `templates/diff.html` (documented there).
#[derive(Serialize)]
pub struct DiffPage {
    pub page: Page,
    pub title: String,
    pub versions_html: String,
    pub illustrative: Vec<IllustrativeSide>,
    pub headline: String,
    pub old_clauses: String,
    pub new_clauses: String,
    pub prominent: Vec<FieldRow>,
    pub document: Vec<FieldRow>,
    pub summary: Vec<SummaryRow>,
    pub fallback: Option<String>,
    pub toc: Vec<TocEntry>,
    pub lang: Option<String>,
    pub items: Vec<String>,
    pub other: Vec<OtherBlock>,
}

#[derive(Serialize)]
pub struct IllustrativeSide {
    pub which: &'static str,
    pub source: String,
}

#[derive(Serialize, Clone)]
pub struct FieldRow {
    pub field: String,
    pub old: String,
    pub new: String,
    pub prominent: bool,
}

#[derive(Serialize)]
pub struct SummaryRow {
    pub what: &'static str,
    pub n: usize,
    pub extra: String,
}

#[derive(Serialize)]
pub struct TocEntry {
    pub stop: usize,
    pub what: String,
    pub snippet: Option<String>,
}

#[derive(Serialize)]
pub struct OtherBlock {
    pub title: String,
    pub lines: Vec<OtherLine>,
}

#[derive(Serialize)]
pub struct OtherLine {
    pub op: &'static str,
    pub text: String,
}

/// Write the page, with the templates of the repository the current directory is in.
pub fn write(diff: &Diff<'_>, out: &mut dyn Write) -> io::Result<()> {
    let html = crate::render::page::render_here("diff.html", &context(diff))?;
    out.write_all(html.as_bytes())?;
    out.flush()
}

/// The page's context: everything `diff.html` shows, computed from the diff.
#[must_use]
pub fn context(diff: &Diff<'_>) -> DiffPage {
    let items = items(diff);
    // Stop numbers (1..) of the items that are changes, for anchors and prev/next links.
    let mut stops: Vec<Option<usize>> = Vec::with_capacity(items.len());
    // The stop of each change, for the links between the two places of a moved clause.
    let mut stop_of: Vec<usize> = vec![0; diff.changes.len()];
    let mut n = 0;
    for item in &items {
        if item.is_stop(diff) {
            n += 1;
            stops.push(Some(n));
            if let Item::Clause(k) = item {
                stop_of[*k] = n;
            }
        } else {
            stops.push(None);
        }
    }
    let total = n;
    let title = diff
        .new
        .title
        .as_deref()
        .or(diff.old.title.as_deref())
        .unwrap_or("Changes")
        .to_string();
    let mut page = Page::new(format!("Changes: {title}"));
    page.marking = marking(&diff.old, &diff.new);
    if diff.old.illustrative || diff.new.illustrative {
        page.top_left = "ILLUSTRATIVE".to_string();
    }
    page.footer = footer(diff);
    let mut rendered = Vec::with_capacity(items.len());
    for (item, stop) in items.iter().zip(&stops) {
        let stop = stop.map(|s| (s, step(s, total)));
        let mut buf: Vec<u8> = Vec::new();
        // Writing into memory cannot fail.
        let _ = match item {
            Item::Heading { ordinal, change } => heading(&mut buf, diff, *ordinal, *change, stop),
            Item::Removed(s) => heading(&mut buf, diff, usize::MAX, Some(s), stop),
            Item::Clause(k) => clause(&mut buf, diff, *k, stop),
            Item::MovedFrom(k) => moved_from(&mut buf, diff, *k, stop_of[*k]),
        };
        rendered.push(String::from_utf8_lossy(&buf).into_owned());
    }
    let s = &diff.summary;
    let document: Vec<FieldRow> = diff
        .document
        .iter()
        .map(|f| FieldRow {
            field: f.field.clone(),
            old: FieldChange::show(f.old.as_ref()),
            new: FieldChange::show(f.new.as_ref()),
            prominent: f.is_prominent(),
        })
        .collect();
    let moved_modified = if s.moved_modified > 0 {
        format!(" ({} also moved)", s.moved_modified)
    } else {
        String::new()
    };
    let summary = [
        ("Modified", s.modified, moved_modified),
        ("Moved", s.moved, String::new()),
        ("Added", s.added, String::new()),
        ("Deleted", s.deleted, String::new()),
        ("Split", s.split, String::new()),
        ("Merged", s.merged, String::new()),
        ("Unchanged", s.unchanged, String::new()),
        (
            "Section headings changed",
            diff.sections.len(),
            String::new(),
        ),
        ("Document fields changed", s.document, String::new()),
        ("Clause ids changed", s.ids_changed, String::new()),
        ("Other changes (not clauses)", s.other, String::new()),
        (
            "Brackets closed (in headings too)",
            s.brackets_closed,
            String::new(),
        ),
        (
            "Brackets opened (in headings too)",
            s.brackets_opened,
            String::new(),
        ),
    ]
    .into_iter()
    .map(|(what, n, extra)| SummaryRow { what, n, extra })
    .collect();
    let toc = items
        .iter()
        .zip(&stops)
        .filter_map(|(item, stop)| {
            let stop = (*stop)?;
            let (what, text) = describe(diff, item);
            Some(TocEntry {
                stop,
                what,
                snippet: text.map(snippet),
            })
        })
        .collect();
    let other = diff
        .other
        .iter()
        .map(|o| OtherBlock {
            title: super::other_title(o),
            lines: super::other_lines(o)
                .into_iter()
                .map(|(op, text)| OtherLine {
                    op: match op {
                        Op::Equal => "equal",
                        Op::Delete => "delete",
                        Op::Insert => "insert",
                    },
                    text: text.to_string(),
                })
                .collect(),
        })
        .collect();
    DiffPage {
        page,
        versions_html: format!("{} to {}", side_name(&diff.old), side_name(&diff.new)),
        illustrative: [(&diff.old, "old"), (&diff.new, "new")]
            .into_iter()
            .filter(|(side, _)| side.illustrative)
            .map(|(side, which)| IllustrativeSide {
                which,
                source: side.source.clone(),
            })
            .collect(),
        headline: match total + s.document + s.other {
            0 if !diff.has_changes() => "No changes".to_string(),
            n => count(n, "change", "changes"),
        },
        old_clauses: count(diff.old.clauses, "clause", "clauses"),
        new_clauses: count(diff.new.clauses, "clause", "clauses"),
        prominent: document.iter().filter(|f| f.prominent).cloned().collect(),
        document,
        summary,
        fallback: (s.inline_fallbacks > 0).then(|| {
            format!(
                "The word diff of {} took too long and is shown coarser than minimal.",
                count(s.inline_fallbacks, "clause", "clauses")
            )
        }),
        toc,
        lang: diff
            .new
            .language
            .as_deref()
            .or(diff.old.language.as_deref())
            .map(str::to_lowercase),
        items: rendered,
        other,
        title,
    }
}

/// The page in reading order: headings where the new section changes (and removed sections
/// before the first of their deleted clauses), clauses, and a note at the old place of each
/// moved clause, after the clause that stood before it and stayed in place.
fn items<'d>(diff: &'d Diff<'_>) -> Vec<Item<'d>> {
    let changes = &diff.changes;
    // Which change holds each old clause.
    let mut holder: Vec<Option<usize>> = vec![None; diff.old.clauses];
    for (k, c) in changes.iter().enumerate() {
        for r in &c.old {
            if let Some(h) = holder.get_mut(r.index()) {
                *h = Some(k);
            }
        }
    }
    // after[k]: moved changes whose old place follows change k; `first`: those before all.
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); changes.len()];
    let mut first: Vec<usize> = Vec::new();
    let mut anchor: Option<usize> = None;
    for (i, h) in holder.iter().enumerate() {
        let Some(h) = *h else { continue };
        let c = &changes[h];
        // Clauses moved together leave one note at their old place, from the first of them.
        let leads = c.block.is_none_or(|b| diff.moves[b].changes.start == h);
        if !c.moved {
            anchor = Some(h);
        } else if leads && c.old.first().is_some_and(|r| r.index() == i) {
            match anchor {
                Some(a) => after[a].push(h),
                None => first.push(h),
            }
        }
    }

    let mut items = Vec::with_capacity(changes.len() + diff.sections.len() + 8);
    items.extend(first.iter().map(|&m| Item::MovedFrom(m)));
    // What happened to each new section, and which old sections were removed.
    let mut new_change: Vec<Option<&SectionChange>> = vec![None; diff.new.sections.len()];
    let mut removed: Vec<Option<usize>> = vec![None; diff.old.sections.len()];
    for (k, s) in diff.sections.iter().enumerate() {
        if let Some(slot) = s.new.and_then(|n| new_change.get_mut(n)) {
            *slot = Some(s);
        }
        if s.kind == SectionKind::Removed
            && let Some(slot) = s.old.and_then(|o| removed.get_mut(o))
        {
            *slot = Some(k);
        }
    }
    let mut removed_done = vec![false; diff.sections.len()];
    let mut heading_done = vec![false; diff.new.sections.len()];
    let mut section: Option<usize> = None;
    for (k, c) in changes.iter().enumerate() {
        // Deleted clauses stand under the heading of the section theirs became.
        if let Some(at) = c.place {
            if section != Some(at) {
                section = Some(at);
                if let Some(done) = heading_done.get_mut(at) {
                    *done = true;
                }
                items.push(Item::Heading {
                    ordinal: at,
                    change: new_change.get(at).copied().flatten(),
                });
            }
        } else if let Some(r) = c.old.first()
            && let Some(s) = removed.get(r.section).copied().flatten()
            && !removed_done[s]
        {
            removed_done[s] = true;
            items.push(Item::Removed(&diff.sections[s]));
        }
        items.push(Item::Clause(k));
        items.extend(after[k].iter().map(|&m| Item::MovedFrom(m)));
    }
    for (done, s) in removed_done.iter().zip(&diff.sections) {
        if !done && s.kind == SectionKind::Removed {
            items.push(Item::Removed(s));
        }
    }
    // A section added without clauses still shows.
    for s in &diff.sections {
        if s.kind == SectionKind::Added
            && let Some(ordinal) = s.new
            && heading_done.get(ordinal) == Some(&false)
        {
            items.push(Item::Heading {
                ordinal,
                change: Some(s),
            });
        }
    }
    items
}

/// `<code>source</code> (version id, document number)`.
fn side_name(side: &Side) -> String {
    let mut name = format!("<code>{}</code>", esc(&side.source));
    let mut details = vec![format!("version {}", esc(&side.version))];
    if let Some(doc) = &side.document {
        details.push(esc(doc).into_owned());
    }
    let _ = write!(name, " ({})", details.join(", "));
    name
}

/// What the page footer says: the Council document numbers of the two versions.
fn footer(diff: &Diff<'_>) -> String {
    let name = |s: &Side| s.document.clone().unwrap_or_else(|| s.version.clone());
    format!("Changes {} → {}", name(&diff.old), name(&diff.new))
}

/// The distribution marking for the page: both sides' markings, `PUBLIC` dropped when the other
/// is stricter (the page shows text of both versions).
fn marking(old: &Side, new: &Side) -> Option<String> {
    crate::render::page::combined_marking([
        old.classification.as_deref(),
        new.classification.as_deref(),
    ])
}

/// A word diff as HTML: deletions in `<del>`, insertions in `<ins>`, all text escaped.
fn inline_html(inline: &crate::diff::model::Inline) -> String {
    let mut p = String::new();
    for op in &inline.ops {
        let text = esc(&op.text);
        match op.op {
            Op::Equal => p.push_str(&text),
            Op::Delete => {
                let _ = write!(p, "<del>{text}</del>");
            }
            Op::Insert => {
                let _ = write!(p, "<ins>{text}</ins>");
            }
        }
    }
    p
}

/// A one-line description of a change, and a text to quote from.
fn describe<'a>(diff: &Diff<'a>, item: &Item<'_>) -> (String, Option<&'a str>) {
    match item {
        Item::Heading {
            change: Some(s), ..
        }
        | Item::Removed(s) => {
            let what = s.describe();
            (what, None)
        }
        Item::Heading { change: None, .. } | Item::MovedFrom(_) => (String::new(), None),
        Item::Clause(k) => {
            let c = &diff.changes[*k];
            let new = c.new.first().map(super::super::model::ClauseRef::text);
            let old = c.old.first().map(super::super::model::ClauseRef::text);
            let what = match c.kind {
                Kind::Unchanged => String::new(),
                Kind::Modified if c.moved => format!(
                    "clause {} moved from {} and modified",
                    indices(&c.new),
                    indices(&c.old)
                ),
                Kind::Modified => format!("clause {} modified", indices(&c.new)),
                Kind::Moved => format!("clause {} moved from {}", indices(&c.new), indices(&c.old)),
                Kind::Added => format!("clause {} added", indices(&c.new)),
                Kind::Deleted => return (format!("clause {} deleted", indices(&c.old)), old),
                Kind::Split => format!("clause {} split into {}", indices(&c.old), indices(&c.new)),
                Kind::Merged => format!(
                    "clauses {} merged into {}",
                    indices(&c.old),
                    indices(&c.new)
                ),
            };
            (what, new)
        }
    }
}

/// The first words of a text, about sixty characters.
fn snippet(text: &str) -> String {
    if text.chars().count() <= 64 {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if !out.is_empty() && out.chars().count() + word.chars().count() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > 64 {
        out = out.chars().take(60).collect();
    }
    out.push('…');
    out
}

/// Links to the previous and next change and to the list.
fn step(stop: usize, total: usize) -> String {
    let mut links = String::from(" <span class=\"step\">");
    if stop > 1 {
        let _ = write!(links, "<a href=\"#change-{}\">previous</a>", stop - 1);
    }
    if stop < total {
        let _ = write!(links, "<a href=\"#change-{}\">next</a>", stop + 1);
    }
    links.push_str("<a href=\"#changes\">list</a></span>");
    links
}

/// The heading of new section `ordinal` (or, with `usize::MAX`, of a removed section), marked
/// up with what happened to it.
fn heading(
    out: &mut dyn Write,
    diff: &Diff<'_>,
    ordinal: usize,
    change: Option<&SectionChange>,
    stop: Option<(usize, String)>,
) -> io::Result<()> {
    let text = diff
        .new
        .sections
        .get(ordinal)
        .and_then(|s| s.heading.as_deref());
    let (Some(s), Some((stop, nav))) = (change, stop) else {
        return match text {
            Some(h) => writeln!(out, "<h2>{}</h2>", esc(h)),
            None if ordinal > 0 => writeln!(out, "<hr class=\"break\">"),
            None => Ok(()),
        };
    };
    let new = esc(s.new_heading.as_deref().or(text).unwrap_or(""));
    let old = s.old_heading.as_deref().map(esc);
    let mut level = match (s.old_level, s.new_level) {
        (Some(a), Some(b)) if a != b => format!(" (level {a} → {b})"),
        _ => String::new(),
    };
    if s.moved && s.kind != SectionKind::Moved {
        level.push_str(" (moved)");
    }
    let (kind, h) = match (s.kind, old) {
        (SectionKind::Renamed, Some(old)) => (
            format!("section renamed{level}"),
            format!("<del>{old}</del> <ins>{new}</ins>"),
        ),
        (SectionKind::Unbracketed, Some(old)) => (
            format!("heading agreed: brackets removed{level}"),
            format!("<del>{old}</del> <ins>{new}</ins>"),
        ),
        (SectionKind::Renumbered, Some(old)) => (
            format!("section renumbered{level}"),
            format!("<del>{old}</del> <ins>{new}</ins>"),
        ),
        (SectionKind::Level, _) => (format!("heading level changed{level}"), new.to_string()),
        (SectionKind::Moved, _) => ("section moved".to_string(), new.to_string()),
        (SectionKind::Formatting, _) => ("heading formatting changed".to_string(), new.to_string()),
        (SectionKind::Id, _) => (
            format!(
                "heading id changed: {} → {}",
                esc(s.old_id.as_deref().unwrap_or("(none)")),
                esc(s.new_id.as_deref().unwrap_or("(none)"))
            ),
            new.to_string(),
        ),
        (SectionKind::Removed, _) if s.is_break => {
            ("section break removed".to_string(), String::new())
        }
        (SectionKind::Added, _) if s.is_break => ("section break added".to_string(), String::new()),
        (SectionKind::Removed, Some(old)) => {
            ("section removed".to_string(), format!("<del>{old}</del>"))
        }
        _ => ("section added".to_string(), format!("<ins>{new}</ins>")),
    };
    writeln!(
        out,
        "<div class=\"hchange\" id=\"change-{stop}\">\n<h2>{h}</h2>"
    )?;
    writeln!(
        out,
        "<p class=\"label\"><span class=\"kind\">{kind}</span>{nav}</p>\n</div>"
    )
}

/// One change (or unchanged clause). A moved clause's old place carries the anchor `from-N`,
/// N being the change's stop.
fn clause(
    out: &mut dyn Write,
    diff: &Diff<'_>,
    at: usize,
    stop: Option<(usize, String)>,
) -> io::Result<()> {
    let c = &diff.changes[at];
    let number = match c.kind {
        Kind::Deleted => format!("old {}", indices(&c.old)),
        _ => indices(&c.new),
    };
    let Some((stop, nav)) = stop else {
        let id = cid(c.new.first());
        writeln!(
            out,
            "<div class=\"c\"><span class=\"n\">{number}</span><div class=\"b\"><p>{}{id}</p></div></div>",
            esc(c.new.first().map_or("", |r| r.text()))
        )?;
        return Ok(());
    };
    writeln!(
        out,
        "<div class=\"c change {}\" id=\"change-{stop}\"><span class=\"n\">{number}</span><div class=\"b\">",
        c.kind.as_str()
    )?;
    let label = label(diff, at, stop);
    writeln!(out, "<p class=\"label\">{label}{nav}</p>")?;
    let para = |out: &mut dyn Write, tag: &str, r: &ClauseRef<'_>| {
        writeln!(
            out,
            "<p><{tag}>{}</{tag}>{}</p>",
            esc(r.text()),
            cid(Some(r))
        )
    };
    match c.kind {
        Kind::Unchanged | Kind::Moved => {
            for r in &c.new {
                writeln!(out, "<p>{}{}</p>", esc(r.text()), cid(Some(r)))?;
            }
        }
        Kind::Added => {
            for r in &c.new {
                para(out, "ins", r)?;
            }
        }
        Kind::Deleted => {
            for r in &c.old {
                para(out, "del", r)?;
            }
        }
        Kind::Split if c.inline.is_some() => {
            // Each new clause with the words of the old one it took, and their changes.
            for (k, r) in c.new.iter().enumerate() {
                let mut p = String::from("<p>");
                redline(&mut p, super::part_ops(c, k));
                let _ = write!(p, "{}</p>", cid(Some(r)));
                writeln!(out, "{p}")?;
            }
        }
        Kind::Merged if c.inline.is_some() => {
            // The new clause, with what each old clause lost or gained in it.
            let mut p = String::from("<p>");
            let ops = c
                .inline
                .as_ref()
                .map(|i| joined(&i.ops))
                .unwrap_or_default();
            redline(&mut p, ops.iter());
            let _ = write!(p, "{}</p>", cid(c.new.first()));
            writeln!(out, "{p}")?;
        }
        Kind::Split | Kind::Merged => {
            for r in &c.old {
                para(out, "del", r)?;
            }
            for r in &c.new {
                para(out, "ins", r)?;
            }
        }
        Kind::Modified => {
            let mut p = String::from("<p>");
            if let Some(inline) = &c.inline {
                redline(&mut p, inline.ops.iter());
            } else {
                // A modified clause always carries its word diff; should one be missing, show
                // both texts whole rather than nothing.
                let old = esc(c.old.first().map_or("", |r| r.text()));
                let new = esc(c.new.first().map_or("", |r| r.text()));
                let _ = write!(p, "<del>{old}</del> <ins>{new}</ins>");
            }
            let _ = write!(p, "{}</p>", cid(c.new.first()));
            writeln!(out, "{p}")?;
        }
    }
    if !c.brackets.is_empty() {
        let list = |b: &[String]| {
            b.iter()
                .map(|t| format!("<span class=\"bracket\">{}</span>", esc(t)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !c.brackets.closed().is_empty() {
            parts.push(format!("closed {}", list(c.brackets.closed())));
        }
        if !c.brackets.opened().is_empty() {
            parts.push(format!("opened {}", list(c.brackets.opened())));
        }
        writeln!(out, "<p class=\"note\">Brackets {}.</p>", parts.join("; "))?;
    }
    if let Some(m) = &c.markup {
        writeln!(
            out,
            "<p class=\"note\">Formatting changed (Markdown): <code>{}</code></p>",
            inline_html(&m.inline)
        )?;
    }
    for f in &c.footnotes {
        let text = match (&f.inline, &f.old, &f.new) {
            (Some(inline), _, _) => inline_html(inline),
            (None, Some(old), None) => format!("<del>{}</del>", esc(old)),
            (None, None, Some(new)) => format!("<ins>{}</ins>", esc(new)),
            (None, _, _) => "(not defined)".to_string(),
        };
        writeln!(out, "<p class=\"note\">Footnote {}: {text}</p>", f.number)?;
    }
    if c.id_changed() {
        let id = |refs: &[ClauseRef<'_>]| {
            esc(refs
                .first()
                .and_then(super::super::model::ClauseRef::id)
                .unwrap_or("(none)"))
            .into_owned()
        };
        writeln!(
            out,
            "<p class=\"note\">Id changed: {} → {}</p>",
            id(&c.old),
            id(&c.new)
        )?;
    }
    for note in super::status_notes(c) {
        writeln!(out, "<p class=\"note\">{}</p>", esc(&capitalised(&note)))?;
    }
    if let Some(f) = c.inline.as_ref().and_then(|i| i.fallback.as_deref()) {
        writeln!(out, "<p class=\"note\">Note: {}</p>", esc(f))?;
    }
    writeln!(out, "</div></div>")
}

/// Word changes as HTML: deletions in `<del>`, insertions in `<ins>`.
fn redline<'i>(p: &mut String, ops: impl Iterator<Item = &'i InlineOp>) {
    for op in ops {
        let text = esc(&op.text);
        match op.op {
            Op::Equal => p.push_str(&text),
            Op::Delete => {
                let _ = write!(p, "<del>{text}</del>");
            }
            Op::Insert => {
                let _ = write!(p, "<ins>{text}</ins>");
            }
        }
    }
}

/// What happened, above a change's text.
fn label(diff: &Diff<'_>, at: usize, from: usize) -> String {
    let c = &diff.changes[at];
    let kind = |k: &str| format!("<span class=\"kind\">{k}</span>");
    let was = |k: &str| match (c.old.first(), c.new.first()) {
        (Some(o), Some(n)) if o.index() != n.index() => {
            format!("{} (clause {} before)", kind(k), indices(&c.old))
        }
        _ => kind(k),
    };
    let moved = |what: &str| -> String {
        let place = match (c.cross_section, c.old.first()) {
            (true, Some(r)) => format!(" in {}", esc(&section_text(&diff.old, r.section))),
            _ => String::new(),
        };
        match c.block.and_then(|b| diff.moves.get(b)) {
            Some(block) if block.changes.start != at => format!(
                "{}, with the clause{} above",
                kind(what),
                if at - block.changes.start > 1 {
                    "s"
                } else {
                    ""
                }
            ),
            Some(block) => {
                let olds: Vec<ClauseRef<'_>> = diff.changes[block.changes.clone()]
                    .iter()
                    .filter_map(|m| m.old.first().copied())
                    .collect();
                format!(
                    "{} together, {} clauses, from <a href=\"#from-{from}\">clauses {}</a>{place}",
                    kind(what),
                    olds.len(),
                    indices(&olds)
                )
            }
            None => format!(
                "{} from <a href=\"#from-{from}\">clause {}</a>{place}",
                kind(what),
                indices(&c.old)
            ),
        }
    };
    match c.kind {
        Kind::Unchanged => String::new(),
        Kind::Modified if c.moved => moved("moved and modified"),
        Kind::Moved => moved("moved"),
        Kind::Modified => was("modified"),
        Kind::Added => kind("added"),
        Kind::Deleted => kind("deleted"),
        Kind::Split => format!(
            "{}: clause {} became {}",
            kind("split"),
            indices(&c.old),
            count(c.new.len(), "clause", "clauses")
        ),
        Kind::Merged => format!(
            "{}: {} became one",
            kind("merged"),
            count(c.old.len(), "clause", "clauses")
        ),
    }
}

/// The note at the old place of a moved clause (or of clauses moved together), linking to
/// where it went.
fn moved_from(out: &mut dyn Write, diff: &Diff<'_>, at: usize, stop: usize) -> io::Result<()> {
    let c = &diff.changes[at];
    let members = match c.block.and_then(|b| diff.moves.get(b)) {
        Some(block) => &diff.changes[block.changes.clone()],
        None => std::slice::from_ref(c),
    };
    let olds: Vec<ClauseRef<'_>> = members.iter().flat_map(|m| m.old.iter().copied()).collect();
    let news: Vec<ClauseRef<'_>> = members.iter().flat_map(|m| m.new.iter().copied()).collect();
    let to = c.new.first();
    let place = match (c.cross_section, to) {
        (true, Some(r)) => format!(" in {}", esc(&section_text(&diff.new, r.section))),
        _ => String::new(),
    };
    writeln!(
        out,
        "<div class=\"c moved-from\" id=\"from-{stop}\"><span class=\"n\">old {}</span><div class=\"b\">",
        indices(&olds)
    )?;
    writeln!(
        out,
        "<p class=\"label\"><span class=\"kind\">moved away</span> to <a href=\"#change-{stop}\">clause{} {}</a>{place}</p>",
        if news.len() > 1 { "s" } else { "" },
        indices(&news)
    )?;
    for r in &olds {
        writeln!(out, "<p><span class=\"away\">{}</span></p>", esc(r.text()))?;
    }
    writeln!(out, "</div></div>")
}

fn section_text(side: &Side, ordinal: usize) -> String {
    match side
        .sections
        .get(ordinal)
        .and_then(|s| s.heading.as_deref())
    {
        Some(h) => format!("“{h}”"),
        None if ordinal == 0 => "the preamble".to_string(),
        None => "an unnamed section".to_string(),
    }
}

/// The clause id, small, after the text.
fn cid(r: Option<&ClauseRef<'_>>) -> String {
    match r.and_then(super::super::model::ClauseRef::id) {
        Some(id) => format!(" <span class=\"cid\">{}</span>", esc(id)),
        None => String::new(),
    }
}

/// A note as a sentence: its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert!(matches!(esc("plain text"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn snippets_stop_at_a_word() {
        let long = "word ".repeat(30);
        let s = snippet(long.trim());
        assert!(s.ends_with('…') && s.chars().count() <= 62, "{s}");
    }
}
