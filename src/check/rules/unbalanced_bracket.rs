use crate::check::diagnostic::Diagnostic;
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

declare_rule! {
    /// A `[` that is never closed or a `]` that was never opened, within one clause or
    /// heading.
    ///
    /// ## Why
    /// Brackets are how delegations see which text is still open. A lone bracket makes it
    /// impossible to tell where the disputed text ends, and diffs cannot say whether the
    /// bracket was opened or closed.
    ///
    /// ## Example
    /// ```markdown
    /// Cooperate with transport operators [within 24 hours;
    /// ```
    ///
    /// ## Fix
    /// Close the bracket where the disputed text ends, or delete the stray one. Brackets do
    /// not span clauses: bracket each clause on its own.
    pub struct UnbalancedBracket => "D203", "unbalanced-bracket", Error;
}

impl Rule for UnbalancedBracket {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Vec<Diagnostic>) {
        let v = cx.version;
        let headings = v
            .sections
            .iter()
            .filter_map(|s| s.heading.as_ref())
            .chain(v.title.as_ref());
        for heading in headings {
            for &offset in &heading.brackets.unbalanced {
                let ch = bracket_char(&heading.text, offset);
                let range = super::find_in_heading(cx.source, heading, ch);
                out.push(message(cx, range, ch));
            }
        }
        for clause in v.clauses() {
            for &offset in &clause.brackets.unbalanced {
                let ch = bracket_char(&clause.text, offset);
                let before = clause
                    .text
                    .chars()
                    .take(offset)
                    .filter(|&c| c.to_string() == ch)
                    .count();
                // Point at the same bracket in the source: the n-th of its kind.
                let range = super::clause_range(cx.source, clause);
                let text = cx.source.text.get(range.clone()).unwrap_or_default();
                let at = text
                    .match_indices(ch)
                    .nth(before)
                    .map_or(range.start, |(i, _)| range.start + i);
                out.push(message(cx, at..at + 1, ch));
            }
        }
    }
}

fn bracket_char(text: &str, offset: usize) -> &'static str {
    if text.chars().nth(offset) == Some(']') {
        "]"
    } else {
        "["
    }
}

fn message(cx: &VersionCx, range: std::ops::Range<usize>, ch: &str) -> Diagnostic {
    let (message, help) = if ch == "[" {
        (
            "`[` is never closed",
            "close the bracket where the disputed text ends",
        )
    } else {
        (
            "`]` closes no bracket",
            "delete the stray bracket, or open it where the disputed text starts",
        )
    };
    Diagnostic::at(
        &UnbalancedBracket::INFO,
        cx.source,
        range,
        message.to_string(),
    )
    .help(help)
}
