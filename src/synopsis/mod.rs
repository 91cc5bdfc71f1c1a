//! The N-column synopsis: all versions of a declaration aligned clause by clause.
//!
//! Consecutive versions are compared with the clause-level diff; a clause and what it became in
//! the next version (kept, edited, moved, split into several, merged with others) are one
//! *lineage*. Each lineage is one row, with one cell per version holding that version's clauses of
//! the lineage: one clause usually, several after a split or before a merge, none where the
//! clause did not exist yet or any more. Rows follow the order of the newest version, with
//! lineages that ended earlier placed after the clause they followed when they last existed.
//!
//! [`Synopsis`] is plain data; the formats in [`format`] and `decl history` only read it.

pub mod docx;
pub mod format;
pub mod html;
pub mod proposals;

use crate::diff::{self, Kind, Op, Options};
use crate::model::{Clause, Version};

/// A version as a column.
#[derive(Debug, Clone)]
pub struct Column {
    pub source: String,
    pub id: String,
    pub document: Option<String>,
    pub date: Option<String>,
    pub status: Option<String>,
    pub illustrative: bool,
    /// The distribution marking (`LIMITE`, `PUBLIC`), as written.
    pub classification: Option<String>,
    /// With proposals shown: the version the outcomes of the proposals on this one are
    /// against (the next column), if any.
    pub outcomes_in: Option<String>,
}

/// A clause in a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellClause {
    /// Position among the clauses of its version (as in `decl show`).
    pub index: usize,
    /// The number a reader sees on it (as `decl show` prints it).
    pub number: String,
    pub id: Option<String>,
    /// The paragraph status written in its id comment.
    pub status: Option<crate::model::ClauseStatus>,
    /// Heading of the section it is in, if any.
    pub section: Option<String>,
    pub text: String,
    /// With proposals shown: those made on this version that are listed on this clause.
    pub proposals: Vec<ClauseProposal>,
}

/// A delegation's proposal (or several delegations' alike) shown under a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseProposal {
    pub offer: crate::negotiate::book::Offer,
    /// The date of each delegation's proposal, in the order of `offer.delegations`.
    pub dates: Vec<crate::model::Date>,
}

/// How a cell came about from the cell to its left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// No clause of this lineage in this version.
    Absent,
    /// The first version the lineage appears in (the first column, or added here).
    Entered,
    Unchanged,
    Modified,
    Moved,
    /// One clause became the several here.
    Split,
    /// Several clauses became the one here.
    Merged,
    /// Absent here, present in the version before.
    Deleted,
    /// Back after one version or more without it (same id, or nearly the same text).
    Reinstated,
}

impl Step {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Absent => "absent",
            Step::Entered => "entered",
            Step::Unchanged => "unchanged",
            Step::Modified => "modified",
            Step::Moved => "moved",
            Step::Split => "split",
            Step::Merged => "merged",
            Step::Deleted => "deleted",
            Step::Reinstated => "reinstated",
        }
    }
}

/// One word-level piece of a cell's text compared with the cell to its left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub op: Op,
    pub text: String,
}

/// One version's part of a row.
#[derive(Debug, Clone)]
pub struct Cell {
    pub clauses: Vec<CellClause>,
    pub step: Step,
    /// Also moved (out of order or to another section) when `step` is `Modified`.
    pub moved: bool,
    /// The text compared word by word with the previous column, when it was modified.
    pub inline: Option<Vec<Piece>>,
    /// Set when the word diff ran out of time and a coarser one was used.
    pub fallback: Option<String>,
}

/// One lineage.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
}

impl Row {
    /// The first column the lineage appears in.
    #[must_use]
    pub fn entered(&self) -> Option<usize> {
        self.cells.iter().position(|c| !c.clauses.is_empty())
    }

    /// Whether the row's text is the same in every column.
    #[must_use]
    pub fn is_stable(&self) -> bool {
        self.cells
            .iter()
            .all(|c| matches!(c.step, Step::Entered | Step::Unchanged))
            && self.cells.iter().all(|c| !c.clauses.is_empty())
    }
}

/// The whole synopsis.
#[derive(Debug, Clone)]
pub struct Synopsis {
    pub title: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Whether proposals are shown (see [`proposals`]).
    pub proposals: bool,
}

/// A word diff and, when it timed out, the note saying so.
type WordDiff = (Vec<Piece>, Option<String>);

/// Union-find over (version, clause) nodes.
struct Lineages {
    parent: Vec<usize>,
}

