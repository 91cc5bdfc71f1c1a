use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};
use crate::model::{Clause, ClauseKind};

/// First words that are not verbs: articles, pronouns, prepositions, conjunctions.
const NOT_VERBS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "these",
    "that",
    "those",
    "our",
    "their",
    "its",
    "his",
    "her",
    "it",
    "they",
    "i",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "of",
    "to",
    "from",
    "as",
    "and",
    "or",
    "but",
    "if",
    "when",
    "while",
    "where",
    "all",
    "each",
    "every",
    "some",
    "any",
    "no",
    "such",
    "other",
    "both",
    "there",
    "here",
    "whereas",
    "having",
    "being",
    "moreover",
    "furthermore",
    "however",
    "also",
    "further",
    "finally",
    "together",
    "since",
    "under",
    "through",
];

/// Endings of nouns and adjectives, not of the base form of a verb.
const NOUN_ENDINGS: &[&str] = &[
    "tion", "sion", "ment", "ness", "ity", "ship", "ism", "ies", "ers", "ors", "ing", "al", "ous",
    "ful", "ic", "ics",
];

/// Verbs with a noun's ending.
const VERBS_LIKE_NOUNS: &[&str] = &[
    "implement",
    "supplement",
    "complement",
    "comment",
    "document",
    "augment",
    "mention",
    "sanction",
    "question",
    "position",
    "function",
    "envision",
    "commission",
    "bring",
    "sing",
    "signal",
    "appeal",
    "reveal",
    "conceal",
    "repeal",
];

declare_rule! {
    /// An operative clause that does not start with a capitalised verb, in a section whose
    /// other clauses do.
    ///
    /// ## Why
    /// Operative clauses of a declaration hang off a chapeau ("On prevention, we:") and each
    /// begins with a verb in the first person plural: "Reaffirm …", "Step up …". A clause
    /// that starts otherwise breaks the grammar of the whole section, or is a preambular or
    /// explanatory paragraph that has slipped into it. The verb is recognised by its form
    /// (capitalised, not a function word, no noun ending), so the rule can err. Clauses that start with "We" (the
    /// chapeau itself) are left out of the count, and the rule only speaks when at least
    /// three clauses of the section and two thirds of them start with a verb.
    ///
    /// ## Example
    /// ```markdown
    /// ## On response to migrant smuggling, we:
    ///
    /// Strengthen operational cooperation along migratory routes;
    ///
    /// Enhance measures aimed at strengthening judicial responses;
    ///
    /// Step up financial investigations;
    ///
    /// the fight against corruption remains a priority;
    /// ```
    ///
    /// ## Fix
    /// Rewrite the clause to start with a verb ("Reaffirm that the fight against corruption
    /// remains a priority;"), or move it to the preamble.
    pub struct OperativeVerb => "D306", "operative-verb", Warning;
}

impl Rule for OperativeVerb {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        for section in &cx.version.sections {
            let clauses: Vec<&Clause> = section
                .clauses()
                .filter(|c| !matches!(c.kind, ClauseKind::Table | ClauseKind::BlockQuote))
                .filter(|c| first_word(&c.text).is_some_and(|w| w != "We"))
                .collect();
            let verbs = clauses.iter().filter(|c| starts_with_verb(&c.text)).count();
            let others = clauses.len() - verbs;
            if verbs < 3 || others == 0 || others * 3 > clauses.len() {
                continue;
            }
            for clause in clauses.iter().filter(|c| !starts_with_verb(&c.text)) {
                let word = first_word(&clause.text).unwrap_or_default();
                let range = super::find_in_clause(cx.source, clause, word);
                out.push(
                    Diagnostic::at(
                        &Self::INFO,
                        cx.source,
                        range,
                        format!(
                            "clause starts with `{word}`, where the other {verbs} clauses of this section start with a verb"
                        ),
                    )
                    .help("start the operative clause with a verb (\"Reaffirm …\"), or move it out of the section"),
                );
            }
        }
    }
}

fn first_word(text: &str) -> Option<&str> {
    super::words(text).next().map(|(_, w)| w)
}

/// Whether a clause reads like an operative clause: a capitalised first word that is not a
/// function word and does not end like a noun or adjective.
#[must_use]
pub fn starts_with_verb(text: &str) -> bool {
    let Some(word) = first_word(text) else {
        return false;
    };
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if word.len() > 1 && word.chars().all(|c| !c.is_lowercase()) {
        return false; // an acronym: `UNODC`, `EU`
    }
    let lower = word.to_lowercase();
    if VERBS_LIKE_NOUNS.contains(&lower.as_str()) {
        return true;
    }
    // A plural noun (`Migrants`); verbs ending in `s` end in `ss` or `us` (`Stress`, `Focus`).
    if lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") {
        return false;
    }
    !NOT_VERBS.contains(&lower.as_str()) && !NOUN_ENDINGS.iter().any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::starts_with_verb;

    #[test]
    fn verbs_and_others() {
        for v in [
            "Reaffirm the need",
            "Step up efforts",
            "Enhance measures",
            "Combat corruption",
            "Recall that",
        ] {
            assert!(starts_with_verb(v), "{v}");
        }
        for n in [
            "the need",
            "Cooperation with",
            "The Union",
            "UNODC will",
            "Migrants shall",
            "International",
        ] {
            assert!(!starts_with_verb(n), "{n}");
        }
    }
}
