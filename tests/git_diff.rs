//! `decl git-diff` as git's external diff driver, in real temporary git repositories, and
//! `REV:PATH` references read through git.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        common::root()
            .join("tests/fixtures/diff/negotiation")
            .join(name),
    )
    .expect("fixture reads")
}

/// `git` with a hermetic environment: no system or user configuration, no pager, no colour.
fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_PAGER", "cat")
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env("DECL_TODAY", "2026-01-15")
        .current_dir(dir);
    cmd
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = git_command(dir).args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn git_stdout(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(git(dir, args).stdout).expect("UTF-8")
}

/// A repository whose `*.md` files are diffed by the `decl` binary under test.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    git(dir, &["config", "user.name", "Test Drafter"]);
    git(dir, &["config", "user.email", "drafter@example.org"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
    let bin = assert_cmd::cargo::cargo_bin("decl");
    git(
        dir,
        &[
            "config",
            "diff.decl.command",
            &format!("'{}' git-diff", bin.display()),
        ],
    );
    std::fs::write(dir.join(".gitattributes"), "*.md diff=decl\n").expect("write");
    tmp
}

fn commit(dir: &Path, files: &[(&str, &str)], message: &str) {
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

#[test]
fn git_diff_compares_clause_by_clause() {
    let repo = repository();
    let dir = repo.path();
    let path = "declarations/x/versions/draft.md";
    commit(dir, &[(path, &fixture("old.md"))], "first draft");
    commit(dir, &[(path, &fixture("new.md"))], "second draft");

    let out = git_stdout(dir, &["diff", "HEAD~1"]);
    // Named by the repository path, not git's temporary file.
    assert!(
        out.starts_with(&format!("diff --decl a/{path} b/{path}\n{path}\n")),
        "{out}"
    );
    for expected in [
        "3 modified, 1 split, 1 merged, 4 unchanged; brackets: 2 closed (1 in headings), 0 opened",
        "section heading agreed: “[On prevention, we:]” → “On prevention, we:”",
        "*   3   3  split into 2 clauses: 3, 4",
        "> ¶10  ¶8  Ensure that humanitarian assistance is {-not-}{+never+} criminalised;",
        "moved from clause 4 in “[On prevention, we:]” to clause ¶10",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(!out.contains("/tmp/"), "{out}");
}

#[test]
fn git_log_shows_each_commit_clause_by_clause() {
    let repo = repository();
    let dir = repo.path();
    commit(dir, &[("draft.md", &fixture("old.md"))], "first draft");
    commit(dir, &[("draft.md", &fixture("new.md"))], "second draft");

    let out = git_stdout(dir, &["log", "-p", "--ext-diff"]);
    let second = out.find("second draft").expect("second commit");
    let first = out.find("first draft").expect("first commit");
    assert!(second < first, "newest first:\n{out}");
    let (newer, older) = out.split_at(first);
    assert!(
        newer.contains("*   3   3  split into 2 clauses: 3, 4"),
        "{out}"
    );
    // The first commit added the file: every clause is new.
    assert!(
        older.contains("diff --decl a/draft.md b/draft.md\nnew file\ndraft.md\n"),
        "{out}"
    );
    assert!(older.contains("10 added, 0 unchanged"), "{out}");
    // Without `--ext-diff`, `git log` and `git show` keep git's own line diff, as git documents
    // for drivers set through attributes.
    let plain = git_stdout(dir, &["log", "-p"]);
    assert!(
        plain.contains("diff --git a/draft.md b/draft.md"),
        "{plain}"
    );
    let show = git_stdout(dir, &["show", "--ext-diff"]);
    assert!(
        show.contains("*   3   3  split into 2 clauses: 3, 4"),
        "{show}"
    );
    // Options reach the driver through the environment.
    let stat = String::from_utf8(
        git_command(dir)
            .env("DECL_DIFF_FORMAT", "stat")
            .args(["log", "-p", "--ext-diff", "-1"])
            .output()
            .expect("git runs")
            .stdout,
    )
    .expect("UTF-8");
    assert!(stat.contains("3 modified (2 also moved)"), "{stat}");
}

#[test]
fn a_renamed_file_gets_nine_arguments_and_both_names() {
    let repo = repository();
    let dir = repo.path();
    commit(dir, &[("old-name.md", &fixture("old.md"))], "first");
    git(dir, &["mv", "old-name.md", "new-name.md"]);
    let edited = fixture("old.md").replace("not criminalised", "never criminalised");
    std::fs::write(dir.join("new-name.md"), edited).expect("write");
    git(dir, &["add", "-A"]);

    let out = git_stdout(dir, &["diff", "--cached", "-M"]);
    assert!(
        out.starts_with("diff --decl a/old-name.md b/new-name.md\nold-name.md → new-name.md\n"),
        "{out}"
    );
    assert!(out.contains("{-not-}{+never+}"), "{out}");
}

#[test]
fn an_added_file_is_all_added_clauses() {
    let repo = repository();
    let dir = repo.path();
    commit(dir, &[("a.md", "# A\n\nOne.\n")], "first");
    std::fs::write(dir.join("b.md"), fixture("new.md")).expect("write");
    git(dir, &["add", "b.md"]);
    let out = git_stdout(dir, &["diff", "--cached"]);
    assert!(
        out.starts_with("diff --decl a/b.md b/b.md\nnew file\nb.md\n10 added, 0 unchanged"),
        "{out}"
    );
    git(dir, &["commit", "-q", "-m", "add b"]);
    git(dir, &["rm", "-q", "b.md"]);
    let out = git_stdout(dir, &["diff", "--cached"]);
    assert!(
        out.starts_with("diff --decl a/b.md b/b.md\ndeleted file\nb.md\n10 deleted, 0 unchanged"),
        "{out}"
    );
}

#[test]
fn a_file_that_is_not_a_version_gets_a_note_and_a_line_diff() {
    let repo = repository();
    let dir = repo.path();
    let broken = "---\ntitle: [unclosed\n---\n# Notes\n\nFirst.\n";
    commit(
        dir,
        &[("notes.md", broken), ("draft.md", "# D\n\nOne clause.\n")],
        "first",
    );
    std::fs::write(dir.join("notes.md"), broken.replace("First", "Second")).expect("write");
    std::fs::write(dir.join("draft.md"), "# D\n\nOne clause, changed.\n").expect("write");

    let out = git_command(dir).args(["diff"]).output().expect("git runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    // The other file still gets its clause diff.
    assert!(
        text.contains("diff --decl a/draft.md b/draft.md\ndraft.md\n"),
        "{text}"
    );
    assert!(
        text.contains("diff --decl a/notes.md b/notes.md\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "decl: not compared clause by clause, showing a line diff: notes.md:2:8: invalid YAML"
        ),
        "{text}"
    );
    assert!(
        text.contains("--- a/notes.md\n+++ b/notes.md\n@@ -3,4 +3,4 @@\n ---\n # Notes\n \n-First.\n+Second.\n"),
        "{text}"
    );
}

#[test]
fn binary_data_gets_a_one_line_note() {
    let repo = repository();
    let dir = repo.path();
    commit(dir, &[("blob.md", "# B\n\nText.\n")], "first");
    std::fs::write(dir.join("blob.md"), b"# B\n\x00\x01\x02").expect("write");
    let text = git_stdout(dir, &["diff"]);
    assert!(text.contains("binary data (a NUL byte)"), "{text}");
    assert!(
        text.contains("Binary files a/blob.md and b/blob.md differ"),
        "{text}"
    );
}

#[test]
fn called_directly_it_checks_its_arguments_and_exit_code() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::write(dir.join("old.md"), fixture("old.md")).expect("write");
    std::fs::write(dir.join("new.md"), fixture("new.md")).expect("write");
    let args = [
        "git-diff", "p.md", "old.md", "1111111", "100644", "new.md", "2222222", "100644",
    ];
    common::decl_in(dir).args(args).assert().code(0);
    common::decl_in(dir)
        .env("DECL_DIFF_EXIT_CODE", "true")
        .args(args)
        .assert()
        .code(1);
    let out = common::decl_in(dir)
        .args(&args[..7])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("7 or 9 arguments"));
    let out = common::decl_in(dir)
        .env("DECL_DIFF_FORMAT", "pdf")
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`DECL_DIFF_*` environment variable"));
}

#[test]
fn rev_path_references_read_through_git() {
    let repo = repository();
    let dir = repo.path();
    commit(dir, &[("d/draft.md", &fixture("old.md"))], "first");
    commit(dir, &[("d/draft.md", &fixture("new.md"))], "second");

    let mut cmd = common::decl_in(dir);
    cmd.env("HOME", dir).env("GIT_CONFIG_NOSYSTEM", "1");
    let out =
        common::stdout_of(cmd.args(["diff", "HEAD~1:d/draft.md", "d/draft.md", "-f", "stat"]));
    assert!(out.starts_with("HEAD~1:d/draft.md → d/draft.md\n"), "{out}");
    assert!(out.contains("3 modified (2 also moved)"), "{out}");

    // From a subfolder, paths are relative to it, as git users expect.
    let mut cmd = common::decl_in(&dir.join("d"));
    cmd.env("HOME", dir).env("GIT_CONFIG_NOSYSTEM", "1");
    let out =
        common::stdout_of(cmd.args(["diff", "HEAD~1:draft.md", "HEAD:draft.md", "-f", "stat"]));
    assert!(out.contains("1 split"), "{out}");

    let mut cmd = common::decl_in(dir);
    cmd.env("HOME", dir).env("GIT_CONFIG_NOSYSTEM", "1");
    let out = cmd
        .args(["diff", "HEAD~5:d/draft.md", "d/draft.md"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot read `HEAD~5:d/draft.md` from git"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_yaml_file_that_is_not_a_version_gets_a_note_and_a_line_diff() {
    let repo = repository();
    let dir = repo.path();
    std::fs::write(
        dir.join(".gitattributes"),
        "*.md diff=decl\n*.yaml diff=decl\n",
    )
    .expect("write");
    let manifest = "language: en\nversions:\n  - versions/a.md\n";
    let settings = "check:\n  rules:\n    open-brackets: off\n";
    commit(
        dir,
        &[
            ("declarations/x/declaration.yaml", manifest),
            ("declarations/x/versions/a.md", "# A\n\nOne.\n"),
            ("decl.yaml", settings),
        ],
        "first",
    );
    std::fs::write(
        dir.join("declarations/x/declaration.yaml"),
        format!("{manifest}  - versions/b.md\n"),
    )
    .expect("write");
    std::fs::write(dir.join("decl.yaml"), settings.replace("off", "error")).expect("write");
    let text = git_stdout(dir, &["diff"]);
    assert!(
        text.contains("decl: not compared clause by clause, showing a line diff: declarations/x/declaration.yaml: not a version in the YAML body format: it lists `versions`: it is a declaration's manifest"),
        "{text}"
    );
    assert!(text.contains("+  - versions/b.md\n"), "{text}");
    assert!(
        text.contains(
            "decl.yaml: not a version in the YAML body format: it is repository settings"
        ),
        "{text}"
    );
    assert!(
        text.contains("-    open-brackets: off\n+    open-brackets: error\n"),
        "{text}"
    );
    assert!(!text.contains("no changes"), "{text}");
}

#[test]
fn rev_path_naming_a_folder_reads_its_latest_version_then() {
    let repo = repository();
    let dir = repo.path();
    commit(
        dir,
        &[
            (
                "declarations/x/declaration.yaml",
                "versions:\n  - versions/a.md\n",
            ),
            (
                "declarations/x/versions/a.md",
                "# A\n\nWe support cooperation between the border authorities.\n",
            ),
        ],
        "first",
    );
    commit(
        dir,
        &[
            (
                "declarations/x/declaration.yaml",
                "versions:\n  - versions/a.md\n  - versions/b.md\n",
            ),
            (
                "declarations/x/versions/b.md",
                "# A\n\nWe support close cooperation between the border authorities.\n",
            ),
        ],
        "second",
    );
    let mut cmd = common::decl_in(dir);
    cmd.env("HOME", dir).env("GIT_CONFIG_NOSYSTEM", "1");
    let out = common::stdout_of(cmd.args([
        "diff",
        "HEAD~1:declarations/x",
        "HEAD:declarations/x",
        "-f",
        "stat",
    ]));
    assert!(
        out.starts_with(
            "HEAD~1:declarations/x/versions/a.md → HEAD:declarations/x/versions/b.md\n"
        ),
        "{out}"
    );
    assert!(out.contains("1 modified"), "{out}");
    let mut cmd = common::decl_in(dir);
    cmd.env("HOME", dir).env("GIT_CONFIG_NOSYSTEM", "1");
    let out = cmd
        .args(["show", "HEAD:declarations"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is a folder without a `declaration.yaml`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
