//! What differs between two versions outside their clauses: the title, the dateline, every
//! front matter field ([`fields`]), and the blocks that are not clauses ([`other`]): code
//! blocks, raw HTML, comments, link reference definitions, footnote definitions no clause
//! references, and the comments of the front matter.
//!
//! What is not compared, and why: the layout of the front matter (quoting, the order of its
//! fields) and blank lines between blocks, which change no value and nothing that renders;
//! the labels of footnotes (`[^1]` renamed `[^a]`), since a footnote is numbered by where it
//! is referenced; the file name, which is how the versions are named, not what they say.

use std::collections::HashSet;

use serde_json::Value;

use super::model::{Block, FieldChange, OtherChange};
use crate::model::{Item, Version};

/// The title, the dateline and every front matter field that differ, in that order (known
/// fields in their fixed order, then other fields as written).
#[must_use]
pub fn fields(old: &Version, new: &Version) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut push = |field: &str, old: Option<Value>, new: Option<Value>| {
        if old != new {
            out.push(FieldChange {
                field: field.to_string(),
                old,
                new,
            });
        }
    };
    let string = |s: Option<String>| s.map(Value::String);

    // The title as people read it; its Markdown when only the markup differs.
    let (old_title, new_title) = (old.title_text(), new.title_text());
    let title_markdown = |v: &Version| {
        v.title
            .as_ref()
            .map(crate::write::heading_line)
            .or_else(|| v.meta.title.clone())
    };
    if old_title == new_title && title_markdown(old) != title_markdown(new) {
        push(
            "title",
            string(title_markdown(old)),
            string(title_markdown(new)),
        );
    } else {
        push("title", string(old_title), string(new_title));
    }
    // A `title` field beside a `#` heading is a fact of its own.
    if old.title.is_some() && new.title.is_some() {
        push(
            "title (front matter)",
            string(old.meta.title.clone()),
            string(new.meta.title.clone()),
        );
    }

    let dateline = |v: &Version| {
        v.dateline
            .as_ref()
            .map(|d| (d.text.clone(), d.markdown.clone()))
    };
    match (dateline(old), dateline(new)) {
        (Some((a, am)), Some((b, bm))) if a == b && am != bm => {
            push("dateline", Some(Value::String(am)), Some(Value::String(bm)));
        }
        (a, b) => push("dateline", string(a.map(|d| d.0)), string(b.map(|d| d.0))),
    }

    let (old_meta, new_meta) = (old.meta.to_json(), new.meta.to_json());
    for &field in crate::model::meta::FIELDS {
        if field == "title" {
            continue;
        }
        push(
            field,
            old_meta.get(field).cloned(),
            new_meta.get(field).cloned(),
        );
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for (key, _) in old.extra_meta.iter().chain(&new.extra_meta) {
        if !seen.insert(key) {
            continue;
        }
        let value = |v: &Version| {
            v.extra_meta
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        push(key, value(old), value(new));
    }
    out
}

/// A block that is not a clause, as compared.
struct NonClause<'a> {
    kind: &'static str,
    text: &'a str,
    line: usize,
    place: Place,
}

/// Where a block that is not a clause stands: its section (`None` before the title) and the
/// clause before it in that section (`None` at the section's start), by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub section: Option<usize>,
    pub after: Option<usize>,
}

/// The blocks that are not clauses, in document order; footnote definitions only when no
/// clause references them (the others are compared on their clauses).
fn non_clauses(v: &Version) -> Vec<NonClause<'_>> {
    let referenced: HashSet<String> = v
        .clauses()
        .flat_map(|c| c.footnotes.iter().map(|l| l.to_lowercase()))
        .collect();
    let mut out = Vec::new();
    let preface = v.preface.iter().map(|i| (None, i));
    let sections = v
        .sections
        .iter()
        .enumerate()
        .flat_map(|(n, s)| s.items.iter().map(move |i| (Some(n), i)));
    let mut after: Option<usize> = None;
    let mut section: Option<usize> = None;
    let mut attached: HashSet<String> = HashSet::new();
    for (n, item) in preface.chain(sections) {
        if n != section {
            section = n;
            after = None;
        }
        let place = Place { section, after };
        match item {
            Item::Raw(raw) => out.push(NonClause {
                kind: raw.kind(),
                text: &raw.text,
                line: raw.line,
                place,
            }),
            // The first definition of a referenced label is compared on its clauses; a
            // second one of the same label, or one no clause references, here.
            Item::Footnote(f)
                if !attached.insert(f.label.to_lowercase())
                    || !referenced.contains(&f.label.to_lowercase()) =>
            {
                out.push(NonClause {
                    kind: "footnote",
                    text: &f.markdown,
                    line: f.line,
                    place,
                });
            }
            Item::Footnote(_) => {}
            Item::Clause(c) => after = Some(c.index),
        }
    }
    out
}

