//! Paragraph status: where each clause of a version stands (open, agreed ad ref, agreed), counted
//! per section, and the edit that sets a status in a version file.
//!
//! The status lives in the clause's id comment, `<!-- id: returns; status: agreed-ad-ref -->`,
//! and in the YAML body format as the clause's `status` key. Setting one replaces that comment
//! (or inserts or replaces that key) and nothing else: every other byte of the file stays as
//! written, and the edited text must read back as the same version with only those statuses
//! changed, else nothing is written.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{ClauseStatus, Format, Item, Meta, Version};
use crate::source::Source;

/// The counts of one section, or of the whole version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub paragraphs: usize,
    pub open: usize,
    pub agreed_ad_ref: usize,
    pub agreed: usize,
    /// Paragraphs with square brackets that are not placeholders: text not agreed yet.
    pub bracketed: usize,
}

impl Counts {
    fn add(&mut self, status: ClauseStatus, bracketed: bool) {
        self.paragraphs += 1;
        match status {
            ClauseStatus::Open => self.open += 1,
            ClauseStatus::AgreedAdRef => self.agreed_ad_ref += 1,
            ClauseStatus::Agreed => self.agreed += 1,
        }
        self.bracketed += usize::from(bracketed);
    }

    /// `12 of 22 paragraphs agreed ad ref, 3 agreed; 4 bracketed`.
    #[must_use]
    pub fn sentence(&self) -> String {
        let of = |n: usize, what: &str| {
            let noun = if self.paragraphs == 1 {
                "paragraph"
            } else {
                "paragraphs"
            };
            format!("{n} of {} {noun} {what}", self.paragraphs)
        };
        let what = match (self.agreed_ad_ref, self.agreed) {
            (0, 0) => format!(
                "{} open",
                crate::text::count(self.paragraphs, "paragraph", "paragraphs")
            ),
            (r, 0) => of(r, "agreed ad ref"),
            (0, a) => of(a, "agreed"),
            (r, a) => format!("{}, {a} agreed", of(r, "agreed ad ref")),
        };
        format!("{what}; {} bracketed", self.bracketed)
    }
}

/// One clause's standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub index: usize,
    pub number: String,
    pub id: Option<String>,
    /// The status it has (open when none is written).
    pub status: ClauseStatus,
    /// Whether a status is written in its id comment.
    pub written: bool,
    pub bracketed: bool,
    pub text: String,
}

/// One section's paragraphs and counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionStatus {
    pub id: Option<String>,
    pub heading: Option<String>,
    /// An unnamed section opened by a thematic break (`---`).
    pub after_break: bool,
    pub counts: Counts,
    pub paragraphs: Vec<Paragraph>,
}

/// Where every paragraph of a version stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub source: String,
    pub version: String,
    pub document: Option<String>,
    pub sections: Vec<SectionStatus>,
    pub total: Counts,
}

impl Report {
    #[must_use]
    pub fn new(version: &Version) -> Report {
        let numbers = crate::model::number::numbers(version);
        let mut total = Counts::default();
        let sections = version
            .sections
            .iter()
            .filter(|s| s.clauses().next().is_some())
            .map(|s| {
                let mut counts = Counts::default();
                let paragraphs = s
                    .clauses()
                    .map(|c| {
                        let status = ClauseStatus::of(c.status);
                        let bracketed = c.brackets.found().iter().any(|b| !b.placeholder);
                        counts.add(status, bracketed);
                        total.add(status, bracketed);
                        Paragraph {
                            index: c.index,
                            number: numbers[c.index].to_string(),
                            id: c.id.clone(),
                            status,
                            written: c.status.is_some(),
                            bracketed,
                            text: c.text.to_string(),
                        }
                    })
                    .collect();
                SectionStatus {
                    id: s.id.clone(),
                    heading: s.heading_text().map(ToString::to_string),
                    after_break: s.after_break,
                    counts,
                    paragraphs,
                }
            })
            .collect();
        Report {
            source: version.source.clone(),
            version: version.id.clone(),
            document: version.meta.document.as_ref().map(ToString::to_string),
            sections,
            total,
        }
    }
}

