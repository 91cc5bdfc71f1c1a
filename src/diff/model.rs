//! The diff as plain data: computed once by [`crate::diff::diff`], read by every output format.
//! Clause texts are borrowed from the two versions, which outlive the diff.

use crate::model::lists::RareLists;

/// The result of comparing two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff<'a> {
    pub old: Side,
    pub new: Side,
    /// Every clause of each side in exactly one change, in new-document order with deletions
    /// placed where they were.
    pub changes: Vec<Change<'a>>,
    /// Changes to section headings: renamed, brackets removed, added, removed, moved.
    pub sections: Vec<SectionChange>,
    /// Every section of the old version that is in the new one, changed or not: `(old
    /// ordinal, new ordinal)`.
    pub section_pairs: Vec<(usize, usize)>,
    /// Runs of consecutive clauses moved together, each one move.
    pub moves: Vec<MoveBlock>,
    pub summary: Summary,
    /// How clauses were matched.
    pub matched_by: MatchedBy,
    /// The title, the dateline and the front matter fields that differ.
    pub document: Vec<FieldChange>,
    /// Blocks that are not clauses and differ (code, raw HTML, comments, link definitions,
    /// footnote definitions no clause references, front matter comments).
    pub other: Vec<OtherChange>,
}

/// A document field that differs: `title`, `dateline`, or a front matter field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    /// The value, `None` where the field is not set.
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
}

impl FieldChange {
    /// Whether people must not miss it: the distribution marking or the negotiation status.
    #[must_use]
    pub fn is_prominent(&self) -> bool {
        matches!(self.field.as_str(), "classification" | "status")
    }

    /// A value as people read it: text as it is, other values as YAML writes them.
    #[must_use]
    pub fn show(value: Option<&serde_json::Value>) -> String {
        match value {
            None => "(not set)".to_string(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
        }
    }
}

/// A block that is not a clause, added, removed or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherChange {
    /// `code block`, `comment`, `HTML block`, `link definition`, `footnote`, `front matter
    /// comments`, or `block`.
    pub kind: &'static str,
    pub old: Option<Block>,
    pub new: Option<Block>,
    /// The same text in another place (another section, or after another clause).
    pub moved: bool,
}

/// A block's text and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    /// 1-based line in its file (0 when unknown).
    pub line: usize,
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
    /// Ids anchored every match.
    Ids,
    /// Ids anchored some matches and content the others.
    IdsAndContent,
    /// No id is on both sides: content decided.
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

/// A clause as a change refers to it: the clause itself, with what its version says about it.
/// Small (40 bytes) because a diff holds one or two per clause of the larger version.
#[derive(Debug, Clone, Copy)]
pub struct ClauseRef<'a> {
    pub clause: &'a crate::model::Clause,
    /// The number a reader sees on it (see [`crate::model::number`]).
    pub number: crate::model::Number<'a>,
    /// Ordinal of the section in [`Side::sections`].
    pub section: usize,
}

impl<'a> ClauseRef<'a> {
    /// Position among all clauses of its version, from 0 (as in `decl show`).
    #[must_use]
    pub fn index(&self) -> usize {
        self.clause.index
    }

    #[must_use]
    pub fn id(&self) -> Option<&'a str> {
        self.clause.id.as_deref()
    }

    /// The paragraph status written in its id comment (`None`: none written, which is open).
    #[must_use]
    pub fn status(&self) -> Option<crate::model::ClauseStatus> {
        self.clause.status
    }

    /// Plain text.
    #[must_use]
    pub fn text(&self) -> &'a str {
        &self.clause.text
    }

    /// 1-based line in the source (0 when unknown).
    #[must_use]
    pub fn line(&self) -> usize {
        self.clause.line
    }
}

impl PartialEq for ClauseRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.index() == other.index()
            && self.number == other.number
            && self.id() == other.id()
            && self.status() == other.status()
            && self.section == other.section
            && self.text() == other.text()
            && self.line() == other.line()
    }
}

/// The clauses on one side of a change, read as a slice. Most changes have one, held in the
/// change itself: at 100,000 clauses that saves 200,000 allocations and 18 MB. (A generic
/// small vector would make [`Change`] invariant in its lifetime.)
#[derive(Debug, Clone)]
pub enum ClauseRefs<'a> {
    One(ClauseRef<'a>),
    /// None, or more than one.
    Other(Vec<ClauseRef<'a>>),
}

impl<'a> ClauseRefs<'a> {
    #[must_use]
    pub fn new() -> Self {
        ClauseRefs::Other(Vec::new())
    }

    #[must_use]
    pub fn as_slice(&self) -> &[ClauseRef<'a>] {
        self
    }
}

impl Default for ClauseRefs<'_> {
    fn default() -> Self {
        ClauseRefs::new()
    }
}

