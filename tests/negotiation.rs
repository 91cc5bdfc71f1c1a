//! Hand-written negotiation sequences (tests/fixtures/negotiation, one folder per thing a
//! drafting session does): each pair diffed in every format as snapshots, and what each case
//! must say checked on the JSON, so that a snapshot accepted by mistake still fails here.

mod common;

use std::path::{Path, PathBuf};

use clap::ValueEnum as _;
use decl::diff::format::Format;
use serde_json::Value;

const PAIRS: [&str; 12] = [
    "reworded-split",
    "reworded-merge",
    "apart",
    "split-across",
    "partial-ids",
    "placement",
    "merged-across",
    "moves",
    "swapped",
    "numbering",
    "unrelated",
    "section-removed",
];

fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/negotiation")
}

fn format_name(format: Format) -> String {
    format
        .to_possible_value()
        .expect("formats are not hidden")
        .get_name()
        .to_string()
}

/// `decl diff` of two files in `dir`, in `format`, with a fixed width; exit 0 or 1.
fn diff_in(dir: &Path, old: &str, new: &str, format: &str) -> String {
    let out = common::decl_in(dir)
        .args(["diff", old, new, "--format", format, "--width", "100"])
        .output()
        .expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "decl diff {old} {new} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json_diff(case: &str) -> Value {
    let text = diff_in(
        &fixtures(),
        &format!("{case}/old.md"),
        &format!("{case}/new.md"),
        "json",
    );
    serde_json::from_str(&text).expect("valid JSON")
}

