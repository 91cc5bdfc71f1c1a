//! Small helpers for words: closest matches, plurals, "a, b and c" lists, slugs.

/// Edit distance between two short strings (case-insensitive), for "did you mean" hints.
#[must_use]
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidates closest to `word`, best first, when they are close enough to be a typo.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .collect();
    scored.sort_by_key(|&(d, c)| (d, c));
    scored.into_iter().map(|(_, c)| c).collect()
}

/// `1 clause`, `2 clauses`.
#[must_use]
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// `a`, `a and b`, `a, b and c`.
#[must_use]
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// A lowercase, hyphenated identifier made from words: `On prevention, we:` → `on-prevention-we`.
#[must_use]
pub fn slug(text: &str, max_words: usize) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(max_words)
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether `id` is a well-formed clause or section id: letters, digits, `-`, `_`, `.`, `:`,
/// starting with a letter or digit.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(char::is_alphanumeric)
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// Whether `text` has no whitespace but single spaces between words (so collapsing it would
/// change nothing). This runs over every clause of large documents: each question is one of
/// the memchr crate's vectorised searches (byte loops here were 4% of a large diff's
/// instructions).
#[must_use]
pub fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ')
        || bytes.last() == Some(&b' ')
        || memchr::memmem::find(bytes, b"  ").is_some()
    {
        return false;
    }
    // ASCII whitespace other than the space: tab, line feed, vertical tab, form feed, return.
    if memchr::memchr3(b'\t', b'\n', 0x0b, bytes).is_some()
        || memchr::memchr2(0x0c, b'\r', bytes).is_some()
    {
        return false;
    }
    // Other whitespace (no-break space, em space, …) starts with one of these bytes, which
    // never continue a character: decode only the characters they start. Curly quotes and
    // dashes start with 0xe2 too, and are common.
    let starts =
        memchr::memchr3_iter(0xc2, 0xe1, 0xe2, bytes).chain(memchr::memchr_iter(0xe3, bytes));
    !starts
        .into_iter()
        .any(|at| text[at..].chars().next().is_some_and(char::is_whitespace))
}

/// [`collapse_whitespace`] of an owned string, without copying it when it is already collapsed.
#[must_use]
pub fn collapse_owned(text: String) -> String {
    if is_collapsed(&text) {
        text
    } else {
        collapse_whitespace(&text)
    }
}

/// Collapse runs of whitespace (as [`char::is_whitespace`] defines it) to one space and trim.
#[must_use]
pub fn collapse_whitespace(text: &str) -> String {
    if is_collapsed(text) {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut run_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (is_space, len) = if b.is_ascii() {
            (matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c), 1)
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            (ch.is_whitespace(), ch.len_utf8())
        };
        if is_space {
            if let Some(start) = run_start.take() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
            }
        } else if run_start.is_none() {
            run_start = Some(i);
        }
        i += len;
    }
    if let Some(start) = run_start {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

/// `text` cut to `max` characters at a word boundary, with `…` when cut.
#[must_use]
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    std::borrow::Cow::Owned(format!("{}…", cut[..at].trim_end()))
}

/// Text escaped for HTML element content and quoted attribute values.
#[must_use]
pub fn html_escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(closest("titel", ["title", "date", "place"]), ["title"]);
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            slug("[On prevention of migrant smuggling, we:]", 4),
            "on-prevention-of-migrant"
        );
        assert!(is_valid_id("pillar-1.2") && !is_valid_id("-x") && !is_valid_id("a b"));
        assert_eq!(collapse_whitespace("  a \n b\t c "), "a b c");
        assert_eq!(collapse_whitespace("é\u{a0}\u{2003}ü \u{b}x"), "é ü x");
        assert_eq!(collapse_whitespace(""), "");
        assert_eq!(count(1, "clause", "clauses"), "1 clause");
    }

    #[test]
    fn every_character_is_whitespace_to_is_collapsed_as_to_split_whitespace() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(is_collapsed(&text), c == ' ' || !c.is_whitespace(), "{c:?}");
        }
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    proptest! {
        /// The fast collapse means exactly what splitting on Unicode whitespace means.
        #[test]
        fn collapse_matches_split_whitespace(s in "\\PC{0,40}|[ a\u{a0}\u{2003}\t\n\u{b}é’—\u{85}\u{1680}\u{3000}\u{2028}\u{202f}\u{205f}]{0,40}") {
            let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(super::is_collapsed(&s), s == expected);
            prop_assert_eq!(super::collapse_owned(s.clone()), expected.clone());
            prop_assert_eq!(super::collapse_whitespace(&s), expected);
        }
    }
}