impl Lineages {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[rb] = ra;
        }
    }
}

/// Align all `versions` (oldest first).
#[must_use]
pub fn compute(versions: &[&Version], options: &Options) -> Synopsis {
    let counts: Vec<usize> = versions.iter().map(|v| v.clause_count()).collect();
    let offsets: Vec<usize> = counts
        .iter()
        .scan(0, |acc, &n| {
            let start = *acc;
            *acc += n;
            Some(start)
        })
        .collect();
    let total: usize = counts.iter().sum();
    let mut lineages = Lineages {
        parent: (0..total).collect(),
    };
    let node = |v: usize, i: usize| offsets[v] + i;
    // Per version and clause: how it came about from the version before.
    let mut steps: Vec<Vec<(Step, bool)>> = counts
        .iter()
        .map(|&n| vec![(Step::Entered, false); n])
        .collect();
    let mut inlines: Vec<Vec<Option<WordDiff>>> = counts.iter().map(|&n| vec![None; n]).collect();
    let mut deleted_after: Vec<Vec<bool>> = counts.iter().map(|&n| vec![false; n]).collect();
    // Per version: at the first new clause of a split, the word diffs of its clauses.
    let mut split_pieces: Vec<Vec<Option<WordDiff>>> =
        counts.iter().map(|&n| vec![None; n]).collect();
    let texts: Vec<Vec<&Clause>> = versions.iter().map(|v| v.clauses().collect()).collect();
    let numbers: Vec<Vec<crate::model::Number<'_>>> = versions
        .iter()
        .map(|v| crate::model::number::numbers(v))
        .collect();
    // Clauses deleted after a version, not yet back: (that version, the clause).
    let mut dormant: Vec<(usize, usize)> = Vec::new();
    // Per version and clause: the clause it reinstates, (version, clause), if it does.
    let mut reinstates: Vec<Vec<Option<(usize, usize)>>> =
        counts.iter().map(|&n| vec![None; n]).collect();
    for v in 1..versions.len() {
        let d = diff::diff(versions[v - 1], versions[v], options);
        for change in &d.changes {
            for o in &change.old {
                for n in &change.new {
                    lineages.union(node(v - 1, o.index()), node(v, n.index()));
                }
            }
            let step = match change.kind {
                Kind::Unchanged => Step::Unchanged,
                Kind::Modified => Step::Modified,
                Kind::Moved => Step::Moved,
                Kind::Added => Step::Entered,
                Kind::Split => Step::Split,
                Kind::Merged => Step::Merged,
                Kind::Deleted => {
                    for o in &change.old {
                        deleted_after[v - 1][o.index()] = true;
                    }
                    continue;
                }
            };
            // A split's clauses each show their part of the word diff, joined as the cell is.
            if change.kind == Kind::Split
                && let Some(inline) = &change.inline
            {
                let mut pieces: Vec<Piece> = Vec::new();
                for k in 0..change.new.len() {
                    if k > 0 {
                        pieces.push(Piece {
                            op: Op::Equal,
                            text: " ¶ ".to_string(),
                        });
                    }
                    pieces.extend(inline.ops.iter().filter(|o| o.part == k).map(|o| Piece {
                        op: o.op,
                        text: o.text.clone(),
                    }));
                }
                split_pieces[v][change.new[0].index()] = Some((pieces, inline.fallback.clone()));
            }
            for n in &change.new {
                steps[v][n.index()] = (step, change.moved);
                if change.kind == Kind::Split {
                    continue;
                }
                if let Some(inline) = &change.inline {
                    let pieces = inline
                        .ops
                        .iter()
                        .map(|op| Piece {
                            op: op.op,
                            text: op.text.clone(),
                        })
                        .collect();
                    inlines[v][n.index()] = Some((pieces, inline.fallback.clone()));
                }
            }
        }
        // Clauses added here that come back after a version or more without them.
        let added: Vec<usize> = (0..counts[v])
            .filter(|&j| steps[v][j].0 == Step::Entered)
            .collect();
        let back = reinstated(&texts, &dormant, v, &added, options);
        for &(k, j) in &back {
            let (e, i) = dormant[k];
            lineages.union(node(e, i), node(v, j));
            reinstates[v][j] = Some((e, i));
        }
        let taken: std::collections::HashSet<usize> = back.iter().map(|&(k, _)| k).collect();
        let mut k = 0;
        dormant.retain(|_| {
            k += 1;
            !taken.contains(&(k - 1))
        });
        dormant.extend(
            d.changes
                .iter()
                .filter(|c| c.kind == Kind::Deleted)
                .flat_map(|c| c.old.iter().map(|o| (v - 1, o.index()))),
        );
    }

    // Group nodes into rows.
    let mut row_of_root: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut members: Vec<Vec<Vec<usize>>> = Vec::new(); // row -> version -> clause indices
    let mut row_of_node = vec![0usize; total];
    for (v, &n) in counts.iter().enumerate() {
        for i in 0..n {
            let root = lineages.find(node(v, i));
            let row = *row_of_root.entry(root).or_insert_with(|| {
                members.push(vec![Vec::new(); versions.len()]);
                members.len() - 1
            });
            members[row][v].push(i);
            row_of_node[node(v, i)] = row;
        }
    }

    // Order rows: the newest version's order, then older lineages after their predecessor
    // (a linked list, so that placing each row is constant time).
    let mut next: Vec<Option<usize>> = vec![None; members.len()];
    let mut head: Option<usize> = None;
    let mut placed = vec![false; members.len()];
    for v in (0..versions.len()).rev() {
        let mut anchor: Option<usize> = None; // a row id
        for i in 0..counts[v] {
            let row = row_of_node[node(v, i)];
            if !placed[row] {
                if let Some(a) = anchor {
                    next[row] = next[a];
                    next[a] = Some(row);
                } else {
                    next[row] = head;
                    head = Some(row);
                }
                placed[row] = true;
            }
            anchor = Some(row);
        }
    }
    let mut order: Vec<usize> = Vec::with_capacity(members.len());
    let mut cursor = head;
    while let Some(row) = cursor {
        order.push(row);
        cursor = next[row];
    }

    let section_of = |v: &Version| -> Vec<Option<String>> {
        v.clauses_with_sections()
            .map(|(s, _)| s.heading_text().map(str::to_string))
            .collect()
    };
    let sections: Vec<Vec<Option<String>>> = versions.iter().map(|v| section_of(v)).collect();

    let rows = order
        .into_iter()
        .map(|row| {
            let cells = (0..versions.len())
                .map(|v| {
                    let idx = &members[row][v];
                    let clauses: Vec<CellClause> = idx
                        .iter()
                        .map(|&i| CellClause {
                            index: i,
                            number: numbers[v][i].to_string(),
                            id: texts[v][i].id.clone(),
                            status: texts[v][i].status,
                            section: sections[v][i].clone(),
                            text: texts[v][i].text.to_string(),
                            proposals: Vec::new(),
                        })
                        .collect();
                    if clauses.is_empty() {
                        let was_here = v > 0 && !members[row][v - 1].is_empty();
                        let deleted = was_here
                            && members[row][v - 1].iter().all(|&i| deleted_after[v - 1][i]);
                        return Cell {
                            clauses,
                            step: if deleted { Step::Deleted } else { Step::Absent },
                            moved: false,
                            inline: None,
                            fallback: None,
                        };
                    }
                    let (mut step, mut moved) = if v == 0 {
                        (Step::Entered, false)
                    } else {
                        steps[v][idx[0]]
                    };
                    if v > 0 && members[row][v - 1].is_empty() {
                        let before = members[row][..v - 1].iter().any(|m| !m.is_empty());
                        step = if before {
                            Step::Reinstated
                        } else {
                            Step::Entered
                        };
                        moved = false;
                    }
                    // A split shows as such on every new clause; a merge on the one clause.
                    if idx.iter().any(|&i| steps[v][i].0 == Step::Split) && v > 0 {
                        step = Step::Split;
                    }
                    let (inline, fallback) = if let (Step::Reinstated, Some((e, i))) =
                        (step, reinstates[v][idx[0]])
                    {
                        // Its changes since it was last there.
                        let (old_text, new_text) = (&texts[e][i].text, &texts[v][idx[0]].text);
                        if old_text == new_text {
                            (None, None)
                        } else {
                            let d = diff::inline::diff(old_text, new_text, options.inline_timeout);
                            let pieces = d
                                .ops
                                .iter()
                                .map(|op| Piece {
                                    op: op.op,
                                    text: op.text.clone(),
                                })
                                .collect();
                            (Some(pieces), d.fallback)
                        }
                    } else if idx.len() == 1 {
                        inlines[v][idx[0]]
                            .clone()
                            .map_or((None, None), |(p, f)| (Some(p), f))
                    } else if step == Step::Split {
                        split_pieces[v][idx[0]]
                            .clone()
                            .map_or((None, None), |(p, f)| (Some(p), f))
                    } else {
                        (None, None)
                    };
                    Cell {
                        clauses,
                        step,
                        moved,
                        inline,
                        fallback,
                    }
                })
                .collect();
            Row { cells }
        })
        .collect();

    Synopsis {
        title: versions.last().and_then(|v| v.title_text()),
        columns: versions
            .iter()
            .map(|v| Column {
                source: v.source.clone(),
                id: v.id.clone(),
                document: v.meta.document.as_ref().map(ToString::to_string),
                date: v.meta.date.map(|d| d.to_string()),
                status: v.meta.status.map(|s| format!("{s:?}").to_lowercase()),
                illustrative: v.meta.is_illustrative(),
                classification: v.meta.classification.clone(),
                outcomes_in: None,
            })
            .collect(),
        rows,
        proposals: false,
    }
}

