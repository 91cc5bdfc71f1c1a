//! The clause-by-clause displays (`term`, `side-by-side`) show every change and the unchanged
//! clauses near one; the rest are collapsed into counts. [`lines`] plans what such a display
//! shows, in order, so that both read the same way: a count of collapsed clauses stands under
//! the heading of the section they are in, and sections collapsed whole are summed in one line.

use crate::diff::model::{Change, Diff, SectionKind};

/// One line (or block) of a clause-by-clause display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Line {
    /// The heading of section `usize` of the new version.
    Heading(usize),
    /// The old heading of a removed section (index into [`Diff::sections`]), over its
    /// deleted clauses.
    RemovedHeading(usize),
    /// A separation before changes that come before any section.
    Break,
    /// This many unchanged clauses of the section above, not shown.
    Hidden(usize),
    /// Unchanged clauses of sections not shown at all: how many, and those sections.
    HiddenSections(usize, Vec<usize>),
    /// The change at this index of [`Diff::changes`].
    Change(usize),
}

/// What to show of `diff` with `context` unchanged clauses around each change.
pub(super) fn lines(diff: &Diff<'_>, context: usize) -> Vec<Line> {
    let shown = visible(&diff.changes, context);
    let mut out = Vec::new();
    // Hidden clauses not yet written: (section, how many), in order.
    let mut hidden: Vec<(usize, usize)> = Vec::new();
    let mut section: Option<usize> = None;
    let mut removed_shown = vec![false; diff.sections.len()];
    for (i, (change, show)) in diff.changes.iter().zip(&shown).enumerate() {
        // Deleted clauses stand under the heading of the section theirs became.
        let at = change.place;
        if !show {
            if let Some(at) = at {
                match hidden.last_mut() {
                    Some((s, n)) if *s == at => *n += 1,
                    _ => hidden.push((at, 1)),
                }
            }
            continue;
        }
        let next = at.or(section);
        flush(&mut out, &mut hidden, &mut section, next);
        if let Some(at) = at {
            if section != Some(at) {
                section = Some(at);
                out.push(Line::Heading(at));
            }
        } else if let Some(s) = removed_section(diff, change)
            && !removed_shown[s]
        {
            removed_shown[s] = true;
            section = Some(usize::MAX);
            out.push(Line::RemovedHeading(s));
        } else if section.is_none() {
            section = Some(usize::MAX);
            out.push(Line::Break);
        }
        out.push(Line::Change(i));
    }
    flush(&mut out, &mut hidden, &mut section, None);
    out
}

/// The removed section (index into [`Diff::sections`]) a deleted clause was in, if any.
fn removed_section(diff: &Diff<'_>, change: &Change<'_>) -> Option<usize> {
    let old = change.old.first()?;
    diff.sections
        .iter()
        .position(|s| s.kind == SectionKind::Removed && s.old == Some(old.section))
}

/// The hidden counts before a change in section `next`: a count of the section shown last
/// under its heading; one of `next` under the heading of `next`, put first; whole sections
/// summed.
fn flush(
    out: &mut Vec<Line>,
    hidden: &mut Vec<(usize, usize)>,
    section: &mut Option<usize>,
    next: Option<usize>,
) {
    let mut whole: Vec<(usize, usize)> = Vec::new();
    let sum = |out: &mut Vec<Line>, whole: &mut Vec<(usize, usize)>| {
        if !whole.is_empty() {
            let n = whole.iter().map(|(_, n)| n).sum();
            out.push(Line::HiddenSections(
                n,
                whole.drain(..).map(|(s, _)| s).collect(),
            ));
        }
    };
    for (s, n) in hidden.drain(..) {
        if Some(s) == *section {
            out.push(Line::Hidden(n));
        } else if Some(s) == next {
            sum(out, &mut whole);
            *section = Some(s);
            out.push(Line::Heading(s));
            out.push(Line::Hidden(n));
        } else {
            whole.push((s, n));
        }
    }
    sum(out, &mut whole);
}

/// Which changes to show: every change, and unchanged clauses within `context` of one.
fn visible(changes: &[Change<'_>], context: usize) -> Vec<bool> {
    let n = changes.len();
    let mut show = vec![false; n];
    let mut last_change: Option<usize> = None;
    for (i, c) in changes.iter().enumerate() {
        if c.is_change() {
            show[i] = true;
            last_change = Some(i);
        } else if last_change.is_some_and(|l| i - l <= context) {
            show[i] = true;
        }
    }
    let mut next_change: Option<usize> = None;
    for i in (0..n).rev() {
        if changes[i].is_change() {
            next_change = Some(i);
        } else if next_change.is_some_and(|nc| nc - i <= context) {
            show[i] = true;
        }
    }
    show
}
