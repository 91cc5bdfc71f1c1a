//! The declaration model: versions made of sections made of clauses.
//!
//! A [`Version`] is one draft. Its body is a title (`#`), an optional dateline
//! (`Brussels, 10 December 2025` right under the title), and [`Section`]s: the unnamed preamble
//! before the first `##` heading, one section per heading, and an unnamed section after a
//! thematic break (`---`), which is how closing paragraphs stand apart from the last heading.
//! A section holds [`Item`]s: [`Clause`]s (paragraphs, list items, block quotes, tables) and raw
//! blocks that are not clauses (HTML comments, code blocks, link definitions), kept so that
//! nothing a person wrote is dropped.

pub mod brackets;
pub mod date;
pub mod docnum;
pub mod lists;
pub mod meta;
pub mod number;
pub mod status;
pub mod text;

use std::ops::Range;
use std::path::PathBuf;

pub use brackets::{Bracket, Brackets};
pub use date::Date;
pub use docnum::DocNumber;
pub use meta::{Meta, Status, Warning};
pub use number::Number;
pub use status::ClauseStatus;
pub use text::Text;

/// The file format a version was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Yaml,
}

/// One version (draft) of a declaration.
#[derive(Debug, Clone)]
pub struct Version {
    /// How the version is named in messages and outputs: a path, or `REV:PATH`.
    pub source: String,
    /// The file on disk, when there is one.
    pub path: Option<PathBuf>,
    pub format: Format,
    /// The version id: front matter `id`, else the file name without extension.
    pub id: String,
    /// The version's metadata, with the declaration's manifest values filled in.
    pub meta: Meta,
    /// The metadata written in the version itself (what a conversion writes back).
    pub own_meta: Meta,
    /// The front matter exactly as written (without the `---` lines), kept for `fmt`.
    pub front_matter: Option<String>,
    /// Front matter fields that are not known fields (warned about), in the order written: a
    /// diff still compares them.
    pub extra_meta: Vec<(String, serde_json::Value)>,
    /// Blocks before the title that are not clauses (raw blocks and footnote definitions).
    pub preface: Vec<Item>,
    /// The `#` heading.
    pub title: Option<Heading>,
    /// The place-and-date line under the title.
    pub dateline: Option<Dateline>,
    pub sections: Vec<Section>,
    /// Problems that did not stop the reading.
    pub warnings: Vec<Warning>,
}

/// A heading: the title or a section heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// The heading's inline Markdown source, without `#` marks and `{#id}`.
    pub markdown: String,
    /// Plain text: inline markup removed, whitespace collapsed.
    pub text: String,
    /// The explicit id (`{#id}`), if any.
    pub id: Option<String>,
    /// Other attributes of the heading's attribute block, as written there: classes
    /// (`.name`) and `key=value` pairs, in order; kept so a rewrite keeps them.
    pub attributes: Vec<String>,
    pub level: u8,
    pub brackets: Brackets,
    /// What the plain text does not show (emphasis, links, code spans, inline HTML), see
    /// [`Clause::markup`].
    pub markup: Option<Box<str>>,
    /// 1-based line in the source.
    pub line: usize,
}

/// The place-and-date line of a declaration, e.g. `Brussels, 10 December 2025`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    pub markdown: String,
    pub text: String,
    pub line: usize,
}

/// A section: an optional heading and the items under it.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's explicit id, else a slug of its text; `None` for unnamed sections.
    pub id: Option<String>,
    pub heading: Option<Heading>,
    /// Heading level (2 for `##`); unnamed sections are level 2.
    pub level: u8,
    /// Whether a thematic break (`---`) opened this unnamed section.
    pub after_break: bool,
    pub items: Vec<Item>,
}

/// What a section holds.
#[derive(Debug, Clone)]
pub enum Item {
    Clause(Clause),
    /// A block that is not a clause (code, raw HTML, a comment, link reference definitions),
    /// verbatim.
    Raw(Raw),
    /// A footnote definition (`[^label]: text`): not a clause; it belongs to the clauses that
    /// reference it.
    Footnote(Footnote),
}

/// A block that is not a clause, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    /// The block's source, line endings normalised, surrounding blank lines removed.
    pub text: String,
    /// 1-based line in the source (0 when unknown).
    pub line: usize,
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    pub label: String,
    /// The whole definition as written, `[^label]:` included.
    pub markdown: String,
    /// The plain text of its content (as for clauses).
    pub text: String,
    /// What the plain text does not show, as for clauses.
    pub markup: Option<Box<str>>,
    /// 1-based line in the source (0 when unknown).
    pub line: usize,
}

