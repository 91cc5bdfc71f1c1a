//! Nothing unseen: whatever differs between two files that changes how they render (or their
//! metadata) makes the diff say so; `fmt` never changes how a file renders.

use std::fmt::Write as _;
use std::process::Command;

use decl::diff::{self, Options};
use decl::model::{Meta, Version};
use decl::parse;
use decl::source::Source;
use proptest::prelude::*;

fn read(name: &str, text: &str) -> Option<Version> {
    parse::version(&Source::new(name, text.to_string()), &Meta::default()).ok()
}

fn body(text: &str) -> &str {
    let source = Source::new("x.md", text.to_string());
    let start = parse::markdown::find_front_matter(&source)
        .ok()
        .flatten()
        .map_or(0, |fm| fm.body_start);
    &text[start..]
}

/// The rendering less what the diff documents as layout, not content: list markers and
/// numbers, a list turned into paragraphs, blank lines between list items (tight or loose).
fn layout_free(body: &str) -> Vec<String> {
    parse::rendering::tokens(body)
        .into_iter()
        .map(|t| t.text)
        .filter(|t| {
            ![
                "Start(Paragraph",
                "End(Paragraph",
                "Start(List",
                "End(List",
                "Start(Item",
                "End(Item",
            ]
            .iter()
            .any(|p| t.starts_with(p))
        })
        .collect()
}

/// One block of a generated declaration.
fn block() -> impl Strategy<Value = String> {
    let words = "[A-Za-z]{1,8}( [A-Za-z]{1,8}){0,5}";
    prop_oneof![
        words.prop_map(|w| format!("{w};")),
        (words, "[a-z]{1,6}")
            .prop_map(|(w, t)| format!("{w} [the text](https://example.org/{t});")),
        (words, words).prop_map(|(a, b)| format!("{a} *{b}* end.")),
        (words, 1u8..4).prop_map(|(w, n)| format!("{w}[^n{n}] said.")),
        (1u8..4, words).prop_map(|(n, w)| format!("[^n{n}]: {w}.")),
        (words, 2u8..4).prop_map(|(w, l)| format!("{} {w}", "#".repeat(usize::from(l)))),
        (1u8..5, words).prop_map(|(n, w)| format!("## {n}. {w}")),
        words.prop_map(|w| format!("```\n{w}\n  {w}\n```")),
        words.prop_map(|w| format!("    {w}")),
        words.prop_map(|w| format!("<!-- {w} -->")),
        words.prop_map(|w| format!("<div>{w}</div>")),
        (words, words).prop_map(|(a, b)| format!("- {a}\n- {b}")),
        (words, words).prop_map(|(a, b)| format!("1. {a}\n\n2. {b}")),
        (words, words).prop_map(|(a, b)| format!("{a}<br>{b}")),
        words.prop_map(|w| format!("> {w}")),
        Just("---".to_string()),
        (words, "[a-z]{1,6}")
            .prop_map(|(w, t)| format!("{w} ![map](https://example.org/{t}.png) end.")),
        (words, words).prop_map(|(a, b)| format!("{a} `{b}` and <span>{b}</span>.")),
        (words, words).prop_map(|(a, b)| format!("| {a} | b |\n|---|:-:|\n| {b} | c |")),
        (words, words).prop_map(|(a, b)| format!("- {a}\n\n  ```\n  {b}\n  ```\n- {b}")),
        (words, "[a-z]{1,6}").prop_map(|(w, c)| format!("## {w} {{#{c} .x}}")),
        (words, words).prop_map(|(a, b)| format!("{a}  \n{b}")),
        (words, "[a-z]{1,6}").prop_map(|(w, t)| format!("[{w}]: https://example.org/{t}")),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop_oneof![Just("LIMITE"), Just("PUBLIC")]),
        prop::option::of(prop_oneof![Just("draft"), Just("adopted")]),
        prop::option::of("[A-Z][a-z]{2,8}"),
    )
        .prop_map(|(c, s, p)| {
            let mut fm = String::from("---\n");
            if let Some(c) = c {
                let _ = writeln!(fm, "classification: {c}");
            }
            if let Some(s) = s {
                let _ = writeln!(fm, "status: {s}");
            }
            if let Some(p) = p {
                let _ = writeln!(fm, "place: {p}");
            }
            fm.push_str("---\n\n");
            fm
        })
}

