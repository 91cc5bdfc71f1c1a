use std::collections::HashMap;

use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};
use crate::model::Clause;

/// Words that name an instrument: a capitalised one starts an official title.
const INSTRUMENTS: &[&str] = &[
    "Convention",
    "Protocol",
    "Covenant",
    "Charter",
    "Treaty",
    "Pact",
    "Compact",
    "Agreement",
    "Declaration",
    "Statute",
    "Resolution",
];

/// Small words that may stand lowercase inside a title.
const CONNECTORS: &[&str] = &[
    "of", "the", "against", "on", "for", "and", "to", "in", "by", "with", "from", "at", "or",
];

declare_rule! {
    /// The official title of an instrument written two ways in one version, e.g. "UN
    /// Convention against Transnational Organised Crime" and "UN Convention Against
    /// Transnational Organised Crime".
    ///
    /// ## Why
    /// An instrument's title is a proper name: it is cited exactly, so that readers,
    /// translators and databases recognise it. Two renderings in one text look like two
    /// instruments, and one of them is wrong. Differences of capitals, commas, hyphens, and
    /// "UN" for "United Nations" are compared; the first rendering in the version is taken as
    /// the reference.
    ///
    /// ## Example
    /// ```markdown
    /// Reaffirm our commitment to the UN Convention against Transnational Organised Crime;
    ///
    /// Combat corruption, in line with the UN Convention Against Transnational Organised Crime;
    /// ```
    ///
    /// ## Fix
    /// Write the title as the instrument itself does, the same way everywhere (the UN writes
    /// "United Nations Convention against Transnational Organized Crime").
    pub struct InconsistentTitle => "D305", "inconsistent-title", Warning;
}

impl Rule for InconsistentTitle {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        // normalised title → the first rendering and the clause it is in
        let mut first: HashMap<String, (String, &Clause)> = HashMap::new();
        for clause in cx.version.clauses() {
            let mut from = super::clause_range(cx.source, clause).start;
            for title in titles(&clause.text) {
                let key = normalise(&title);
                match first.get(&key) {
                    None => {
                        first.insert(key, (title, clause));
                    }
                    Some((reference, _)) if *reference == title => {}
                    Some((reference, at)) => {
                        let end = super::clause_range(cx.source, clause).end;
                        let range = super::find_from(cx.source, from..end, &title);
                        from = range.end.max(from);
                        out.push(
                            Diagnostic::at(
                                &Self::INFO,
                                cx.source,
                                range,
                                format!("`{title}` is written `{reference}` on line {}", at.line),
                            )
                            .help(format!("write the title one way throughout: `{reference}`")),
                        );
                    }
                }
            }
        }
    }
}

/// The instrument titles in a plain text, as written.
#[must_use]
pub fn titles(text: &str) -> Vec<String> {
    let words: Vec<(usize, &str)> = super::words(text).collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // What separates word i from word i + 1.
    let gap = |i: usize| -> &str {
        let (at, w) = words[i];
        let end = words.get(i + 1).map_or(text.len(), |&(next, _)| next);
        &text[at + w.len()..end]
    };
    let mut out = Vec::new();
    for (t, &(_, word)) in words.iter().enumerate() {
        if !INSTRUMENTS.contains(&word) {
            continue;
        }
        let mut start = t;
        while start > 0 && capital(words[start - 1].1) && gap(start - 1) == " " {
            start -= 1;
        }
        let mut end = t;
        while end + 1 < words.len() {
            let g = gap(end);
            let next = words[end + 1].1;
            // `… against Corruption and the UN Convention …`: a second title starts after
            // `and`, not a longer one (`Human Rights and Fundamental Freedoms`).
            let second_title_after = |k: usize| {
                words[k..]
                    .iter()
                    .take_while(|w| capital(w.1) || matches!(w.1, "the" | "its" | "their"))
                    .any(|w| INSTRUMENTS.contains(&w.1))
            };
            let joins = match g {
                " " if matches!(next, "and" | "or") => !second_title_after(end + 2),
                " " => capital(next) || CONNECTORS.contains(&next),
                // "Land, Sea, and Air": a comma only inside a list of capitalised words.
                ", " => {
                    capital(next)
                        || (matches!(next, "and" | "or")
                            && words.get(end + 2).is_some_and(|w| capital(w.1))
                            && gap(end + 1) == " ")
                }
                _ => false,
            };
            if !joins {
                break;
            }
            end += 1;
        }
        while end > t && !capital(words[end].1) {
            end -= 1;
        }
        while start < t && matches!(words[start].1, "The" | "This" | "That") {
            start += 1;
        }
        if end == t && start == t {
            continue; // a bare "Convention" names no instrument
        }
        let from = words[start].0;
        let to = words[end].0 + words[end].1.len();
        out.push(text[from..to].to_string());
    }
    out
}

/// A title reduced to what identifies it: case, commas, hyphens and "United Nations" aside.
fn normalise(title: &str) -> String {
    let lower = title.to_lowercase().replace(['-', ','], " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.join(" ").replace("united nations", "un")
}

#[cfg(test)]
mod tests {
    use super::titles;

    #[test]
    fn finds_titles() {
        let t = titles(
            "full implementation of the UN Convention against Transnational Organised Crime and its Protocol against the Smuggling of Migrants by Land, Sea, and Air, and the UN Convention Against Corruption, to fight",
        );
        assert_eq!(
            t,
            [
                "UN Convention against Transnational Organised Crime",
                "Protocol against the Smuggling of Migrants by Land, Sea, and Air",
                "UN Convention Against Corruption"
            ]
        );
        assert!(titles("endorse this Declaration and reaffirm").is_empty());
        assert_eq!(
            titles(
                "the UN Convention against Corruption and the UN Convention Against Corruption;"
            ),
            [
                "UN Convention against Corruption",
                "UN Convention Against Corruption"
            ]
        );
        assert_eq!(
            titles("the Convention for the Protection of Human Rights and Fundamental Freedoms;"),
            ["Convention for the Protection of Human Rights and Fundamental Freedoms"]
        );
    }
}