impl<'a> std::ops::Deref for ClauseRefs<'a> {
    type Target = [ClauseRef<'a>];

    fn deref(&self) -> &Self::Target {
        match self {
            ClauseRefs::One(r) => std::slice::from_ref(r),
            ClauseRefs::Other(refs) => refs,
        }
    }
}

impl<'a> FromIterator<ClauseRef<'a>> for ClauseRefs<'a> {
    fn from_iter<I: IntoIterator<Item = ClauseRef<'a>>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let Some(first) = iter.next() else {
            return ClauseRefs::new();
        };
        match iter.next() {
            None => ClauseRefs::One(first),
            Some(second) => ClauseRefs::Other([first, second].into_iter().chain(iter).collect()),
        }
    }
}

impl<'a> From<ClauseRef<'a>> for ClauseRefs<'a> {
    fn from(r: ClauseRef<'a>) -> Self {
        ClauseRefs::One(r)
    }
}

impl<'s, 'a> IntoIterator for &'s ClauseRefs<'a> {
    type Item = &'s ClauseRef<'a>;
    type IntoIter = std::slice::Iter<'s, ClauseRef<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for ClauseRefs<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
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
    /// The section of the new version the change stands in: that of its first new clause, or,
    /// for a deleted clause, the section its own section became (`None` when that section was
    /// removed).
    pub place: Option<usize>,
    /// The run of clauses moved together this change is part of (index into [`Diff::moves`]).
    pub block: Option<usize>,
    /// Of a split, the position in `new` of the clause that continues the old one (its pair,
    /// the part with most of its words); of a merge, the position in `old` of the clause the
    /// new one continues. 0 otherwise.
    pub primary: usize,
    pub old: ClauseRefs<'a>,
    pub new: ClauseRefs<'a>,
    /// The word diff from the old text to the new, for modified clauses.
    pub inline: Option<Box<Inline>>,
    pub brackets: BracketChange,
    /// Markup the plain text does not show changed (a link target, an image, inline HTML,
    /// emphasis, the kind of block): the clauses' Markdown and its word diff.
    pub markup: Option<Box<MarkupChange<'a>>>,
    /// Footnotes of the clause whose text changed, by place of reference.
    pub footnotes: Vec<FootnoteChange>,
}

/// The Markdown of a clause before and after a change its plain text hides.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkupChange<'a> {
    pub old: std::borrow::Cow<'a, str>,
    pub new: std::borrow::Cow<'a, str>,
    /// The word diff of the two, whitespace collapsed.
    pub inline: Inline,
}

/// A footnote of a clause that reads differently: the texts of the footnote referenced at the
/// same place (`None` where there is none, or it is not defined).
#[derive(Debug, Clone, PartialEq)]
pub struct FootnoteChange {
    /// 1-based: the first, second, … footnote the clause references.
    pub number: usize,
    pub old: Option<String>,
    pub new: Option<String>,
    pub inline: Option<Inline>,
}

impl Change<'_> {
    /// Whether this is anything but an unchanged clause in place with the same id and status.
    #[must_use]
    pub fn is_change(&self) -> bool {
        self.kind != Kind::Unchanged || self.id_changed() || self.status_change().is_some()
    }

    /// The paragraph status before and after, when it differs (as written: `None` where no
    /// status is written): of a clause paired with one clause, or of a split's or merge's
    /// clause and the part that continues it.
    #[must_use]
    pub fn status_change(
        &self,
    ) -> Option<(
        Option<crate::model::ClauseStatus>,
        Option<crate::model::ClauseStatus>,
    )> {
        let (old, new) = match (self.old.as_slice(), self.new.as_slice()) {
            ([a], [b]) => (a, b),
            ([a], parts) if self.kind == Kind::Split => (a, parts.get(self.primary)?),
            (parts, [b]) if self.kind == Kind::Merged => (parts.get(self.primary)?, b),
            _ => return None,
        };
        (old.status() != new.status()).then_some((old.status(), new.status()))
    }

    /// Whether the words of an agreed (or agreed ad ref) clause changed (or it was split or
    /// merged) while it still says it is agreed: text agreed is reopened only by setting its
    /// status back to `open`.
    #[must_use]
    pub fn reopens_agreed_text(&self) -> bool {
        let agreed =
            |s: Option<crate::model::ClauseStatus>| crate::model::ClauseStatus::of(s).is_agreed();
        // Words, not formatting: a changed link target or emphasis alone reopens nothing.
        let words_changed = match self.kind {
            Kind::Modified => self
                .inline
                .as_ref()
                .is_some_and(|i| i.ops.iter().any(|o| o.op != Op::Equal)),
            Kind::Split | Kind::Merged => true,
            _ => false,
        };
        words_changed
            && self.old.iter().any(|c| agreed(c.status()))
            && self.new.iter().any(|c| agreed(c.status()))
    }

    /// An unchanged or moved clause whose id is another (or was added or removed).
    #[must_use]
    pub fn id_changed(&self) -> bool {
        match (self.old.as_slice(), self.new.as_slice()) {
            ([a], [b]) => a.id() != b.id(),
            _ => false,
        }
    }
}

