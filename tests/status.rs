//! Paragraph status: read from the id comment (and the YAML `status` key), kept by `fmt` and
//! the YAML round trip, listed and set by `decl status`, reported by `diff` in every format,
//! and checked by `decl check`. Runs on the fictional negotiation in
//! tests/fixtures/compilation.

mod common;

use std::path::PathBuf;

use common::{copy_dir, decl_in, snapshot_tree, stdout_of};

fn fixture() -> PathBuf {
    common::root().join("tests/fixtures/compilation")
}

/// A copy of the fictional repository to write in.
fn copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(), tmp.path());
    tmp
}

const DRAFT: &str = "declarations/safe-harbours/versions/draft.md";
const REV1: &str = "declarations/safe-harbours/versions/rev1.md";

#[test]
fn status_lists_paragraphs_with_counts_per_section() {
    let text = stdout_of(decl_in(&fixture()).args(["status", "safe-harbours"]));
    insta::assert_snapshot!("status_text", text);
    let json = stdout_of(decl_in(&fixture()).args([
        "status",
        "safe-harbours",
        "--version",
        "first",
        "--format",
        "json",
    ]));
    insta::assert_snapshot!("status_json", json);
}

#[test]
fn set_rewrites_only_the_id_comments_it_names() {
    let tmp = copy();
    let before = std::fs::read_to_string(tmp.path().join(DRAFT)).expect("read");
    let out = stdout_of(decl_in(tmp.path()).args([
        "status",
        "safe-harbours",
        "--version",
        "draft",
        "--set",
        "promote=agreed-ad-ref",
        "--set",
        "recall=open",
        "--set",
        "rescue=agreed",
    ]));
    insta::assert_snapshot!(out, @r"
    declarations/safe-harbours/versions/draft.md: clause 3 <promote>: open → agreed ad ref
    declarations/safe-harbours/versions/draft.md: clause 2 <recall>: agreed ad ref → open
    declarations/safe-harbours/versions/draft.md: <rescue> is agreed already
    ");
    let after = std::fs::read_to_string(tmp.path().join(DRAFT)).expect("read");
    let expected = before
        .replace(
            "<!-- id: promote -->",
            "<!-- id: promote; status: agreed-ad-ref -->",
        )
        .replace(
            "<!-- id: recall; status: agreed-ad-ref -->",
            "<!-- id: recall -->",
        );
    assert_eq!(after, expected);
    // No lock file or temporary file is left.
    let names: Vec<String> =
        std::fs::read_dir(tmp.path().join("declarations/safe-harbours/versions"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn bad_settings_exit_2_and_change_nothing() {
    let tmp = copy();
    let before = snapshot_tree(tmp.path());
    for args in [
        vec!["--set", "promotee=agreed"],
        vec!["--set", "promote=done"],
        vec!["--set", "promote"],
        vec!["--set", "promote=agreed", "--set", "promote=open"],
        vec!["--version", "rev9", "--set", "promote=agreed"],
    ] {
        let out = decl_in(tmp.path())
            .args(["status", "safe-harbours"])
            .args(&args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert_eq!(snapshot_tree(tmp.path()), before, "{args:?}");
    }
}

#[test]
fn a_yaml_version_gets_its_status_key_and_keeps_its_comments() {
    let tmp = copy();
    let yaml = stdout_of(decl_in(tmp.path()).args(["show", DRAFT, "--format", "yaml"]));
    assert!(yaml.contains("status: agreed-ad-ref"), "{yaml}");
    let path = tmp.path().join("draft.yaml");
    std::fs::write(&path, format!("# Kept by hand.\n{yaml}")).expect("write");
    stdout_of(decl_in(tmp.path()).args(["status", "draft.yaml", "--set", "training=agreed"]));
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(after.starts_with("# Kept by hand.\n"), "{after}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(decl_in(tmp.path()).args([
        "status",
        "draft.yaml",
        "--format",
        "json",
    ])))
    .expect("json");
    let training = &json["sections"][1]["clauses"][1];
    assert_eq!(training["id"], "training");
    assert_eq!(training["status"], "agreed");
    // Back to Markdown: the same version as the original, the new status aside.
    let md = stdout_of(decl_in(tmp.path()).args(["show", "draft.yaml", "--format", "md"]));
    let original = std::fs::read_to_string(tmp.path().join(DRAFT)).expect("read");
    // (The front matter is written anew: its comment and quoting are the YAML's.)
    let body = |t: &str| t[t.find("\n# Joint").unwrap_or(0)..].to_string();
    assert_eq!(
        body(&md),
        body(&original.replace(
            "<!-- id: training -->",
            "<!-- id: training; status: agreed -->"
        ))
    );
}

#[test]
fn fmt_keeps_the_status_and_writes_it_the_canonical_way() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("v.md");
    std::fs::write(
        &path,
        "# T\n\nOne;<!--id:one;status:agreed-->\n\nTwo; <!-- id: two ; status : agreed -->\n",
    )
    .expect("write");
    // `status :` is not the key: refused with the line, nothing changed.
    let out = decl_in(tmp.path())
        .args(["fmt", "v.md"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: v.md:5:"), "{err}");
    std::fs::write(&path, "# T\n\nOne;<!--id:one;status:agreed-->\n").expect("write");
    stdout_of(decl_in(tmp.path()).args(["fmt", "v.md"]));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "# T\n\nOne; <!-- id: one; status: agreed -->\n"
    );
    let show = stdout_of(decl_in(tmp.path()).args(["show", "v.md"]));
    assert!(show.contains("<one; agreed>"), "{show}");
}

#[test]
fn a_malformed_status_names_the_file_and_line() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (name, text, at) in [
        (
            "a.md",
            "# T\n\nOne; <!-- id: one; status: done -->\n",
            "a.md:3:",
        ),
        (
            "b.md",
            "# T\n\nOne; <!-- id: one; colour: red -->\n",
            "b.md:3:",
        ),
        (
            "c.yaml",
            "sections:\n  - clauses:\n      - {text: One., status: agreed}\n",
            "c.yaml:",
        ),
        (
            "d.yaml",
            "sections:\n  - clauses:\n      - {id: one, text: One., status: closed}\n",
            "d.yaml:",
        ),
    ] {
        std::fs::write(tmp.path().join(name), text).expect("write");
        let out = decl_in(tmp.path())
            .args(["show", name])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(&format!("error: {at}")), "{name}: {err}");
    }
}

