use std::collections::HashMap;

use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};
use crate::model::Clause;

/// Endings spelt with `s` in British usage and `z` in American (and Oxford) usage.
const ISE_IZE: &[(&str, &str)] = &[
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ises", "izes"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("yses", "yzes"),
    ("ysing", "yzing"),
];

/// Word beginnings spelt differently on either side of the Atlantic, British first.
const STEMS: &[(&str, &str)] = &[
    ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("behaviour", "behavior"),
    ("favour", "favor"),
    ("honour", "honor"),
    ("endeavour", "endeavor"),
    ("harbour", "harbor"),
    ("centre", "center"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("programme", "program"),
    ("travell", "travel"),
    ("modell", "model"),
    ("judgement", "judgment"),
    ("catalogue", "catalog"),
];

declare_rule! {
    /// Both spelling variants of one word in one version: "organised" and "organized",
    /// "labour" and "labor".
    ///
    /// ## Why
    /// A declaration follows one house style (EU texts use British spelling with `-ise`). A
    /// mix usually means a clause was pasted in from another text, and translators and
    /// readers take the difference for a difference in meaning.
    ///
    /// ## Example
    /// ```markdown
    /// Recognise the role of international organisations;
    ///
    /// Support regional organizations in …
    /// ```
    ///
    /// ## Fix
    /// Use the spelling the version uses most (named in the message) everywhere. Official
    /// titles keep their own spelling: suppress the finding on that clause with
    /// `<!-- decl-ignore D304 -->`.
    pub struct MixedSpelling => "D304", "mixed-spelling", Warning;
}

/// One spelling of a word: how often, and where first.
struct Variant<'a> {
    count: usize,
    first: &'a Clause,
    /// Where in the first clause's plain text it is written.
    at: usize,
    written: &'a str,
    order: usize,
}

impl Rule for MixedSpelling {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        // key (British form) → spelling (lowercase) → variant
        let mut seen: HashMap<String, HashMap<String, Variant>> = HashMap::new();
        let mut order = 0;
        let mut buffer = String::new();
        for clause in cx.version.clauses() {
            for (word_at, word) in super::words(&clause.text) {
                let mut part_at = word_at;
                for part in word.split('-') {
                    let at = part_at;
                    part_at += part.len() + 1;
                    let lower = super::lowercase(part, &mut buffer);
                    let Some(key) = british(&lower) else { continue };
                    order += 1;
                    seen.entry(key)
                        .or_default()
                        .entry(lower.into_owned())
                        .and_modify(|v| v.count += 1)
                        .or_insert(Variant {
                            count: 1,
                            first: clause,
                            at,
                            written: part,
                            order,
                        });
                }
            }
        }
        // Findings in document order, so that one pass over each clause locates them all.
        let mut found: Vec<(&Variant, &String, &String, usize)> = Vec::new();
        for variants in seen.values() {
            if variants.len() < 2 {
                continue;
            }
            let mut list: Vec<(&String, &Variant)> = variants.iter().collect();
            // The most used spelling is the house style; on a tie, the first written.
            list.sort_by_key(|(_, v)| (std::cmp::Reverse(v.count), v.order));
            let (main, main_v) = list[0];
            for (spelling, v) in &list[1..] {
                found.push((v, spelling, main, main_v.count));
            }
        }
        found.sort_by_key(|(v, ..)| (v.first.index, v.at));
        let mut cursor: Option<(usize, super::Cursor)> = None;
        for (v, spelling, main, main_count) in found {
            if cursor.as_ref().is_none_or(|(i, _)| *i != v.first.index) {
                cursor = Some((v.first.index, super::Cursor::clause(cx.source, v.first)));
            }
            let Some((_, c)) = cursor.as_mut() else {
                continue;
            };
            let range = c.word(v.at, v.written);
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    cx.source,
                    range,
                    format!(
                        "`{spelling}` here, but `{main}` elsewhere in this version ({})",
                        crate::text::count(main_count, "time", "times")
                    ),
                )
                .help(format!("write `{main}`, as the rest of the version does")),
            );
        }
    }
}

/// The British form of a word that has a variant spelling, else `None`.
fn british(lower: &str) -> Option<String> {
    if lower.len() < 5 {
        return None;
    }
    // Compare the last (or first) byte before the whole ending (or beginning): most words
    // share neither, and at 100,000 clauses the comparisons were a quarter of `decl check`.
    let (first, last) = (lower.as_bytes()[0], lower.as_bytes()[lower.len() - 1]);
    for &(uk, us) in ISE_IZE {
        for end in [uk, us] {
            if end.as_bytes().last() == Some(&last)
                && let Some(stem) = lower.strip_suffix(end)
                && stem.len() >= 3
            {
                return Some(format!("{stem}{uk}"));
            }
        }
    }
    for (uk, us) in STEMS {
        if uk.as_bytes().first() == Some(&first)
            && let Some(rest) = lower.strip_prefix(uk)
        {
            return Some(format!("{uk}{rest}"));
        }
        if us.as_bytes().first() == Some(&first)
            && let Some(rest) = lower.strip_prefix(us)
        {
            return Some(format!("{uk}{rest}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::british;

    #[test]
    fn variants_share_a_key() {
        assert_eq!(british("organized"), british("organised"));
        assert_eq!(british("organizations"), british("organisations"));
        assert_eq!(british("labor"), british("labour"));
        assert_eq!(british("analyze"), british("analyse"));
        assert_ne!(british("otherwise"), None);
        assert_eq!(british("the"), None);
    }
}
