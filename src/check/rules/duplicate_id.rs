use std::collections::HashMap;

use crate::check::diagnostic::Diagnostic;
use crate::check::registry::{Rule, RuleInfo, declare_rule};
use crate::source::Source;

declare_rule! {
    /// Two clauses or headings of one version carry the same id.
    ///
    /// ## Why
    /// Ids are how a clause keeps its identity from draft to draft: diffs align on them and
    /// reservations point at them. An id used twice makes both meanings wrong, and `decl`
    /// refuses to read the version.
    ///
    /// ## Example
    /// ```markdown
    /// Reaffirm our commitment to … <!-- id: reaffirm -->
    ///
    /// Reaffirm the need for … <!-- id: reaffirm -->
    /// ```
    ///
    /// ## Fix
    /// Give one of them a new id, or delete the second id comment and run
    /// `decl ids --write FILE` to add a fresh one.
    pub struct DuplicateId => "D104", "duplicate-id", Error;
}

impl Rule for DuplicateId {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_source(&self, source: &Source, out: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (range, id) in ids(source) {
            if let Some(&first) = seen.get(id) {
                let (line, _) = source.line_col(first);
                out.push(
                    Diagnostic::at(
                        &Self::INFO,
                        source,
                        range,
                        format!("duplicate id `{id}`, first used on line {line}"),
                    )
                    .help("give this clause another id, or remove the comment and run `decl ids --write`"),
                );
            } else {
                seen.insert(id, range.start);
            }
        }
    }
}

/// Every id written in a Markdown version: `<!-- id: x -->` comments and `{#x}` on headings,
/// with the byte range of the id itself. YAML bodies are left to their reader.
#[must_use]
pub fn ids(source: &Source) -> Vec<(std::ops::Range<usize>, &str)> {
    let is_markdown = !std::path::Path::new(&source.name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if !is_markdown {
        return Vec::new();
    }
    let text = &source.text;
    let body = crate::parse::markdown::find_front_matter(source)
        .ok()
        .flatten()
        .map_or(0, |fm| fm.body_start);
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut pos = body;
    for line in text[body..].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        let mut from = 0;
        while let Some(i) = line[from..].find("<!--") {
            let open = from + i;
            let Some(close) = line[open..].find("-->") else {
                break;
            };
            let inner = &line[open + 4..open + close];
            if let Some(rest) = inner.trim_start().strip_prefix("id:") {
                let id = rest.trim();
                let at = start + open + 4 + inner.find(id).unwrap_or(0);
                out.push((at..at + id.len(), id));
            }
            from = open + close + 3;
        }
        if trimmed.starts_with('#') {
            let content = line.trim_end();
            if content.ends_with('}')
                && let Some(open) = content.rfind('{')
            {
                for attr in content[open + 1..content.len() - 1].split_whitespace() {
                    if let Some(id) = attr.strip_prefix('#') {
                        let at = start + open + 1 + content[open + 1..].find(attr).unwrap_or(0) + 1;
                        out.push((at..at + id.len(), id));
                    }
                }
            }
        }
    }
    out
}
