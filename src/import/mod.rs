//! Importing drafts as they arrive: the text of a Council note (as extracted from its PDF) and
//! Word documents (`.docx`).
//!
//! Each reader turns its input into a [`Draft`]: metadata, a title, a dateline and a flat list of
//! [`Block`]s. [`Draft::to_markdown`] then writes the version file in the same shape as a hand
//! transcription (front matter, `#` title, dateline, `##` headings, `---` before closing
//! paragraphs), escaping only what Markdown would otherwise read as markup, and reads the result
//! back to check that every clause says exactly what the source said.

pub mod council_text;
pub mod docx;
pub mod manifest_edit;
pub mod marks;
pub mod pdf;

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{Meta, Status, Version};
use crate::source::Source;
use crate::text::collapse_whitespace;

/// A document as read by an importer, before it is written as Markdown.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub meta: Meta,
    /// The declaration's title (the `#` heading).
    pub title: Option<String>,
    /// The place-and-date line under the title.
    pub dateline: Option<String>,
    pub blocks: Vec<Block>,
    /// What the importer could not recognise, one line each, for the user.
    pub warnings: Vec<String>,
    /// Lines written as comments at the end of the front matter (who changed what in a Word
    /// document): kept in the file, never part of the text.
    pub comments: Vec<String>,
}

/// One block of an imported body. Texts are plain text on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading: level 2 is `##`.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// A list item (a numbered paragraph or a bullet); `depth` 0 is a top-level item, which is a
    /// clause, deeper ones nest in the item above.
    Item {
        marker: Marker,
        depth: usize,
        text: String,
    },
    /// A further paragraph of the list item above at `depth` (sub-points `(a)`, `(b)`).
    Continuation {
        depth: usize,
        text: String,
    },
    /// The thematic break (`---`) before closing paragraphs.
    Break,
}

/// How a list item is marked. The number is presentation, not text: it is kept only so the
/// Markdown reads like the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Number(u32),
    Bullet,
}

/// What kind of file an input is, by its first bytes (and name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Docx,
    /// A PDF, read through `pdftotext`.
    Pdf,
}

/// The magic bytes of a zip archive (a `.docx` is one).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
/// The magic bytes of an OLE compound file: an encrypted (password-protected) Office document,
/// or a legacy `.doc`.
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decide how to read `bytes`: a zip is a Word document; an OLE container is refused; anything
/// else is text (which [`Source`] then checks for binary data and UTF-8).
pub fn kind_of(path: &Path, bytes: &[u8]) -> Result<Kind> {
    if bytes.starts_with(CFB_MAGIC) {
        return Err(Error::file(
            path,
            "is an encrypted (password-protected) Office file or a legacy `.doc`, not a `.docx`",
        )
        .hint(
            "remove the password in Word (File > Info > Protect Document), or save it as `.docx`",
        ));
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        return Ok(Kind::Docx);
    }
    if bytes.starts_with(pdf::MAGIC) {
        return Ok(Kind::Pdf);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("docx" | "docm" | "dotx")) {
        return Err(
            Error::file(path, "is not a Word document: a `.docx` is a zip archive")
                .hint("save the document again as `.docx`, or give its text in a `.txt` file"),
        );
    }
    Ok(Kind::Text)
}

