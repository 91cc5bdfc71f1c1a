//! `decl diff`: alignment properties, hand-written negotiation sequences, and the CLI.

mod common;

use std::fmt::Write as _;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use decl::diff::{self, Diff, Kind, Op, Options, SectionKind, inline};
use decl::model::{Meta, Version};
use decl::source::Source;
use proptest::prelude::*;

fn version(name: &str, markdown: &str) -> Version {
    decl::parse::version(&Source::new(name, markdown.to_string()), &Meta::default())
        .expect("test document parses")
}

fn kinds(d: &Diff<'_>) -> Vec<(Kind, bool, Vec<usize>, Vec<usize>)> {
    d.changes
        .iter()
        .map(|c| {
            (
                c.kind,
                c.moved,
                c.old.iter().map(decl::diff::ClauseRef::index).collect(),
                c.new.iter().map(decl::diff::ClauseRef::index).collect(),
            )
        })
        .collect()
}

/// Every clause of each side appears in exactly one change.
fn assert_partition(d: &Diff<'_>, old: &Version, new: &Version) {
    let mut seen_old = vec![0; old.clause_count()];
    let mut seen_new = vec![0; new.clause_count()];
    for c in &d.changes {
        for r in &c.old {
            seen_old[r.index()] += 1;
        }
        for r in &c.new {
            seen_new[r.index()] += 1;
        }
    }
    assert!(seen_old.iter().all(|&n| n == 1), "old: {seen_old:?}");
    assert!(seen_new.iter().all(|&n| n == 1), "new: {seen_new:?}");
}

/// The word diff of every modified, split and merged change spells the old and new texts
/// exactly: of a split, all ops the old text and each part's ops its new clause; of a merge the
/// reverse.
fn assert_inline_rebuilds(d: &Diff<'_>) {
    for c in &d.changes {
        let ops = match (&c.inline, c.kind) {
            (Some(i), Kind::Modified | Kind::Split | Kind::Merged) => &i.ops,
            (None, Kind::Modified | Kind::Split | Kind::Merged) => {
                panic!("no word diff: {c:?}")
            }
            (Some(_), _) => panic!("a word diff on a {:?} change", c.kind),
            (None, _) => continue,
        };
        match c.kind {
            Kind::Modified => {
                assert_eq!(inline::old_text(ops), c.old[0].text());
                assert_eq!(inline::new_text(ops), c.new[0].text());
            }
            Kind::Split => {
                assert_eq!(inline::old_text(ops), c.old[0].text());
                for (k, r) in c.new.iter().enumerate() {
                    assert_eq!(inline::part_text(ops, k, Op::Insert), r.text());
                }
            }
            _ => {
                assert_eq!(inline::new_text(ops), c.new[0].text());
                for (k, r) in c.old.iter().enumerate() {
                    assert_eq!(inline::part_text(ops, k, Op::Delete), r.text());
                }
            }
        }
    }
}

const WORDS: &[&str] = &[
    "support",
    "cooperation",
    "member",
    "states",
    "partner",
    "countries",
    "smuggling",
    "routes",
    "enhance",
    "border",
    "judicial",
    "training",
    "data",
    "exchange",
    "prevent",
    "combat",
    "networks",
    "migrants",
    "rights",
    "[within",
    "24",
    "hours]",
    "and",
    "the",
    "of",
    "in",
    "Europol",
    "Frontex",
    "“joint”",
    "—",
    "à",
    "ℌ",
];

fn clause_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 1..14)
        .prop_map(|w| format!("Clause {};", w.join(" ")))
}

fn document() -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::vec(proptest::collection::vec(clause_text(), 0..6), 1..4)
}

fn render(sections: &[Vec<String>]) -> String {
    let mut out = String::from("# Title\n\n");
    for (k, clauses) in sections.iter().enumerate() {
        if k > 0 {
            let _ = write!(out, "## Section {k}\n\n");
        }
        for c in clauses {
            out.push_str(c);
            out.push_str("\n\n");
        }
    }
    out
}