/// The status changes between the two versions, in every diff format.
#[test]
fn diff_reports_status_changes_in_every_format() {
    for format in ["term", "side-by-side", "md", "html", "json", "stat"] {
        let out = decl_in(&fixture())
            .args(["diff", DRAFT, REV1, "--format", format, "--width", "100"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{format}");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        insta::assert_snapshot!(format!("diff_{format}"), text);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("agreed text reopened: the words of clause 5 <data> changed"),
            "{format}: {err}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        decl_in(&fixture()).args(["diff", DRAFT, REV1, "--format", "json"]),
    ))
    .expect("json");
    assert_eq!(json["summary"]["statuses_changed"], 2);
    assert_eq!(json["summary"]["agreed_reopened"], 1);
    let changes = json["changes"].as_array().expect("changes");
    let by_id = |id: &str| {
        changes
            .iter()
            .find(|c| c["new"][0]["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(
        by_id("recall")["status"],
        serde_json::json!({"old": "agreed-ad-ref", "new": "agreed"})
    );
    assert_eq!(by_id("recall")["kind"], "unchanged");
    assert_eq!(by_id("data")["reopened"], true);
    assert!(by_id("rescue").get("status").is_none());
}

#[test]
fn check_finds_reopened_text_and_open_paragraphs_in_an_adopted_version() {
    let tmp = copy();
    let rev1 = tmp.path().join(REV1);
    let text = std::fs::read_to_string(&rev1).expect("read");
    std::fs::write(&rev1, text.replace("status: draft", "status: adopted")).expect("write");
    let out = decl_in(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let found: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "D206" || d["code"] == "D207")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    // D206 on <data>; D207 on every paragraph not agreed: all but <recall> and <rescue>.
    let expected: Vec<(String, u64)> = [
        ("D206", 27),
        ("D207", 17),
        ("D207", 23),
        ("D207", 25),
        ("D207", 27),
        ("D207", 29),
        ("D207", 35),
        ("D207", 37),
        ("D207", 41),
    ]
    .iter()
    .map(|(c, l)| ((*c).to_string(), *l))
    .collect();
    let mut found_sorted = found.clone();
    found_sorted.sort();
    assert_eq!(found_sorted, expected, "{json}");
}

#[test]
fn render_marks_agreed_paragraphs_when_asked() {
    for to in ["html", "md", "txt"] {
        let plain = stdout_of(decl_in(&fixture()).args(["render", REV1, "--to", to]));
        let marked =
            stdout_of(decl_in(&fixture()).args(["render", REV1, "--to", to, "--mark-status"]));
        assert!(!plain.contains("agreed ad ref"), "{to}");
        assert!(marked.contains("agreed ad ref"), "{to}");
        if to == "html" {
            assert!(marked.contains("<div class=\"clause agreed-ad-ref\" id=\"training\">"));
            assert!(marked.contains("<div class=\"clause agreed\" id=\"rescue\">"));
            assert!(marked.contains("<div class=\"clause\" id=\"promote\">"));
        }
    }
}

#[test]
fn synopsis_shows_each_clause_status() {
    let text = stdout_of(decl_in(&fixture()).args(["synopsis", "safe-harbours"]));
    assert!(text.contains("2 (agreed ad ref)"), "{text}");
    assert!(text.contains("2 (agreed)"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(decl_in(&fixture()).args([
        "synopsis",
        "safe-harbours",
        "--format",
        "json",
    ])))
    .expect("json");
    let html =
        stdout_of(decl_in(&fixture()).args(["synopsis", "safe-harbours", "--format", "html"]));
    assert!(html.contains("2 (agreed ad ref)"), "{html}");
    assert_eq!(json["rows"][1]["cells"][0][0]["status"], "agreed-ad-ref");
    assert_eq!(json["rows"][1]["cells"][1][0]["status"], "agreed");
}

#[test]
fn regression_formatting_alone_does_not_reopen_agreed_text() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let old = "# T\n\nSupport training for coast guards; <!-- id: training; status: agreed -->\n";
    std::fs::write(tmp.path().join("old.md"), old).expect("write");
    std::fs::write(
        tmp.path().join("new.md"),
        old.replace("Support training", "Support *training*"),
    )
    .expect("write");
    std::fs::write(
        tmp.path().join("words.md"),
        old.replace("Support training", "Support the training"),
    )
    .expect("write");
    let out = decl_in(tmp.path())
        .args(["diff", "old.md", "new.md", "--format", "json"])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["summary"]["modified"], 1);
    assert_eq!(json["summary"]["agreed_reopened"], 0);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("reopened"));
    let out = decl_in(tmp.path())
        .args(["diff", "old.md", "words.md"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("agreed text reopened"));
}