/// A word diff: concatenating `equal` and `delete` texts gives the old text, `equal` and
/// `insert` texts the new.
///
/// Of a split, the ops run in the order of the old text, and each op has the `part` (position
/// in [`Change::new`]) it belongs to: `equal` + `delete` texts give the old text, and the
/// `equal` + `insert` texts of one part, in order, that new clause. Of a merge, the reverse:
/// the ops run in the order of the new text, `equal` + `insert` give it, and the `equal` +
/// `delete` texts of one part (position in [`Change::old`]) that old clause.
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
    /// The clause of a split or merge the op belongs to (see [`Inline`]); 0 otherwise.
    pub part: usize,
}

/// Square brackets that appeared in (opened) or disappeared from (closed) a change's text.
/// Nothing when there are none (see [`RareLists`]): most changes have none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BracketChange(RareLists<String, String>);

impl BracketChange {
    #[must_use]
    pub fn new(opened: Vec<String>, closed: Vec<String>) -> Self {
        BracketChange(RareLists::new(opened, closed))
    }

    /// Bracket texts that appeared.
    #[must_use]
    pub fn opened(&self) -> &[String] {
        self.0.first()
    }

    /// Bracket texts that disappeared.
    #[must_use]
    pub fn closed(&self) -> &[String] {
        self.0.second()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Consecutive clauses moved together: changes `changes` of [`Diff::changes`], each one clause
/// moved (and possibly modified), whose old clauses followed each other in one section and
/// whose new clauses do too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveBlock {
    pub changes: std::ops::Range<usize>,
}

/// What happened to a section heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Renamed,
    /// Only square brackets were removed from the heading (it was agreed).
    Unbracketed,
    /// Only the heading's number changed (`3. Enforcement` → `4. Enforcement`), or was added
    /// or dropped.
    Renumbered,
    /// Only the heading's level changed (`##` → `###`).
    Level,
    /// Only markup its text does not show changed (emphasis, a link, attributes).
    Formatting,
    /// Only the heading's explicit id changed.
    Id,
    /// Only the section's place among the sections changed.
    Moved,
    Added,
    Removed,
}

impl SectionKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Renamed => "renamed",
            SectionKind::Unbracketed => "unbracketed",
            SectionKind::Renumbered => "renumbered",
            SectionKind::Level => "level",
            SectionKind::Formatting => "formatting",
            SectionKind::Id => "id",
            SectionKind::Moved => "moved",
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
    /// Heading levels (2 for `##`), where the section exists.
    pub old_level: Option<u8>,
    pub new_level: Option<u8>,
    /// Explicit heading ids (`{#id}`), where written.
    pub old_id: Option<String>,
    pub new_id: Option<String>,
    /// An unnamed section opened by a thematic break (`---`), added or removed.
    pub is_break: bool,
    /// Out of order among the sections (kind `moved` when nothing else changed).
    pub moved: bool,
}

