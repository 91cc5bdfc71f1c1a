//! Council notes as text, as extracted from their PDF (like `tests/fixtures/seeds/11767-25.txt`).
//!
//! A note has a head on its first page (place and date with the original language, the
//! document number with `REV`/`ADD`/`COR`, the marking, the codes line, the document type, the
//! `From:`/`To:`/`Subject:` block and the cover note), then the annex with the declaration. Every
//! page ends with a footer line (`11767/25 JAI.1 LIMITE EN`), which may fall in the middle of a
//! paragraph.
//!
//! What the reader does, and only this, so that no word of the declaration changes:
//! - PDF artefacts go: `**`, `<u>`, `</u>` (and `<b>`, `<i>`); a form feed is a page break;
//! - footer lines go wherever they are; a paragraph cut by one is joined again when it does not
//!   end like a sentence or the next page goes on in lower case;
//! - lines of a paragraph are joined with a space; a word split by a hyphen at the end of a line
//!   is joined without it, unless the document spells it with the hyphen elsewhere, or both parts
//!   are words of their own in the document (`capacity-` + `building`), or the second part starts
//!   with a capital (`EU-` + `Africa`);
//! - numbered paragraphs (`1.`, `(1)`, `1)`) become numbered list items, bullets (`•`, `-`, `–`)
//!   bullet items, and sub-points (`(a)`, `(i)`) further paragraphs of the item above;
//! - a bracketed line of four words or more (or ending with a colon) is a heading, as are short
//!   lines ending `, we:`, Roman-numbered lines (`II. Response`) and short lines in capitals; a
//!   placeholder such as `[list of countries]` stays text.

use super::{Block, Draft, Marker, add_closing_break, draft_meta, is_heading_text};
use crate::model::{Date, DocNumber};
use crate::text::collapse_whitespace;

/// One line of the input, cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Text(String),
    Blank,
    /// A page footer or a form feed.
    PageBreak,
}

/// Lines between blank lines.
#[derive(Debug, Clone)]
struct Chunk {
    lines: Vec<String>,
    /// 1-based line number of the first line.
    line: usize,
    /// Whether a page ended between the previous chunk and this one.
    after_page_break: bool,
}

/// Read the text of a Council note. Anything it does not recognise is kept as clauses, and the
/// draft's warnings say what was not recognised.
#[must_use]
pub fn import(text: &str) -> Draft {
    let lines = read_lines(text);
    let chunks = chunks(&lines);
    let mut draft = Draft {
        meta: draft_meta(),
        ..Draft::default()
    };
    // The directorate code is printed in the page footers only.
    draft.meta.dg = text
        .lines()
        .map(clean)
        .filter(|l| is_footer(l))
        .find_map(|l| {
            l.split_whitespace()
                .find(|t| is_dg_code(t))
                .map(ToString::to_string)
        });
    let body_start = read_head(&chunks, &mut draft);
    let mut body: &[Chunk] = &chunks[body_start..];
    // The annex's own label is structure, not text of the declaration.
    if let Some(first) = body.first()
        && first.lines.len() == 1
        && is_annex_label(&first.lines[0])
    {
        body = &body[1..];
    }
    let vocabulary = Vocabulary::of(body);
    let units = units(body, &vocabulary);
    draft.blocks = initial_blocks(units);
    super::take_title_and_dateline(&mut draft);
    for block in &mut draft.blocks {
        if let Block::Paragraph(text) = block
            && is_heading_line(text)
        {
            *block = Block::Heading {
                level: 2,
                text: std::mem::take(text),
            };
        }
    }
    super::recognise_headings(&mut draft.blocks);
    add_closing_break(&mut draft.blocks);
    draft
}

fn read_lines(text: &str) -> Vec<Line> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    for raw in text.split('\n') {
        let mut raw = raw;
        // A form feed (pdftotext's page separator) ends a page, wherever it is on the line.
        while let Some(at) = raw.find('\u{c}') {
            push_line(&mut out, &raw[..at]);
            out.push(Line::PageBreak);
            raw = &raw[at + 1..];
        }
        push_line(&mut out, raw);
    }
    out
}