/// Whether any clause of these versions has a status written: the declaration tracks
/// paragraph status, and an adopted version of it must have every paragraph agreed.
#[must_use]
pub fn tracks_status<'v>(versions: impl IntoIterator<Item = &'v Version>) -> bool {
    versions
        .into_iter()
        .any(|v| v.clauses().any(|c| c.status.is_some()))
}

/// A status to set: `--set ID=STATUS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub id: String,
    pub status: ClauseStatus,
}

impl Setting {
    /// `returns=agreed-ad-ref`.
    pub fn parse(text: &str) -> Result<Setting> {
        let Some((id, status)) = text.split_once('=') else {
            return Err(Error::new(format!(
                "--set `{text}`: write ID=STATUS, e.g. `--set returns=agreed-ad-ref`"
            )));
        };
        let status = ClauseStatus::parse(status.trim())
            .map_err(|m| Error::new(format!("--set `{text}`: {m}")))?;
        Ok(Setting {
            id: id.trim().to_string(),
            status,
        })
    }
}

/// What one setting changes: the clause's number, its status before (as written) and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    pub number: String,
    pub was: Option<ClauseStatus>,
    pub now: Option<ClauseStatus>,
}

/// The file's new text with `settings` applied, and what each changed. `open` removes the
/// status (open is what no status means). Refused: an id no clause has, an id set twice, a
/// text that would not read back as the version with only those statuses changed.
pub fn apply(
    source: &Source,
    version: &Version,
    settings: &[Setting],
) -> Result<(String, Vec<Change>)> {
    let numbers = crate::model::number::numbers(version);
    let mut seen = std::collections::HashSet::new();
    let mut wanted: HashMap<&str, Option<ClauseStatus>> = HashMap::new();
    let mut changes = Vec::new();
    for s in settings {
        if !seen.insert(s.id.as_str()) {
            return Err(Error::new(format!("--set names `{}` twice", s.id)));
        }
        let Some(clause) = version.clauses().find(|c| c.id.as_deref() == Some(&s.id)) else {
            let ids: Vec<&str> = version.clauses().filter_map(|c| c.id.as_deref()).collect();
            let mut err = Error::file(&source.name, format!("no clause has the id `{}`", s.id));
            if let Some(best) = crate::text::closest(&s.id, ids.iter().copied()).first() {
                err = err.hint(format!("did you mean `{best}`?"));
            }
            if ids.is_empty() {
                err = err.hint("the status is kept in a clause's id comment; give the clauses ids with `decl ids --write`");
            }
            return Err(err);
        };
        let now = (s.status != ClauseStatus::Open).then_some(s.status);
        if clause.status != now {
            wanted.insert(s.id.as_str(), now);
            changes.push(Change {
                id: s.id.clone(),
                number: numbers[clause.index].to_string(),
                was: clause.status,
                now,
            });
        }
    }
    if wanted.is_empty() {
        return Ok((source.text.to_string(), changes));
    }
    let text = match version.format {
        Format::Markdown => edit_markdown(source, &wanted)?,
        Format::Yaml => edit_yaml(source, &wanted)?,
    };
    // The edit must read back as the version with those statuses, and nothing else, changed.
    let mut expected = version.clone();
    for section in &mut expected.sections {
        for item in &mut section.items {
            if let Item::Clause(c) = item
                && let Some(id) = c.id.as_deref()
                && let Some(now) = wanted.get(id)
            {
                c.status = *now;
            }
        }
    }
    let again = Source::new(&source.name, text.clone());
    let back = crate::parse::version(&again, &Meta::default()).map_err(|e| {
        Error::file(
            &source.name,
            format!(
                "setting the status would break the file ({}); nothing written",
                e.message
            ),
        )
    })?;
    if let Some(what) = expected.first_difference(&back) {
        return Err(Error::file(
            &source.name,
            format!("setting the status would also change {what}; nothing written"),
        )
        .hint(
            "set the status by hand in the clause's id comment: `<!-- id: x; status: agreed -->`",
        ));
    }
    Ok((text, changes))
}

