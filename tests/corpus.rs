//! A corpus of bad and odd inputs run through every command, with one invariant: the command
//! exits 0 or 1 as its findings say, or 2 with one line `error: …` naming the file (after any
//! warnings about the input); it never panics, never hangs (a time bound per run), and a
//! refused run changes nothing on disk.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::decl_in;

/// How long one run may take here: far above the second that bad input is refused within,
/// because the machine running the tests may be loaded and this is a debug build.
const BOUND: Duration = Duration::from_secs(20);

const GOOD: &str = "---\ndate: 2025-01-01\n---\n\n# Title\n\nFirst clause; <!-- id: one -->\n\nSecond clause. <!-- id: two -->\n";

/// One input: its name, and how to make it at a path.
struct Case {
    name: &'static str,
    make: fn(&Path),
}

/// The inputs that are bad: reading them is refused (exit 2), and `decl check` fails on them.
/// The others must be read.
const BAD: &[&str] = &[
    "invalid-utf8",
    "binary",
    "unterminated-front-matter",
    "malformed-yaml",
    "alias-bomb",
    "deep-yaml",
    "duplicate-ids",
    "empty-comments",
    "malformed-id",
    "over-the-size-limit",
    "directory",
    "fifo",
    "link-to-dev-zero",
    "dangling-link",
    "broken-docx",
    "entity-bomb-docx",
];

fn bytes(path: &Path, b: &[u8]) {
    std::fs::write(path, b).expect("write");
}