/// Of the clauses `added` in version `v`, those that reinstate a `dormant` clause (deleted
/// after an earlier version, absent since): the same id, or nearly the same text, as the one
/// alignment decides. Returns (position in `dormant`, added clause).
fn reinstated(
    clauses: &[Vec<&Clause>],
    dormant: &[(usize, usize)],
    v: usize,
    added: &[usize],
    options: &Options,
) -> Vec<(usize, usize)> {
    if dormant.is_empty() || added.is_empty() {
        return Vec::new();
    }
    let gone: Vec<&Clause> = dormant.iter().map(|&(e, i)| clauses[e][i]).collect();
    let back: Vec<&Clause> = added.iter().map(|&j| clauses[v][j]).collect();
    let key = |c: &Clause| diff::normalise(&c.text, options);
    let (gone_texts, back_texts): (Vec<String>, Vec<String>) = (
        gone.iter().map(|c| key(c)).collect(),
        back.iter().map(|c| key(c)).collect(),
    );
    let gone_ids: Vec<Option<&str>> = gone.iter().map(|c| c.id.as_deref()).collect();
    let back_ids: Vec<Option<&str>> = back.iter().map(|c| c.id.as_deref()).collect();
    let a = diff::align::align(
        &diff::align::Clauses {
            texts: &gone_texts,
            ids: &gone_ids,
            sections: &[],
        },
        &diff::align::Clauses {
            texts: &back_texts,
            ids: &back_ids,
            sections: &[],
        },
        &[],
    );
    a.matches
        .iter()
        .zip(&a.by_id)
        .filter_map(|(m, &by_id)| match m {
            diff::align::Match::Pair { old, new }
                if by_id
                    || diff::align::similarity(&gone_texts[*old], &back_texts[*new])
                        >= REINSTATED_MIN =>
            {
                Some((*old, added[*new]))
            }
            _ => None,
        })
        .collect()
}