impl Draft {
    /// The version file: front matter and Markdown body.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let mut meta = self.meta.to_json();
        meta.remove("title");
        if !meta.is_empty() || !self.comments.is_empty() {
            out.push_str("---\n");
            if !meta.is_empty() {
                out.push_str(crate::write::yaml_text(&Value::Object(meta)).trim_end());
                out.push('\n');
            }
            for line in &self.comments {
                out.push_str("# ");
                // One line each: a comment cannot hold a line break.
                out.push_str(&collapse_whitespace(line));
                out.push('\n');
            }
            out.push_str("---\n\n");
        }
        let mut blocks: Vec<String> = Vec::new();
        if let Some(title) = &self.title {
            blocks.push(format!("# {}", escape_heading(title)));
        }
        if let Some(dateline) = &self.dateline {
            blocks.push(escape_line(dateline));
        }
        // Content indentation of the open list items, by depth.
        let mut indents: Vec<usize> = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Heading { level, text } => {
                    indents.clear();
                    let marks = "#".repeat(usize::from((*level).clamp(2, 6)));
                    blocks.push(format!("{marks} {}", escape_heading(text)));
                }
                Block::Paragraph(text) => {
                    indents.clear();
                    blocks.push(escape_line(text));
                }
                Block::Break => {
                    indents.clear();
                    blocks.push("---".to_string());
                }
                Block::Item {
                    marker,
                    depth,
                    text,
                } => {
                    let depth = (*depth).min(indents.len());
                    indents.truncate(depth);
                    let pad = indents.last().copied().unwrap_or(0);
                    let mark = match marker {
                        Marker::Number(n) => format!("{n}."),
                        Marker::Bullet => "-".to_string(),
                    };
                    blocks.push(format!("{}{mark} {}", " ".repeat(pad), escape_line(text)));
                    indents.push(pad + mark.len() + 1);
                }
                Block::Continuation { depth, text } => {
                    let pad = indents
                        .get((*depth).min(indents.len().saturating_sub(1)))
                        .copied();
                    match pad {
                        Some(pad) => {
                            blocks.push(format!("{}{}", " ".repeat(pad), escape_line(text)));
                        }
                        None => blocks.push(escape_line(text)),
                    }
                }
            }
        }
        if !blocks.is_empty() {
            out.push_str(&blocks.join("\n\n"));
            out.push('\n');
        }
        out
    }

    /// The plain texts the clauses must have, in order (what `decl show` will print).
    #[must_use]
    pub fn expected_clauses(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut in_item = false;
        for block in &self.blocks {
            match block {
                Block::Paragraph(t) => {
                    out.push(collapse_whitespace(t));
                    in_item = false;
                }
                Block::Item { depth: 0, text, .. } => {
                    out.push(collapse_whitespace(text));
                    in_item = true;
                }
                Block::Item { text, .. } | Block::Continuation { text, .. } => {
                    match out.last_mut() {
                        Some(last) if in_item => {
                            last.push(' ');
                            last.push_str(&collapse_whitespace(text));
                        }
                        _ => {
                            out.push(collapse_whitespace(text));
                            in_item = matches!(block, Block::Item { .. });
                        }
                    }
                }
                Block::Heading { .. } | Block::Break => in_item = false,
            }
        }
        out
    }

    /// Write the Markdown and read it back: every clause, the title and the dateline must come
    /// back with the text the importer found. A difference is a warning (it would be a bug in
    /// the escaping), never a silent change of wording.
    pub fn render_checked(&self, name: &str) -> Result<(String, Version)> {
        let markdown = self.to_markdown();
        let source = Source::new(name, markdown.clone());
        let version = crate::parse::markdown::parse(&source, &Meta::default(), "import")?;
        let mut warnings = Vec::new();
        let got: Vec<&str> = version.clauses().map(|c| c.text.as_str()).collect();
        let want = self.expected_clauses();
        if got.len() == want.len() {
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                if g != w {
                    warnings.push(format!(
                        "clause {i} reads `{g}` in Markdown but `{w}` in the source; check it"
                    ));
                }
            }
        } else {
            warnings.push(format!(
                "the Markdown has {} clauses where the source has {}; check the result",
                got.len(),
                want.len()
            ));
        }
        let got: Vec<&str> = version
            .sections
            .iter()
            .filter_map(|s| s.heading.as_ref().map(|h| h.text.as_str()))
            .collect();
        let want: Vec<String> = self
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(collapse_whitespace(text)),
                _ => None,
            })
            .collect();
        if got != want {
            warnings.push(format!(
                "the headings read back as {got:?} where the source has {want:?}; check them"
            ));
        }
        if let Some(title) = &self.title
            && version.title.as_ref().map(|t| t.text.as_str())
                != Some(collapse_whitespace(title).as_str())
        {
            warnings.push(format!(
                "the title `{title}` is not read back as written; check it"
            ));
        }
        if let Some(dateline) = &self.dateline
            && version.dateline.as_ref().map(|d| d.text.as_str()) != Some(dateline.as_str())
        {
            warnings.push(format!(
                "`{dateline}` is not read back as the place-and-date line; check it"
            ));
        }
        let mut version = version;
        version.warnings.clear();
        if !warnings.is_empty() {
            return Err(Error::new(format!(
                "cannot write `{name}` faithfully as Markdown: {}",
                warnings.join("; ")
            ))
            .hint("please report this with the input file"));
        }
        Ok((markdown, version))
    }
}

/// Escape what Markdown would read as markup in a line of plain text, so that its plain text
/// (what `decl show` prints) is exactly `text`. Square brackets stay as they are: they are the
/// negotiation's brackets, and plain `[text]` is not a link.
#[must_use]
pub fn escape_line(text: &str) -> String {
    let text = collapse_whitespace(text);
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            '\\' | '*' | '_' | '`' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                out.push_str("\\&");
            }
            // `[text](url)` and `[text][ref]` would be links.
            '(' | '[' if i > 0 && chars[i - 1] == ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    escape_line_start(&out)
}