fn corpus() -> Vec<Case> {
    vec![
        Case {
            name: "invalid-utf8",
            make: |p| bytes(p, b"# T\n\nabc\xff\xfe def\n"),
        },
        Case {
            name: "binary",
            make: |p| bytes(p, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        },
        Case {
            name: "empty",
            make: |p| bytes(p, b""),
        },
        Case {
            name: "bom-only",
            make: |p| bytes(p, "\u{feff}".as_bytes()),
        },
        Case {
            name: "unterminated-front-matter",
            make: |p| bytes(p, b"---\ntitle: x\n\nA clause.\n"),
        },
        Case {
            name: "malformed-yaml",
            make: |p| bytes(p, b"---\ntitle: [unclosed\n---\n\nA.\n"),
        },
        Case {
            name: "alias-bomb",
            make: |p| {
                let mut y = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
                for i in 1..12 {
                    let refs = vec![format!("*a{}", i - 1); 9].join(", ");
                    let _ = writeln!(y, "a{i}: &a{i} [{refs}]");
                }
                y.push_str("---\nA clause.\n");
                bytes(p, y.as_bytes());
            },
        },
        Case {
            name: "deep-yaml",
            make: |p| {
                bytes(
                    p,
                    format!(
                        "---\nx: {}{}\n---\nA.\n",
                        "[".repeat(5000),
                        "]".repeat(5000)
                    )
                    .as_bytes(),
                );
            },
        },
        Case {
            name: "deep-quote",
            make: |p| bytes(p, format!("# T\n\n{} deep\n", ">".repeat(5000)).as_bytes()),
        },
        Case {
            name: "deep-list",
            make: |p| {
                let mut s = String::from("# T\n\n");
                for i in 0..300 {
                    let _ = writeln!(s, "{}- a", "  ".repeat(i));
                }
                bytes(p, s.as_bytes());
            },
        },
        Case {
            name: "long-line-of-brackets",
            make: |p| bytes(p, format!("# T\n\n{}\n", "]".repeat(200_000)).as_bytes()),
        },
        Case {
            name: "one-repeated-word",
            make: |p| bytes(p, format!("# T\n\n{}\n", "the ".repeat(50_000)).as_bytes()),
        },
        Case {
            name: "duplicate-ids",
            make: |p| bytes(p, b"# T\n\nOne. <!-- id: a -->\n\nTwo. <!-- id: a -->\n"),
        },
        Case {
            name: "empty-comments",
            make: |p| {
                bytes(
                    p,
                    b"# T\n\nA <!--> b <!---> c. <!-- id: a -->\n\nD. <!-- id: a -->\n",
                );
            },
        },
        Case {
            name: "malformed-id",
            make: |p| bytes(p, b"# T\n\nOne. <!-- id: no spaces -->\n"),
        },
        Case {
            name: "unknown-field",
            make: |p| bytes(p, b"---\ntitel: x\n---\n\n# T\n\nA.\n"),
        },
        Case {
            name: "control-characters",
            make: |p| {
                bytes(
                    p,
                    "# T\u{1b}]0;x\u{7}\n\nA \u{1b}[2J clause\u{9b}.\n".as_bytes(),
                );
            },
        },
        Case {
            name: "cr-only",
            make: |p| bytes(p, b"---\rdate: 2025-01-01\r---\r\r# T\r\rA clause.\r"),
        },
        Case {
            name: "crlf-and-bom",
            make: |p| bytes(p, "\u{feff}# T\r\n\r\nA clause.\r\n".as_bytes()),
        },
        Case {
            name: "over-the-size-limit",
            make: |p| {
                // Sparse: 257 MiB on paper, nothing on disk.
                let f = std::fs::File::create(p).expect("create");
                f.set_len(257 * 1024 * 1024).expect("set_len");
            },
        },
        Case {
            name: "directory",
            make: |p| std::fs::create_dir(p).expect("mkdir"),
        },
        #[cfg(unix)]
        Case {
            name: "fifo",
            make: |p| {
                let ok = std::process::Command::new("mkfifo")
                    .arg(p)
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(ok, "mkfifo");
            },
        },
        #[cfg(unix)]
        Case {
            name: "link-to-dev-zero",
            make: |p| std::os::unix::fs::symlink("/dev/zero", p).expect("symlink"),
        },
        #[cfg(unix)]
        Case {
            name: "dangling-link",
            make: |p| std::os::unix::fs::symlink("nowhere.md", p).expect("symlink"),
        },
        Case {
            name: "broken-docx",
            make: |p| {
                std::fs::copy(
                    common::root().join("tests/fixtures/import/bad/unclosed.docx"),
                    p,
                )
                .expect("copy");
            },
        },
        Case {
            name: "entity-bomb-docx",
            make: |p| {
                std::fs::copy(
                    common::root().join("tests/fixtures/import/bad/entity-bomb.docx"),
                    p,
                )
                .expect("copy");
            },
        },
    ]
}

/// The bytes of every regular file below `dir` (links and special files by what they are, not
/// read: reading a FIFO would block).
fn state(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let p = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&p).expect("metadata");
            let what = if meta.file_type().is_symlink() {
                format!(
                    "link to {}",
                    std::fs::read_link(&p).expect("link").display()
                )
            } else if meta.is_dir() {
                stack.push(p.clone());
                "folder".to_string()
            } else if meta.is_file() && meta.len() < 64 * 1024 * 1024 {
                format!("{:?}", std::fs::read(&p).expect("read"))
            } else {
                format!("special or large, {} bytes", meta.len())
            };
            out.insert(p, what);
        }
    }
    out
}

/// A repository with a declaration `d` whose versions are `good.md` and `bad.md` (the case),
/// and the case again at the root as `bad.md` (or `bad.docx`), beside `good.md`.
fn repository(case: &Case) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    let versions = root.join("declarations/d/versions");
    std::fs::create_dir_all(&versions).expect("mkdir");
    std::fs::write(root.join("decl.yaml"), "# settings\n").expect("write");
    std::fs::write(
        root.join("declarations/d/declaration.yaml"),
        "versions:\n  - versions/good.md\n  - versions/bad.md\n",
    )
    .expect("write");
    std::fs::write(versions.join("good.md"), GOOD).expect("write");
    std::fs::write(root.join("good.md"), GOOD).expect("write");
    (case.make)(&versions.join("bad.md"));
    (case.make)(&root.join(bad_name(case)));
    tmp
}

fn bad_name(case: &Case) -> &'static str {
    if case.name.ends_with("docx") {
        "bad.docx"
    } else {
        "bad.md"
    }
}

