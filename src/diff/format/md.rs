//! `--format md`: the new text with the changes marked up in `CriticMarkup`: `{++added++}`,
//! `{--deleted--}`, `{~~old~>new~~}`, and `{>>comments<<}` for moves, splits, merges and
//! heading changes. Clause texts are plain text, one paragraph each.

use std::io::{self, Write};

use super::indices;
use crate::diff::inline::joined;
use crate::diff::model::{Change, Diff, FieldChange, InlineOp, Kind, Op, SectionKind};

pub fn write(diff: &Diff<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let title = diff.document.iter().find(|f| f.field == "title");
    match (title, &diff.new.title) {
        (Some(f), _) => {
            let show = |v| crit(&FieldChange::show(v));
            writeln!(
                out,
                "# {{~~{}~>{}~~}}",
                show(f.old.as_ref()),
                show(f.new.as_ref())
            )?;
            writeln!(out)?;
        }
        (None, Some(title)) => {
            writeln!(out, "# {}", crit(title))?;
            writeln!(out)?;
        }
        (None, None) => {}
    }
    writeln!(
        out,
        "{{>>changes from {} to {}<<}}",
        crit(&super::side_label(&diff.old)),
        crit(&super::side_label(&diff.new))
    )?;
    let (prominent, rest): (Vec<_>, Vec<_>) = diff
        .document
        .iter()
        .filter(|f| f.field != "title")
        .partition(|f| f.is_prominent());
    for f in prominent.into_iter().chain(rest) {
        let important = if f.is_prominent() { "IMPORTANT: " } else { "" };
        writeln!(out)?;
        writeln!(
            out,
            "{{>>{important}{}<<}}",
            crit(&super::field_line(f, &|op, t| match op {
                Op::Equal => t.to_string(),
                Op::Delete => format!("[-{t}-]"),
                Op::Insert => format!("[+{t}+]"),
            }))
        )?;
    }
    let mut section: Option<usize> = None;
    let mut removed_done = vec![false; diff.sections.len()];
    for (at, change) in diff.changes.iter().enumerate() {
        // Deleted clauses stand under the heading of the section theirs became; those of a
        // removed section under its old heading.
        match change.place {
            Some(place) if section != Some(place) => {
                section = Some(place);
                write_heading(&mut out, diff, place, &mut removed_done)?;
            }
            Some(_) => {}
            None => {
                if let Some(k) = change.old.first().and_then(|r| {
                    diff.sections
                        .iter()
                        .position(|s| s.kind == SectionKind::Removed && s.old == Some(r.section))
                }) && !removed_done[k]
                {
                    removed_done[k] = true;
                    section = None;
                    writeln!(out)?;
                    writeln!(
                        out,
                        "## {{--{}--}}",
                        crit(diff.sections[k].old_heading.as_deref().unwrap_or(""))
                    )?;
                }
            }
        }
        writeln!(out)?;
        clause(&mut out, diff, at)?;
    }
    for (done, s) in removed_done.iter().zip(&diff.sections) {
        if !done && s.kind == SectionKind::Removed {
            writeln!(out)?;
            if s.is_break {
                writeln!(out, "{{>>section break (---) removed<<}}")?;
            } else {
                writeln!(
                    out,
                    "## {{--{}--}}",
                    crit(s.old_heading.as_deref().unwrap_or(""))
                )?;
            }
        }
    }
    if !diff.other.is_empty() {
        writeln!(out)?;
        writeln!(out, "{{>>other changes (blocks that are not clauses)<<}}")?;
        for o in &diff.other {
            writeln!(out)?;
            writeln!(out, "{{>>{}<<}}", crit(&super::other_title(o)))?;
            if let Some(old) = &o.old {
                writeln!(out, "{{--{}--}}", crit(&old.text))?;
            }
            if let Some(new) = &o.new {
                writeln!(out, "{{++{}++}}", crit(&new.text))?;
            }
        }
    }
    out.flush()
}