/// A heading's text escaped as [`escape_line`] does, and a closing brace at its end escaped
/// too: `## Prevention {#prevention}` would otherwise make `{#prevention}` the heading's id and
/// take it out of the text.
#[must_use]
pub fn escape_heading(text: &str) -> String {
    let mut line = escape_line(text);
    if line.ends_with('}') {
        line.insert(line.len() - 1, '\\');
    }
    line
}

/// Escape a block marker at the start of a line: `#`, `>`, `-`, `+`, `=`, `|`, `~`, a number
/// followed by `.` or `)`, or a link reference definition `[x]: …`.
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    if matches!(first, Some('#' | '>' | '-' | '+' | '=' | '|' | '~')) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    if line.starts_with('[')
        && let Some(close) = line.find(']')
        && line[close + 1..].starts_with(':')
    {
        return format!("\\{line}");
    }
    line.to_string()
}

/// A paragraph that is a heading by its text: a bracketed line such as
/// `[On prevention of migrant smuggling, we:]` (a placeholder like `[list of countries]` is not:
/// a heading has four words or more, or ends with a colon), or a short line ending `, we:`.
#[must_use]
pub fn is_heading_text(text: &str) -> bool {
    let text = text.trim();
    let words = text.split_whitespace().count();
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return !inner.contains(['[', ']'])
            && words <= 25
            && !inner.trim_end().ends_with(['.', ';'])
            && (words >= 4 || inner.trim_end().ends_with(':'));
    }
    words <= 15 && (text.ends_with(", we:") || text.ends_with(", we"))
}

pub use crate::parse::markdown::is_dateline;

/// Whether a line ends the way a clause does, not a heading: with `.`, `;`, `,`, `!` or `?`.
fn ends_like_a_clause(text: &str) -> bool {
    text.trim_end().ends_with(['.', ';', ',', '!', '?'])
}

/// A heading numbered the way Council notes number them: `I. Prevention`, `A. Prevention`,
/// `1. Prevention`, `1.2 Prevention`, `(a) Prevention`, with a short unpunctuated text after.
fn is_numbered_heading(text: &str) -> bool {
    let Some((number, rest)) = text.split_once(' ') else {
        return false;
    };
    let core = number.trim_start_matches('(').trim_end_matches(['.', ')']);
    let numbered = !core.is_empty()
        && number != core
        && (core.bytes().all(|b| b.is_ascii_digit())
            || core.bytes().all(|b| b"IVXLC".contains(&b))
            || (core.len() == 1 && core.bytes().all(|b| b.is_ascii_alphabetic())));
    let dotted = core
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && core.contains('.');
    (numbered || dotted) && is_short_heading(rest)
}

/// A short line that does not end like a clause and starts with a capital (or a bracket).
fn is_short_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=12).contains(&words)
        && !ends_like_a_clause(text)
        && !text.trim_end().ends_with(':')
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '[')
}

/// Section headings among the paragraphs of an imported body, the ways Council notes mark them:
/// a heading's own text (`[On prevention, we:]`, `On prevention, we:`), a bracketed line standing
/// alone between clauses (`[Enforcement]`), a short line without closing punctuation between
/// clauses, and a numbered heading (`I. Prevention`, `A. Prevention`, `1. Prevention`) whether
/// it was read as a paragraph or as a numbered paragraph. Such a line never becomes a clause.
pub fn recognise_headings(blocks: &mut [Block]) {
    let is_clause = |b: Option<&Block>| match b {
        Some(Block::Paragraph(t)) => ends_like_a_clause(t) || t.trim_end().ends_with(':'),
        Some(Block::Item { .. } | Block::Continuation { .. }) => true,
        _ => false,
    };
    for i in 0..blocks.len() {
        let (before, after) = (
            i.checked_sub(1).and_then(|j| blocks.get(j)),
            blocks.get(i + 1),
        );
        let standing_alone = is_clause(after)
            && (before.is_none()
                || is_clause(before)
                || matches!(before, Some(Block::Heading { .. })));
        let heading = match &blocks[i] {
            Block::Paragraph(text) => {
                let bracketed = text.starts_with('[')
                    && text.ends_with(']')
                    && !text[1..text.len() - 1].contains(['[', ']']);
                is_heading_text(text)
                    || is_numbered_heading(text)
                    || (standing_alone
                        && (bracketed && text.split_whitespace().count() <= 15
                            || is_short_heading(text)))
            }
            Block::Item {
                marker: Marker::Number(_),
                depth: 0,
                text,
            } => {
                // `1. Prevention` over clauses of its own: short, unpunctuated, followed by text.
                text.split_whitespace().count() <= 8
                    && is_short_heading(text)
                    && after.is_some_and(|b| !matches!(b, Block::Heading { .. } | Block::Break))
            }
            _ => false,
        };
        if heading {
            let text = match &blocks[i] {
                Block::Paragraph(text) => text.clone(),
                Block::Item {
                    marker: Marker::Number(n),
                    text,
                    ..
                } => format!("{n}. {text}"),
                _ => continue,
            };
            blocks[i] = Block::Heading { level: 2, text };
        }
    }
}

