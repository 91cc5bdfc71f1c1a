use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};
use crate::model::{Clause, ClauseKind};

declare_rule! {
    /// A clause whose closing punctuation differs from that of the other clauses of its
    /// section.
    ///
    /// ## Why
    /// The clauses of a section are usually one long sentence: each ends with a semicolon and
    /// the last with a full stop. A full stop in the middle, or a clause with no punctuation,
    /// usually marks a clause moved from elsewhere or a sentence cut in two. The last clause
    /// of a section may end with a full stop or like the others; the rule speaks only when at
    /// least three clauses and two thirds of the others agree. The opening formula of a
    /// declaration (its first clause, `We, the Ministers …, meeting in Brussels on 12 March
    /// 2026,`) ends as it must, with a comma, semicolon or colon, and is not counted.
    ///
    /// ## Example
    /// ```markdown
    /// Step up financial investigations to trace, seize, and confiscate proceeds;
    ///
    /// Combat corruption and fraud facilitating migrant smuggling.
    ///
    /// Enhance capacity-building and technical assistance;
    /// ```
    ///
    /// ## Fix
    /// End the clause like the others (here with `;`), or, if it really ends the sentence,
    /// move it to the end of the section.
    pub struct TerminalPunctuation => "D307", "terminal-punctuation", Warning;
}

impl Rule for TerminalPunctuation {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        for section in &cx.version.sections {
            let clauses: Vec<&Clause> = section
                .clauses()
                .filter(|c| !matches!(c.kind, ClauseKind::Table | ClauseKind::BlockQuote))
                .filter(|c| !is_opening_formula(c))
                .collect();
            let Some((last, rest)) = clauses.split_last() else {
                continue;
            };
            if clauses.len() < 3 {
                continue;
            }
            let mut counts: Vec<(char, usize)> = Vec::new();
            for c in rest {
                let end = ending(&c.text);
                match counts.iter_mut().find(|(e, _)| *e == end) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((end, 1)),
                }
            }
            let Some(&(usual, n)) = counts.iter().max_by_key(|(_, n)| *n) else {
                continue;
            };
            if n * 3 < rest.len() * 2 {
                continue;
            }
            for c in rest {
                let end = ending(&c.text);
                if end != usual {
                    out.push(finding(cx, c, end, usual));
                }
            }
            let end = ending(&last.text);
            if end != usual && end != '.' && end != '!' {
                out.push(finding(cx, last, end, usual));
            }
        }
    }
}

/// The first clause of a declaration when it is its opening formula: `We, …` ending with `,`,
/// `;` or `:`, the sentence the operative clauses complete.
fn is_opening_formula(c: &Clause) -> bool {
    c.index == 0
        && (c.text.starts_with("We,") || c.text.starts_with("We "))
        && matches!(ending(&c.text), ',' | ';' | ':')
}

/// The clause's closing punctuation, or a space when it has none.
fn ending(text: &str) -> char {
    let trimmed = text.trim_end_matches(['"', '\'', '’', '”', ')', ']', '*', '_', ' ']);
    let last = trimmed.chars().last().unwrap_or(' ');
    if matches!(last, '.' | ';' | ',' | ':' | '!' | '?') {
        last
    } else {
        ' '
    }
}

fn name(c: char) -> String {
    if c == ' ' {
        "no punctuation".to_string()
    } else {
        format!("`{c}`")
    }
}

fn finding(cx: &VersionCx, clause: &Clause, end: char, usual: char) -> Diagnostic {
    let range = super::clause_range(cx.source, clause);
    // Point at the last character of the clause's text as written (before any id comment).
    let written = cx.source.text.get(range.clone()).unwrap_or_default();
    let text_end = written.find("<!--").unwrap_or(written.len());
    let before = written[..text_end].trim_end();
    let at = range.start + before.char_indices().last().map_or(0, |(i, _)| i);
    let (message, help) = if usual == ' ' {
        (
            format!(
                "clause ends with {}, the others of this section with none",
                name(end)
            ),
            "end the clause like the others in its section".to_string(),
        )
    } else {
        (
            format!(
                "clause ends with {}, the others of this section with {}",
                name(end),
                name(usual)
            ),
            format!("end the clause with `{usual}`, or move it to the end of the section"),
        )
    };
    Diagnostic::at(&TerminalPunctuation::INFO, cx.source, at..at + 1, message).help(help)
}
