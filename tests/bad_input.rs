//! Bad input of every kind: one clear line naming the file, exit 2, nothing written, no panic.

mod common;

use std::fmt::Write as _;

use std::path::Path;

use common::{decl_in, snapshot_tree};

/// Run `decl ARGS` in `dir` and check the refusal: exit 2, `error: <file>…` first, no panic, and
/// no file changed.
fn refused(dir: &Path, args: &[&str], expect: &str) -> String {
    let before = snapshot_tree(dir);
    let out = decl_in(dir).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    let first = err.lines().next().unwrap_or("");
    assert!(first.starts_with("error: "), "{first}");
    assert!(
        first.contains(expect),
        "{args:?}: expected `{expect}` in: {err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert_eq!(before, snapshot_tree(dir), "{args:?} changed files");
    err
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn invalid_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "v.md", b"A clause\n\nabc\xff\xfe def\n");
    refused(tmp.path(), &["show", "v.md"], "v.md:3:4: invalid UTF-8");
    refused(tmp.path(), &["fmt", "v.md"], "v.md:3:4: invalid UTF-8");
}

#[test]
fn binary_file() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "v.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    refused(tmp.path(), &["show", "v.md"], "v.md:3:1: binary data");
}

#[test]
fn unterminated_front_matter() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "v.md", b"---\ntitle: x\n\nA clause.\n");
    let err = refused(
        tmp.path(),
        &["fmt", "v.md"],
        "v.md:1:1: unterminated front matter",
    );
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn malformed_yaml_points_at_the_line_of_the_markdown_file() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "v.md",
        b"---\ndocument: 11767/25\ntitle: [unclosed\n---\n\nA clause.\n",
    );
    let err = refused(tmp.path(), &["show", "v.md"], "v.md:3:8: invalid YAML");
    assert!(err.contains("3 | title: [unclosed"), "{err}");
}

#[test]
fn yaml_alias_bomb() {
    let tmp = tempfile::tempdir().unwrap();
    let mut yaml = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        let _ = writeln!(yaml, "a{i}: &a{i} [{refs}]");
    }
    yaml.push_str("---\nA clause.\n");
    write(tmp.path(), "v.md", yaml.as_bytes());
    refused(
        tmp.path(),
        &["show", "v.md"],
        "invalid YAML: too large or too complex",
    );
}

#[test]
fn yaml_nested_5000_deep() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = format!(
        "---\nx: {}{}\n---\nA clause.\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    write(tmp.path(), "v.md", deep.as_bytes());
    refused(tmp.path(), &["show", "v.md"], "v.md:2:");
    let mut deep = String::from("x:\n");
    for i in 0..5000 {
        let _ = writeln!(deep, "{}-", "  ".repeat(i));
    }
    write(tmp.path(), "v.yaml", deep.as_bytes());
    refused(tmp.path(), &["show", "v.yaml"], "v.yaml:");
}

#[test]
fn duplicate_clause_ids() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "v.md",
        b"One. <!-- id: a -->\n\nTwo. <!-- id: a -->\n",
    );
    let err = refused(
        tmp.path(),
        &["show", "v.md"],
        "v.md:3:6: duplicate id `a`, first used on line 1",
    );
    assert!(err.contains("3 | Two. <!-- id: a -->"), "{err}");
    refused(tmp.path(), &["ids", "--write", "v.md"], "duplicate id `a`");
}

#[test]
fn malformed_id_and_bad_metadata_values() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.md", b"One. <!-- id: no spaces -->\n");
    refused(
        tmp.path(),
        &["show", "a.md"],
        "a.md:1:6: malformed id `no spaces`",
    );
    write(tmp.path(), "b.md", b"---\ndate: 2025-02-30\n---\nOne.\n");
    refused(
        tmp.path(),
        &["show", "b.md"],
        "b.md:2:7: `2025-02-30` is not a day of the calendar",
    );
    write(
        tmp.path(),
        "c.md",
        b"---\ndocument: 11767/2/25 REV 1\n---\nOne.\n",
    );
    refused(tmp.path(), &["show", "c.md"], "c.md:2:11:");
    write(tmp.path(), "d.md", b"---\nstatus: final\n---\nOne.\n");
    refused(
        tmp.path(),
        &["show", "d.md"],
        "status `final` is neither `draft` nor `adopted`",
    );
}