/// Replace each named clause's id comment.
fn edit_markdown(source: &Source, wanted: &HashMap<&str, Option<ClauseStatus>>) -> Result<String> {
    let mut out = String::with_capacity(source.text.len() + 64);
    let mut last = 0;
    let mut done = 0;
    for (range, id) in crate::parse::ids::comments(source) {
        if let Some(now) = wanted.get(id.as_str()) {
            out.push_str(&source.text[last..range.start]);
            out.push_str(&crate::write::id_comment(&id, *now));
            last = range.end;
            done += 1;
        }
    }
    out.push_str(&source.text[last..]);
    if done != wanted.len() {
        return Err(Error::file(
            &source.name,
            "a clause named by --set has no id comment to keep the status in",
        ));
    }
    Ok(out)
}

/// Set the `status` key of each named clause of a YAML version, line by line: the mapping
/// `- id: x` (block style) or `- {id: x, …}` (flow style) gets, loses or changes its `status`.
fn edit_yaml(source: &Source, wanted: &HashMap<&str, Option<ClauseStatus>>) -> Result<String> {
    let lines: Vec<&str> = source.text.split_inclusive('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    let mut done = 0;
    let unquote = |v: &str| v.trim().trim_matches(['"', '\'']).to_string();
    for (n, line) in lines.iter().enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let eol = &line[body.len()..];
        let indent = body.len() - body.trim_start().len();
        let rest = &body[indent..];
        let (key_col, rest) = match rest.strip_prefix("- ") {
            Some(r) => (
                indent + 2 + (r.len() - r.trim_start().len()),
                r.trim_start(),
            ),
            None => (indent, rest),
        };
        // Flow style: `{id: x, text: …}` on one line.
        if let Some(inner) = rest.strip_prefix('{')
            && let Some(after_id) = inner.trim_start().strip_prefix("id:")
        {
            let end = after_id.find([',', '}']).unwrap_or(after_id.len());
            let id = unquote(&after_id[..end]);
            let Some(now) = wanted.get(id.as_str()) else {
                continue;
            };
            let head_len = body.len() - after_id.len() + end;
            let (head, mut tail) = body.split_at(head_len);
            // Drop a `, status: …` written right after the id.
            if let Some(t) = tail.strip_prefix(',')
                && let Some(t2) = t.trim_start().strip_prefix("status:")
            {
                let e = t2.find([',', '}']).unwrap_or(t2.len());
                tail = &t2[e..];
            }
            let status = now.map_or(String::new(), |s| format!(", status: {s}"));
            out[n] = format!("{head}{status}{tail}{eol}");
            done += 1;
            continue;
        }
        let Some(value) = rest.strip_prefix("id:") else {
            continue;
        };
        let id = unquote(value);
        let Some(now) = wanted.get(id.as_str()) else {
            continue;
        };
        // The other keys of this mapping: lines at the key's column after it (and before it,
        // up to the `- ` that opens the mapping).
        let mut status_line = None;
        for (k, l) in lines.iter().enumerate().skip(n + 1) {
            let b = l.trim_end_matches(['\n', '\r']);
            let i = b.len() - b.trim_start().len();
            if !b.trim().is_empty() && i < key_col {
                break;
            }
            if key_at(l, key_col).is_some_and(|k| k.starts_with("status:")) {
                status_line = Some(k);
            }
        }
        if !rest.is_empty() && body.trim_start().starts_with("- ") {
            // `id` opens the mapping: nothing before it.
        } else {
            for k in (0..n).rev() {
                let b = lines[k].trim_end_matches(['\n', '\r']);
                let i = b.len() - b.trim_start().len();
                if key_at(lines[k], key_col).is_some_and(|t| t.starts_with("status:")) {
                    status_line = Some(k);
                }
                if i + 2 == key_col && b.trim_start().starts_with("- ") {
                    if b.trim_start()[2..].trim_start().starts_with("status:") {
                        return Err(Error::file(
                            &source.name,
                            format!("the `status` of `{id}` opens its mapping; set it by hand"),
                        )
                        .at(k + 1, 1));
                    }
                    break;
                }
                if !b.trim().is_empty() && i < key_col {
                    break;
                }
            }
        }
        let new_line = now.map(|s| format!("{}status: {s}{eol}", " ".repeat(key_col)));
        // A comment written after the old value stays, after the new one.
        let comment = |k: usize| {
            let b = lines[k].trim_end_matches(['\n', '\r']);
            let value = b.trim_start().strip_prefix("status:")?;
            let value_start = b.len() - value.len() + (value.len() - value.trim_start().len());
            let value_end = b[value_start..]
                .find([' ', '\t'])
                .map_or(b.len(), |e| value_start + e);
            let rest = &b[value_end..];
            rest.trim_start()
                .starts_with('#')
                .then(|| (rest.to_string(), &lines[k][b.len()..]))
        };
        match (status_line, new_line) {
            (Some(k), new) => {
                out[k] = match (comment(k), new) {
                    // Removing the line would drop the comment: write `open` instead.
                    (Some((c, e)), _) => format!(
                        "{}status: {}{c}{e}",
                        " ".repeat(key_col),
                        now.unwrap_or(ClauseStatus::Open)
                    ),
                    (None, Some(l)) => l,
                    (None, None) => String::new(),
                };
            }
            (None, Some(l)) => {
                let nl = if eol.is_empty() { "\n" } else { "" };
                out[n] = format!("{body}{eol}{nl}{}", l.trim_end_matches(['\n', '\r']));
                if !eol.is_empty() {
                    out[n].push_str(eol);
                }
            }
            (None, None) => {}
        }
        done += 1;
    }
    if done != wanted.len() {
        return Err(Error::file(
            &source.name,
            "a clause named by --set is not written as `id: …` in a mapping decl can edit; set its `status` by hand",
        ));
    }
    Ok(out.concat())
}

