//! Every writer run concurrently with itself and with the others that write the same files:
//! nothing is lost, nothing is left half-written. (The ledger's eight-process and kill tests
//! are in `endorse.rs`, `import --into` in `import.rs`, `fmt` with `ids --write` in `fmt.rs`.)

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{copy_dir, decl_in, json_of, root};

const DECL: &str = "example-summit";

fn summit() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &root().join("examples").join(DECL),
        &tmp.path().join("declarations").join(DECL),
    );
    tmp
}

#[test]
fn endorse_reserve_and_withdraw_at_once_lose_no_event() {
    let tmp = summit();
    let dir = tmp.path();
    // Each thread records several events for its own delegations; FR and DE already endorsed.
    let jobs: Vec<Vec<Vec<&str>>> = vec![
        vec![
            vec!["endorse", DECL, "BE", "--date", "2025-11-01"],
            vec![
                "reserve",
                DECL,
                "BE",
                "--text",
                "scrutiny",
                "--date",
                "2025-11-02",
            ],
        ],
        vec![
            vec!["endorse", DECL, "LU", "NL", "--date", "2025-11-01"],
            vec!["withdraw", DECL, "LU", "--date", "2025-11-03"],
        ],
        vec![
            vec!["withdraw", DECL, "FR", "--date", "2025-11-01"],
            vec!["endorse", DECL, "AT", "--date", "2025-11-02"],
        ],
        vec![
            vec![
                "reserve",
                DECL,
                "NO",
                "--text",
                "a reservation",
                "--date",
                "2025-11-01",
            ],
            vec!["endorse", DECL, "PT", "--date", "2025-11-04"],
        ],
    ];
    std::thread::scope(|s| {
        for job in &jobs {
            s.spawn(move || {
                for args in job {
                    decl_in(dir).args(args).assert().success();
                }
            });
        }
    });
    let json = json_of(decl_in(dir).args(["endorsements", DECL, "--format", "json"]));
    let status = |code: &str| {
        json["delegations"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["code"] == code))
            .and_then(|r| r["status"].as_str())
            .unwrap_or("absent")
            .to_string()
    };
    for (code, expected) in [
        ("BE", "reserved"),
        ("LU", "withdrawn"),
        ("NL", "endorsed"),
        ("FR", "withdrawn"),
        ("AT", "endorsed"),
        ("NO", "reserved"),
        ("PT", "endorsed"),
    ] {
        assert_eq!(status(code), expected, "{code}: {json}");
    }
}

#[test]
fn outputs_written_at_once_are_whole() {
    let dir = root();
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let runs: Vec<Vec<&str>> = vec![
        vec!["render", "declarations/global-alliance-2025", "--to", "txt"],
        vec![
            "render",
            "declarations/global-alliance-2025@first",
            "--to",
            "txt",
        ],
        vec![
            "diff",
            "declarations/global-alliance-2025",
            "--format",
            "json",
        ],
        vec![
            "synopsis",
            "declarations/global-alliance-2025",
            "--format",
            "md",
        ],
    ];
    let expected: Vec<Vec<u8>> = runs
        .iter()
        .map(|args| decl_in(&dir).args(args).output().expect("runs").stdout)
        .collect();
    for _ in 0..5 {
        std::thread::scope(|s| {
            for args in &runs {
                let out = &out;
                let dir = &dir;
                s.spawn(move || {
                    decl_in(dir)
                        .args(args)
                        .arg("-o")
                        .arg(out)
                        .assert()
                        .success();
                });
            }
        });
        let written = std::fs::read(&out).expect("output");
        assert!(
            expected.contains(&written),
            "the output is none of the outputs whole ({} bytes)",
            written.len()
        );
    }
}

#[test]
fn init_run_twice_at_once_makes_one_whole_repository() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let codes: Vec<Option<i32>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(move || {
                    decl_in(dir)
                        .args(["init", "repo", "--id", "summit"])
                        .output()
                        .expect("runs")
                        .status
                        .code()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("joins"))
            .collect()
    });
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "{codes:?}"
    );
    assert!(codes.iter().all(|c| matches!(c, Some(0 | 2))), "{codes:?}");
    let repo = dir.join("repo");
    for file in [
        "decl.yaml",
        "declarations/summit/declaration.yaml",
        "templates/README.md",
    ] {
        assert!(repo.join(file).is_file(), "{file}");
    }
    let json = json_of(decl_in(&repo).args(["show", "summit", "--format", "json"]));
    assert_eq!(json["schema"], "decl-show/1");
    assert_no_leftovers(&repo);
}

#[test]
fn fmt_run_many_times_at_once_formats_once_and_loses_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("v.md");
    let mut messy = String::from("Title\n=====\n");
    for i in 0..50 {
        let _ = write!(
            messy,
            "\n\n\nClause {i},\nwrapped by hand; <!-- id: c{i} -->\n"
        );
    }
    std::fs::write(&file, &messy).expect("write");
    let dir = tmp.path();
    std::thread::scope(|s| {
        for _ in 0..6 {
            s.spawn(move || decl_in(dir).args(["fmt", "v.md"]).assert().success());
        }
    });
    decl_in(dir)
        .args(["fmt", "--check", "v.md"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).expect("read");
    assert_eq!(text.matches("<!-- id: c").count(), 50);
    assert_no_leftovers(dir);
}

/// No lock file, journal or temporary file is left behind.
fn assert_no_leftovers(dir: &Path) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            assert!(
                !name.starts_with('.') || name == ".gitignore" || name == ".gitattributes",
                "left behind: {}",
                p.display()
            );
        }
    }
}
