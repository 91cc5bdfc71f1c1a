//! `decl fmt`: canonical layout, never a changed word, idempotent, comments kept.

mod common;

use std::fmt::Write as _;

use common::{decl_in, example_copy, json_of, snapshot_tree};
use proptest::prelude::*;

#[test]
fn example_is_already_formatted() {
    let tmp = example_copy();
    let before = snapshot_tree(tmp.path());
    decl_in(tmp.path())
        .args(["fmt", "--check"])
        .assert()
        .success();
    decl_in(tmp.path()).args(["fmt"]).assert().success();
    assert_eq!(before, snapshot_tree(tmp.path()));
}

#[test]
fn reformats_layout_keeps_words_comments_and_front_matter() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("v.md");
    let messy = "\u{feff}---\r\n# who drafted this: the Commission services\r\ndate: 2025-07-18\r\n---\r\n\r\n\r\nTitle\r\n=====\r\nFirst clause,\r\nwrapped   by hand.  <!-- id: first -->\r\n\r\n\r\n<!-- a note for the drafters -->\r\n[On prevention, we:]\r\n--------------------\r\n* Reaffirm *this*;\r\n* Highlight [that](https://example.org).\r\n\r\n[ref]: https://example.org\r\n";
    std::fs::write(&file, messy).unwrap();
    let before = json_of(decl_in(tmp.path()).args(["show", "v.md", "--format", "json"]));
    let check = decl_in(tmp.path())
        .args(["fmt", "--check", "v.md"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("would reformat v.md"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        messy,
        "--check changed the file"
    );

    decl_in(tmp.path()).args(["fmt", "v.md"]).assert().success();
    let formatted = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        formatted,
        "---\n# who drafted this: the Commission services\ndate: 2025-07-18\n---\n\n# Title\n\nFirst clause,\nwrapped   by hand. <!-- id: first -->\n\n<!-- a note for the drafters -->\n\n## [On prevention, we:]\n\n* Reaffirm *this*;\n* Highlight [that](https://example.org).\n\n[ref]: https://example.org\n"
    );
    let after = json_of(decl_in(tmp.path()).args(["show", "v.md", "--format", "json"]));
    assert_eq!(before["sections"], after["sections"]);
    assert_eq!(before["meta"], after["meta"]);
    decl_in(tmp.path())
        .args(["fmt", "--check", "v.md"])
        .assert()
        .success();
}

#[test]
fn yaml_with_comments_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("v.yaml");
    let text = "# keep me\nsections:\n  -   clauses:\n        - One clause.\n";
    std::fs::write(&file, text).unwrap();
    let out = decl_in(tmp.path())
        .args(["fmt", "v.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("left as it is"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

/// A random document: a title, sections, clauses of random words with brackets, emphasis and
/// random hard wrapping, list items, ids on some.
fn document() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-z]{1,8}",
        Just("[list]".to_string()),
        Just("*agreed*".to_string()),
        Just("`code`".to_string()),
        Just("—".to_string()),
        Just("l'Union".to_string()),
    ];
    let clause = (
        prop::collection::vec(word, 1..25),
        prop::collection::vec(1usize..6, 1..6),
        0u8..4,
    );
    let section = prop::collection::vec(clause, 1..6);
    prop::collection::vec(section, 1..4).prop_map(|sections| {
        let mut out = String::from("# Title\n\n");
        let mut n = 0;
        for (s, clauses) in sections.iter().enumerate() {
            if s > 0 {
                let _ = write!(out, "## Section {s}\n\n");
            }
            for (words, wraps, kind) in clauses {
                n += 1;
                let mut text = String::new();
                let mut wrap = wraps.iter().cycle();
                let mut next = *wrap.next().unwrap_or(&3);
                for (i, w) in words.iter().enumerate() {
                    if i > 0 {
                        if i == next {
                            text.push('\n');
                            next += *wrap.next().unwrap_or(&3);
                        } else {
                            text.push(' ');
                        }
                    }
                    text.push_str(w);
                }
                let id = if n % 2 == 0 {
                    format!(" <!-- id: c{n} -->")
                } else {
                    String::new()
                };
                let _ = match kind {
                    0 => write!(out, "1. {}{id}\n\n", text.replace('\n', "\n   ")),
                    1 => write!(out, "- {}{id}\n\n", text.replace('\n', "\n  ")),
                    _ => write!(out, "{text}{id}\n\n"),
                };
            }
        }
        out
    })
}