fn write_heading(
    out: &mut dyn Write,
    diff: &Diff<'_>,
    ordinal: usize,
    done: &mut [bool],
) -> io::Result<()> {
    let Some(info) = diff.new.sections.get(ordinal) else {
        return Ok(());
    };
    let change = diff.sections.iter().position(|s| s.new == Some(ordinal));
    if let Some(k) = change {
        done[k] = true;
    }
    match (info.heading.as_deref(), change.map(|k| &diff.sections[k])) {
        (Some(new), Some(s)) => {
            writeln!(out)?;
            match (s.kind, s.old_heading.as_deref()) {
                (SectionKind::Added, _) | (_, None) => writeln!(out, "## {{++{}++}}", crit(new))?,
                (SectionKind::Level | SectionKind::Formatting | SectionKind::Id, _) => {
                    writeln!(out, "## {}{{>>{}<<}}", crit(new), crit(&s.describe()))?;
                }
                (_, Some(old)) => writeln!(out, "## {{~~{}~>{}~~}}", crit(old), crit(new))?,
            }
        }
        (None, Some(s)) if s.is_break => {
            writeln!(out)?;
            writeln!(out, "---")?;
            writeln!(out, "{{>>{}<<}}", crit(&s.describe()))?;
        }
        (Some(new), None) => {
            writeln!(out)?;
            writeln!(out, "## {}", crit(new))?;
        }
        (None, _) if ordinal > 0 => {
            writeln!(out)?;
            writeln!(out, "---")?;
        }
        (None, _) => {}
    }
    Ok(())
}

fn clause(out: &mut dyn Write, diff: &Diff<'_>, at: usize) -> io::Result<()> {
    let c = &diff.changes[at];
    let text = |i: usize, refs: &[crate::diff::model::ClauseRef<'_>]| {
        refs.get(i).map_or(String::new(), |r| crit(r.text()))
    };
    let mut notes = String::new();
    if let Some(note) = super::move_note(diff, at) {
        notes.push_str("{>>");
        notes.push_str(&crit(&note));
        notes.push_str("<<}");
    }
    if let Some(f) = c.inline.as_ref().and_then(|i| i.fallback.as_deref()) {
        notes.push_str("{>>");
        notes.push_str(&crit(f));
        notes.push_str("<<}");
    }
    match c.kind {
        Kind::Unchanged => writeln!(out, "{}", text(0, &c.new))?,
        Kind::Moved => writeln!(out, "{}{notes}", text(0, &c.new))?,
        Kind::Added => writeln!(out, "{{++{}++}}", text(0, &c.new))?,
        Kind::Deleted => writeln!(out, "{{--{}--}}", text(0, &c.old))?,
        Kind::Modified => {
            write_ops(
                out,
                &c.inline
                    .iter()
                    .flat_map(|i| i.ops.iter())
                    .collect::<Vec<_>>(),
            )?;
            writeln!(out, "{notes}")?;
        }
        Kind::Split if c.inline.is_some() => {
            // Each new clause a paragraph, with the changes from the words of the old clause it
            // took.
            for k in 0..c.new.len() {
                if k > 0 {
                    writeln!(out)?;
                }
                write_ops(out, &super::part_ops(c, k).collect::<Vec<_>>())?;
                if k == 0 {
                    write!(
                        out,
                        "{{>>clause {} split into clauses {}<<}}",
                        indices(&c.old),
                        indices(&c.new)
                    )?;
                }
                writeln!(out)?;
            }
            if !notes.is_empty() {
                writeln!(out, "{notes}")?;
            }
        }
        Kind::Merged if c.inline.is_some() => {
            let ops = c
                .inline
                .as_ref()
                .map(|i| joined(&i.ops))
                .unwrap_or_default();
            write_ops(out, &ops.iter().collect::<Vec<_>>())?;
            writeln!(
                out,
                "{{>>clauses {} merged into clause {}<<}}{notes}",
                indices(&c.old),
                indices(&c.new)
            )?;
        }
        Kind::Split => {
            writeln!(out, "{{--{}--}}", text(0, &c.old))?;
            for r in &c.new {
                writeln!(out)?;
                writeln!(out, "{{++{}++}}", crit(r.text()))?;
            }
            writeln!(
                out,
                "{{>>clause {} split into clauses {}<<}}",
                indices(&c.old),
                indices(&c.new)
            )?;
        }
        Kind::Merged => {
            for r in &c.old {
                writeln!(out, "{{--{}--}}", crit(r.text()))?;
                writeln!(out)?;
            }
            writeln!(
                out,
                "{{++{}++}}{{>>clauses {} merged into clause {}<<}}",
                text(0, &c.new),
                indices(&c.old),
                indices(&c.new)
            )?;
        }
    }
    // Every kind: what its text does not show.
    extras(out, c)
}

