//! `--format stat`: how many clauses changed and how, and what happened to headings and
//! brackets.

use std::io::{self, Write};

use anstyle::Style;

use super::Settings;
use crate::diff::model::Diff;
use crate::output::styles;
use crate::text::count;

pub fn write(diff: &Diff<'_>, settings: &Settings, out: &mut dyn Write) -> io::Result<()> {
    let style = |s: Style| if settings.color { s } else { Style::new() };
    let h = style(styles::HEADING);
    let dim = style(styles::DIM);
    writeln!(out, "{h}{}{h:#}", super::sources(diff))?;
    writeln!(
        out,
        "{dim}{} → {}{dim:#}",
        count(diff.old.clauses, "clause", "clauses"),
        count(diff.new.clauses, "clause", "clauses")
    )?;
    let s = &diff.summary;
    let mut modified_notes = Vec::new();
    if s.moved_modified > 0 {
        modified_notes.push(format!("{} also moved", s.moved_modified));
    }
    if s.formatting > 0 {
        modified_notes.push(format!("{} in formatting or footnotes only", s.formatting));
    }
    let fields: Vec<&str> = diff.document.iter().map(|f| f.field.as_str()).collect();
    let rows = [
        (
            if s.document == 1 {
                "document field"
            } else {
                "document fields"
            },
            s.document,
            if fields.is_empty() {
                String::new()
            } else {
                format!("({})", fields.join(", "))
            },
        ),
        ("unchanged", s.unchanged, String::new()),
        (
            "modified",
            s.modified,
            if modified_notes.is_empty() {
                String::new()
            } else {
                format!("({})", modified_notes.join("; "))
            },
        ),
        ("moved", s.moved, String::new()),
        ("added", s.added, String::new()),
        ("deleted", s.deleted, String::new()),
        ("split", s.split, String::new()),
        ("merged", s.merged, String::new()),
        (
            if s.ids_changed == 1 {
                "clause id changed"
            } else {
                "clause ids changed"
            },
            s.ids_changed,
            String::new(),
        ),
        (
            if s.statuses_changed == 1 {
                "paragraph status changed"
            } else {
                "paragraph statuses changed"
            },
            s.statuses_changed,
            String::new(),
        ),
        (
            if s.agreed_reopened == 1 {
                "agreed paragraph reopened"
            } else {
                "agreed paragraphs reopened"
            },
            s.agreed_reopened,
            String::new(),
        ),
        (
            if s.other == 1 {
                "other change"
            } else {
                "other changes"
            },
            s.other,
            String::new(),
        ),
    ];
    let width = rows
        .iter()
        .map(|r| r.1.to_string().len())
        .max()
        .unwrap_or(1);
    for f in diff.document.iter().filter(|f| f.is_prominent()) {
        writeln!(
            out,
            "! {}",
            super::field_line(f, &|_, t: &str| t.to_string())
        )?;
    }
    for (label, n, note) in rows {
        let note = if note.is_empty() {
            String::new()
        } else {
            format!(" {dim}{note}{dim:#}")
        };
        writeln!(out, "{n:>width$} {label}{note}")?;
    }
    if let Some(brackets) = super::brackets_line(diff) {
        writeln!(out, "{brackets}")?;
    }
    if !diff.sections.is_empty() {
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for c in &diff.sections {
            match kinds.iter_mut().find(|k| k.0 == c.kind.as_str()) {
                Some(k) => k.1 += 1,
                None => kinds.push((c.kind.as_str(), 1)),
            }
        }
        let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        writeln!(out, "sections: {}", crate::text::and_list(&parts))?;
    }
    if s.inline_fallbacks > 0 {
        writeln!(
            out,
            "note: {} shown coarser than minimal (word diff timed out)",
            count(s.inline_fallbacks, "clause", "clauses")
        )?;
    }
    Ok(())
}
