use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};

/// Frequent misspellings in declarations and Council documents, wrong → right. A repository
/// adds its own under `check.spelling` in `decl.yaml`.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("committment", "commitment"),
    ("committments", "commitments"),
    ("commited", "committed"),
    ("establishement", "establishment"),
    ("establishements", "establishments"),
    ("goverment", "government"),
    ("goverments", "governments"),
    ("enviroment", "environment"),
    ("parliment", "parliament"),
    ("recieve", "receive"),
    ("seperate", "separate"),
    ("accomodate", "accommodate"),
    ("acheive", "achieve"),
    ("agression", "aggression"),
    ("concensus", "consensus"),
    ("independant", "independent"),
    ("occurence", "occurrence"),
    ("occured", "occurred"),
    ("persue", "pursue"),
    ("priviledge", "privilege"),
    ("publically", "publicly"),
    ("reccomend", "recommend"),
    ("recomendation", "recommendation"),
    ("recomendations", "recommendations"),
    ("refered", "referred"),
    ("relevent", "relevant"),
    ("sucessful", "successful"),
    ("transparancy", "transparency"),
    ("untill", "until"),
    ("wich", "which"),
    ("tresspass", "trespass"),
    ("humanitarain", "humanitarian"),
    ("sovereignity", "sovereignty"),
    ("neccessary", "necessary"),
    ("necesary", "necessary"),
    ("responsability", "responsibility"),
    ("developping", "developing"),
    ("adress", "address"),
    ("adressing", "addressing"),
];

declare_rule! {
    /// A word on the list of frequent misspellings: "committment", "establishement",
    /// "goverment", …
    ///
    /// ## Why
    /// These slips survive spell-checkers set to another language and reach the published
    /// text: the public summary of the adopted Global Alliance declaration has both
    /// "committment" and "establishement". The list is short and precise, so every finding is
    /// a real error.
    ///
    /// ## Example
    /// ```markdown
    /// Renew our committment to the establishement of legal pathways;
    /// ```
    ///
    /// ## Fix
    /// Write the spelling given in the message. A repository adds its own pairs in
    /// `decl.yaml`:
    ///
    /// ```yaml
    /// check:
    ///   spelling:
    ///     recieve: receive
    /// ```
    pub struct Misspelling => "D303", "misspelling", Error;
}

impl Rule for Misspelling {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        // One lookup table for the run: the repository's spellings win over the built-in ones.
        let mut table: std::collections::HashMap<&str, &str> = BUILT_IN.iter().copied().collect();
        for (wrong, right) in &cx.settings.check.spelling {
            table.insert(wrong, right);
        }
        // The first byte and length of each misspelling: a word that shares them with none
        // is not looked up (hashing every word was a tenth of `decl check` at 100,000 clauses).
        let mut shapes = [0u64; 256];
        for wrong in table.keys() {
            if let (Some(&first), len @ 0..64) = (wrong.as_bytes().first(), wrong.len()) {
                shapes[usize::from(first)] |= 1 << len;
            }
        }
        let long = table.keys().any(|w| w.len() >= 64);
        let may_be_wrong = |lower: &str| {
            long || lower.as_bytes().first().is_some_and(|&first| {
                lower.len() < 64 && shapes[usize::from(first)] & (1 << lower.len()) != 0
            })
        };
        let v = cx.version;
        let mut texts: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
        if let Some(t) = &v.title {
            texts.push((&t.text, super::line_range(cx.source, t.line)));
        }
        for s in &v.sections {
            if let Some(h) = &s.heading {
                texts.push((&h.text, super::line_range(cx.source, h.line)));
            }
            for c in s.clauses() {
                texts.push((&c.text, super::clause_range(cx.source, c)));
            }
        }
        let mut buffer = String::new();
        for (text, range) in texts {
            let mut cursor = super::Cursor::new(cx.source, range);
            for (_, word) in super::words(text) {
                for part in word.split('-') {
                    let lower = super::lowercase(part, &mut buffer);
                    if !may_be_wrong(&lower) {
                        continue;
                    }
                    if let Some(right) = table.get(&*lower) {
                        let right = match_case(part, right);
                        let at = cursor.find(part);
                        out.push(
                            Diagnostic::at(
                                &Self::INFO,
                                cx.source,
                                at,
                                format!("`{part}` is misspelt"),
                            )
                            .help(format!("write `{right}`")),
                        );
                    }
                }
            }
        }
    }
}

/// `right` with the first letter capitalised when `like` starts with a capital.
fn match_case(like: &str, right: &str) -> String {
    if like.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = right.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    } else {
        right.to_string()
    }
}