#[test]
fn missing_files_and_directories() {
    let tmp = tempfile::tempdir().unwrap();
    refused(tmp.path(), &["show", "missing.md"], "missing.md");
    refused(
        tmp.path(),
        &["fmt", "missing.md"],
        "missing.md: no such file or directory",
    );
    std::fs::create_dir(tmp.path().join("folder.md")).unwrap();
    refused(
        tmp.path(),
        &["show", "folder.md"],
        "folder.md: is a directory",
    );
    refused(tmp.path(), &["fmt", "folder.md"], "folder.md");
}

#[test]
fn manifest_pointing_at_a_missing_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("declarations/x");
    std::fs::create_dir_all(&dir).unwrap();
    write(
        &dir,
        "declaration.yaml",
        b"versions:\n  - versions/gone.md\n",
    );
    refused(
        tmp.path(),
        &["show", "x"],
        "declaration.yaml:2:5: version file `versions/gone.md` does not exist",
    );
}

/// Inputs that must be read (or refused with a stated limit), never crash.
#[test]
fn deep_markdown_huge_paragraphs_crlf_and_bom_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path();
    write(
        p,
        "quote.md",
        format!("{} deep\n", ">".repeat(5000)).as_bytes(),
    );
    let mut list = String::new();
    for i in 0..3000 {
        let _ = writeln!(list, "{}- item", "  ".repeat(i));
    }
    write(p, "list.md", list.as_bytes());
    write(p, "huge.md", "word ".repeat(4_000_000).as_bytes());
    write(p, "crlf.md", b"\xef\xbb\xbf---\r\ndate: 2025-07-18\r\n---\r\n# T\r\n\r\nA clause\r\nwrapped. <!-- id: x -->\r\n");
    for name in ["quote.md", "list.md", "huge.md", "crlf.md"] {
        let out = decl_in(p)
            .args(["show", name, "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let json: serde_json::Value = serde_json::from_slice(
        &decl_in(p)
            .args(["show", "crlf.md", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        json["sections"][0]["clauses"][0]["text"],
        "A clause wrapped."
    );
    assert_eq!(json["sections"][0]["clauses"][0]["id"], "x");
    assert_eq!(json["meta"]["date"], "2025-07-18");
}

#[test]
fn yaml_body_clause_with_misspelt_keys_names_the_clause_line_and_the_keys_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "v.yaml",
        b"title: T\nsections:\n  - heading: A\n    clauses:\n      - First clause.\n      - txet: Second clause.\n        id: second\n",
    );
    let err = refused(
        tmp.path(),
        &["show", "v.yaml"],
        "v.yaml:6:9: section 1, clause 2: unknown key `txet`; did you mean `text`?",
    );
    assert!(err.contains("`raw` or `footnote`"), "{err}");
    assert!(!err.contains("untagged enum"), "{err}");
    write(
        tmp.path(),
        "s.yaml",
        b"title: T\nsections:\n  - heading: A\n    clauzes:\n      - First clause.\n",
    );
    refused(
        tmp.path(),
        &["show", "s.yaml"],
        "s.yaml:3:5: section 1: unknown key `clauzes`; did you mean `clauses`?",
    );
    write(tmp.path(), "m.yaml", b"versions:\n  - a.md\n");
    refused(
        tmp.path(),
        &["show", "m.yaml"],
        "not a version in the YAML body format: it lists `versions`",
    );
}

/// Control characters as a document, ledger, settings file or file name can hold them: ESC
/// sequences (set the title, clear the screen, conceal), BEL, backspace, a lone CR, a C1 CSI, a
/// bidirectional override.
const CONTROLS: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[8m\u{8}x\r\u{9b}1m\u{202e}";

/// A YAML double-quoted scalar with every control character escaped (YAML refuses them raw).
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in ['\u{1b}', '\u{7}', '\u{8}', '\u{9b}', '\u{202e}'] {
        assert!(
            !text.contains(c),
            "{what}: raw U+{:04X} in:\n{text}",
            u32::from(c)
        );
    }
    assert!(
        !text.contains("\rx") && !text.contains("x\r\u{9b}"),
        "{what}: raw CR"
    );
}

#[test]
fn regression_control_characters_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let decl_dir = dir.join("declarations/d");
    std::fs::create_dir_all(decl_dir.join("versions")).unwrap();
    std::fs::create_dir_all(decl_dir.join("endorsements")).unwrap();
    std::fs::write(
        dir.join("decl.yaml"),
        format!(
            "delegations:\n  XK: {{name: {}, group: partner-country}}\n",
            yaml_quoted(&format!("Kos{CONTROLS}ovo"))
        ),
    )
    .unwrap();
    std::fs::write(
        decl_dir.join("declaration.yaml"),
        "versions:\n  - versions/a.md\n  - versions/b.md\n",
    )
    .unwrap();
    std::fs::write(
        decl_dir.join("versions/a.md"),
        format!("---\ndate: 2025-01-01\n---\n\n# Title{CONTROLS}\n\nFirst clause{CONTROLS} here. <!-- id: one -->\n\nSecond clause. <!-- id: two -->\n"),
    )
    .unwrap();
    std::fs::write(
        decl_dir.join("versions/b.md"),
        format!("---\ndate: 2025-02-01\n---\n\n# Title{CONTROLS}\n\nFirst clause{CONTROLS} there. <!-- id: one -->\n\nSecond clause. <!-- id: two -->\n"),
    )
    .unwrap();
    std::fs::write(
        decl_dir.join("endorsements/XK.yaml"),
        format!(
            "- {{event: endorse, date: 2025-02-02, version: b, note: {}}}\n",
            yaml_quoted(&format!("note{CONTROLS}"))
        ),
    )
    .unwrap();
    let odd_name = format!("v{}.md", "\u{1b}[2J");
    std::fs::write(dir.join(&odd_name), "# T\n\nA clause.\n").unwrap();
    let runs: Vec<Vec<String>> = [
        vec!["show", "d@a"],
        vec!["show", &odd_name],
        vec!["diff", "d"],
        vec!["diff", "d", "--format", "side-by-side"],
        vec!["diff", "d", "--format", "stat"],
        vec!["synopsis", "d"],
        vec!["history", "d", "one"],
        vec!["endorsements", "d"],
        vec!["delegations"],
        vec!["check"],
        vec!["check", "--format", "github"],
        vec!["ids", "declarations/d"],
        vec!["fmt", "--check", &odd_name],
    ]
    .iter()
    .map(|r| r.iter().map(ToString::to_string).collect())
    .collect();
    for args in &runs {
        for color in ["never", "always"] {
            let out = decl_in(dir)
                .arg("--color")
                .arg(color)
                .args(args)
                .output()
                .unwrap();
            let what = format!("{args:?} --color {color}");
            assert!(
                out.status.code().is_some_and(|c| c < 2),
                "{what}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stdout = String::from_utf8_lossy(&out.stdout);
            if color == "never" {
                assert_no_raw_controls(&what, &out.stdout);
            } else {
                // decl's own colours pass; the document's escapes do not.
                assert!(
                    !stdout.contains("\u{1b}]0;")
                        && !stdout.contains("\u{1b}[2J")
                        && !stdout.contains("\u{1b}[8m"),
                    "{what}:\n{stdout}"
                );
            }
            assert_no_raw_controls(&what, &out.stderr);
        }
    }
    // The git driver, with the diff's odd file names and contents.
    let a = decl_dir.join("versions/a.md");
    let b = decl_dir.join("versions/b.md");
    let out = decl_in(dir)
        .args(["git-diff", &odd_name])
        .arg(&a)
        .args(["0000000", "100644"])
        .arg(&b)
        .args(["0000000", "100644"])
        .output()
        .unwrap();
    assert_no_raw_controls("git-diff", &out.stdout);
    // File formats stay exact when they do not go to a terminal.
    let json = decl_in(dir)
        .args(["show", "d@a", "--format", "md"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&json.stdout).contains(CONTROLS.replace('\r', "\n").as_str()));
}

/// A one-declaration repository whose manifest lists `entries` (`versions/a.md` exists).
fn repo_listing(entries: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("declarations/d");
    std::fs::create_dir_all(dir.join("versions")).unwrap();
    std::fs::write(dir.join("versions/a.md"), "# T\n\nA clause.\n").unwrap();
    let mut list = String::new();
    for e in entries {
        let _ = writeln!(list, "  - {e}");
    }
    std::fs::write(dir.join("declaration.yaml"), format!("versions:\n{list}")).unwrap();
    tmp
}

#[test]
fn regression_a_manifest_cannot_list_files_outside_its_folder() {
    // `declaration.yaml` once could list any file on the machine, and `show` printed it.
    for entry in ["/etc/passwd", "../../outside.md", "versions/../../d2/x.md"] {
        let tmp = repo_listing(&["versions/a.md", entry]);
        std::fs::write(tmp.path().join("outside.md"), "# Outside\n\nSecret.\n").unwrap();
        for args in [
            vec!["show", "d"],
            vec!["render", "d", "--to", "txt"],
            vec!["diff", "d"],
            vec!["fmt", "--check"],
        ] {
            let err = refused(tmp.path(), &args, "declarations/d/declaration.yaml:3:");
            assert!(err.contains("is outside the declaration folder"), "{err}");
        }
        let out = decl_in(tmp.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stdout).contains("outside the declaration folder"));
    }
}