fn push_line(out: &mut Vec<Line>, raw: &str) {
    let cleaned = clean(raw);
    if cleaned.trim().is_empty() {
        out.push(Line::Blank);
    } else if is_footer(&cleaned) {
        out.push(Line::PageBreak);
    } else {
        out.push(Line::Text(cleaned));
    }
}

/// Remove the emphasis markup that PDF-to-text conversion leaves.
fn clean(line: &str) -> String {
    let mut s = line.replace("**", "");
    for tag in [
        "<u>",
        "</u>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<strong>",
        "</strong>",
        "<em>",
        "</em>",
    ] {
        if s.contains(tag) {
            s = s.replace(tag, "");
        }
    }
    s.trim_end().to_string()
}

fn chunks(lines: &[Line]) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut current: Option<Chunk> = None;
    let mut page_break = false;
    for (i, line) in lines.iter().enumerate() {
        match line {
            Line::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.lines.push(t.clone());
                } else {
                    current = Some(Chunk {
                        lines: vec![t.clone()],
                        line: i + 1,
                        after_page_break: page_break,
                    });
                    page_break = false;
                }
            }
            Line::Blank => out.extend(current.take()),
            Line::PageBreak => {
                out.extend(current.take());
                page_break = true;
            }
        }
    }
    out.extend(current);
    out
}

// ---------------------------------------------------------------------------------------------
// Footers

/// A page footer: the document number, then codes such as the DG (`JAI.1`), initials (`MM/ik`),
/// the page number, the marking and the language (`EN`); or, in the older two-line footer, the
/// second line (`JAI.1 LIMITE EN`).
fn is_footer(line: &str) -> bool {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 12 {
        return false;
    }
    for k in (1..=tokens.len().min(7)).rev() {
        if DocNumber::parse(&tokens[..k].join(" ")).is_ok() {
            let rest = &tokens[k..];
            return !rest.is_empty()
                && rest.iter().all(|t| is_footer_token(t))
                && rest
                    .iter()
                    .any(|t| is_dg_code(t) || is_language(t) || is_initials(t));
        }
    }
    (2..=5).contains(&tokens.len())
        && is_dg_code(tokens[0])
        && tokens.last().is_some_and(|t| is_language(t))
        && tokens.iter().all(|t| is_footer_token(t))
}