impl Raw {
    /// What kind of block this is, for people: `code block`, `comment`, `HTML block`, `link
    /// definition`, else `block`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        let t = self.text.trim_start_matches([' ', '\t']);
        if t.starts_with("```")
            || t.starts_with("~~~")
            || self.text.starts_with("    ")
            || self.text.starts_with('\t')
        {
            "code block"
        } else if t.starts_with("<!--") {
            "comment"
        } else if t.starts_with('<') {
            "HTML block"
        } else if t.starts_with('[') {
            "link definition"
        } else {
            "block"
        }
    }
}

/// What kind of block a clause is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClauseKind {
    Paragraph,
    /// A list item; `list` numbers the lists of a version so consecutive items can be regrouped.
    ListItem {
        list: usize,
        ordered: bool,
        loose: bool,
    },
    BlockQuote,
    Table,
}

/// A clause: the unit that diffs align, ids name and reservations point at.
#[derive(Debug, Clone)]
pub struct Clause {
    /// Position among all clauses of the version, from 0.
    pub index: usize,
    pub id: Option<String>,
    /// The paragraph status written in the id comment (`None`: not written, which is open).
    pub status: Option<ClauseStatus>,
    /// Plain text: inline markup removed, whitespace collapsed, numbering and id excluded.
    pub text: Text,
    /// The clause's Markdown source as written, without its id comment, when it differs from
    /// `text` (most clauses are one line of unmarked words: they keep one copy). Read it with
    /// [`Clause::markdown`].
    pub source_markdown: Option<String>,
    pub kind: ClauseKind,
    /// Byte range in the source file (empty for YAML sources).
    pub span: Range<usize>,
    /// 1-based line in the source.
    pub line: usize,
    pub brackets: Brackets,
    /// Labels of the footnotes the clause references, in order of reference.
    pub footnotes: Vec<String>,
    /// What the plain text does not show, `None` when there is nothing: emphasis, links and
    /// their targets, images, code spans, inline HTML other than the id comment, line breaks,
    /// footnote references and nested block structure, each with the position (in
    /// non-blank characters of the text) where it stands. Two clauses with the same text and
    /// the same markup render alike, whatever their wrapping, list markers or Markdown
    /// spelling (`*a*` and `_a_`).
    pub markup: Option<Box<str>>,
}

impl Version {
    /// All clauses in document order.
    pub fn clauses(&self) -> impl Iterator<Item = &Clause> {
        self.sections.iter().flat_map(Section::clauses)
    }

    /// All clauses with the section they are in.
    pub fn clauses_with_sections(&self) -> impl Iterator<Item = (&Section, &Clause)> {
        self.sections
            .iter()
            .flat_map(|s| s.clauses().map(move |c| (s, c)))
    }

    #[must_use]
    pub fn clause_count(&self) -> usize {
        self.clauses().count()
    }

    /// The title as plain text: the `#` heading, else the `title` field.
    #[must_use]
    pub fn title_text(&self) -> Option<String> {
        self.title
            .as_ref()
            .map(|h| h.text.clone())
            .or_else(|| self.meta.title.clone())
    }

    /// Every footnote definition, in document order.
    pub fn footnotes(&self) -> impl Iterator<Item = &Footnote> {
        self.preface
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.items.iter()))
            .filter_map(|i| match i {
                Item::Footnote(f) => Some(f),
                _ => None,
            })
    }

    /// The definition of footnote `label` (the first, if a label is defined twice).
    #[must_use]
    pub fn footnote(&self, label: &str) -> Option<&Footnote> {
        let label = footnote_key(label);
        self.footnotes().find(|f| footnote_key(&f.label) == label)
    }

    /// Renumber clause indices after the sections were edited.
    pub fn reindex(&mut self) {
        let mut index = 0;
        for section in &mut self.sections {
            for item in &mut section.items {
                if let Item::Clause(c) = item {
                    c.index = index;
                    index += 1;
                }
            }
        }
    }
}

/// Footnote labels match case-insensitively, as `CommonMark` link labels do.
fn footnote_key(label: &str) -> String {
    crate::text::collapse_whitespace(label).to_lowercase()
}

impl Clause {
    /// The clause's Markdown source as written, without its id comment.
    #[must_use]
    pub fn markdown(&self) -> &str {
        self.source_markdown.as_deref().unwrap_or(&self.text)
    }

    /// Set the Markdown source, keeping one copy when it reads exactly as the plain text.
    pub fn set_markdown(&mut self, markdown: String) {
        self.source_markdown = (markdown != self.text.as_str()).then_some(markdown);
    }
}

