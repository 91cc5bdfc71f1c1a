use crate::check::diagnostic::{Diagnostic, Findings};
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

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        let v = cx.version;
        let headings = v
            .sections
            .iter()
            .filter_map(|s| s.heading.as_ref())
            .chain(v.title.as_ref());
        for heading in headings {
            let bytes = super::byte_offsets(&heading.text, heading.brackets.unbalanced());
            for at in bytes {
                let ch = bracket_char(&heading.text, at);
                let range = super::find_in_heading(cx.source, heading, ch);
                out.push(message(cx, range, ch));
            }
        }
        for clause in v.clauses() {
            let unbalanced = clause.brackets.unbalanced();
            if unbalanced.is_empty() {
                continue;
            }
            // Point at the same bracket in the source: the n-th of its kind, counted in one
            // pass over the plain text and one over the source.
            let bytes = super::byte_offsets(&clause.text, unbalanced);
            let mut wanted: Vec<(&'static str, usize)> = Vec::with_capacity(bytes.len());
            let (mut opens, mut closes, mut counted) = (0usize, 0usize, 0usize);
            for &at in &bytes {
                let before = &clause.text.as_bytes()[counted..at];
                for &b in before {
                    opens += usize::from(b == b'[');
                    closes += usize::from(b == b']');
                }
                counted = at;
                let ch = bracket_char(&clause.text, at);
                wanted.push((ch, if ch == "[" { opens } else { closes }));
            }
            let range = super::clause_range(cx.source, clause);
            let text = cx.source.text.get(range.clone()).unwrap_or_default();
            let mut in_source = text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'[' || b == b']');
            let (mut seen_opens, mut seen_closes) = (0usize, 0usize);
            for (ch, n) in wanted {
                let mut at = None;
                let seen_n = if ch == "[" { seen_opens } else { seen_closes };
                if seen_n <= n {
                    for (i, b) in in_source.by_ref() {
                        let count = if b == b'[' {
                            &mut seen_opens
                        } else {
                            &mut seen_closes
                        };
                        *count += 1;
                        if b == ch.as_bytes()[0] && *count == n + 1 {
                            at = Some(range.start + i);
                            break;
                        }
                    }
                }
                let at = at.unwrap_or(range.start);
                out.push(message(cx, at..at + 1, ch));
            }
        }
    }
}

/// The bracket at byte `at` of a plain text.
fn bracket_char(text: &str, at: usize) -> &'static str {
    if text.as_bytes().get(at) == Some(&b']') {
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
