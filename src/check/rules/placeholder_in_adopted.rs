use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

/// Bare words that stand for a fact still to come.
pub const MARKERS: &[&str] = &["XX", "XXX", "TBC", "TBD"];

/// The placeholders in `text` that nothing fills (not the lists of endorsers): bracketed ones
/// and the bare [`MARKERS`], each once.
#[must_use]
pub fn unfillable(text: &str) -> Vec<String> {
    let brackets = crate::model::brackets::scan(text);
    let lists = crate::model::brackets::endorser_lists(text, brackets.found());
    let placeholders: Vec<&crate::model::Bracket> = brackets
        .found()
        .iter()
        .zip(&lists)
        .filter(|(b, list)| b.placeholder && list.is_none())
        .map(|(b, _)| b)
        .collect();
    let mut out: Vec<String> = placeholders.iter().map(|b| b.text.clone()).collect();
    let starts = super::byte_offsets(
        text,
        &brackets
            .found()
            .iter()
            .map(|b| b.offset)
            .collect::<Vec<_>>(),
    );
    let inside = |at: usize| {
        starts
            .iter()
            .zip(brackets.found())
            .any(|(&start, b)| at >= start && at < start + b.text.len())
    };
    out.extend(
        super::words(text)
            .filter(|&(at, w)| MARKERS.contains(&w) && !inside(at))
            .map(|(_, w)| w.to_string()),
    );
    out
}

declare_rule! {
    /// A placeholder in a version whose `status` is `adopted`: `[date]`, `[name]`, `[…]`, or
    /// a bare `XX`, `XXX`, `TBC`, `TBD`. Placeholders for the list of endorsers
    /// (`[list of countries]`) are filled from the endorsement ledger by `decl render`, and
    /// reported only while the ledger cannot fill them (`endorsers-awaited`, D406); in a
    /// version that belongs to no declaration, which has no ledger, they are reported here.
    ///
    /// ## Why
    /// Placeholders await facts: who endorses, where and when the declaration is signed, a
    /// figure. An adopted text published with `[list of countries]` or `TBC` in it is visibly
    /// unfinished.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// status: adopted
    /// ---
    ///
    /// We, representatives of the European Union, gathered in [place] on XX December 2025;
    /// ```
    ///
    /// ## Fix
    /// Write the fact in, or set `status: draft` while it is still awaited.
    pub struct PlaceholderInAdopted => "D202", "placeholder-in-adopted", Error;
}

impl Rule for PlaceholderInAdopted {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        if !cx.version.meta.is_adopted() {
            return;
        }
        // In a declaration, a list of endorsers is written in from its ledger
        // (`endorsers-awaited`, D406); a version that belongs to none has no ledger to do it.
        let has_ledger = cx.manifest.is_some();
        for (range, bracket, endorsers) in super::open_brackets::all(cx) {
            if !bracket.placeholder || (endorsers.is_some() && has_ledger) {
                continue;
            }
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    cx.source,
                    range,
                    format!("placeholder `{}` in an adopted version", bracket.text),
                )
                .help("write the fact in, or set `status: draft` while it is still awaited"),
            );
        }
        for clause in cx.version.clauses() {
            // A marker inside a placeholder (`[TBC]`) is that placeholder, reported above.
            let placeholders: Vec<&crate::model::Bracket> = clause
                .brackets
                .found()
                .iter()
                .filter(|b| b.placeholder)
                .collect();
            let starts = super::byte_offsets(
                &clause.text,
                &placeholders.iter().map(|b| b.offset).collect::<Vec<_>>(),
            );
            let inside = |at: usize| {
                starts
                    .iter()
                    .zip(&placeholders)
                    .any(|(&start, b)| at >= start && at < start + b.text.len())
            };
            let mut cursor = super::Cursor::clause(cx.source, clause);
            for (at, word) in super::words(&clause.text) {
                if MARKERS.contains(&word) && !inside(at) {
                    let range = cursor.word(at, word);
                    out.push(
                        Diagnostic::at(
                            &Self::INFO,
                            cx.source,
                            range,
                            format!("placeholder `{word}` in an adopted version"),
                        )
                        .help(
                            "write the fact in, or set `status: draft` while it is still awaited",
                        ),
                    );
                }
            }
        }
    }
}