/// Whether a paragraph can be the title: short, and not ending like a sentence or clause.
fn is_title_text(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=30).contains(&words)
        && !text.trim_end().ends_with(['.', ';', ',', ':'])
        && !is_dateline(text)
}

/// Take the title and the dateline from the first blocks, when they look like them.
pub fn take_title_and_dateline(draft: &mut Draft) {
    if draft.title.is_none()
        && let Some(Block::Paragraph(first)) = draft.blocks.first()
        && is_title_text(first)
        && !is_heading_text(first)
    {
        draft.title = Some(first.clone());
        draft.blocks.remove(0);
    }
    // The Markdown reader knows a dateline only right under the title.
    if draft.title.is_some()
        && draft.dateline.is_none()
        && let Some(Block::Paragraph(first)) = draft.blocks.first()
        && is_dateline(first)
    {
        draft.dateline = Some(first.clone());
        draft.blocks.remove(0);
    }
    // An empty draft is refused by `decl import` itself.
    if draft.title.is_none() && !draft.blocks.is_empty() {
        draft
            .warnings
            .push("no title recognised: the first paragraph became a clause".to_string());
    }
}

/// Set closing paragraphs apart with a thematic break, as declarations are laid out: after the
/// last heading, the trailing paragraphs in which the signatories speak (`We, the
/// representatives …`, `We reaffirm …`) stand outside the last section.
pub fn add_closing_break(blocks: &mut Vec<Block>) {
    let Some(last_heading) = blocks
        .iter()
        .rposition(|b| matches!(b, Block::Heading { .. }))
    else {
        return;
    };
    if blocks.iter().any(|b| matches!(b, Block::Break)) {
        return;
    }
    let speaks = |b: &Block| matches!(b, Block::Paragraph(t) if t.starts_with("We ") || t.starts_with("We,"));
    let mut start = blocks.len();
    while start > last_heading + 1 && speaks(&blocks[start - 1]) {
        start -= 1;
    }
    // Only when the section keeps clauses of its own above the closing paragraphs.
    if start < blocks.len() && start > last_heading + 1 {
        blocks.insert(start, Block::Break);
    }
}

/// A draft's metadata defaults: an imported draft is a draft.
#[must_use]
pub fn draft_meta() -> Meta {
    Meta {
        status: Some(Status::Draft),
        ..Meta::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_plain_text() {
        for text in [
            "1. not a list",
            "# not a heading",
            "- not a bullet",
            "a *star* and _under_ and `tick` <tag> &amp; \\",
            "[x]: not a definition",
            "[link](not) and [a][b]",
            "[list of countries] stays",
        ] {
            let draft = Draft {
                blocks: vec![Block::Paragraph(text.to_string())],
                ..Draft::default()
            };
            let (_, version) = draft.render_checked("t.md").unwrap();
            let texts: Vec<&str> = version.clauses().map(|c| c.text.as_str()).collect();
            assert_eq!(texts, [text], "{}", draft.to_markdown());
        }
        assert_eq!(escape_line("[list of countries]"), "[list of countries]");
    }

    #[test]
    fn headings_and_placeholders() {
        assert!(is_heading_text("[On prevention of migrant smuggling, we:]"));
        assert!(is_heading_text(
            "[On alternatives to irregular migration, we]"
        ));
        assert!(!is_heading_text("[list of countries]"));
        assert!(!is_heading_text("[date]"));
        assert!(is_heading_text("On response to migrant smuggling, we:"));
    }

    #[test]
    fn nested_items_render_as_one_clause() {
        let draft = Draft {
            blocks: vec![
                Block::Item {
                    marker: Marker::Number(1),
                    depth: 0,
                    text: "Call on:".into(),
                },
                Block::Continuation {
                    depth: 0,
                    text: "(a) states;".into(),
                },
                Block::Item {
                    marker: Marker::Bullet,
                    depth: 1,
                    text: "partners.".into(),
                },
                Block::Item {
                    marker: Marker::Number(2),
                    depth: 0,
                    text: "Agree.".into(),
                },
            ],
            ..Draft::default()
        };
        let (_, version) = draft.render_checked("t.md").unwrap();
        let texts: Vec<&str> = version.clauses().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Call on: (a) states; partners.", "Agree."]);
    }
}
