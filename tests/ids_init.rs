//! `decl ids`, `decl init`, `completions`, `man`, and a closed pipe.

mod common;

use common::{decl, decl_in, json_of, snapshot_tree, stdout_of};

#[test]
fn ids_lists_then_writes_and_follows_text_into_the_next_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("declarations/d");
    std::fs::create_dir_all(dir.join("versions")).unwrap();
    std::fs::write(
        dir.join("declaration.yaml"),
        "versions:\n  - versions/a.md\n  - versions/b.md\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("versions/a.md"),
        "# T\n\n## [On prevention, we:]\n\nReaffirm the need for strong frameworks;\n\n1. Highlight the importance\n   of data;\n   - nested point\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("versions/b.md"),
        "# T\n\n## On prevention, we:\n\nNew clause on returns;\n\nReaffirm the need for strong national frameworks;\n\n1. Highlight the importance\n   of data;\n   - nested point\n",
    )
    .unwrap();
    let before = snapshot_tree(tmp.path());
    let listing = stdout_of(decl_in(tmp.path()).args(["ids", "declarations/d"]));
    assert!(
        listing.contains("clause ¶1 <reaffirm-need-strong-frameworks>"),
        "{listing}"
    );
    assert_eq!(before, snapshot_tree(tmp.path()), "listing changed files");

    decl_in(tmp.path())
        .args(["ids", "--write", "declarations/d"])
        .assert()
        .success();
    let a = std::fs::read_to_string(dir.join("versions/a.md")).unwrap();
    assert!(
        a.contains("## [On prevention, we:] {#on-prevention-we}"),
        "{a}"
    );
    assert!(
        a.contains(
            "Reaffirm the need for strong frameworks; <!-- id: reaffirm-need-strong-frameworks -->"
        ),
        "{a}"
    );
    assert!(
        a.contains("   of data; <!-- id: highlight-importance-data-nested -->\n   - nested point"),
        "{a}"
    );
    let b = json_of(decl_in(tmp.path()).args(["show", "declarations/d", "--format", "json"]));
    let ids: Vec<&str> = b["sections"][0]["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // The edited clause keeps its id; the new one gets its own.
    assert_eq!(
        ids,
        [
            "new-clause-returns",
            "reaffirm-need-strong-frameworks",
            "highlight-importance-data-nested"
        ]
    );
    assert_eq!(b["sections"][0]["id"], "on-prevention-we");
    // Nothing left to add.
    let again = stdout_of(decl_in(tmp.path()).args(["ids", "--write", "declarations/d"]));
    assert!(again.is_empty(), "{again}");
}

#[test]
fn init_scaffolds_a_repository_show_accepts_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    decl_in(tmp.path())
        .args(["init", "repo", "--id", "summit-2026"])
        .assert()
        .success();
    let repo = tmp.path().join("repo");
    assert!(repo.join("decl.yaml").is_file());
    let json = json_of(decl_in(&repo).args(["show", "summit-2026", "--format", "json"]));
    assert_eq!(json["id"], "2026-01-15-draft");
    assert_eq!(json["meta"]["classification"], "LIMITE");
    decl_in(&repo).args(["fmt", "--check"]).assert().success();
    let before = snapshot_tree(tmp.path());
    let out = decl_in(tmp.path())
        .args(["init", "repo", "--id", "summit-2026"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(before, snapshot_tree(tmp.path()));
}

#[test]
fn regression_init_that_fails_midway_leaves_nothing_and_can_be_run_again() {
    // `init` on a full disk once left half a repository, which it then refused to complete.
    // A file where the `templates` folder goes fails it just as late: after the other files.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(repo.join("templates"), "in the way").unwrap();
    let out = decl_in(tmp.path())
        .args(["init", "repo", "--id", "summit-2026"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let left: Vec<_> = std::fs::read_dir(&repo)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["templates"], "init left files behind");
    std::fs::remove_file(repo.join("templates")).unwrap();
    decl_in(tmp.path())
        .args(["init", "repo", "--id", "summit-2026"])
        .assert()
        .success();
    assert!(repo.join("templates/README.md").is_file());
}

#[test]
fn regression_ids_for_many_identical_clauses_are_distinct_and_numbered() {
    // 10,000 identical clauses once took seconds: each new id tried every suffix again.
    let tmp = tempfile::tempdir().unwrap();
    let text = format!("# T\n\n{}", "Reaffirm the need.\n\n".repeat(3_000));
    std::fs::write(tmp.path().join("v.md"), text).unwrap();
    decl_in(tmp.path())
        .args(["ids", "--write", "v.md"])
        .assert()
        .success();
    let json = json_of(decl_in(tmp.path()).args(["show", "v.md", "--format", "json"]));
    let ids: Vec<&str> = json["sections"][0]["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3_000);
    assert_eq!(
        &ids[..3],
        ["reaffirm-need", "reaffirm-need-2", "reaffirm-need-3"]
    );
    assert_eq!(ids[2_999], "reaffirm-need-3000");
}

#[test]
fn completions_and_man_page() {
    let bash = stdout_of(decl().args(["completions", "bash"]));
    assert!(bash.contains("_decl()"), "{bash}");
    let man = stdout_of(decl().args(["man"]));
    assert!(man.starts_with(".ie"), "{}", &man[..40]);
    assert!(man.contains("decl\\-show") || man.contains("show"));
}

#[test]
fn a_closed_pipe_exits_0_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("decl");
    let out = std::process::Command::new("bash")
        .args([
            "-o",
            "pipefail",
            "-c",
            &format!("'{}' man | head -c 10 >/dev/null", bin.display()),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = decl().args(["show"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = decl().args(["--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
}