fn clause_texts(text: &str) -> Vec<(Option<String>, String)> {
    let source = decl::source::Source::new("t.md", text.to_string());
    let v = decl::parse::version(&source, &decl::model::Meta::default()).unwrap();
    v.clauses()
        .map(|c| (c.id.clone(), c.text.to_string()))
        .collect()
}

fn format(text: &str) -> String {
    let source = decl::source::Source::new("t.md", text.to_string());
    let v = decl::parse::version(&source, &decl::model::Meta::default()).unwrap();
    decl::write::markdown(&v)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn fmt_keeps_every_clause_and_is_idempotent(doc in document()) {
        let once = format(&doc);
        prop_assert_eq!(clause_texts(&doc), clause_texts(&once));
        prop_assert_eq!(format(&once), once);
    }

    #[test]
    fn yaml_round_trip_keeps_every_clause(doc in document()) {
        let source = decl::source::Source::new("t.md", doc.clone());
        let v = decl::parse::version(&source, &decl::model::Meta::default()).unwrap();
        let yaml = decl::write::yaml(&v);
        let back = decl::parse::version(&decl::source::Source::new("t.yaml", yaml), &decl::model::Meta::default()).unwrap();
        let texts = |v: &decl::model::Version| v.clauses().map(|c| (c.id.clone(), c.text.clone())).collect::<Vec<_>>();
        prop_assert_eq!(texts(&v), texts(&back));
    }
}

#[test]
fn regression_concurrent_fmt_and_ids_write_keep_both_changes() {
    // `fmt` and `ids --write` on one file once overwrote each other: each wrote what it had
    // read before the other's write.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("v.md");
    for round in 0..6 {
        let mut messy = String::from("Title\n=====\n");
        for i in 0..40 {
            let _ = write!(
                messy,
                "\n\n\nClause {round} number {i},\nwrapped by hand;\n"
            );
        }
        std::fs::write(&file, &messy).unwrap();
        let dir = tmp.path();
        std::thread::scope(|s| {
            s.spawn(|| decl_in(dir).args(["fmt", "v.md"]).assert().success());
            s.spawn(|| {
                decl_in(dir)
                    .args(["ids", "--write", "v.md"])
                    .assert()
                    .success()
            });
        });
        decl_in(dir)
            .args(["fmt", "--check", "v.md"])
            .assert()
            .success();
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            text.matches("<!-- id: ").count(),
            40,
            "round {round}:\n{text}"
        );
    }
}

#[test]
fn regression_a_file_with_cr_only_line_endings_reads_as_its_lines() {
    // With `\r` alone ending lines, the front matter once read as a heading and the title
    // swallowed the clauses; `fmt` wrote that structure back.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("v.md");
    std::fs::write(
        &file,
        "---\rdocument: 11767/25\r---\r\r# Title\r\rFirst clause;\r\rSecond clause.\r",
    )
    .unwrap();
    let show = json_of(decl_in(tmp.path()).args(["show", "v.md", "--format", "json"]));
    assert_eq!(show["meta"]["document"], "11767/25", "{show}");
    assert_eq!(show["title"], "Title");
    let texts: Vec<&str> = show["sections"][0]["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["First clause;", "Second clause."]);
    decl_in(tmp.path())
        .args(["fmt", "--check", "v.md"])
        .assert()
        .code(1);
    decl_in(tmp.path()).args(["fmt", "v.md"]).assert().success();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "---\ndocument: 11767/25\n---\n\n# Title\n\nFirst clause;\n\nSecond clause.\n"
    );
}

#[cfg(unix)]
#[test]
fn regression_fmt_through_a_symlink_writes_the_target_and_keeps_its_mode() {
    // Writing through a symlink once replaced the link with a mode 0777 regular file.
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("real.md");
    std::fs::write(&target, "Title\n=====\n\n\n\nClause.\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("real.md", tmp.path().join("v.md")).unwrap();
    decl_in(tmp.path()).args(["fmt", "v.md"]).assert().success();
    let link = std::fs::symlink_metadata(tmp.path().join("v.md")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "# Title\n\nClause.\n"
    );
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // A new file gets 0666 less the umask, never 0777.
    decl_in(tmp.path())
        .args(["show", "v.md", "--format", "md"])
        .assert()
        .success();
    decl_in(tmp.path())
        .args(["render", "v.md", "--to", "txt", "-o", "new.txt"])
        .assert()
        .success();
    let mode = std::fs::metadata(tmp.path().join("new.txt"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0, "{mode:o}");
}
