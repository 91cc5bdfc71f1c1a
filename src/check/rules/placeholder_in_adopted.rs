use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

/// Bare words that stand for a fact still to come.
const MARKERS: &[&str] = &["XX", "XXX", "TBC", "TBD"];

declare_rule! {
    /// A placeholder in a version whose `status` is `adopted`: `[date]`, `[name]`, `[…]`, or
    /// a bare `XX`, `XXX`, `TBC`, `TBD`. Placeholders for the list of endorsers
    /// (`[list of countries]`) are filled from the endorsement ledger by `decl render`, and
    /// reported only while the ledger cannot fill them (`endorsers-awaited`, D406).
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
        for (range, bracket, endorsers) in super::open_brackets::all(cx) {
            // A list of endorsers is written in from the ledger: `endorsers-awaited` (D406).
            if !bracket.placeholder || endorsers.is_some() {
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
            let mut cursor = super::Cursor::clause(cx.source, clause);
            for (at, word) in super::words(&clause.text) {
                if MARKERS.contains(&word) {
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