/// The key written on a line at column `key_col` (not a new `- ` item), if any.
fn key_at(l: &str, key_col: usize) -> Option<&str> {
    let b = l.trim_end_matches(['\n', '\r']);
    let i = b.len() - b.trim_start().len();
    (i == key_col && !b.trim_start().starts_with("- ")).then(|| b.trim_start())
}

/// `decl-status/1` (`decl status --format json`):
/// - `schema`: `"decl-status/1"`; `source`, `version`, `document` (or null)
/// - `sections`: sections with clauses, in order, each `{id, heading, counts, clauses}`:
///   `counts` is `{paragraphs, open, agreed_ad_ref, agreed, bracketed}` (`bracketed`: clauses
///   with square brackets other than placeholders); each clause `{index, number, id, status,
///   written, bracketed}`, `status` one of `open`, `agreed-ad-ref`, `agreed`, `written` whether
///   the id comment writes it (false: open by default)
/// - `total`: the counts of the whole version
#[derive(Serialize)]
pub struct StatusV1<'a> {
    pub schema: &'static str,
    pub source: &'a str,
    pub version: &'a str,
    pub document: Option<&'a str>,
    pub sections: Vec<SectionV1<'a>>,
    pub total: Counts,
}

#[derive(Serialize)]
pub struct SectionV1<'a> {
    pub id: Option<&'a str>,
    pub heading: Option<&'a str>,
    pub counts: Counts,
    pub clauses: Vec<ParagraphV1<'a>>,
}

#[derive(Serialize)]
pub struct ParagraphV1<'a> {
    pub index: usize,
    pub number: &'a str,
    pub id: Option<&'a str>,
    pub status: &'static str,
    pub written: bool,
    pub bracketed: bool,
}