fn kinds(diff: &Value) -> Vec<String> {
    diff["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["kind"].as_str().expect("kind").to_string())
        .collect()
}

fn texts(side: &Value) -> Vec<String> {
    side.as_array()
        .expect("a side")
        .iter()
        .map(|c| c["text"].as_str().expect("text").to_string())
        .collect()
}

/// The one change of `kind`.
fn only<'a>(diff: &'a Value, kind: &str) -> &'a Value {
    let found: Vec<&Value> = diff["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["kind"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "one {kind} change in {diff:#}");
    found[0]
}

#[test]
fn every_case_in_every_format() {
    let dir = fixtures();
    for case in PAIRS {
        for format in Format::value_variants() {
            let name = format_name(*format);
            if *format == Format::Docx {
                // Binary: the main part, one paragraph a line.
                let tmp = tempfile::tempdir().expect("temp dir");
                let out = tmp.path().join("redline.docx");
                common::decl_in(&dir)
                    .args(["diff", &format!("{case}/old.md"), &format!("{case}/new.md")])
                    .args(["--format", "docx", "-o"])
                    .arg(&out)
                    .assert()
                    .success();
                let bytes = std::fs::read(&out).expect("written");
                let text = common::docx_text(&bytes);
                insta::assert_snapshot!(format!("{case}_{name}"), text);
                continue;
            }
            let mut text = diff_in(
                &dir,
                &format!("{case}/old.md"),
                &format!("{case}/new.md"),
                &name,
            );
            if *format == Format::Json {
                let value: Value = serde_json::from_str(&text).expect("valid JSON");
                text = serde_json::to_string_pretty(&value).expect("serialises");
            }
            insta::assert_snapshot!(format!("{case}_{name}"), text);
        }
    }
}

#[test]
fn a_split_whose_second_part_is_reworded_is_one_split_with_its_word_changes() {
    let diff = json_diff("reworded-split");
    assert_eq!(kinds(&diff), ["split", "unchanged", "unchanged"]);
    let split = only(&diff, "split");
    assert_eq!(split["new"].as_array().map(Vec::len), Some(2));
    let deleted: String = split["inline"]
        .as_array()
        .expect("inline")
        .iter()
        .filter(|op| op["op"] == "delete")
        .map(|op| op["text"].as_str().expect("text"))
        .collect();
    assert!(deleted.contains("confiscate"), "{deleted}");
}

#[test]
fn a_merge_that_rewords_what_it_absorbs_is_one_merge() {
    let diff = json_diff("reworded-merge");
    assert_eq!(kinds(&diff), ["merged", "unchanged"]);
    assert_eq!(
        only(&diff, "merged")["old"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn splits_and_merges_of_clauses_apart_are_found() {
    let diff = json_diff("apart");
    let split = only(&diff, "split");
    let sections: Vec<&str> = split["new"]
        .as_array()
        .expect("new")
        .iter()
        .map(|c| c["section"].as_str().expect("section"))
        .collect();
    assert_eq!(sections, ["on-prevention-we", "on-response-we"]);
    let merged = only(&diff, "merged");
    let numbers: Vec<&str> = merged["old"]
        .as_array()
        .expect("old")
        .iter()
        .map(|c| c["number"].as_str().expect("number"))
        .collect();
    assert_eq!(numbers, ["3", "5"], "two clauses with one between them");
}

#[test]
fn clauses_without_ids_pasted_among_clauses_with_ids_are_aligned_by_content() {
    let diff = json_diff("partial-ids");
    let split = only(&diff, "split");
    assert_eq!(split["old"][0]["id"], "operational-cooperation");
    assert_eq!(split["new"][0]["id"], "operational-cooperation");
    assert!(split["new"][1]["id"].is_null());
    // The unchanged clause whose id was changed is paired by its text, the id change said.
    assert_eq!(diff["summary"]["ids_changed"], 1);
    assert_eq!(only(&diff, "added")["new"][0]["number"], "4");
}

#[test]
fn a_clause_deleted_at_the_top_of_a_section_is_shown_under_its_own_section() {
    let diff = json_diff("placement");
    assert_eq!(
        only(&diff, "deleted")["old"][0]["section"],
        "on-response-we"
    );
    let term = diff_in(&fixtures(), "placement/old.md", "placement/new.md", "term");
    let response = term.find("## On response").expect("the section heading");
    let deleted = term.find("- 3 ").expect("the deleted clause");
    assert!(deleted > response, "{term}");
}

/// Regression: the clause after one merged into another section was shown after the merged
/// clause, so every output (and the Word redline) gave the merged clause's section heading and
/// the deleted clause's heading once more in the middle of the other section.
#[test]
fn a_clause_deleted_after_one_merged_into_another_section_stays_under_its_own_heading() {
    let diff = json_diff("merged-across");
    assert_eq!(
        kinds(&diff),
        [
            "unchanged",
            "merged",
            "unchanged",
            "unchanged",
            "deleted",
            "unchanged"
        ]
    );
    let merged = only(&diff, "merged");
    assert_eq!(merged["new"][0]["section"], "on-prevention-we");
    assert_eq!(merged["old"][1]["section"], "on-response-we");
    for format in ["term", "md"] {
        let text = diff_in(
            &fixtures(),
            "merged-across/old.md",
            "merged-across/new.md",
            format,
        );
        let headings: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("## "))
            .map(|(n, _)| n)
            .collect();
        assert_eq!(headings.len(), 2, "each heading once: {text}");
        let deleted = text
            .lines()
            .position(|l| l.contains("Reinforce judicial"))
            .expect("the deleted clause");
        assert!(deleted > headings[1], "{text}");
    }
}

#[test]
fn clauses_moved_together_are_one_move_and_a_section_moved_whole_moves_no_clause() {
    let diff = json_diff("moves");
    assert_eq!(kinds(&diff).iter().filter(|k| *k == "moved").count(), 3);
    let moves = diff["moves"].as_array().expect("moves");
    assert_eq!(moves.len(), 1, "one block move: {moves:#?}");
    let term = diff_in(&fixtures(), "moves/old.md", "moves/new.md", "term");
    assert_eq!(term.matches("moved together").count(), 1, "{term}");
    assert!(term.contains("section moved"), "{term}");
}

#[test]
fn numbers_are_the_ones_on_the_page() {
    let diff = json_diff("numbering");
    let added = only(&diff, "added");
    assert_eq!(added["new"][0]["number"], "2");
    assert_eq!(
        added["new"][0]["index"], 3,
        "index stays 0-based across the preamble"
    );
    let modified: Vec<&Value> = diff["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["kind"] == "modified")
        .collect();
    assert_eq!(modified[0]["new"][0]["number"], "PP2");
    assert_eq!(modified[1]["old"][0]["number"], "4");
    assert_eq!(modified[1]["new"][0]["number"], "5");
}

#[test]
fn unrelated_clauses_in_different_sections_are_not_paired() {
    let diff = json_diff("unrelated");
    let mut k = kinds(&diff);
    k.sort();
    assert_eq!(
        k,
        ["added", "deleted", "unchanged", "unchanged", "unchanged"]
    );
}

#[test]
fn a_clause_deleted_and_reinstated_keeps_its_lineage() {
    let dir = fixtures().join("reinstated");
    for format in ["term", "md", "html", "json"] {
        let text =
            common::stdout_of(common::decl_in(&dir).args(["synopsis", ".", "--format", format]));
        insta::assert_snapshot!(format!("reinstated_synopsis_{format}"), text);
    }
    let synopsis =
        common::json_of(common::decl_in(&dir).args(["synopsis", ".", "--format", "json"]));
    let rows = synopsis["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3, "one row per lineage: {synopsis:#}");
    for format in ["text", "json"] {
        let text = common::stdout_of(common::decl_in(&dir).args([
            "history",
            ".",
            "humanitarian",
            "--format",
            format,
        ]));
        if format == "text" {
            assert!(text.contains("deleted in 2026-02-10-rev1"), "{text}");
            assert!(text.contains("reinstated in 2026-03-05-rev2"), "{text}");
        }
        insta::assert_snapshot!(format!("reinstated_history_{format}"), text);
    }
    // Words of its text find one lineage, not two.
    common::decl_in(&dir)
        .args(["history", ".", "humanitarian assistance"])
        .assert()
        .success();
}

#[test]
fn ids_written_from_the_alignment_change_nothing_in_what_diff_says() {
    let tmp = tempfile::tempdir().expect("temp dir");
    common::copy_dir(&fixtures().join("ids"), tmp.path());
    let before = diff_in(tmp.path(), "versions/a.md", "versions/b.md", "json");
    let before: Value = serde_json::from_str(&before).expect("valid JSON");
    common::decl_in(tmp.path())
        .args(["ids", ".", "--write"])
        .assert()
        .success();
    let after = diff_in(tmp.path(), "versions/a.md", "versions/b.md", "json");
    let after: Value = serde_json::from_str(&after).expect("valid JSON");
    assert_eq!(kinds(&before), kinds(&after));
    for (b, a) in before["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .zip(after["changes"].as_array().expect("changes"))
    {
        assert_eq!(texts(&b["old"]), texts(&a["old"]));
        assert_eq!(texts(&b["new"]), texts(&a["new"]));
    }
    assert!(kinds(&after).contains(&"split".to_string()));
    assert!(kinds(&after).contains(&"merged".to_string()));
    let b = std::fs::read_to_string(tmp.path().join("versions/b.md")).expect("reads");
    insta::assert_snapshot!("ids_written_b", b);
}