/// A clause back after a version or more without it, without its id, shares at least this much
/// of its wording with the clause that was deleted: nearly the same text.
const REINSTATED_MIN: f64 = 0.7;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;
    use crate::source::Source;

    fn version(name: &str, text: &str) -> Version {
        crate::parse::version(&Source::new(name, text.to_string()), &Meta::default()).unwrap()
    }

    #[test]
    fn every_clause_in_a_row_and_rows_follow_the_newest_version() {
        let a = version(
            "a.md",
            "Alpha one two three four five.\n\nBravo six seven eight nine ten.\n\nCharlie eleven twelve thirteen fourteen.\n",
        );
        let b = version(
            "b.md",
            "Alpha one two three four five.\n\nCharlie eleven twelve thirteen fourteen fifteen.\n\nDelta new clause entirely here.\n",
        );
        let s = compute(&[&a, &b], &Options::default());
        let shape: Vec<(Vec<usize>, Vec<usize>)> = s
            .rows
            .iter()
            .map(|r| {
                (
                    r.cells[0].clauses.iter().map(|c| c.index).collect(),
                    r.cells[1].clauses.iter().map(|c| c.index).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (vec![0], vec![0]),
                (vec![1], vec![]),
                (vec![2], vec![1]),
                (vec![], vec![2])
            ]
        );
        assert_eq!(s.rows[1].cells[1].step, Step::Deleted);
        assert_eq!(s.rows[2].cells[1].step, Step::Modified);
        assert_eq!(s.rows[3].cells[1].step, Step::Entered);
    }
}
