//! `decl synopsis` and `decl history` on a four-version fixture (split, merge, move across
//! sections with an edit, deletion, brackets resolved) and on the shipped example.

mod common;

use std::collections::BTreeSet;

use common::{decl, json_of, stdout_of};
use serde_json::Value;

const RIVERS: &str = "tests/fixtures/synopsis/rivers";

fn synopsis_json() -> Value {
    json_of(decl().args(["synopsis", RIVERS, "--format", "json"]))
}

fn cell_indices(row: &Value, column: usize) -> Vec<u64> {
    row["cells"][column]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["index"].as_u64().unwrap())
        .collect()
}

#[test]
fn every_clause_of_every_version_is_in_exactly_one_row() {
    let json = synopsis_json();
    assert_eq!(json["schema"], "decl-synopsis/1");
    let versions = json["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 4);
    assert_eq!(versions[1]["document"], "5001/1/26 REV 1");
    for (column, version) in ["v1", "v2", "v3", "v4"].iter().enumerate() {
        let show =
            json_of(decl().args(["show", &format!("{RIVERS}@{version}"), "--format", "json"]));
        let count: usize = show["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["clauses"].as_array().unwrap().len())
            .sum();
        let mut seen: Vec<u64> = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| cell_indices(r, column))
            .collect();
        seen.sort_unstable();
        assert_eq!(
            seen,
            (0..count as u64).collect::<Vec<_>>(),
            "column {column}"
        );
    }
}

#[test]
fn splits_merges_moves_and_deletions_are_visible() {
    let json = synopsis_json();
    let rows = json["rows"].as_array().unwrap();
    let steps = |r: &Value| -> Vec<String> {
        r["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["step"].as_str().unwrap().to_string())
            .collect()
    };
    // The first clause of v1 was split in two in v2.
    assert_eq!(cell_indices(&rows[0], 0), [0]);
    assert_eq!(cell_indices(&rows[0], 1), [0, 1]);
    assert_eq!(steps(&rows[0])[1], "split");
    // Two fisheries clauses were merged in v3.
    let merged = rows
        .iter()
        .find(|r| steps(r)[2] == "merged")
        .expect("a merged row");
    assert_eq!(cell_indices(merged, 1).len(), 2);
    assert_eq!(cell_indices(merged, 2).len(), 1);
    // The wetlands clause moved to the fisheries section in v3, with an edit.
    let moved = rows
        .iter()
        .find(|r| {
            r["cells"][0][0]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("Fund the restoration"))
        })
        .unwrap();
    assert_eq!(moved["changes"][2]["step"], "modified");
    assert_eq!(moved["changes"][2]["moved"], true);
    assert_eq!(moved["cells"][2][0]["section"], "[On fisheries, we:]");
    let inserted: String = moved["changes"][2]["inline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["op"] == "insert")
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, "and spawning grounds ");
    // Training was deleted in v4: an empty cell marked deleted.
    let deleted = rows
        .iter()
        .find(|r| steps(r)[3] == "deleted")
        .expect("a deleted row");
    assert!(deleted["cells"][3].as_array().unwrap().is_empty());
    assert!(
        deleted["cells"][2][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Train fishermen")
    );
}

#[test]
fn html_and_markdown_outputs() {
    let html = stdout_of(decl().args(["synopsis", RIVERS, "--format", "html"]));
    assert!(html.contains("size: A4 landscape"));
    assert!(html.contains("position: sticky"));
    assert!(html.contains(
        "<th scope=\"col\">v2<span class=\"meta\">5001/1/26 REV 1 · 2026-02-10 · draft · illustrative</span></th>"
    ));
    assert!(html.contains("<ins>and spawning grounds </ins>"));
    assert!(html.contains("Content-Security-Policy"));
    let md = stdout_of(decl().args(["synopsis", RIVERS, "--format", "md"]));
    assert!(
        md.contains("| v1 (5001/26) [illustrative] | v2 (5001/1/26 REV 1) [illustrative] |"),
        "{md}"
    );
    assert!(md.contains("every {--month--}{++week++}, using"), "{md}");
}

#[test]
fn html_synopsis_had_no_headings_markings_or_page_numbers() {
    let html = stdout_of(decl().args([
        "synopsis",
        "declarations/global-alliance-2025",
        "--format",
        "html",
    ]));
    // Each section's heading in every version, the brackets the adopted text removed marked.
    assert!(
        html.contains("<tr class=\"heading\"><td class=\"heading\">[On prevention of migrant smuggling, we:]</td><td class=\"heading changed\"><del>[</del>On prevention of migrant smuggling, we:<del>]</del></td></tr>"),
        "{html}"
    );
    // The LIMITE draft is on the page: its marking on every printed page, and page numbers.
    assert!(html.contains("@top-right { content: \"LIMITE\""), "{html}");
    assert!(
        html.contains("counter(page) \" / \" counter(pages)"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"marking\">LIMITE</span>"),
        "{html}"
    );
    // Clause ids are not printed at the start of each cell; they are the number's tooltip.
    assert!(!html.contains("class=\"id\""), "{html}");
}

#[test]
fn chosen_versions_and_version_files() {
    let json = json_of(decl().args([
        "synopsis",
        RIVERS,
        "--versions",
        "first,latest",
        "--format",
        "json",
    ]));
    let ids: Vec<&str> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["v1", "v4"]);
    let files = json_of(decl().args([
        "synopsis",
        &format!("{RIVERS}/versions/v2.md"),
        &format!("{RIVERS}/versions/v3.md"),
        "--format",
        "json",
    ]));
    assert_eq!(files["versions"].as_array().unwrap().len(), 2);
}

#[test]
fn history_of_a_split_clause_and_a_moved_one() {
    let json = json_of(decl().args(["history", RIVERS, "joint laboratories", "--format", "json"]));
    assert_eq!(json["schema"], "decl-history/1");
    assert_eq!(json["entered"], "v1");
    let steps: Vec<&str> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["entered", "split", "unchanged", "unchanged"]);
    let text = stdout_of(decl().args(["history", RIVERS, "wetlands"]));
    assert!(
        text.contains("v3 (5001/2/26 REV 2) [illustrative] modified and moved"),
        "{text}"
    );
    assert!(
        text.contains("wetlands {+and spawning grounds +}along"),
        "{text}"
    );
}

#[test]
fn history_needs_one_clause() {
    let out = decl().args(["history", RIVERS, "the"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("clauses; say which"), "{err}");
    let out = decl()
        .args(["history", RIVERS, "no such words anywhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn example_history_by_id() {
    let json = json_of(decl().args([
        "history",
        "declarations/global-alliance-2025",
        "strengthen-operational-cooperation-levels",
        "--format",
        "json",
    ]));
    let versions = json["versions"].as_array().unwrap();
    assert_eq!(versions[1]["step"], "modified");
    assert_eq!(versions[1]["illustrative"], true);
    let ids: BTreeSet<&str> = versions
        .iter()
        .flat_map(|v| v["clauses"].as_array().unwrap())
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 1);
}