impl Section {
    pub fn clauses(&self) -> impl Iterator<Item = &Clause> {
        self.items.iter().filter_map(|i| match i {
            Item::Clause(c) => Some(c),
            Item::Raw(_) | Item::Footnote(_) => None,
        })
    }

    /// The heading as plain text, if the section has one.
    #[must_use]
    pub fn heading_text(&self) -> Option<&str> {
        self.heading.as_ref().map(|h| h.text.as_str())
    }
}

impl Version {
    /// The first way in which `other` does not read as the same version, for people (`None`
    /// when it does): metadata, title, dateline, sections and headings, clauses (id, text,
    /// Markdown, kind, footnotes), raw blocks and footnote definitions. Used to refuse any
    /// rewrite (`fmt`, a conversion) that would not read back as what it was made from.
    #[must_use]
    pub fn first_difference(&self, other: &Version) -> Option<String> {
        let untitled = |m: &Meta| Meta {
            title: None,
            ..m.clone()
        };
        if untitled(&self.own_meta) != untitled(&other.own_meta)
            || self.extra_meta != other.extra_meta
        {
            return Some("the front matter".to_string());
        }
        let heading = |h: &Option<Heading>| {
            h.as_ref().map(|h| {
                (
                    h.markdown.clone(),
                    h.id.clone(),
                    h.level,
                    h.attributes.clone(),
                )
            })
        };
        // The title is the `#` heading, or the `title` field where there is none (the YAML
        // format writes either as its `title`); a field beside a heading is a fact of its own.
        let title = |v: &Version| {
            (
                v.title
                    .as_ref()
                    .map(|h| (h.markdown.clone(), h.id.clone()))
                    .or_else(|| v.own_meta.title.clone().map(|t| (t, None))),
                v.title.as_ref().and(v.own_meta.title.clone()),
            )
        };
        if title(self) != title(other) {
            return Some("the title".to_string());
        }
        let dateline = |d: &Option<Dateline>| d.as_ref().map(|d| d.markdown.clone());
        if dateline(&self.dateline) != dateline(&other.dateline) {
            return Some("the dateline".to_string());
        }
        if !same_items(&self.preface, &other.preface) {
            return Some("the blocks before the title".to_string());
        }
        let sections = |v: &Version| -> Vec<usize> {
            v.sections
                .iter()
                .enumerate()
                .filter(|(n, s)| *n > 0 || !s.items.is_empty())
                .map(|(n, _)| n)
                .collect()
        };
        let (ours, theirs) = (sections(self), sections(other));
        for (k, (&s, &t)) in ours.iter().zip(&theirs).enumerate() {
            let (a, b) = (&self.sections[s], &other.sections[t]);
            if heading(&a.heading) != heading(&b.heading) || a.after_break != b.after_break {
                return Some(format!("section {}", k + 1));
            }
            if !same_items(&a.items, &b.items) {
                let line = a
                    .items
                    .iter()
                    .zip(&b.items)
                    .find(|(x, y)| !same_items(std::slice::from_ref(x), std::slice::from_ref(y)))
                    .or_else(|| a.items.last().zip(b.items.last()))
                    .map_or(0, |(x, _)| x.line());
                return Some(match (a.heading_text(), line) {
                    (_, line) if line > 0 => format!("the block on line {line}"),
                    (Some(h), _) => format!("a block under “{h}”"),
                    (None, _) => format!("a block of section {}", k + 1),
                });
            }
        }
        (ours.len() != theirs.len()).then(|| "the number of sections".to_string())
    }
}

impl Item {
    /// The 1-based line the item starts on (0 when unknown).
    #[must_use]
    pub fn line(&self) -> usize {
        match self {
            Item::Clause(c) => c.line,
            Item::Raw(r) => r.line,
            Item::Footnote(f) => f.line,
        }
    }
}

/// Whether two lists of items read alike (lines and spans aside).
fn same_items(a: &[Item], b: &[Item]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Item::Clause(x), Item::Clause(y)) => {
                let kind = |c: &Clause| match &c.kind {
                    ClauseKind::ListItem { ordered, loose, .. } => (1, *ordered, *loose),
                    ClauseKind::Paragraph => (0, false, false),
                    ClauseKind::BlockQuote => (2, false, false),
                    ClauseKind::Table => (3, false, false),
                };
                x.id == y.id
                    && x.status == y.status
                    && x.text == y.text
                    && x.markdown() == y.markdown()
                    && kind(x) == kind(y)
                    && x.footnotes == y.footnotes
                    && x.markup == y.markup
            }
            (Item::Raw(x), Item::Raw(y)) => x.text == y.text,
            (Item::Footnote(x), Item::Footnote(y)) => {
                x.label == y.label && x.markdown == y.markdown
            }
            _ => false,
        })
}