impl<'a> StatusV1<'a> {
    #[must_use]
    pub fn new(r: &'a Report) -> Self {
        StatusV1 {
            schema: "decl-status/1",
            source: &r.source,
            version: &r.version,
            document: r.document.as_deref(),
            sections: r
                .sections
                .iter()
                .map(|s| SectionV1 {
                    id: s.id.as_deref(),
                    heading: s.heading.as_deref(),
                    counts: s.counts,
                    clauses: s
                        .paragraphs
                        .iter()
                        .map(|p| ParagraphV1 {
                            index: p.index,
                            number: &p.number,
                            id: p.id.as_deref(),
                            status: p.status.as_str(),
                            written: p.written,
                            bracketed: p.bracketed,
                        })
                        .collect(),
                })
                .collect(),
            total: r.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(name: &str, text: &str) -> (Source, Version) {
        let source = Source::new(name, text.to_string());
        let v = crate::parse::version(&source, &Meta::default()).expect("reads");
        (source, v)
    }

    fn set(id: &str, status: &str) -> Setting {
        Setting::parse(&format!("{id}={status}")).expect("setting")
    }

    #[test]
    fn markdown_comments_change_and_nothing_else() {
        let text = "# T\n\n<!-- a note -->\n\nOne;   <!-- id: one -->\n\nTwo, [wrapped]\nby hand; <!--id:two;status:agreed-->\n";
        let (source, v) = version("v.md", text);
        let (out, changes) = apply(
            &source,
            &v,
            &[set("one", "agreed-ad-ref"), set("two", "open")],
        )
        .expect("set");
        assert_eq!(
            out,
            "# T\n\n<!-- a note -->\n\nOne;   <!-- id: one; status: agreed-ad-ref -->\n\nTwo, [wrapped]\nby hand; <!-- id: two -->\n"
        );
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].was, Some(ClauseStatus::Agreed));
    }

    #[test]
    fn yaml_keys_change_and_comments_stay() {
        let text = "# kept\nsections:\n  - clauses:\n      - id: one\n        text: One;\n      - text: Two;\n        id: two\n        status: agreed   # by hand\n      - {id: three, text: Three.}\n";
        let (source, v) = version("v.yaml", text);
        let (out, _) = apply(
            &source,
            &v,
            &[
                set("one", "agreed"),
                set("two", "agreed-ad-ref"),
                set("three", "agreed"),
            ],
        )
        .expect("set");
        assert_eq!(
            out,
            "# kept\nsections:\n  - clauses:\n      - id: one\n        status: agreed\n        text: One;\n      - text: Two;\n        id: two\n        status: agreed-ad-ref   # by hand\n      - {id: three, status: agreed, text: Three.}\n"
        );
        let (source, v) = version("v.yaml", &out);
        let (back, _) =
            apply(&source, &v, &[set("one", "open"), set("three", "open")]).expect("set");
        assert!(
            !back.contains("status: agreed\n") && !back.contains("three, status"),
            "{back}"
        );
    }

    #[test]
    fn unknown_ids_and_values_are_refused() {
        let (source, v) = version("v.md", "One; <!-- id: one -->\n");
        assert!(apply(&source, &v, &[set("onne", "agreed")]).is_err());
        assert!(Setting::parse("one=done").is_err());
        assert!(Setting::parse("one").is_err());
    }

    #[test]
    fn counts_read_as_a_sentence() {
        let (_, v) = version(
            "v.md",
            "A [within 24 hours]; <!-- id: a; status: agreed-ad-ref -->\n\nB; <!-- id: b; status: agreed -->\n\nC [list].\n",
        );
        let r = Report::new(&v);
        assert_eq!(
            r.total.sentence(),
            "1 of 3 paragraphs agreed ad ref, 1 agreed; 1 bracketed"
        );
    }
}