fn document() -> impl Strategy<Value = String> {
    (
        front_matter(),
        prop::option::of("[A-Z][a-z]{2,8}( [a-z]{2,8}){0,3}"),
        prop::option::of(prop_oneof![
            Just("Brussels, 10 December 2025"),
            Just("Rabat, 14 March 2026")
        ]),
        prop::collection::vec(block(), 0..8),
    )
        .prop_map(|(fm, title, dateline, blocks)| {
            let mut text = fm;
            if let Some(t) = title {
                let _ = write!(text, "# {t}\n\n");
                if let Some(d) = dateline {
                    let _ = write!(text, "{d}\n\n");
                }
            }
            text.push_str(&blocks.join("\n\n"));
            text.push('\n');
            text
        })
}

/// A second file made from the first by one small edit: a character changed, a block dropped,
/// doubled or swapped, a line end doubled.
fn edited() -> impl Strategy<Value = (String, String)> {
    (document(), any::<prop::sample::Index>(), 0u8..5).prop_map(|(doc, at, how)| {
        let chars: Vec<char> = doc.chars().collect();
        let i = at
            .index(chars.len().max(1))
            .min(chars.len().saturating_sub(1));
        let mut out: Vec<char> = chars.clone();
        match how {
            0 => {
                if let Some(c) = out.get_mut(i) {
                    *c = if *c == 'a' { 'b' } else { 'a' };
                }
            }
            1 => {
                out.remove(i.min(out.len().saturating_sub(1)));
            }
            2 => out.insert(i, ' '),
            3 => out.insert(i, '\n'),
            _ => {
                let blocks: Vec<&str> = doc.split("\n\n").collect();
                let k = at.index(blocks.len());
                let mut b = blocks.clone();
                if k + 1 < b.len() {
                    b.swap(k, k + 1);
                }
                return (doc.clone(), b.join("\n\n"));
            }
        }
        (doc, out.into_iter().collect())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Two readable files that render differently, or whose front matter differs, always
    /// differ in the diff.
    #[test]
    fn a_difference_that_renders_is_always_reported((a, b) in edited()) {
        let (Some(old), Some(new)) = (read("old.md", &a), read("new.md", &b)) else {
            return Ok(());
        };
        let renders_differently = layout_free(body(&a)) != layout_free(body(&b));
        let fields_differ = old.meta != new.meta || old.extra_meta != new.extra_meta;
        let d = diff::diff(&old, &new, &Options::default());
        if renders_differently || fields_differ {
            prop_assert!(d.has_changes(), "unreported difference:\n--- old\n{a}\n--- new\n{b}");
        }
        let same = diff::diff(&old, &old, &Options::default());
        prop_assert!(!same.has_changes(), "a file differs from itself:\n{a}");
    }

    /// `fmt` either leaves a file as it is, refuses it, or writes a file that renders the
    /// same, reads back as the same version and formats to itself.
    #[test]
    fn fmt_never_changes_the_rendering(text in document()) {
        let source = Source::new("x.md", text.clone());
        let Ok(version) = parse::version(&source, &Meta::default()) else {
            return Ok(());
        };
        let formatted = decl::write::markdown(&version);
        if formatted == text || decl::commands::fmt::verify_same(&source, &version, &formatted).is_err() {
            return Ok(());
        }
        prop_assert!(
            parse::rendering::first_difference(body(&text), body(&formatted)).is_none(),
            "renders differently:\n{text}\n---\n{formatted}"
        );
        let again = read("x.md", &formatted).expect("formatted file reads");
        prop_assert!(version.first_difference(&again).is_none());
        prop_assert_eq!(decl::write::markdown(&again), formatted);
    }
}

fn decl_diff_exit_code(old: &str, new: &str) -> i32 {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("old.md"), old).expect("write");
    std::fs::write(dir.path().join("new.md"), new).expect("write");
    let status = Command::new(assert_cmd::cargo::cargo_bin("decl"))
        .current_dir(dir.path())
        .env_clear()
        .args(["diff", "old.md", "new.md", "--exit-code"])
        .output()
        .expect("decl runs")
        .status;
    status.code().unwrap_or(-1)
}

/// Each kind of difference the plain text of clauses does not show, one at a time, through the
/// command line: `--exit-code` says the files differ.
#[test]
fn exit_code_is_one_for_every_kind_of_hidden_difference() {
    let base = "---\nclassification: LIMITE\nstatus: draft\n---\n\n# Title\n\nBrussels, 10 December 2025\n\nKosovo[^k] and [the Call](https://a.example) agree.\n\n```\n1 Rue de la Loi\n```\n\n<!-- a comment -->\n\n## 1. Section\n\nText.\n\n[^k]: This designation is without prejudice.\n";
    assert_eq!(decl_diff_exit_code(base, base), 0);
    for (what, from, to) in [
        ("classification", "LIMITE", "PUBLIC"),
        ("status", "status: draft", "status: adopted"),
        ("title", "# Title", "# Another title"),
        (
            "dateline",
            "Brussels, 10 December 2025",
            "Rabat, 14 March 2026",
        ),
        (
            "footnote",
            "without prejudice",
            "without prejudice to positions",
        ),
        ("link target", "https://a.example", "https://b.example"),
        ("code block", "1 Rue", "175 Rue"),
        ("comment", "a comment", "another comment"),
        ("heading level", "## 1. Section", "### 1. Section"),
        ("heading number", "## 1. Section", "## 2. Section"),
        (
            "unknown field",
            "status: draft\n",
            "status: draft\ncolour: red\n",
        ),
    ] {
        let changed = base.replacen(from, to, 1);
        assert_ne!(changed, base, "{what}");
        assert_eq!(decl_diff_exit_code(base, &changed), 1, "{what}");
    }
}

/// A clause of distinct words with markup spans over some of them: `(kind, first, end)` word
/// ranges, in order and apart. Kinds: 0 emphasis, 1 strong, 2 link, 3 code span.
#[derive(Debug, Clone)]
struct Marked {
    words: Vec<String>,
    spans: Vec<(u8, usize, usize, u8)>,
}

impl Marked {
    fn markdown(&self) -> String {
        let mut out = Vec::new();
        for (k, word) in self.words.iter().enumerate() {
            let mut w = word.clone();
            for &(kind, first, end, target) in &self.spans {
                if k == first {
                    w.insert_str(0, ["*", "**", "[", "`"][kind as usize]);
                }
                if k + 1 == end {
                    match kind {
                        2 => write!(w, "](https://example.org/{target})").unwrap(),
                        _ => w.push_str(["*", "**", "", "`"][kind as usize]),
                    }
                }
            }
            out.push(w);
        }
        format!("# Title\n\n{}.\n", out.join(" "))
    }
}

fn marked() -> impl Strategy<Value = Marked> {
    (
        4usize..12,
        prop::collection::vec((0u8..4, 0usize..12, 1usize..4, 0u8..3), 0..3),
    )
        .prop_map(|(n, wanted)| {
            let words: Vec<String> = (0..n).map(|k| format!("word{k}")).collect();
            let mut spans: Vec<(u8, usize, usize, u8)> = Vec::new();
            for (kind, first, len, target) in wanted {
                let (first, end) = (first % n, (first % n + len).min(n));
                if spans.iter().all(|&(_, f, e, _)| end < f || first > e) {
                    spans.push((kind, first, end, target));
                }
            }
            spans.sort_by_key(|s| s.1);
            Marked { words, spans }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Words inserted in a clause whose markup changes at the same time: the markup change is
    /// always reported, however far from the inserted words; and markup that only moves along
    /// with the words, away from them, is not reported as changed.
    #[test]
    fn markup_changed_with_words_is_always_reported(
        old in marked(),
        insert in prop::option::of((0usize..12, any::<bool>())),
        change in prop::option::of((any::<prop::sample::Index>(), 0u8..4)),
    ) {
        let mut new = old.clone();
        // The word inserted: spans after it move along; one that it touches takes it in or not.
        let mut touches = false;
        if let Some((at, inside)) = insert {
            let at = at % (old.words.len() + 1);
            new.words.insert(at, "added".to_string());
            for span in &mut new.spans {
                touches |= at == span.1 || at == span.2;
                if at < span.1 || (at == span.1 && !inside) {
                    span.1 += 1;
                }
                if at < span.2 || (at == span.2 && inside) {
                    span.2 += 1;
                }
            }
        }
        let mut changed = false;
        if let (Some((which, how)), false) = (change, new.spans.is_empty()) {
            let k = which.index(new.spans.len());
            let n = new.words.len();
            let next = new.spans.get(k + 1).map_or(n, |s| s.1);
            let span = &mut new.spans[k];
            match how {
                0 if span.2 + 1 < next => {
                    span.2 += 1;
                    changed = true;
                }
                1 => {
                    span.0 = (span.0 + 1) % 4;
                    changed = true;
                }
                2 if span.0 == 2 => {
                    span.3 += 1;
                    changed = true;
                }
                3 => {
                    new.spans.remove(k);
                    changed = true;
                }
                _ => {}
            }
        }
        let (a, b) = (old.markdown(), new.markdown());
        let (Some(v_old), Some(v_new)) = (read("old.md", &a), read("new.md", &b)) else {
            return Ok(());
        };
        let d = diff::diff(&v_old, &v_new, &Options::default());
        let reported = d.changes.iter().any(|c| c.markup.is_some());
        if changed {
            prop_assert!(reported, "markup change not reported:\n--- old\n{a}--- new\n{b}");
        } else if !touches {
            prop_assert!(!reported, "markup reported as changed:\n--- old\n{a}--- new\n{b}");
        }
    }
}
