//! The Presidency's own change marks in a REV: new text in bold (or bold and underlined),
//! deleted text struck through or replaced by `[…]`. `decl import --marks` reads them (Word
//! formatting, or `**new**` and `~~deleted~~` in a note's text), leaves the deleted text and the
//! `[…]` out of the version, and compares the marks with the real diff against the previous
//! version: every change that is not marked, and every mark where nothing changed, is a
//! [`Finding`].
//!
//! The marks are found in a [`Stream`]: the document's text, whitespace collapsed, with the
//! ranges marked new and the places marked deleted. Each clause of the imported version is then
//! looked up in the stream, in order; a clause the stream does not hold as one run of text (a
//! page footer or a hyphenated line end inside it) is named as not checked.

use std::ops::Range;

use crate::diff::{self, Kind, Op, Options};
use crate::docx::read::{Document, Reading};
use crate::model::Version;

/// `[…]` as Council documents print it, and as it is often typed.
const ELISIONS: [&str; 2] = ["[…]", "[...]"];

/// What closes up to the word before when an elision between them goes.
const PUNCTUATION: [char; 7] = [';', ',', '.', ':', '!', '?', ')'];

/// The text of a document with its marks.
#[derive(Debug, Default, Clone)]
pub struct Stream {
    pub text: String,
    /// Byte ranges of `text` marked new.
    pub new: Vec<Range<usize>>,
    /// Places in `text` marked deleted, with the text struck there (`[…]` when elided).
    pub deleted: Vec<(usize, String)>,
}

impl Stream {
    fn push(&mut self, text: &str, new: bool) {
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
                continue;
            }
            let at = self.text.len();
            self.text.push(c);
            if new {
                match self.new.last_mut() {
                    Some(r) if r.end == at || self.text[r.end..at].trim().is_empty() => {
                        r.end = self.text.len();
                    }
                    _ => self.new.push(at..self.text.len()),
                }
            }
        }
    }

    /// Text that may hold `[…]`: each is a deletion mark, not text.
    fn push_with_elisions(&mut self, text: &str, new: bool) {
        let mut rest = text;
        while let Some((at, elision)) = ELISIONS
            .iter()
            .filter_map(|e| rest.find(e).map(|at| (at, *e)))
            .min()
        {
            self.push(&rest[..at], new);
            rest = &rest[at + elision.len()..];
            // `fund […];` reads `fund;` once the elision is out.
            if rest.starts_with(PUNCTUATION) && self.text.ends_with(' ') {
                self.text.pop();
            }
            self.deleted.push((self.text.len(), "[…]".to_string()));
        }
        self.push(rest, new);
    }

    fn strike(&mut self, text: &str) {
        let at = self.text.len();
        match self.deleted.last_mut() {
            Some((p, t)) if *p == at || *p + 1 == at => t.push_str(text),
            _ => self.deleted.push((at, text.to_string())),
        }
    }

    fn paragraph_break(&mut self) {
        self.push(" ", false);
    }

    /// The marks of a Word document, read with its tracked changes accepted.
    #[must_use]
    pub fn of_docx(doc: &Document) -> Stream {
        let mut s = Stream::default();
        for p in doc.read(Reading::Accept) {
            for segment in &p.segments {
                if segment.format.strike {
                    s.strike(&segment.text);
                } else {
                    s.push_with_elisions(&segment.text, segment.format.bold);
                }
            }
            s.paragraph_break();
        }
        s
    }

    /// The marks of a note's text: `**new**`, `~~deleted~~`, `[…]`.
    #[must_use]
    pub fn of_text(text: &str) -> Stream {
        let mut s = Stream::default();
        let mut bold = false;
        let mut rest = text;
        loop {
            let next = ["**", "~~"]
                .iter()
                .filter_map(|m| rest.find(m).map(|at| (at, *m)))
                .min();
            let Some((at, marker)) = next else {
                s.push_with_elisions(rest, bold);
                break;
            };
            s.push_with_elisions(&rest[..at], bold);
            rest = &rest[at + 2..];
            if marker == "**" {
                bold = !bold;
            } else {
                let end = rest.find("~~").unwrap_or(rest.len());
                s.strike(&rest[..end]);
                rest = &rest[(end + 2).min(rest.len())..];
            }
        }
        s
    }
}

/// A note's text without what its marks delete: `~~struck~~` text and `[…]`.
#[must_use]
pub fn without_deletions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("~~") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find("~~").unwrap_or(after.len());
        rest = &after[(end + 2).min(after.len())..];
    }
    out.push_str(rest);
    strip_elisions(&out)
}

/// Text without `[…]` (and without the space before it when punctuation follows).
#[must_use]
pub fn strip_elisions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, elision)) = ELISIONS
        .iter()
        .filter_map(|e| rest.find(e).map(|at| (at, *e)))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at + elision.len()..];
        if rest.starts_with(PUNCTUATION) {
            while out.ends_with(' ') {
                out.pop();
            }
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// A disagreement between the marks and the diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The clause's number as `decl show` prints it.
    pub clause: String,
    /// Its position among the new version's clauses; `None` for a clause deleted whole.
    pub index: Option<usize>,
    pub message: String,
}