/// What a change's text does not show: markup, footnotes, an id, as comments and marks.
fn extras(out: &mut dyn Write, c: &Change<'_>) -> io::Result<()> {
    if let Some(m) = &c.markup {
        writeln!(
            out,
            "{{>>formatting changed, Markdown was: {}<<}}",
            crit(&crate::text::collapse_whitespace(&m.old))
        )?;
    }
    for f in &c.footnotes {
        let text = match (&f.old, &f.new) {
            (Some(old), Some(new)) => format!("{{~~{}~>{}~~}}", crit(old), crit(new)),
            (Some(old), None) => format!("{{--{}--}}", crit(old)),
            (None, Some(new)) => format!("{{++{}++}}", crit(new)),
            (None, None) => "(not defined)".to_string(),
        };
        writeln!(out, "{{>>footnote {}<<}} {text}", f.number)?;
    }
    if c.id_changed() {
        let id = |refs: &[crate::diff::model::ClauseRef<'_>]| {
            refs.first()
                .and_then(super::super::model::ClauseRef::id)
                .unwrap_or("(none)")
                .to_string()
        };
        writeln!(
            out,
            "{{>>id {} → {}<<}}",
            crit(&id(&c.old)),
            crit(&id(&c.new))
        )?;
    }
    for note in super::status_notes(c) {
        writeln!(out, "{{>>{}<<}}", crit(&note))?;
    }
    Ok(())
}

/// Word changes in `CriticMarkup`: a deletion right before an insertion is one substitution.
fn write_ops(out: &mut dyn Write, ops: &[&InlineOp]) -> io::Result<()> {
    let mut k = 0;
    while k < ops.len() {
        let op = ops[k];
        match op.op {
            Op::Equal => write!(out, "{}", crit(&op.text))?,
            Op::Delete if ops.get(k + 1).is_some_and(|n| n.op == Op::Insert) => {
                write!(
                    out,
                    "{{~~{}~>{}~~}}",
                    crit(&op.text),
                    crit(&ops[k + 1].text)
                )?;
                k += 1;
            }
            Op::Delete => write!(out, "{{--{}--}}", crit(&op.text))?,
            Op::Insert => write!(out, "{{++{}++}}", crit(&op.text))?,
        }
        k += 1;
    }
    Ok(())
}

/// Text with `CriticMarkup`'s own delimiters defused, so clause text cannot open or close a mark.
fn crit(text: &str) -> String {
    if !text.contains(['{', '}', '~', '<', '>', '+', '-']) {
        return text.to_string();
    }
    text.replace("{++", "{\u{200b}++")
        .replace("{--", "{\u{200b}--")
        .replace("{~~", "{\u{200b}~~")
        .replace("{>>", "{\u{200b}>>")
        .replace("{==", "{\u{200b}==")
        .replace("++}", "++\u{200b}}")
        .replace("--}", "--\u{200b}}")
        .replace("~~}", "~~\u{200b}}")
        .replace("<<}", "<<\u{200b}}")
        .replace("~>", "~\u{200b}>")
}