/// `JAI.1`, `GIP.B`, `RELEX.1.C`: a Council directorate code.
fn is_dg_code(t: &str) -> bool {
    let mut parts = t.split('.');
    let head = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    (2..=8).contains(&head.len())
        && head.chars().all(|c| c.is_ascii_uppercase())
        && !rest.is_empty()
        && rest.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

fn is_language(t: &str) -> bool {
    t.len() == 2 && t.chars().all(|c| c.is_ascii_uppercase())
}

const MARKINGS: &[&str] = &[
    "LIMITE",
    "PUBLIC",
    "RESTREINT",
    "RESTRICTED",
    "CONFIDENTIEL",
    "CONFIDENTIAL",
    "SECRET",
    "UE",
    "EU",
    "ANNEX",
    "DG",
];

fn is_footer_token(t: &str) -> bool {
    is_dg_code(t)
        || is_language(t)
        || MARKINGS.contains(&t)
        || (t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
        || is_initials(t)
        // `ANNEX II`, `DG D 1A`.
        || (t.len() <= 4 && t.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// The drafter's initials, `MM/ik`.
fn is_initials(t: &str) -> bool {
    t.split_once('/').is_some_and(|(a, b)| {
        (1..=4).contains(&a.len())
            && (1..=4).contains(&b.len())
            && a.chars().chain(b.chars()).all(|c| c.is_ascii_alphabetic())
    })
}

fn is_annex_label(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next() == Some("ANNEX")
        && words.all(|w| {
            w.len() <= 4
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

// ---------------------------------------------------------------------------------------------
// The head

const FIELD_KEYS: &[&str] = &[
    "From",
    "To",
    "Subject",
    "No. prev. doc.",
    "No. Cion doc.",
    "No. Cion doc",
    "No. prev. doc",
    "Interinstitutional File",
    "Delegation",
];

/// A `Key: value` line of the head, split.
fn field(line: &str) -> Option<(&'static str, String)> {
    let trimmed = line.trim_start();
    FIELD_KEYS.iter().find_map(|&key| {
        let rest = trimmed.strip_prefix(key)?.trim_start();
        let value = rest.strip_prefix(':')?;
        Some((key, collapse_whitespace(value)))
    })
}

/// `Brussels, 18 July 2025 (OR. en)` → place, date, original language.
fn place_and_date(line: &str) -> Option<(String, Date, Option<String>)> {
    let line = line.trim();
    let (line, language) = match line.rfind("(OR.") {
        Some(at) => {
            let lang = line[at + 4..]
                .trim()
                .trim_end_matches(')')
                .trim()
                .to_ascii_lowercase();
            let ok = lang.len() == 2 && lang.chars().all(|c| c.is_ascii_lowercase());
            (line[..at].trim_end(), ok.then_some(lang))
        }
        None => (line, None),
    };
    let (place, date) = line.split_once(", ")?;
    let date = Date::parse_long(date.trim())?;
    let place = place.trim();
    let ok = !place.is_empty()
        && place.split_whitespace().count() <= 4
        && place.chars().next().is_some_and(char::is_uppercase);
    ok.then(|| (place.to_string(), date, language))
}

/// `ENFOPOL 280 COSI 140 …`: subject codes, capitalised words each followed by a number.
fn is_codes_line(line: &str) -> bool {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    tokens.len() >= 2
        && tokens[0].chars().all(|c| c.is_ascii_uppercase())
        && tokens.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()))
        && tokens.iter().all(|t| {
            t.chars().all(|c| c.is_ascii_digit())
                || (t.len() >= 2 && t.chars().all(|c| c.is_ascii_uppercase() || c == '-'))
        })
}

/// The marking: `LIMITE`, `PUBLIC`, `RESTREINT UE/EU RESTRICTED`, …
fn is_marking(line: &str) -> bool {
    let words: Vec<&str> = line.split([' ', '/']).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 4
        && words
            .iter()
            .any(|w| ["LIMITE", "PUBLIC", "RESTREINT", "CONFIDENTIEL", "SECRET"].contains(w))
        && words
            .iter()
            .all(|w| MARKINGS.contains(w) || *w == "RESTRICTED")
}

/// The document type: `NOTE`, `COVER NOTE`, `"I/A" ITEM NOTE`, `OUTCOME OF PROCEEDINGS`, …
fn is_document_type(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=6).contains(&words.len())
        && line.chars().any(|c| c.is_ascii_uppercase())
        && line
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, ' ' | '"' | '\'' | '/' | '“' | '”'))
}

/// The Council's name printed at the top of the first page.
fn is_council_name(line: &str) -> bool {
    matches!(
        collapse_whitespace(line).as_str(),
        "Council of the" | "European Union" | "Council of the European Union"
    )
}

/// Read the note's head into the metadata and return the index of the first chunk of the body.
fn read_head(chunks: &[Chunk], draft: &mut Draft) -> usize {
    let first_break = chunks.iter().position(|c| c.after_page_break);
    let annex = chunks
        .iter()
        .position(|c| c.lines.len() == 1 && is_annex_label(&c.lines[0]));
    let mut end = match (first_break, annex) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut warnings = Vec::new();
    let mut meta = draft.meta.clone();
    let mut codes: Vec<String> = Vec::new();
    let mut cover: Vec<String> = Vec::new();
    let mut fields_seen = false;
    let mut subject_at: Option<usize> = None;
    let mut signals = 0usize;
    let limit = end.unwrap_or(chunks.len());
    let mut i = 0;
    while i < limit {
        let chunk = &chunks[i];
        let starts_with_field = field(&chunk.lines[0]).is_some();
        if !starts_with_field && subject_at.is_some() {
            // After the Subject, the cover note, up to the end of the first page (or the
            // annex). Without either, the annex starts where the subject is repeated as title.
            if end.is_none() && same_title(chunk, meta.subject.as_deref()) {
                end = Some(i);
                break;
            }
            cover.push(join_plain(&chunk.lines));
            i += 1;
            continue;
        }
        let mut key: Option<&'static str> = None;
        let mut n = 0;
        while n < chunk.lines.len() {
            let line = &chunk.lines[n];
            let at = chunk.line + n;
            n += 1;
            // `11767/1/25` and `REV 1` are often printed on two lines.
            let two_lines = chunk
                .lines
                .get(n)
                .map(|next| format!("{} {}", line.trim(), next.trim()));
            if key.is_none()
                && meta.document.is_none()
                && let Some(doc) = two_lines.and_then(|t| DocNumber::parse(&t).ok())
            {
                meta.document = Some(doc);
                signals += 1;
                n += 1;
                continue;
            }
            if let Some((k, value)) = field(line) {
                key = Some(k);
                fields_seen = true;
                set_field(&mut meta, k, &value);
                if k == "Subject" {
                    subject_at = Some(i);
                }
            } else if let Some(k) = key {
                // A value that runs over several lines.
                let value = collapse_whitespace(line);
                let old = field_value(&meta, k);
                set_field(&mut meta, k, format!("{old} {value}").trim());
            } else if let Some((place, date, language)) = place_and_date(line) {
                meta.place = Some(place);
                meta.date = Some(date);
                if language.is_some() {
                    meta.language = language;
                }
                signals += 1;
            } else if meta.document.is_none()
                && let Ok(doc) = DocNumber::parse(line.trim())
            {
                meta.document = Some(doc);
                signals += 1;
            } else if is_marking(line.trim()) {
                meta.classification = Some(collapse_whitespace(line));
            } else if is_codes_line(line) {
                codes.push(collapse_whitespace(line));
            } else if is_document_type(line.trim()) || is_council_name(line) {
                // The document type (`NOTE`) has no field; it is recognised and left out.
            } else {
                warnings.push(format!(
                    "line {at}: `{}` in the note's head is not recognised; left out",
                    collapse_whitespace(line)
                ));
            }
        }
        i += 1;
    }
    if fields_seen {
        signals += 1;
    }
    if signals == 0 {
        draft.warnings.push(
            "not recognised as a Council note (no place and date, document number or From/To/Subject lines): its paragraphs were read as clauses and headings"
                .to_string(),
        );
        return 0;
    }
    let Some(end) = end else {
        // A note whose annex could not be told apart from its cover note: keep everything
        // after the Subject as the body.
        warnings.push(
            "no page footer, `ANNEX` line or repeated subject marks where the annex starts: the paragraphs after `Subject:` became clauses"
                .to_string(),
        );
        draft.warnings.extend(warnings);
        draft.meta = finish_meta(meta, &codes, &[]);
        return subject_at.map_or(limit, |s| s + 1);
    };
    for (missing, what) in [
        (meta.document.is_none(), "document number"),
        (meta.date.is_none(), "place and date line"),
        (meta.subject.is_none(), "`Subject:` line"),
    ] {
        if missing {
            warnings.push(format!("the note's head has no {what}"));
        }
    }
    draft.warnings.extend(warnings);
    draft.meta = finish_meta(meta, &codes, &cover);
    end
}

fn finish_meta(
    mut meta: crate::model::Meta,
    codes: &[String],
    cover: &[String],
) -> crate::model::Meta {
    if !codes.is_empty() {
        meta.codes = Some(codes.join(" "));
    }
    if !cover.is_empty() {
        // The cover note is one field; its paragraphs are joined as the shipped versions have it.
        meta.note = Some(cover.join(" "));
    }
    meta
}

fn same_title(chunk: &Chunk, subject: Option<&str>) -> bool {
    let Some(subject) = subject else {
        return false;
    };
    let text = join_plain(&chunk.lines).to_lowercase();
    let subject = subject.to_lowercase();
    text == subject || subject.ends_with(&text) && text.split_whitespace().count() >= 3
}

fn set_field(meta: &mut crate::model::Meta, key: &str, value: &str) {
    let value = (!value.is_empty()).then(|| value.to_string());
    match key {
        "From" => meta.from = value,
        "To" => meta.to = value,
        "Subject" => meta.subject = value,
        _ => {}
    }
}

fn field_value(meta: &crate::model::Meta, key: &str) -> String {
    let v = match key {
        "From" => &meta.from,
        "To" => &meta.to,
        "Subject" => &meta.subject,
        _ => &None,
    };
    v.clone().unwrap_or_default()
}

/// Lines of the head joined with spaces (no hyphen rule: the head is metadata).
fn join_plain(lines: &[String]) -> String {
    collapse_whitespace(&lines.join(" "))
}

// ---------------------------------------------------------------------------------------------
// The body

/// The words of the body, to decide whether a hyphen at a line end is part of the word.
struct Vocabulary {
    words: std::collections::HashSet<String>,
}

impl Vocabulary {
    fn of(chunks: &[Chunk]) -> Vocabulary {
        let mut words = std::collections::HashSet::new();
        let mut previous_hyphen = false;
        for chunk in chunks {
            for line in &chunk.lines {
                let tokens: Vec<&str> = line.split_whitespace().collect();
                let ends_hyphen = ends_with_split_hyphen(line);
                for (i, token) in tokens.iter().enumerate() {
                    // Fragments at a line break are not words.
                    if (i == 0 && previous_hyphen) || (i + 1 == tokens.len() && ends_hyphen) {
                        continue;
                    }
                    let token = token.trim_matches(|c: char| !c.is_alphanumeric());
                    if token.is_empty() {
                        continue;
                    }
                    let lower = token.to_lowercase();
                    for part in lower.split('-') {
                        if !part.is_empty() {
                            words.insert(part.to_string());
                        }
                    }
                    words.insert(lower);
                }
                previous_hyphen = ends_hyphen;
            }
        }
        Vocabulary { words }
    }

    fn has(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }
}

fn ends_with_split_hyphen(line: &str) -> bool {
    let mut rev = line.chars().rev();
    matches!(rev.next(), Some('-' | '\u{ad}')) && rev.next().is_some_and(char::is_alphabetic)
}

/// Join two lines of one paragraph: with a space, or across a hyphen (see the module docs).
fn join(prev: &str, next: &str, vocabulary: &Vocabulary) -> String {
    let next = next.trim_start();
    if let Some(stem) = prev.strip_suffix('\u{ad}') {
        return format!("{stem}{next}");
    }
    if ends_with_split_hyphen(prev) && next.chars().next().is_some_and(char::is_alphabetic) {
        let stem = &prev[..prev.len() - 1];
        let left: String = stem
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let right: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        let token = stem.rsplit(char::is_whitespace).next().unwrap_or(stem);
        // `peer-to-` + `peer`: a compound that already has hyphens keeps this one too.
        let keep = token.contains('-')
            || vocabulary.has(&format!("{left}-{right}"))
            || (!vocabulary.has(&format!("{left}{right}"))
                && (next.chars().next().is_some_and(char::is_uppercase)
                    || (left.chars().count() >= 2
                        && right.chars().count() >= 2
                        && vocabulary.has(&left)
                        && vocabulary.has(&right))));
        return if keep {
            format!("{prev}{next}")
        } else {
            format!("{stem}{next}")
        };
    }
    format!("{} {next}", prev.trim_end())
}

/// A marker at the start of a line: a numbered paragraph, a sub-point or a bullet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Number(u32),
    SubPoint,
    Bullet,
}

/// The marker a line starts with, and where its text starts.
fn line_start(line: &str) -> Option<(Start, usize)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let after = &t[digits..];
        if let Some(rest) = after.strip_prefix(['.', ')'])
            && rest.starts_with([' ', '\t'])
            && let Ok(n) = t[..digits].parse()
        {
            return Some((Start::Number(n), indent + digits + 1));
        }
    }
    if let Some(inner) = t.strip_prefix('(') {
        let label: String = inner.chars().take_while(|c| *c != ')').collect();
        let rest = &inner[label.len()..];
        if rest.starts_with(") ") || rest.starts_with(")\t") {
            let len = indent + 1 + label.len() + 1;
            if (1..=3).contains(&label.len()) && label.chars().all(|c| c.is_ascii_digit()) {
                return label.parse().ok().map(|n| (Start::Number(n), len));
            }
            if (1..=4).contains(&label.len()) && label.chars().all(|c| c.is_ascii_lowercase()) {
                // The label stays in the text: `(a)` is how the clause refers to its points.
                return Some((Start::SubPoint, indent));
            }
        }
    }
    let mut chars = t.chars();
    if let Some(c) = chars.next()
        && matches!(
            c,
            '•' | '·' | '▪' | '◦' | '●' | '-' | '–' | '—' | '\u{f0b7}'
        )
        && chars.next().is_some_and(|s| s == ' ' || s == '\t')
    {
        return Some((Start::Bullet, indent + c.len_utf8()));
    }
    None
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', ';', ':', '!', '?', ']'])
}