/// Whether text has a word in it (not only spaces and punctuation).
fn wordy(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Compare the marks in `stream` with the diff from `previous` to `version`.
#[must_use]
pub fn compare(stream: &Stream, previous: &Version, version: &Version) -> (Vec<Finding>, usize) {
    let d = diff::diff(previous, version, &Options::default());
    let numbers = crate::model::number::numbers(version);
    let clauses: Vec<&str> = version.clauses().map(|c| c.text.as_str()).collect();
    // Per new clause: its ops in the order of its text.
    let mut ops: Vec<Vec<(Op, String)>> = vec![Vec::new(); clauses.len()];
    let mut deleted: Vec<(String, String)> = Vec::new();
    for c in &d.changes {
        match c.kind {
            Kind::Deleted => {
                deleted.extend(
                    c.old
                        .iter()
                        .map(|r| (r.number.to_string(), r.text().to_string())),
                );
            }
            Kind::Added => {
                for r in &c.new {
                    ops[r.index()] = vec![(Op::Insert, r.text().to_string())];
                }
            }
            Kind::Unchanged | Kind::Moved => {
                for r in &c.new {
                    ops[r.index()] = vec![(Op::Equal, r.text().to_string())];
                }
            }
            Kind::Modified | Kind::Split | Kind::Merged => {
                let inline = c
                    .inline
                    .as_ref()
                    .map(|i| i.ops.as_slice())
                    .unwrap_or_default();
                for (part, r) in c.new.iter().enumerate() {
                    ops[r.index()] = inline
                        .iter()
                        .filter(|o| c.kind != Kind::Split || o.part == part)
                        .map(|o| (o.op, o.text.clone()))
                        .collect();
                }
            }
        }
    }
    let mut findings = Vec::new();
    let mut unlocated = 0;
    let mut from = 0;
    for (i, text) in clauses.iter().enumerate() {
        let number = numbers
            .get(i)
            .map_or_else(|| (i + 1).to_string(), ToString::to_string);
        let Some(found) = stream.text[from..].find(text).map(|at| at + from) else {
            unlocated += 1;
            continue;
        };
        from = found + text.len();
        let mut add = |message: String| {
            findings.push(Finding {
                clause: number.clone(),
                index: Some(i),
                message,
            });
        };
        let is_new = |at: usize| stream.new.iter().any(|r| r.contains(&(found + at)));
        let deletion_near = |at: usize| {
            stream
                .deleted
                .iter()
                .any(|(p, _)| (found + at).abs_diff(*p) <= 1)
        };
        let mut pos = 0;
        let mut explained: Vec<usize> = Vec::new();
        for (op, t) in &ops[i] {
            match op {
                Op::Equal => {
                    let marked: String = t
                        .char_indices()
                        .filter(|(k, c)| !c.is_whitespace() && is_new(pos + k))
                        .map(|(_, c)| c)
                        .collect();
                    if wordy(&marked) {
                        add(format!(
                            "`{}` is marked new but did not change",
                            marked_words(t, pos, &is_new)
                        ));
                    }
                    pos += t.len();
                }
                Op::Insert => {
                    let unmarked = t
                        .char_indices()
                        .any(|(k, c)| c.is_alphanumeric() && !is_new(pos + k));
                    if unmarked && wordy(t) {
                        add(format!("`{}` is new but not marked", t.trim()));
                    }
                    pos += t.len();
                }
                Op::Delete => {
                    if wordy(t) {
                        if deletion_near(pos) {
                            explained.push(pos);
                        } else {
                            add(format!(
                                "`{}` was deleted but no deletion is marked",
                                t.trim()
                            ));
                        }
                    }
                }
            }
        }
        for (p, struck) in &stream.deleted {
            if *p < found || *p > found + text.len() {
                continue;
            }
            let at = p - found;
            if !explained.iter().any(|e| e.abs_diff(at) <= 1) {
                add(format!(
                    "`{}` is marked deleted, but nothing was deleted there",
                    struck.trim()
                ));
            }
        }
    }
    // Clauses deleted whole: struck somewhere, or an elision stands for them.
    for (number, text) in deleted {
        let struck = stream
            .deleted
            .iter()
            .any(|(_, t)| crate::text::collapse_whitespace(t) == text);
        if !struck {
            findings.push(Finding {
                clause: format!("{number} of {}", previous.id),
                index: None,
                message: format!("`{text}` was deleted but is not shown struck through"),
            });
        }
    }
    (findings, unlocated)
}

/// The words of `text` that are marked new.
fn marked_words(text: &str, pos: usize, is_new: &dyn Fn(usize) -> bool) -> String {
    let mut out = String::new();
    for (k, c) in text.char_indices() {
        if is_new(pos + k) {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    crate::text::collapse_whitespace(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_marks_are_read() {
        let s = Stream::of_text("Reaffirm **our full** support ~~and strong~~ for […] science;");
        assert_eq!(s.text, "Reaffirm our full support for science;");
        assert_eq!(&s.text[s.new[0].clone()], "our full");
        assert_eq!(s.deleted.len(), 2);
        assert_eq!(s.deleted[0].1, "and strong");
        assert_eq!(
            crate::text::collapse_whitespace(&without_deletions(
                "Reaffirm **our** support ~~and strong~~ for […] science;"
            )),
            "Reaffirm **our** support for science;"
        );
    }
}
