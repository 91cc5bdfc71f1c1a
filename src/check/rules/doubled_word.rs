use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

/// Words that English legitimately doubles ("that that", "had had").
const ALLOWED: &[&str] = &["that", "had"];

declare_rule! {
    /// The same word twice in a row: "the the", "to to".
    ///
    /// ## Why
    /// A doubled word is the commonest slip of editing under time pressure, when a clause is
    /// rewritten in the meeting room. It is easy to miss on screen and obvious on the printed
    /// page.
    ///
    /// ## Example
    /// ```markdown
    /// Reaffirm the the need for strong national legal frameworks;
    /// ```
    ///
    /// ## Fix
    /// Delete one of the two words. "that that" and "had had" are not reported.
    pub struct DoubledWord => "D301", "doubled-word", Warning;
}

impl Rule for DoubledWord {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        for clause in cx.version.clauses() {
            let text = &clause.text;
            let mut cursor = super::Cursor::clause(cx.source, clause);
            let mut prev: Option<(usize, &str)> = None;
            for (at, word) in super::words(text) {
                if let Some((p_at, p_word)) = prev {
                    let gap = &text[p_at + p_word.len()..at];
                    let doubled = gap.chars().all(char::is_whitespace)
                        && !gap.is_empty()
                        && word.chars().any(char::is_alphabetic)
                        && super::same_lowercase(word, p_word)
                        && !ALLOWED.contains(&word.to_lowercase().as_str());
                    if doubled {
                        let first = cursor.word(p_at, p_word);
                        let second = cursor.word(at, word);
                        // Both words when they are written on one line, else the second.
                        let range = if first.is_empty()
                            || cx.source.text[first.start..second.end].contains('\n')
                        {
                            second
                        } else {
                            first.start..second.end
                        };
                        out.push(
                            Diagnostic::at(
                                &Self::INFO,
                                cx.source,
                                range,
                                format!("`{word}` is written twice in a row"),
                            )
                            .help(format!("delete one `{word}`")),
                        );
                    }
                }
                prev = Some((at, word));
            }
        }
    }
}
