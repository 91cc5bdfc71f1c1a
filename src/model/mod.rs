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
pub mod meta;
pub mod text;

use std::ops::Range;
use std::path::PathBuf;

pub use brackets::{Bracket, Brackets};
pub use date::Date;
pub use docnum::DocNumber;
pub use meta::{Meta, Status, Warning};
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
    /// Raw blocks before the title.
    pub preface: Vec<String>,
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
    pub level: u8,
    pub brackets: Brackets,
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
    /// A block that is not a clause, verbatim.
    Raw(String),
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
            Item::Raw(_) => None,
        })
    }

    /// The heading as plain text, if the section has one.
    #[must_use]
    pub fn heading_text(&self) -> Option<&str> {
        self.heading.as_ref().map(|h| h.text.as_str())
    }
}