impl SectionChange {
    /// What happened, for people: `section renamed: “A” → “B”` (with the level when it changed
    /// too).
    #[must_use]
    pub fn describe(&self) -> String {
        let old = self.old_heading.as_deref().unwrap_or("");
        let new = self.new_heading.as_deref().unwrap_or("");
        let mut level = match (self.old_level, self.new_level) {
            (Some(a), Some(b)) if a != b && self.kind != SectionKind::Level => {
                format!(" (level {a} → {b})")
            }
            _ => String::new(),
        };
        if self.moved && self.kind != SectionKind::Moved {
            level.push_str(" (moved)");
        }
        match self.kind {
            SectionKind::Renamed => format!("section renamed: “{old}” → “{new}”{level}"),
            SectionKind::Unbracketed => format!("section heading agreed: “{old}” → “{new}”{level}"),
            SectionKind::Renumbered => format!("section renumbered: “{old}” → “{new}”{level}"),
            SectionKind::Level => format!(
                "section heading level: “{new}” {} → {}",
                self.old_level.unwrap_or(0),
                self.new_level.unwrap_or(0)
            ),
            SectionKind::Formatting => {
                format!("section heading formatting changed: “{new}”{level}")
            }
            SectionKind::Id => {
                let id =
                    |id: Option<&str>| id.map_or("(none)".to_string(), |id| format!("{{#{id}}}"));
                format!(
                    "section heading id: “{new}” {} → {}{level}",
                    id(self.old_id.as_deref()),
                    id(self.new_id.as_deref())
                )
            }
            SectionKind::Moved if self.is_break => "section break (---) moved".to_string(),
            SectionKind::Moved => format!("section moved: “{new}”"),
            SectionKind::Added if self.is_break => "section break (---) added".to_string(),
            SectionKind::Removed if self.is_break => "section break (---) removed".to_string(),
            SectionKind::Added => format!("section added: “{new}”"),
            SectionKind::Removed => format!("section removed: “{old}”"),
        }
    }
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
    /// Square brackets opened and closed, in clauses and in section headings.
    pub brackets_opened: usize,
    pub brackets_closed: usize,
    /// Of those, the ones in section headings.
    pub heading_brackets_opened: usize,
    pub heading_brackets_closed: usize,
    /// Word diffs that ran out of time and fell back to a coarser diff.
    pub inline_fallbacks: usize,
    /// Document fields (title, dateline, front matter) that differ.
    pub document: usize,
    /// Blocks that are not clauses and differ.
    pub other: usize,
    /// Clauses paired unchanged or moved whose id differs (or was added or removed).
    pub ids_changed: usize,
    /// Changes whose paragraph status differs (see [`Change::status_change`]).
    pub statuses_changed: usize,
    /// Changes that alter the words of a clause still marked agreed (see
    /// [`Change::reopens_agreed_text`]).
    pub agreed_reopened: usize,
    /// Modified clauses whose plain text is the same: only markup or footnotes changed.
    pub formatting: usize,
}

impl Summary {
    /// Whether any clause changed.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.modified + self.moved + self.added + self.deleted + self.split + self.merged > 0
    }
}

impl Diff<'_> {
    /// Whether the two versions differ in anything: a document field, a clause, a clause id, a
    /// section heading or a block that is not a clause.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.summary.has_changes()
            || self.summary.ids_changed > 0
            || self.summary.statuses_changed > 0
            || !self.sections.is_empty()
            || !self.document.is_empty()
            || !self.other.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_refs_read_as_the_slice_they_were_collected_from() {
        let source = crate::source::Source::new("t.md", "# T\n\nOne.\n\nTwo.\n\nThree.\n".into());
        let version = crate::parse::version(&source, &crate::model::Meta::default()).unwrap();
        let refs: Vec<ClauseRef> = version
            .clauses()
            .map(|clause| ClauseRef {
                clause,
                number: crate::model::Number::Place {
                    place: clause.index + 1,
                    marked: false,
                },
                section: 0,
            })
            .collect();
        for n in 0..=refs.len() {
            let collected: ClauseRefs = refs[..n].iter().copied().collect();
            assert_eq!(collected.as_slice(), &refs[..n]);
            assert_eq!(matches!(collected, ClauseRefs::One(_)), n == 1);
        }
        // Equal by the clauses they hold, however held.
        assert_eq!(ClauseRefs::from(refs[0]), ClauseRefs::Other(vec![refs[0]]));
        assert_ne!(ClauseRefs::from(refs[0]), ClauseRefs::from(refs[1]));
        assert_eq!(refs[1].text(), "Two.");
        assert_eq!(refs[2].index(), 2);
    }

    #[test]
    fn a_heading_id_removed_reads_none() {
        let change = SectionChange {
            kind: SectionKind::Id,
            old: Some(1),
            new: Some(1),
            old_heading: Some("On prevention".into()),
            new_heading: Some("On prevention".into()),
            brackets: BracketChange::default(),
            old_level: Some(2),
            new_level: Some(2),
            old_id: Some("prevention".into()),
            new_id: None,
            is_break: false,
            moved: false,
        };
        assert_eq!(
            change.describe(),
            "section heading id: “On prevention” {#prevention} → (none)"
        );
    }
}