/// A derived document: clauses dropped, duplicated, edited, split (a part going to any section),
/// merged and shuffled between sections.
fn edited(doc: Vec<Vec<String>>) -> impl Strategy<Value = Vec<Vec<String>>> {
    let n: usize = doc.iter().map(Vec::len).sum::<usize>().max(1);
    (
        proptest::collection::vec((0u8..8, clause_text(), 0usize..8), n),
        Just(doc),
    )
        .prop_map(|(edits, doc)| {
            // Each new clause, and whether it is a part of a split: a part is not merged with
            // another clause, as that many-to-many edit has no one reading in splits and merges.
            let mut out: Vec<Vec<(String, bool)>> = vec![Vec::new(); doc.len()];
            let mut k = 0;
            for (s, clauses) in doc.iter().enumerate() {
                for c in clauses {
                    let (op, text, to) = &edits[k % edits.len()];
                    k += 1;
                    let whole = |t: &str| (t.to_string(), false);
                    match op {
                        0 => {}
                        1 => out[s].push(whole(text)),
                        2 => out[to % doc.len()].push(whole(c)),
                        3 => out[s].push(whole(&format!(
                            "{} extra words here;",
                            c.trim_end_matches(';')
                        ))),
                        4 => {
                            out[s].push(whole(c));
                            out[s].push(whole(text));
                        }
                        // Split at a word: the first part here, the second in section `to`.
                        5 => {
                            let body = c.trim_end_matches(';');
                            let words: Vec<&str> = body.split(' ').collect();
                            let cut = 1 + to % words.len().max(1);
                            let (a, b) = words.split_at(cut.min(words.len()));
                            out[s].push((format!("{};", a.join(" ")), !b.is_empty()));
                            if !b.is_empty() {
                                out[to % doc.len()].push((format!("Also {};", b.join(" ")), true));
                            }
                        }
                        // Merged into the clause before it in the new section.
                        6 => match out[s].last_mut() {
                            Some((last, false)) => {
                                *last = format!(
                                    "{}, and {}",
                                    last.trim_end_matches(';'),
                                    c.to_lowercase()
                                );
                            }
                            _ => out[s].push(whole(c)),
                        },
                        _ => out[s].push(whole(c)),
                    }
                }
            }
            out.into_iter()
                .map(|section| section.into_iter().map(|(text, _)| text).collect())
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn diff_with_itself_is_all_unchanged(doc in document()) {
        let text = render(&doc);
        let v = version("x.md", &text);
        let d = diff::diff(&v, &v, &Options::default());
        prop_assert!(d.changes.iter().all(|c| c.kind == Kind::Unchanged && !c.moved));
        prop_assert!(d.sections.is_empty());
        prop_assert!(!d.has_changes());
        assert_partition(&d, &v, &v);
    }

    #[test]
    fn every_clause_once_and_inline_rebuilds(
        (old, new) in document().prop_flat_map(|d| (Just(d.clone()), edited(d)))
    ) {
        let a = version("old.md", &render(&old));
        let b = version("new.md", &render(&new));
        let d = diff::diff(&a, &b, &Options::default());
        assert_partition(&d, &a, &b);
        assert_inline_rebuilds(&d);
        let s = d.summary;
        prop_assert_eq!(
            s.unchanged + s.modified + s.moved + s.added + s.deleted + s.split + s.merged,
            d.changes.len()
        );
    }

    /// Ids written by `decl ids` (first the old version, then the new one inheriting from it)
    /// change nothing in what the diff says: the same changes, of the same kinds, the same
    /// clauses.
    #[test]
    fn ids_then_diff_says_what_diff_said_before_ids(
        (old, new) in document().prop_flat_map(|d| (Just(d.clone()), edited(d)))
    ) {
        let mut a = version("old.md", &render(&old));
        let mut b = version("new.md", &render(&new));
        let before = kinds(&diff::diff(&a, &b, &Options::default()));
        decl::commands::ids::assign(&mut a, None);
        decl::commands::ids::assign(&mut b, Some(&a));
        let d = diff::diff(&a, &b, &Options::default());
        let after = kinds(&d);
        prop_assert_eq!(before, after);
        assert_partition(&d, &a, &b);
    }

    #[test]
    fn inline_ops_rebuild_any_texts(old in "\\PC{0,80}", new in "\\PC{0,80}") {
        let i = inline::diff(&old, &new, Duration::from_secs(1));
        prop_assert_eq!(inline::old_text(&i.ops), old);
        prop_assert_eq!(inline::new_text(&i.ops), new);
    }
}

#[test]
fn moved_and_edited_clause() {
    let old = version(
        "old.md",
        "# T\n\nAlpha clause about cooperation;\n\nBravo clause about border data exchange;\n\nCharlie clause on training;\n\nDelta clause on judicial networks;\n\nEcho clause on rights;\n",
    );
    let new = version(
        "new.md",
        "# T\n\nAlpha clause about cooperation;\n\nCharlie clause on training;\n\nDelta clause on judicial networks;\n\nBravo clause about border data exchange and training;\n\nEcho clause on rights;\n",
    );
    let d = diff::diff(&old, &new, &Options::default());
    assert_eq!(
        kinds(&d),
        [
            (Kind::Unchanged, false, vec![0], vec![0]),
            (Kind::Unchanged, false, vec![2], vec![1]),
            (Kind::Unchanged, false, vec![3], vec![2]),
            (Kind::Modified, true, vec![1], vec![3]),
            (Kind::Unchanged, false, vec![4], vec![4]),
        ]
    );
    assert_eq!(d.summary.moved_modified, 1);
    assert_inline_rebuilds(&d);
}

#[test]
fn negotiation_fixture_split_merge_brackets_headings() {
    let dir = common::root().join("tests/fixtures/diff/negotiation");
    let old = decl::parse::version_file(&dir.join("old.md"), &Meta::default()).expect("old");
    let new = decl::parse::version_file(&dir.join("new.md"), &Meta::default()).expect("new");
    let d = diff::diff(&old, &new, &Options::default());
    assert_partition(&d, &old, &new);
    assert_inline_rebuilds(&d);
    let by_kind: BTreeMap<Kind, usize> = d.changes.iter().fold(BTreeMap::new(), |mut m, c| {
        *m.entry(c.kind).or_default() += 1;
        m
    });
    assert_eq!(by_kind.get(&Kind::Split), Some(&1));
    assert_eq!(by_kind.get(&Kind::Merged), Some(&1));
    let split = d
        .changes
        .iter()
        .find(|c| c.kind == Kind::Split)
        .expect("split");
    assert_eq!(split.old.len(), 1);
    assert_eq!(split.new.len(), 2);
    let merged = d
        .changes
        .iter()
        .find(|c| c.kind == Kind::Merged)
        .expect("merged");
    assert_eq!(merged.old.len(), 2);
    // Bracket resolution.
    let resolved = d
        .changes
        .iter()
        .find(|c| c.brackets.closed() == ["[within 24 hours]"])
        .expect("a clause whose bracket was closed");
    assert_eq!(resolved.kind, Kind::Modified);
    assert!(resolved.brackets.opened().is_empty());
    // Headings: brackets removed, and a rename.
    let sections: Vec<(SectionKind, Option<&str>)> = d
        .sections
        .iter()
        .map(|s| (s.kind, s.new_heading.as_deref()))
        .collect();
    assert_eq!(
        sections,
        [
            (SectionKind::Unbracketed, Some("On prevention, we:")),
            (
                SectionKind::Renamed,
                Some("On response and prosecution, we:")
            ),
        ]
    );
    // A clause moved into another section, and edited.
    let moved = d
        .changes
        .iter()
        .find(|c| c.cross_section)
        .expect("a clause moved across sections");
    assert!(moved.moved);
    assert_eq!(moved.kind, Kind::Modified);
}

#[test]
fn renumbered_list_and_reflowed_paragraph_are_not_changes() {
    let old = version(
        "old.md",
        "# T\n\n1. Support cooperation\n   between border authorities;\n2. Enhance training;\n\nA long paragraph that was\nwrapped at a narrow width.\n",
    );
    let new = version(
        "new.md",
        "# T\n\n2. Support cooperation between border authorities;\n3. Enhance training;\n\nA long paragraph that\nwas wrapped   at a narrow\nwidth.\n",
    );
    let d = diff::diff(&old, &new, &Options::default());
    assert!(!d.has_changes(), "{:?}", kinds(&d));
    // A numbered list turned into paragraphs is not a change either.
    let paragraphs = version(
        "new.md",
        "# T\n\nSupport cooperation between border authorities;\n\nEnhance training;\n\nA long paragraph that was wrapped at a narrow width.\n",
    );
    let d = diff::diff(&old, &paragraphs, &Options::default());
    assert!(!d.has_changes(), "{:?}", kinds(&d));
}

#[test]
fn ignore_case_and_typography() {
    let old = version("old.md", "# T\n\nThe Member States’ “joint” plan — now;\n");
    let new = version(
        "new.md",
        "# T\n\nthe member states' \"joint\" plan - now;\n",
    );
    assert!(diff::diff(&old, &new, &Options::default()).has_changes());
    let options = Options {
        ignore_case: true,
        ignore_typography: true,
        ..Options::default()
    };
    assert!(!diff::diff(&old, &new, &options).has_changes());
}

#[test]
fn ids_decide_identity() {
    let old = version(
        "old.md",
        "# T\n\nFirst text; <!-- id: a -->\n\nSecond text; <!-- id: b -->\n\nThird text; <!-- id: c -->\n",
    );
    let new = version(
        "new.md",
        "# T\n\nSecond text; <!-- id: b -->\n\nFirst text, reworded entirely; <!-- id: a -->\n\nA new clause; <!-- id: d -->\n",
    );
    let d = diff::diff(&old, &new, &Options::default());
    assert_eq!(d.matched_by, diff::MatchedBy::Ids);
    assert_partition(&d, &old, &new);
    let by_id: BTreeMap<&str, Kind> = d
        .changes
        .iter()
        .map(|c| {
            let id = c
                .new
                .first()
                .or(c.old.first())
                .and_then(decl::diff::ClauseRef::id);
            (id.unwrap_or(""), c.kind)
        })
        .collect();
    assert_eq!(by_id.get("a"), Some(&Kind::Modified));
    // `a` and `b` swapped places: one of them is reported as moved.
    assert!(matches!(
        by_id.get("b"),
        Some(Kind::Unchanged | Kind::Moved)
    ));
    assert_eq!(d.changes.iter().filter(|c| c.moved).count(), 1);
    assert_eq!(by_id.get("c"), Some(&Kind::Deleted));
    assert_eq!(by_id.get("d"), Some(&Kind::Added));
}

#[test]
fn deletion_stays_where_it_was() {
    let old = version(
        "old.md",
        "# T\n\nOne alpha;\n\nTwo bravo;\n\nThree charlie;\n\nFour delta;\n",
    );
    let new = version(
        "new.md",
        "# T\n\nOne alpha;\n\nThree charlie;\n\nFour delta;\n",
    );
    let d = diff::diff(&old, &new, &Options::default());
    assert_eq!(
        kinds(&d),
        [
            (Kind::Unchanged, false, vec![0], vec![0]),
            (Kind::Deleted, false, vec![1], vec![]),
            (Kind::Unchanged, false, vec![2], vec![1]),
            (Kind::Unchanged, false, vec![3], vec![2]),
        ]
    );
}

#[test]
fn pathological_inline_diff_falls_back_in_time() {
    let words = |prefix: &str| -> String {
        (0..100_000).fold(String::new(), |mut s, i| {
            s.push_str(prefix);
            s.push_str(&i.to_string());
            s.push(' ');
            s
        })
    };
    let (old, new) = (words("a"), words("b"));
    let start = Instant::now();
    let i = inline::diff(&old, &new, Duration::from_millis(300));
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
    assert_eq!(inline::old_text(&i.ops), old);
    assert_eq!(inline::new_text(&i.ops), new);
    if elapsed > Duration::from_millis(300) {
        assert!(i.fallback.is_some(), "a timed-out diff says so");
    }
    assert!(i.ops.iter().any(|o| o.op == Op::Delete));
}

// --- CLI ----------------------------------------------------------------------------------

const EXAMPLE: &str = "declarations/global-alliance-2025";

fn json(args: &[&str]) -> serde_json::Value {
    let out = common::decl()
        .args(["diff"])
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn cli_json_shape_on_the_example() {
    let v = json(&[EXAMPLE]);
    assert_eq!(v["schema"], "decl-diff/1");
    for side in ["old", "new"] {
        assert!(v[side]["source"].is_string());
        assert!(v[side]["clauses"].as_u64().is_some_and(|n| n > 0));
    }
    for key in [
        "unchanged",
        "modified",
        "moved",
        "added",
        "deleted",
        "split",
        "merged",
    ] {
        assert!(v["summary"][key].is_u64(), "summary.{key}");
    }
    let changes = v["changes"].as_array().expect("changes");
    let mut old_seen = Vec::new();
    let mut new_seen = Vec::new();
    for c in changes {
        let kind = c["kind"].as_str().expect("kind");
        assert!(
            [
                "unchanged",
                "modified",
                "moved",
                "added",
                "deleted",
                "split",
                "merged"
            ]
            .contains(&kind)
        );
        assert!(c["moved"].is_boolean());
        for (side, seen) in [("old", &mut old_seen), ("new", &mut new_seen)] {
            for r in c[side].as_array().expect("clauses") {
                for key in ["index", "id", "section", "text"] {
                    assert!(r.get(key).is_some(), "{side}.{key}");
                }
                seen.push(r["index"].as_u64().expect("index"));
            }
        }
        if kind == "modified" {
            let ops = c["inline"].as_array().expect("inline");
            let rebuilt: String = ops
                .iter()
                .filter(|o| o["op"] != "delete")
                .map(|o| o["text"].as_str().unwrap_or(""))
                .collect();
            assert_eq!(rebuilt, c["new"][0]["text"].as_str().unwrap_or(""));
        }
    }
    old_seen.sort_unstable();
    new_seen.sort_unstable();
    let n_old = v["old"]["clauses"].as_u64().unwrap_or(0);
    let n_new = v["new"]["clauses"].as_u64().unwrap_or(0);
    assert_eq!(old_seen, (0..n_old).collect::<Vec<_>>());
    assert_eq!(new_seen, (0..n_new).collect::<Vec<_>>());
    assert!(v["summary"]["modified"].as_u64().is_some_and(|n| n > 0));
    // The two-reference form gives the same document.
    assert_eq!(
        v,
        json(&[&format!("{EXAMPLE}@first"), &format!("{EXAMPLE}@latest")])
    );
}

#[test]
fn cli_exit_code() {
    common::decl()
        .args(["diff", EXAMPLE, "--exit-code", "--format", "stat"])
        .assert()
        .code(1);
    common::decl()
        .args(["diff", EXAMPLE, "--format", "stat"])
        .assert()
        .code(0);
    let same = format!("{EXAMPLE}@first");
    common::decl()
        .args(["diff", &same, &same, "--exit-code"])
        .assert()
        .code(0);
    common::decl()
        .args(["diff", EXAMPLE])
        .env("DECL_DIFF_EXIT_CODE", "true")
        .assert()
        .code(1);
}

#[test]
fn cli_formats_and_env() {
    let dir = "tests/fixtures/diff/negotiation";
    let (old, new) = (format!("{dir}/old.md"), format!("{dir}/new.md"));
    let out = common::decl()
        .args(["diff", &old, &new])
        .env("DECL_DIFF_FORMAT", "stat")
        .output()
        .expect("runs");
    let stat = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        stat.contains("1 split") && stat.contains("1 merged"),
        "{stat}"
    );
    assert!(
        stat.contains("brackets: 2 closed (1 in headings), 0 opened"),
        "{stat}"
    );

    let out = common::decl()
        .args(["diff", &old, &new, "--format", "md"])
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(md.contains("{~~not~>never~~}"), "{md}");
    assert!(md.contains("{++and online platforms ++}"), "{md}");
    assert!(md.contains("## {~~On response, we:~>On response and prosecution, we:~~}"));

    let out = common::decl()
        .args(["diff", &old, &new, "--context", "0"])
        .output()
        .expect("runs");
    let term = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!term.contains('\u{1b}'), "no colour under NO_COLOR");
    assert!(term.contains("{-not-}{+never+}"), "{term}");
    assert!(term.contains("brackets closed [within 24 hours]"), "{term}");
    assert!(term.contains("moved from clause 4 in “[On prevention, we:]” to clause ¶10"));
    assert!(term.contains("unchanged clause"), "collapsed: {term}");
}

#[test]
fn cli_output_file_and_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("changes.json");
    common::decl()
        .args(["diff", EXAMPLE, "--format", "json", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("written")).expect("json");
    assert_eq!(v["schema"], "decl-diff/1");

    let out = common::decl()
        .args(["diff", &format!("{EXAMPLE}/versions/2025-07-18-draft.md")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to compare"));

    common::decl()
        .args(["diff", "no-such.md", EXAMPLE])
        .assert()
        .code(2);
}

/// `-o /dev/null` once renamed a regular file over `/dev/null`: a device or pipe is written to,
/// never replaced. Shown with a FIFO, which a test may make and remove.
#[test]
fn output_to_a_pipe_writes_into_it_instead_of_replacing_it() {
    use std::os::unix::fs::FileTypeExt as _;
    let tmp = tempfile::tempdir().expect("tmp");
    let fifo = tmp.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).expect("read the pipe"))
    };
    common::decl()
        .args(["diff", EXAMPLE, "--format", "json", "-o"])
        .arg(&fifo)
        .assert()
        .success();
    // Checked before joining: had the pipe been replaced, its reader would wait forever.
    let kind = std::fs::metadata(&fifo).expect("still there").file_type();
    assert!(kind.is_fifo(), "the pipe was replaced by a {kind:?}");
    let got = reader.join().expect("reader");
    let v: serde_json::Value = serde_json::from_slice(&got).expect("json through the pipe");
    assert_eq!(v["schema"], "decl-diff/1");
}

#[test]
fn diff_of_a_declaration_names_the_version_files_its_manifest_leaves_out() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("declarations/x");
    std::fs::create_dir_all(dir.join("versions")).unwrap();
    std::fs::write(
        dir.join("declaration.yaml"),
        "versions:\n  - versions/a.md\n  - versions/b.md\n",
    )
    .unwrap();
    for (name, text) in [
        (
            "a.md",
            "# T\n\nWe support cooperation between the border authorities;\n",
        ),
        (
            "b.md",
            "# T\n\nWe support close cooperation between the border authorities;\n",
        ),
        ("c.md", "# T\n\nA draft nobody listed;\n"),
    ] {
        std::fs::write(dir.join("versions").join(name), text).unwrap();
    }
    let out = common::decl_in(tmp.path())
        .args(["diff", "declarations/x"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "`versions/c.md` is in the folder but not listed in `versions`, so it is left out"
        ),
        "{err}"
    );
}