/// Every command, with the bad file in the place of a version.
fn runs(bad: &str) -> Vec<Vec<String>> {
    let runs: Vec<Vec<&str>> = vec![
        vec!["show", bad],
        vec!["show", bad, "--format", "json"],
        vec!["show", bad, "--format", "yaml"],
        vec!["show", bad, "--format", "md"],
        vec!["show", "d"],
        vec!["diff", bad, "good.md"],
        vec!["diff", "good.md", bad, "--format", "json"],
        vec!["diff", "d", "--format", "side-by-side"],
        vec!["synopsis", "good.md", bad],
        vec!["history", "d", "one"],
        vec!["render", bad, "--to", "txt"],
        vec!["render", "d", "--to", "html"],
        vec!["fmt", "--check", bad],
        vec!["fmt", bad],
        vec!["fmt"],
        vec!["ids", bad],
        vec!["ids", "--write", bad],
        vec!["ids", "--write", "declarations/d"],
        vec!["check"],
        vec!["check", bad, "--format", "json"],
        vec!["check", "--format", "sarif"],
        vec!["import", bad],
        vec!["import", bad, "--into", "d"],
        vec!["import", bad, "-o", "imported.md"],
        vec![
            "git-diff", bad, bad, "0000000", "100644", "good.md", "0000000", "100644",
        ],
        vec!["endorse", "d", "FR", "--date", "2025-06-01"],
        vec![
            "reserve",
            "d",
            "FR",
            "--text",
            "scrutiny",
            "--date",
            "2025-06-01",
        ],
        vec!["withdraw", "d", "FR", "--date", "2025-06-01"],
        vec!["endorsements", "d"],
        vec!["endorsements", "d", "--format", "csv"],
        vec!["status", bad],
        vec!["status", bad, "--format", "json"],
        vec!["status", bad, "--set", "one=agreed"],
        vec![
            "status",
            "d",
            "--version",
            "good",
            "--set",
            "one=agreed-ad-ref",
        ],
        vec![
            "propose",
            "d",
            "FR",
            bad,
            "--version",
            "good",
            "--date",
            "2025-06-01",
        ],
        vec!["proposals", "d"],
        vec!["proposals", "d", "--format", "json"],
        vec!["compile", "d", "--version", "good"],
    ];
    runs.into_iter()
        .map(|r| r.into_iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn every_command_on_every_bad_input_keeps_the_invariant() {
    let mut failures = Vec::new();
    let mut count = 0;
    for case in corpus() {
        let tmp = repository(&case);
        let dir = tmp.path();
        for args in runs(bad_name(&case)) {
            count += 1;
            let before = state(dir);
            let started = Instant::now();
            let out = decl_in(dir)
                .args(&args)
                .timeout(BOUND)
                .output()
                .expect("runs");
            let took = started.elapsed();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let what = format!("{} {args:?}", case.name);
            let code = out.status.code();
            let mut fail = |why: String| failures.push(format!("{what}: {why}\n{stderr}"));
            if took >= BOUND || code.is_none() {
                fail(format!("no exit within {BOUND:?} ({code:?})"));
                continue;
            }
            if stderr.contains("panicked")
                || stderr.contains("backtrace")
                || stderr.contains("internal error")
            {
                fail("a panic".into());
            }
            match code {
                Some(0 | 1) => {}
                Some(2) => {
                    // Warnings about the input may come first; then one error naming the file.
                    let lines: Vec<&str> = stderr.lines().collect();
                    let at = lines.iter().position(|l| !l.starts_with("warning: "));
                    let first = at.map_or("", |i| lines[i]);
                    let errors = lines.iter().filter(|l| l.starts_with("error")).count();
                    if !first.starts_with("error: ") || errors != 1 {
                        fail(format!("not one error after the warnings: {first}"));
                    } else if !first.contains("bad") && !first.contains("declaration.yaml") {
                        fail(format!("the error does not name the file: {first}"));
                    }
                    if state(dir) != before {
                        fail("refused, but files changed".into());
                    }
                }
                other => fail(format!("exit {other:?}")),
            }
            // Bad input is refused where it is read, and fails the check; the rest is read.
            let bad = BAD.contains(&case.name);
            let reads = if case.name.ends_with("docx") {
                args[0] == "import" && args.len() == 2
            } else {
                args[0] == "show" && args.len() == 2
            };
            if reads && (code == Some(2)) != bad {
                fail(format!("exit {code:?} reading it"));
            }
            if args == ["check"] && bad && code == Some(0) {
                fail(format!("check exits {code:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} runs broke the invariant:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
