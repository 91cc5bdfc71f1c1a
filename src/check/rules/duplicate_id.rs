use std::collections::HashMap;

use crate::check::diagnostic::{Diagnostic, Findings};
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

    fn check_source(&self, source: &Source, out: &mut Findings) {
        let found = ids(source);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (range, id) in &found {
            if let Some(&first) = seen.get(id.as_str()) {
                let line = source.line(first);
                out.push(
                    Diagnostic::at(
                        &Self::INFO,
                        source,
                        range.clone(),
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
/// with the byte range of the id itself, read by the same parser as the reader. YAML bodies
/// are left to their reader.
#[must_use]
pub fn ids(source: &Source) -> Vec<(std::ops::Range<usize>, String)> {
    let is_markdown = !std::path::Path::new(&source.name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if !is_markdown {
        return Vec::new();
    }
    crate::parse::ids::written(source)
}