/// The comment lines of a front matter block, which no field holds.
fn front_matter_comments(v: &Version) -> Option<String> {
    let fm = v.front_matter.as_deref()?;
    let comments: Vec<&str> = fm
        .lines()
        .filter_map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with('#') {
                return Some(trimmed);
            }
            // A comment after a value: ` #` outside quotes.
            let mut quote: Option<char> = None;
            let mut prev = ' ';
            for (i, c) in line.char_indices() {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '#') if prev.is_whitespace() => return Some(line[i..].trim_end()),
                    _ => {}
                }
                prev = c;
            }
            None
        })
        .collect();
    (!comments.is_empty()).then(|| comments.join("\n"))
}

/// The blocks that are not clauses and differ, each with its kind and lines; blocks are matched
/// in order by their text, and a changed block pairs with the one in its place. A block whose
/// text is the same is reported as moved when `same_place` says its old and new places do not
/// correspond (another section, or after another clause).
#[must_use]
pub fn other(
    old: &Version,
    new: &Version,
    same_place: &dyn Fn(Place, Place) -> bool,
) -> Vec<OtherChange> {
    let mut out = Vec::new();
    let (a, b) = (front_matter_comments(old), front_matter_comments(new));
    if a != b {
        out.push(OtherChange {
            kind: "front matter comments",
            old: a.map(|text| Block { text, line: 1 }),
            new: b.map(|text| Block { text, line: 1 }),
            moved: false,
        });
    }
    let (a, b) = (non_clauses(old), non_clauses(new));
    if a.is_empty() && b.is_empty() {
        return out;
    }
    let ak: Vec<(&str, &str)> = a.iter().map(|n| (n.kind, n.text)).collect();
    let bk: Vec<(&str, &str)> = b.iter().map(|n| (n.kind, n.text)).collect();
    let block = |n: &NonClause| Block {
        text: n.text.to_string(),
        line: n.line,
    };
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &ak, &bk);
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let (olds, news) = (&a[old_range], &b[new_range]);
        if tag == similar::DiffTag::Equal {
            for (x, y) in olds.iter().zip(news) {
                if !same_place(x.place, y.place) {
                    out.push(OtherChange {
                        kind: x.kind,
                        old: Some(block(x)),
                        new: Some(block(y)),
                        moved: true,
                    });
                }
            }
            continue;
        }
        let paired = olds.len().min(news.len());
        for (x, y) in olds.iter().zip(news) {
            out.push(OtherChange {
                kind: if x.kind == y.kind { x.kind } else { "block" },
                old: Some(block(x)),
                new: Some(block(y)),
                moved: false,
            });
        }
        for x in &olds[paired..] {
            out.push(OtherChange {
                kind: x.kind,
                old: Some(block(x)),
                new: None,
                moved: false,
            });
        }
        for y in &news[paired..] {
            out.push(OtherChange {
                kind: y.kind,
                old: None,
                new: Some(block(y)),
                moved: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;
    use crate::source::Source;

    fn v(text: &str) -> Version {
        crate::parse::version(&Source::new("t.md", text.to_string()), &Meta::default()).unwrap()
    }

    #[test]
    fn fields_that_differ_in_order() {
        let a = v(
            "---\nclassification: LIMITE\nstatus: draft\n---\n# T\n\nBrussels, 10 December 2025\n\nText.\n",
        );
        let b = v(
            "---\nclassification: PUBLIC\nstatus: draft\ncolour: red\n---\n# T\n\nRabat, 14 March 2026\n\nText.\n",
        );
        let f: Vec<(String, Option<Value>, Option<Value>)> = fields(&a, &b)
            .into_iter()
            .map(|f| (f.field, f.old, f.new))
            .collect();
        assert_eq!(
            f,
            [
                (
                    "dateline".to_string(),
                    Some(Value::from("Brussels, 10 December 2025")),
                    Some(Value::from("Rabat, 14 March 2026"))
                ),
                (
                    "classification".to_string(),
                    Some(Value::from("LIMITE")),
                    Some(Value::from("PUBLIC"))
                ),
                ("colour".to_string(), None, Some(Value::from("red"))),
            ]
        );
        assert!(fields(&a, &a).is_empty());
    }

    #[test]
    fn code_blocks_comments_and_unreferenced_footnotes() {
        let a = v("Text.\n\n```\n1 Rue de la Loi\n```\n\n<!-- note -->\n\n[^x]: Unused.\n");
        let b = v("Text.\n\n```\n175 Rue de la Loi\n```\n\n<!-- note -->\n");
        let anywhere = |_: Place, _: Place| true;
        let o = other(&a, &b, &anywhere);
        assert_eq!(o.len(), 2, "{o:?}");
        assert_eq!(o[0].kind, "code block");
        assert_eq!(o[0].old.as_ref().unwrap().line, 3);
        assert_eq!(o[1].kind, "footnote");
        assert!(o[1].new.is_none());
        assert!(other(&a, &a, &anywhere).is_empty());
    }

    #[test]
    fn front_matter_comments_count() {
        let a = v("---\ndate: 2025-07-18 # as circulated\n---\nText.\n");
        let b = v("---\ndate: 2025-07-18\n---\nText.\n");
        let anywhere = |_: Place, _: Place| true;
        assert_eq!(other(&a, &b, &anywhere)[0].kind, "front matter comments");
        let c = v("---\ndate: \"2025-07-18\"\n---\nText.\n");
        assert!(other(&b, &c, &anywhere).is_empty());
    }
}