/// A paragraph of the body with how it starts, before it is classified.
struct Unit {
    start: Option<Start>,
    text: String,
}

/// Split the body into paragraphs: chunks split where a line starts a numbered paragraph or a
/// bullet after a line that ended a sentence, or (in hard-wrapped text) after a short line that
/// ended a sentence; paragraphs cut by a page break joined again.
fn units(chunks: &[Chunk], vocabulary: &Vocabulary) -> Vec<Unit> {
    let wrapped = chunks.iter().any(|c| c.lines.len() > 1);
    let width = chunks
        .iter()
        .flat_map(|c| c.lines.iter())
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0);
    let use_width = wrapped && width <= 150;
    let mut out: Vec<Unit> = Vec::new();
    for chunk in chunks {
        let mut pieces: Vec<(Option<Start>, String)> = Vec::new();
        for (n, line) in chunk.lines.iter().enumerate() {
            let prev = n.checked_sub(1).map(|p| chunk.lines[p].as_str());
            let start = line_start(line);
            let breaks_here = match prev {
                None => true,
                Some(p) if start.is_some() && ends_sentence(p) => true,
                Some(p) => {
                    use_width
                        && ends_sentence(p)
                        && line
                            .trim_start()
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_uppercase() || matches!(c, '[' | '('))
                        && {
                            let next_word = line.split_whitespace().next().unwrap_or("");
                            p.trim_end().chars().count() + 1 + next_word.chars().count() + 2 < width
                        }
                }
            };
            let (kind, text) = match start {
                Some((kind, at)) => (Some(kind), line[at..].trim().to_string()),
                None => (None, line.trim().to_string()),
            };
            if breaks_here || pieces.is_empty() {
                pieces.push((kind, text));
            } else if let Some(last) = pieces.last_mut() {
                last.1 = join(&last.1, line.trim(), vocabulary);
            }
        }
        for (i, (start, text)) in pieces.into_iter().enumerate() {
            if i == 0
                && chunk.after_page_break
                && let Some(prev) = out.last_mut()
                && continues(&prev.text, start, &text)
            {
                prev.text = join(&prev.text, &text, vocabulary);
                continue;
            }
            out.push(Unit { start, text });
        }
    }
    out
}

