//! What a new user touches first: environment flags, the manual, one-argument diffs.

mod common;

use common::{decl, stdout_of};

#[test]
fn boolean_environment_variables_accept_1_0_yes_no_on_off_in_any_case() {
    let fixtures = common::root().join("tests/fixtures/diff");
    let diff = |value: &str| {
        common::decl_in(&fixtures)
            .env("DECL_DIFF_EXIT_CODE", value)
            .args(["diff", "link/old.md", "link/new.md", "-f", "stat"])
            .output()
            .expect("runs")
            .status
            .code()
    };
    for yes in ["1", "true", "TRUE", "yes", "Yes", "on", "ON"] {
        assert_eq!(diff(yes), Some(1), "{yes}");
    }
    for no in ["0", "false", "False", "no", "NO", "off", "Off"] {
        assert_eq!(diff(no), Some(0), "{no}");
    }
    let out = decl()
        .env("DECL_QUIET", "maybe")
        .args(["show", "declarations/global-alliance-2025"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    // Quiet from the environment, as `1`: warnings go.
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        tmp.path().join("v.md"),
        "---\ntitel: x\n---\n# T\n\nText.\n",
    )
    .expect("write");
    let loud = common::decl_in(tmp.path())
        .args(["show", "v.md"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&loud.stderr).contains("unknown field `titel`"));
    let quiet = common::decl_in(tmp.path())
        .env("DECL_QUIET", "1")
        .args(["show", "v.md"])
        .output()
        .expect("runs");
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
}

#[test]
fn man_pages_exist_for_every_subcommand_they_name() {
    let main = stdout_of(decl().args(["man"]));
    assert!(main.contains(".TH DECL 1"), "{main}");
    assert!(main.contains("decl\\-diff(1)"), "{main}");
    let diff = stdout_of(decl().args(["man", "diff"]));
    assert!(diff.contains(".TH DECL-DIFF 1"), "{diff}");
    assert!(diff.contains("\\fBdecl diff\\fR"), "{diff}");
    assert!(diff.contains("\\-\\-exit\\-code"), "{diff}");
    assert!(diff.contains(".SH EXAMPLES"), "{diff}");
    assert!(diff.contains(".SH \"EXIT STATUS\""), "{diff}");
    let tmp = tempfile::tempdir().expect("temp dir");
    decl()
        .args(["man", "--dir"])
        .arg(tmp.path())
        .assert()
        .success();
    // Every page the main page names was written.
    for name in main
        .split("decl\\-")
        .skip(1)
        .filter_map(|rest| rest.split_once("(1)").map(|(n, _)| n.replace("\\-", "-")))
        .filter(|n| !n.contains(' '))
    {
        assert!(
            tmp.path().join(format!("decl-{name}.1")).is_file(),
            "decl-{name}.1 missing"
        );
    }
    assert!(tmp.path().join("decl.1").is_file());
    let out = decl().args(["man", "difff"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `diff`?"));
}

#[test]
fn diff_of_one_version_compares_it_with_the_latest() {
    let out = stdout_of(decl().args(["diff", "global-alliance-2025@first", "-f", "stat"]));
    assert!(
        out.starts_with("declarations/global-alliance-2025/versions/2025-07-18-draft.md → declarations/global-alliance-2025/versions/2025-12-10-adopted.md"),
        "{out}"
    );
    let out = decl()
        .args(["diff", "global-alliance-2025@latest"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is the latest version"), "{err}");
    assert!(err.contains("global-alliance-2025@previous"), "{err}");
}
