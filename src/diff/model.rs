//! The diff as plain data: computed once by [`crate::diff::diff`], read by every output format.
//! Clause texts are borrowed from the two versions, which outlive the diff.

/// The result of comparing two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff<'a> {
    pub old: Side,
    pub new: Side,
    /// Every clause of each side in exactly one change, in new-document order with deletions
    /// placed where they were.
    pub changes: Vec<Change<'a>>,
    /// Changes to section headings: renamed, brackets removed, added, removed.
    pub sections: Vec<SectionChange>,
    pub summary: Summary,
    /// How clauses were matched.
    pub matched_by: MatchedBy,
}

/// One of the two versions compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// A path or `REV:PATH`.
    pub source: String,
    /// The version id.
    pub version: String,
    /// The title as plain text.
    pub title: Option<String>,
    pub clauses: usize,
    /// The sections in document order, including the unnamed preamble.
    pub sections: Vec<SectionInfo>,
    /// Front matter `illustrative: true`: the text is a reconstruction, not a real draft, and
    /// displays meant for people say so.
    pub illustrative: bool,
    /// The distribution marking (`LIMITE`, `PUBLIC`, …), printed on every page of the HTML.
    pub classification: Option<String>,
    /// The Council document number, as written in outputs (`11767/25`).
    pub document: Option<String>,
    /// The language of the text (`en`), for the HTML `lang` attribute.
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionInfo {
    pub id: Option<String>,
    /// The heading as plain text; `None` for an unnamed section.
    pub heading: Option<String>,
}

/// Whether clause ids or clause texts decided identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// Both versions carry an id on every clause.
    Ids,
    Content,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Unchanged,
    Modified,
    Moved,
    Added,
    Deleted,
    Split,
    Merged,
}

impl Kind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Unchanged => "unchanged",
            Kind::Modified => "modified",
            Kind::Moved => "moved",
            Kind::Added => "added",
            Kind::Deleted => "deleted",
            Kind::Split => "split",
            Kind::Merged => "merged",
        }
    }
}

/// A clause as a change refers to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseRef<'a> {
    /// Position among all clauses of its version, from 0 (as in `decl show`).
    pub index: usize,
    pub id: Option<String>,
    /// Ordinal of the section in [`Side::sections`].
    pub section: usize,
    /// Plain text.
    pub text: &'a str,
    /// 1-based line in the source (0 when unknown).
    pub line: usize,
}

/// One change: a group of old clauses and the new clauses they became.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<'a> {
    /// `Modified` when the text changed (whether or not it moved); `Moved` when only the
    /// position changed.
    pub kind: Kind,
    /// Out of order relative to the clauses around it, or in another section.
    pub moved: bool,
    /// In a section other than the one its old section became (implies `moved`).
    pub cross_section: bool,
    pub old: Vec<ClauseRef<'a>>,
    pub new: Vec<ClauseRef<'a>>,
    /// The word diff from the old text to the new, for modified clauses.
    pub inline: Option<Inline>,
    pub brackets: BracketChange,
}

impl Change<'_> {
    /// Whether this is anything but an unchanged clause in place.
    #[must_use]
    pub fn is_change(&self) -> bool {
        self.kind != Kind::Unchanged
    }
}

/// A word diff: concatenating `equal` and `delete` texts gives the old text, `equal` and
/// `insert` texts the new.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inline {
    pub ops: Vec<InlineOp>,
    /// Set when the word diff ran out of time and a coarser diff was used instead.
    pub fallback: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equal,
    Insert,
    Delete,
}

impl Op {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Equal => "equal",
            Op::Insert => "insert",
            Op::Delete => "delete",
        }
    }

    /// The text of an op as displays without colour write it: `{-deleted-}`, `{+inserted+}`,
    /// equal text as it is. Not git's `[-deleted-]`: in a declaration square brackets are part
    /// of the text (words not yet agreed), and a removed bracket would read `[-[-]`.
    #[must_use]
    pub fn marked(self, text: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Op::Equal => std::borrow::Cow::Borrowed(text),
            Op::Insert => std::borrow::Cow::Owned(format!("{{+{text}+}}")),
            Op::Delete => std::borrow::Cow::Owned(format!("{{-{text}-}}")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineOp {
    pub op: Op,
    pub text: String,
}

/// Square brackets that appeared in (opened) or disappeared from (closed) a change's text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BracketChange {
    pub opened: Vec<String>,
    pub closed: Vec<String>,
}

impl BracketChange {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.opened.is_empty() && self.closed.is_empty()
    }
}

/// What happened to a section heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Renamed,
    /// Only square brackets were removed from the heading (it was agreed).
    Unbracketed,
    Added,
    Removed,
}

impl SectionKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Renamed => "renamed",
            SectionKind::Unbracketed => "unbracketed",
            SectionKind::Added => "added",
            SectionKind::Removed => "removed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionChange {
    pub kind: SectionKind,
    /// Ordinal in the old version's sections, when the section exists there.
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub old_heading: Option<String>,
    pub new_heading: Option<String>,
    pub brackets: BracketChange,
}

/// How many changes of each kind; `moved` counts changes of kind `moved` (a moved clause whose
/// text also changed counts as `modified`, and `moved_modified` counts those).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub unchanged: usize,
    pub modified: usize,
    pub moved: usize,
    pub added: usize,
    pub deleted: usize,
    pub split: usize,
    pub merged: usize,
    /// Modified clauses that also moved.
    pub moved_modified: usize,
    pub brackets_opened: usize,
    pub brackets_closed: usize,
    /// Word diffs that ran out of time and fell back to a coarser diff.
    pub inline_fallbacks: usize,
}

impl Summary {
    /// Whether anything changed: clauses or section headings.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.modified + self.moved + self.added + self.deleted + self.split + self.merged > 0
    }
}

impl Diff<'_> {
    /// Whether the versions differ in clauses or section headings.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.summary.has_changes() || !self.sections.is_empty()
    }
}