/// Whether a paragraph after a page break continues the one before it.
fn continues(prev: &str, start: Option<Start>, next: &str) -> bool {
    if start.is_some() {
        return false;
    }
    if next.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    !ends_sentence(prev) && prev.split_whitespace().count() >= 8
}

fn initial_blocks(units: Vec<Unit>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // Whether the list item that opened the current list is a numbered paragraph: bullets
    // under it nest in it.
    let mut under_number = false;
    for unit in units {
        let text = collapse_whitespace(&unit.text);
        if text.is_empty() {
            continue;
        }
        let in_item = matches!(
            blocks.last(),
            Some(Block::Item { .. } | Block::Continuation { .. })
        );
        if !in_item {
            under_number = false;
        }
        let block = match unit.start {
            Some(Start::Number(n)) => {
                under_number = true;
                Block::Item {
                    marker: Marker::Number(n),
                    depth: 0,
                    text,
                }
            }
            Some(Start::SubPoint) if in_item => Block::Continuation { depth: 0, text },
            Some(Start::Bullet) => Block::Item {
                marker: Marker::Bullet,
                depth: usize::from(under_number),
                text,
            },
            Some(Start::SubPoint) | None => Block::Paragraph(text),
        };
        blocks.push(block);
    }
    blocks
}

/// A heading by its text: see [`is_heading_text`], plus Roman-numbered lines and short lines in
/// capitals.
fn is_heading_line(text: &str) -> bool {
    if is_heading_text(text) {
        return true;
    }
    let words = text.split_whitespace().count();
    let short = words <= 12 && !text.ends_with(['.', ';', ',']);
    let roman = text.split_once(". ").is_some_and(|(n, _)| {
        !n.is_empty() && n.len() <= 5 && n.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
    });
    let capitals = text.chars().any(char::is_alphabetic)
        && text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && text.chars().filter(|c| c.is_alphabetic()).count() >= 4;
    short && (roman || capitals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footers() {
        assert!(is_footer("11767/25 JAI.1 LIMITE EN"));
        assert!(is_footer("11767/1/25 REV 1 JAI.1 LIMITE EN"));
        assert!(is_footer("11767/25 ADD 1 ANNEX JAI.1 LIMITE EN"));
        assert!(is_footer("11767/25 MM/ik 2"));
        assert!(is_footer("JAI.1 LIMITE EN"));
        assert!(!is_footer("11767/25"));
        assert!(!is_footer("11767/1/25 REV 1"));
        assert!(!is_footer("11767/25 LIMITE"));
        assert!(!is_footer("Reaffirm our commitment EN"));
    }

    #[test]
    fn head_lines() {
        let (place, date, lang) = place_and_date("Brussels, 18 July 2025 (OR. en)").unwrap();
        assert_eq!(
            (place.as_str(), date.to_string(), lang.as_deref()),
            ("Brussels", "2025-07-18".into(), Some("en"))
        );
        assert!(is_codes_line(
            "ENFOPOL 280 COSI 140 COPEN 226 MIGR 267 FRONT 177 JAI 1103"
        ));
        assert!(!is_codes_line("NOTE"));
        assert!(is_marking("LIMITE"));
        assert!(is_document_type("NOTE"));
        assert_eq!(
            field("Subject:\tJoint Declaration").unwrap().1,
            "Joint Declaration"
        );
    }

    #[test]
    fn hyphens_across_lines() {
        let chunk = Chunk {
            lines: vec![
                "capacity building and capacity-building".into(),
                "co-operation and smuggling".into(),
            ],
            line: 1,
            after_page_break: false,
        };
        let v = Vocabulary::of(std::slice::from_ref(&chunk));
        assert_eq!(join("the smug-", "gling of", &v), "the smuggling of");
        assert_eq!(
            join("the capacity-", "building", &v),
            "the capacity-building"
        );
        assert_eq!(join("co-", "operation", &v), "co-operation");
        assert_eq!(join("EU-", "Africa", &v), "EU-Africa");
        assert_eq!(join("a line", "goes on", &v), "a line goes on");
    }
}