#[cfg(unix)]
#[test]
fn regression_a_version_file_linked_out_of_its_folder_is_refused() {
    let tmp = repo_listing(&["versions/a.md", "versions/b.md"]);
    std::fs::write(tmp.path().join("outside.md"), "# Outside\n\nSecret.\n").unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("outside.md"),
        tmp.path().join("declarations/d/versions/b.md"),
    )
    .unwrap();
    let err = refused(
        tmp.path(),
        &["show", "d"],
        "declarations/d/declaration.yaml:3:",
    );
    assert!(err.contains("is outside the declaration folder"), "{err}");
    // A ledger file linked out of the folder is refused too.
    let tmp = repo_listing(&["versions/a.md"]);
    let ledger = tmp.path().join("declarations/d/endorsements");
    std::fs::create_dir(&ledger).unwrap();
    std::fs::write(
        tmp.path().join("fr.yaml"),
        "- {event: endorse, date: 2025-01-01, version: a}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path().join("fr.yaml"), ledger.join("FR.yaml")).unwrap();
    refused(
        tmp.path(),
        &["endorsements", "d"],
        "declarations/d/endorsements/FR.yaml: is a link to a file outside the declaration folder",
    );
    refused(
        tmp.path(),
        &["endorse", "d", "DE", "--date", "2025-01-02"],
        "outside the declaration folder",
    );
}

#[test]
fn regression_check_refuses_a_manifest_listing_a_version_twice() {
    // `check` once passed a manifest that every other command refused.
    let tmp = repo_listing(&["versions/a.md", "./versions/a.md"]);
    let err = refused(
        tmp.path(),
        &["show", "d"],
        "declarations/d/declaration.yaml:3:5:",
    );
    assert!(err.contains("is listed twice (also on line 2)"), "{err}");
    let out = decl_in(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "D101", "{json}");
    assert_eq!(json["diagnostics"][0]["line"], 3, "{json}");
    // Two files whose front matter gives one id: the same verdict from both.
    let tmp = repo_listing(&["versions/a.md", "versions/b.md"]);
    std::fs::write(
        tmp.path().join("declarations/d/versions/b.md"),
        "---\nid: a\n---\n\n# T\n\nB.\n",
    )
    .unwrap();
    let err = refused(
        tmp.path(),
        &["show", "d"],
        "declarations/d/declaration.yaml:3:",
    );
    assert!(err.contains("version id `a` is used twice"), "{err}");
    let out = decl_in(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("version id `a` is used twice"));
}
