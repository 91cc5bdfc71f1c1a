//! `decl endorse`, `withdraw`, `reserve`, `endorsements`, `delegations`: the ledger's integrity
//! (concurrency, crashes, git merges, comments, refusals) and the JSON shapes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use common::{copy_dir, decl_in, json_of, root, snapshot_tree, stdout_of};

const DECL: &str = "example-summit";

/// A repository holding the fictional example declaration, with its illustrative ledger or
/// without any ledger.
fn summit(with_ledger: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let target = tmp.path().join("declarations").join(DECL);
    copy_dir(&root().join("examples").join(DECL), &target);
    if !with_ledger {
        std::fs::remove_dir_all(target.join("endorsements")).expect("remove ledger");
    }
    tmp
}

fn ledger_dir(dir: &Path) -> PathBuf {
    dir.join("declarations").join(DECL).join("endorsements")
}

fn run_ok(dir: &Path, args: &[&str]) -> String {
    stdout_of(decl_in(dir).args(args))
}

/// Run a command that must be refused: exit 2, one `error:` line (hints may follow), and not
/// one byte changed on disk.
fn refused(dir: &Path, args: &[&str], expect: &str) {
    let before = snapshot_tree(dir);
    let out = decl_in(dir).args(args).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 1, "{args:?}: {stderr}");
    assert!(errors[0].contains(expect), "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert_eq!(before, snapshot_tree(dir), "{args:?} changed files");
}

fn endorsements_json(dir: &Path) -> serde_json::Value {
    json_of(decl_in(dir).args(["endorsements", DECL, "--format", "json"]))
}

fn row<'a>(json: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    json["delegations"]
        .as_array()
        .expect("delegations")
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no row for {code}"))
}

fn all_codes(dir: &Path) -> Vec<String> {
    let json = json_of(decl_in(dir).args(["delegations", "--format", "json"]));
    json["delegations"]
        .as_array()
        .expect("delegations")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

#[test]
fn endorsements_json_has_the_documented_shape() {
    let tmp = summit(true);
    let json = endorsements_json(tmp.path());
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "schema",
            "declaration",
            "latest",
            "illustrative",
            "delegations",
            "summary"
        ]
    );
    assert_eq!(json["schema"], "decl-endorsements/1");
    assert_eq!(json["declaration"], DECL);
    assert_eq!(json["illustrative"], true, "the example ledger is invented");
    let fr = row(&json, "FR");
    let keys: Vec<&str> = fr.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "code",
        "name",
        "group",
        "status",
        "version",
        "date",
        "stale",
        "changed_clauses",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert_eq!(fr["name"], "France");
    assert_eq!(fr["group"], "eu-member-state");
    assert_eq!(fr["status"], "endorsed");
    assert_eq!(fr["illustrative"], true);
    assert_eq!(row(&json, "EU")["group"], "european-union");
    assert_eq!(row(&json, "NO")["group"], "partner-country");
    assert_eq!(row(&json, "IOM")["group"], "international-organisation");
    assert_eq!(row(&json, "IT")["status"], "withdrawn");
    assert_eq!(row(&json, "HU")["status"], "reserved");
    assert_eq!(row(&json, "HU")["endorsed"], false);
    assert_eq!(row(&json, "EL")["status"], "reserved");
    assert_eq!(row(&json, "EL")["reservations"][0]["clause"], "information");
    assert_eq!(row(&json, "BE")["status"], "none");
    // Every Member State is listed, in protocol order; other delegations only with events.
    let codes: Vec<&str> = json["delegations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 1 + 27 + 1 + 2);
    assert_eq!(&codes[..4], ["EU", "BE", "BG", "CZ"]);
    assert_eq!(json["summary"]["eu_member_states"]["total"], 27);
    assert_eq!(json["summary"]["eu_member_states"]["endorsed"], 3);
}

#[test]
fn an_endorsement_of_an_earlier_version_is_stale_and_names_the_changed_clauses() {
    let tmp = summit(true);
    let json = endorsements_json(tmp.path());
    let de = row(&json, "DE");
    assert_eq!(de["version"], "2025-03-03-draft");
    assert_eq!(de["stale"], true);
    assert_eq!(
        de["changed_clauses"],
        serde_json::json!([
            {"kind": "modified", "id": "recognise", "index": 1},
            {"kind": "modified", "id": "information", "index": 3},
            {"kind": "added", "id": "open-for-endorsement", "index": 5},
        ])
    );
    assert_eq!(row(&json, "FR")["stale"], false);
    let table = run_ok(tmp.path(), &["endorsements", DECL]);
    assert!(table.contains("ILLUSTRATIVE"), "{table}");
    assert!(
        table.contains(
            "DE endorsed `2025-03-03-draft`: modified recognise and information; added open-for-endorsement"
        ),
        "{table}"
    );
    assert!(
        table.contains("EU Member States: 3 of 27 endorsed"),
        "{table}"
    );
    assert!(table.contains("not endorsed: BE BG CZ"), "{table}");
    // Re-endorsing the latest version makes it current.
    run_ok(tmp.path(), &["endorse", DECL, "DE"]);
    assert_eq!(row(&endorsements_json(tmp.path()), "DE")["stale"], false);
    let csv = run_ok(tmp.path(), &["endorsements", DECL, "--format", "csv"]);
    assert!(csv.starts_with(
        "code,name,group,status,endorsed,standing,version,date,stale,changed_clauses,"
    ));
    assert!(csv.contains(",illustrative,"), "{csv}");
    assert!(
        csv.contains(
            "\nFR,France,eu-member-state,endorsed,true,endorsed,2025-04-10-adopted,2025-04-10,false,,,true,"
        ),
        "{csv}"
    );
}

#[test]
fn eight_concurrent_processes_keep_all_200_endorsements() {
    let tmp = summit(false);
    let codes = all_codes(tmp.path());
    assert!(codes.len() >= 200);
    let dir = tmp.path();
    std::thread::scope(|s| {
        for chunk in codes[..200].chunks(25) {
            s.spawn(move || {
                for code in chunk {
                    decl_in(dir)
                        .args(["endorse", DECL, code])
                        .assert()
                        .success();
                }
            });
        }
    });
    let json = endorsements_json(dir);
    assert_eq!(json["summary"]["endorsed"], 200);
    for code in &codes[..200] {
        assert_eq!(row(&json, code)["status"], "endorsed", "{code}");
    }
}

#[test]
fn a_process_killed_at_any_moment_leaves_a_ledger_that_reads_back_whole() {
    let tmp = summit(false);
    let codes = all_codes(tmp.path());
    let codes = &codes[..60];
    let bin = assert_cmd::cargo::cargo_bin("decl");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut killed = 0;
    // How long one uninterrupted run takes here, so that kills land inside runs whatever the
    // machine's speed.
    let timing = summit(false);
    let started = std::time::Instant::now();
    decl_in(timing.path())
        .args(["endorse", DECL, "--version", "latest"])
        .args(codes)
        .assert()
        .success();
    let full_run = u64::try_from(started.elapsed().as_micros())
        .unwrap_or(40_000)
        .max(1_000);
    for i in 0..40 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Alternate versions so that every run has something to append.
        let version = if i % 2 == 0 { "first" } else { "latest" };
        let mut child = std::process::Command::new(&bin)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DECL_TODAY", "2026-01-15")
            .current_dir(tmp.path())
            .args(["endorse", DECL, "--version", version])
            .args(codes)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns");
        // Within the first half of a run: most kills then land inside one, even under load.
        std::thread::sleep(Duration::from_micros(seed % (full_run / 2).max(500)));
        if child.try_wait().ok().flatten().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        let json = endorsements_json(tmp.path());
        assert_eq!(json["schema"], "decl-endorsements/1", "run {i}");
        // All or nothing: the 60 delegations of one run endorsed the same version, or none did.
        let versions: std::collections::BTreeSet<String> = codes
            .iter()
            .map(|code| {
                json["delegations"]
                    .as_array()
                    .and_then(|rows| rows.iter().find(|d| d["code"] == code.as_str()))
                    .and_then(|d| d["version"].as_str())
                    .unwrap_or("none")
                    .to_string()
            })
            .collect();
        assert_eq!(versions.len(), 1, "run {i}: a partial record: {versions:?}");
    }
    assert!(
        killed >= 5,
        "only {killed} runs were killed before they finished"
    );
    // Every ledger file is whole lines of events.
    for entry in std::fs::read_dir(ledger_dir(tmp.path())).expect("ledger") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).expect("read");
            assert!(text.ends_with('\n'), "{}", path.display());
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_git_branches_endorsing_different_delegations_merge_without_conflict() {
    let tmp = summit(false);
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Secretariat"]);
    git(dir, &["config", "user.email", "secretariat@example.org"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "declaration"]);

    git(dir, &["checkout", "-q", "-b", "a"]);
    run_ok(dir, &["endorse", DECL, "FR", "NO"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "FR and NO endorse"]);

    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["checkout", "-q", "-b", "b"]);
    run_ok(dir, &["endorse", DECL, "DE", "IOM"]);
    // The same delegation on both branches: one event line each, kept by `merge=union`.
    run_ok(dir, &["endorse", DECL, "NO", "--version", "first"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "DE and IOM endorse"]);

    git(dir, &["merge", "-q", "--no-edit", "a"]);
    let status = git(dir, &["status", "--porcelain"]);
    assert_eq!(
        status, "",
        "clean after the merge (the lock file is ignored)"
    );
    let json = endorsements_json(dir);
    for code in ["FR", "NO", "DE", "IOM"] {
        assert_eq!(row(&json, code)["status"], "endorsed", "{code}");
    }
    let no = std::fs::read_to_string(ledger_dir(dir).join("NO.yaml")).expect("NO");
    assert_eq!(no.matches("event: endorse").count(), 2, "{no}");
}

#[test]
fn comments_and_hand_written_lines_survive_later_writes() {
    let tmp = summit(true);
    let path = ledger_dir(tmp.path()).join("FR.yaml");
    let mut text = std::fs::read_to_string(&path).expect("FR");
    text.push_str("# Original letter filed under ref. 2025/123.\n");
    text.push_str(
        "- {event: reserve, date: 2025-04-11, version: 2025-04-10-adopted, clause: training, text: \"typed by hand\"}   # a trailing comment\n",
    );
    text.push_str("\n# A last comment without a newline");
    std::fs::write(&path, &text).expect("write");
    run_ok(
        tmp.path(),
        &["reserve", DECL, "FR", "--clause", "training", "--lift"],
    );
    run_ok(
        tmp.path(),
        &[
            "reserve",
            DECL,
            "fr",
            "--clause",
            "review",
            "--text",
            "scrutiny",
            "--note",
            "a \"quoted\" note: with # signs",
        ],
    );
    let after = std::fs::read_to_string(&path).expect("FR");
    assert!(after.starts_with(&text), "{after}");
    let added: Vec<&str> = after[text.len()..]
        .lines()
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(added.len(), 2, "{after}");
    let json = endorsements_json(tmp.path());
    let fr = row(&json, "FR");
    assert_eq!(fr["reservations"].as_array().map(Vec::len), Some(1));
    assert_eq!(fr["reservations"][0]["clause"], "review");
    // Other delegations' files are untouched.
    let no = std::fs::read_to_string(ledger_dir(tmp.path()).join("NO.yaml")).expect("NO");
    assert!(no.contains("# Confirmed by e-mail"));
}

#[test]
fn refused_input_changes_no_file() {
    let tmp = summit(true);
    let dir = tmp.path();
    refused(dir, &["endorse", DECL, "XX"], "unknown delegation `XX`");
    refused(
        dir,
        &["endorse", DECL, "BE", "GR"],
        "unknown delegation `GR`",
    );
    refused(
        dir,
        &["endorse", DECL, "BE", "--version", "final"],
        "has no version `final`",
    );
    refused(
        dir,
        &["endorse", DECL, "BE", "--date", "2025-02-30"],
        "not a day of the calendar",
    );
    refused(
        dir,
        &["endorse", DECL, "BE", "--date", "10/04/2025"],
        "YYYY-MM-DD",
    );
    refused(
        dir,
        &["endorse", DECL, "BE", "--date", "2026-01-16"],
        "in the future",
    );
    refused(
        dir,
        &["endorse", DECL, "BE", "--date", "2025-04-01"],
        "before version",
    );
    refused(dir, &["endorse", DECL, "BE", "be"], "named twice");
    // Duplicate: reported, not doubled; BE (not yet endorsed) is not recorded either.
    refused(
        dir,
        &["endorse", DECL, "BE", "FR"],
        "FR (France) already endorsed version `2025-04-10-adopted`",
    );
    refused(
        dir,
        &["withdraw", DECL, "BE"],
        "BE (Belgium) has not endorsed",
    );
    refused(dir, &["withdraw", DECL, "IT"], "already withdrew");
    refused(
        dir,
        &[
            "reserve",
            DECL,
            "BE",
            "--clause",
            "infromation",
            "--text",
            "x",
        ],
        "no clause with id `infromation`",
    );
    refused(
        dir,
        &[
            "reserve",
            DECL,
            "EL",
            "--clause",
            "information",
            "--text",
            "x",
        ],
        "already has a reservation",
    );
    refused(
        dir,
        &["reserve", DECL, "EL", "--clause", "training", "--lift"],
        "no reservation on clause `training`",
    );
    // A malformed line: the error names the file and the line.
    let path = ledger_dir(dir).join("NO.yaml");
    let mut text = std::fs::read_to_string(&path).expect("NO");
    text.push_str("- {event: endorse, date: 2025-04-22\n");
    std::fs::write(&path, &text).expect("write");
    let line = text.lines().count();
    let at = format!("NO.yaml:{line}:");
    refused(dir, &["endorse", DECL, "BE"], &at);
    refused(dir, &["endorsements", DECL], &at);
    // A file for a code nobody knows.
    std::fs::write(&path, "").expect("write");
    std::fs::write(ledger_dir(dir).join("XY.yaml"), "").expect("write");
    refused(
        dir,
        &["endorsements", DECL],
        "ledger file for unknown delegation `XY`",
    );

    // A declaration without a ledger yet: a refusal does not even create the folder.
    let fresh = summit(false);
    refused(
        fresh.path(),
        &["endorse", DECL, "Frnace"],
        "unknown delegation `Frnace`",
    );
    refused(fresh.path(), &["withdraw", DECL, "FR"], "has not endorsed");
    assert!(!ledger_dir(fresh.path()).exists());
}

#[test]
fn unknown_codes_suggest_the_closest() {
    let tmp = summit(false);
    let out = decl_in(tmp.path())
        .args(["endorse", DECL, "Frnace"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("hint: did you mean `FR` (France)?"),
        "{stderr}"
    );
    let out = decl_in(tmp.path())
        .args(["endorse", DECL, "GR"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("hint: Greece is `EL` here"), "{stderr}");
}

#[test]
fn delegations_lists_the_registry_with_repository_additions() {
    let tmp = summit(false);
    let json = json_of(decl_in(tmp.path()).args(["delegations", "--format", "json"]));
    assert_eq!(json["schema"], "decl-delegations/1");
    let first = &json["delegations"][0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "name", "group"]);
    assert_eq!(first["code"], "EU");
    let ms = json_of(decl_in(tmp.path()).args([
        "delegations",
        "--group",
        "eu-member-state",
        "--format",
        "json",
    ]));
    let codes: Vec<&str> = ms["delegations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.join(" "),
        "BE BG CZ DK DE EE IE EL ES FR HR IT CY LV LT LU HU MT NL AT PL PT RO SI SK FI SE"
    );

    std::fs::write(
        tmp.path().join("decl.yaml"),
        "# settings\ndelegations:\n  XK: {name: Kosovo, group: partner-country}\n  IOM: IOM, the UN Migration Agency\n",
    )
    .expect("write");
    let table = run_ok(tmp.path(), &["delegations", "--group", "partner-country"]);
    assert!(table.contains("XK  Kosovo"), "{table}");
    run_ok(tmp.path(), &["endorse", DECL, "xk", "IOM"]);
    let json = endorsements_json(tmp.path());
    assert_eq!(row(&json, "XK")["name"], "Kosovo");
    assert_eq!(row(&json, "IOM")["name"], "IOM, the UN Migration Agency");

    std::fs::write(
        tmp.path().join("decl.yaml"),
        "delegations:\n  XX: {name: Nowhere}\n",
    )
    .expect("write");
    refused(
        tmp.path(),
        &["delegations"],
        "decl.yaml:2:3: new delegation `XX` needs both",
    );
}

#[test]
fn endorse_dot_inside_a_declaration_folder_takes_the_folder_name_as_its_id() {
    let tmp = summit(false);
    let folder = tmp.path().join("declarations").join(DECL);
    decl_in(&folder)
        .args(["endorse", ".", "BE"])
        .assert()
        .success();
    let ledger = std::fs::read_to_string(ledger_dir(tmp.path()).join("BE.yaml")).expect("ledger");
    assert!(ledger.contains(&format!("for `{DECL}`")), "{ledger}");
    assert!(!ledger.contains("`declaration`"), "{ledger}");
}

#[test]
fn regression_an_endorsed_version_edited_afterwards_is_stale_naming_the_clauses() {
    // The ledger once recorded version ids only: editing an adopted version after
    // delegations endorsed it went unnoticed.
    let tmp = summit(true);
    let dir = tmp.path();
    run_ok(dir, &["endorse", DECL, "BE", "LU", "--date", "2025-11-18"]);
    let line = std::fs::read_to_string(ledger_dir(dir).join("BE.yaml")).expect("ledger");
    assert!(line.contains("fingerprint: "), "{line}");
    let before = endorsements_json(dir);
    assert_eq!(row(&before, "BE")["stale"], false);
    assert_eq!(row(&before, "BE")["text_changed"], false);
    let adopted = dir
        .join("declarations")
        .join(DECL)
        .join("versions/2025-04-10-adopted.md");
    let text = std::fs::read_to_string(&adopted).expect("version");
    let first_clause_word = "Recognise";
    assert!(text.contains(first_clause_word), "{text}");
    std::fs::write(&adopted, text.replacen(first_clause_word, "Acknowledge", 1)).expect("edit");
    let after = endorsements_json(dir);
    let be = row(&after, "BE");
    assert_eq!(be["stale"], true, "{be}");
    assert_eq!(be["text_changed"], true, "{be}");
    assert_eq!(be["changed_clauses"][0]["kind"], "modified", "{be}");
    // Records made before fingerprints existed stay valid: FR's is not said to have changed.
    assert_eq!(row(&after, "FR")["text_changed"], false);
    let table = run_ok(dir, &["endorsements", DECL]);
    assert!(
        table.contains("BE endorsed `2025-04-10-adopted`, whose text was changed after it was endorsed: modified"),
        "{table}"
    );
    let out = decl_in(dir)
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let d407: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "D407")
        .collect();
    assert_eq!(d407.len(), 2, "{json}");
    assert!(
        d407[0]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("BE.yaml")),
        "{json}"
    );
    // Undoing the edit makes the endorsement stand again.
    std::fs::write(&adopted, text).expect("undo");
    assert_eq!(row(&endorsements_json(dir), "BE")["stale"], false);
}

/// Run `decl ARGS` in `dir` as if the disk filled up: files may not grow past `blocks` of 512
/// bytes (writes fail with "file too large", as they would with "no space left").
#[cfg(unix)]
fn with_disk_full(dir: &Path, blocks: u32, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("decl");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec '{}' {}",
            bin.display(),
            quoted.join(" ")
        ))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DECL_TODAY", "2026-01-15")
        .current_dir(dir)
        .output()
        .expect("runs")
}

#[cfg(unix)]
#[test]
fn regression_a_multi_delegation_endorsement_that_fails_on_the_second_code_records_none() {
    // A multi-code `endorse` that failed on the second code once kept the first one's record.
    let tmp = summit(false);
    let dir = tmp.path();
    let ledger = ledger_dir(dir);
    std::fs::create_dir_all(&ledger).expect("ledger");
    // DE's file is large: its new text cannot be written under the limit, FR's can.
    let big = format!(
        "# notes\n{}",
        "# a long comment line kept by hand\n".repeat(4_000)
    );
    std::fs::write(ledger.join("DE.yaml"), &big).expect("write");
    let before = snapshot_tree(dir);
    let out = with_disk_full(
        dir,
        100,
        &["endorse", DECL, "FR", "DE", "--date", "2025-11-18"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(
        before,
        snapshot_tree(dir),
        "a partial record was left: {stderr}"
    );
    // With room, both are recorded.
    run_ok(dir, &["endorse", DECL, "FR", "DE", "--date", "2025-11-18"]);
    let json = endorsements_json(dir);
    assert_eq!(row(&json, "FR")["status"], "endorsed");
    assert_eq!(row(&json, "DE")["status"], "endorsed");
}

#[cfg(unix)]
#[test]
fn regression_init_on_a_full_disk_leaves_nothing_and_completes_later() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = with_disk_full(tmp.path(), 0, &["init", "repo", "--id", "summit"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        !tmp.path().join("repo").exists(),
        "half a repository: {stderr}"
    );
    run_ok(tmp.path(), &["init", "repo", "--id", "summit"]);
    assert!(
        tmp.path()
            .join("repo/declarations/summit/declaration.yaml")
            .is_file()
    );
}

#[test]
fn a_reservation_says_whether_the_delegation_endorsed() {
    let tmp = summit(true);
    let table = run_ok(tmp.path(), &["endorsements", DECL]);
    assert!(
        table.contains(
            "EL     Greece                                    endorsed, with reservation"
        ),
        "{table}"
    );
    assert!(
        table.contains("HU     Hungary                                   reservation only"),
        "{table}"
    );
    let json = json_of(decl_in(tmp.path()).args(["endorsements", DECL, "--format", "json"]));
    let row = |code: &str| {
        json["delegations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(row("EL")["status"], "reserved");
    assert_eq!(row("EL")["standing"], "endorsed, with reservation");
    assert_eq!(row("HU")["status"], "reserved");
    assert_eq!(row("HU")["standing"], "reservation only");
    let csv = run_ok(tmp.path(), &["endorsements", DECL, "--format", "csv"]);
    assert!(csv.contains(",reserved,false,reservation only,"), "{csv}");
}

#[test]
fn endorsing_a_superseded_draft_warns_that_it_is_stale_at_once() {
    let tmp = summit(false);
    let out = decl_in(tmp.path())
        .args([
            "endorse",
            DECL,
            "BE",
            "--version",
            "first",
            "--date",
            "2025-03-20",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`2025-03-03-draft` is superseded by `2025-04-10-adopted`, in which 3 clauses changed: the endorsement is stale already"),
        "{err}"
    );
    let out = decl_in(tmp.path())
        .args(["endorse", DECL, "FR", "--date", "2025-04-11"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_second_withdrawal_says_of_which_declaration() {
    let tmp = summit(true);
    let out = decl_in(tmp.path())
        .args(["withdraw", DECL, "IT"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "IT (Italy) already withdrew its endorsement of `example-summit`; nothing to withdraw"
        ),
        "{err}"
    );
}

#[test]
fn kosovo_is_listed_with_its_designation_and_footnote_in_one_order_everywhere() {
    let tmp = summit(true);
    decl_in(tmp.path())
        .args(["endorse", DECL, "XK", "--date", "2025-11-18"])
        .assert()
        .success();
    let table = run_ok(tmp.path(), &["endorsements", DECL]);
    let (xk, no) = (
        table.find("XK     Kosovo").unwrap(),
        table.find("NO     Norway").unwrap(),
    );
    assert!(xk < no, "partner countries by name: {table}");
    let iom = table.find("IOM").unwrap();
    let unodc = table.find("UNODC").unwrap();
    assert!(iom < unodc, "organisations by name: {table}");
    let txt = run_ok(tmp.path(), &["render", DECL, "--to", "txt"]);
    assert!(txt.contains("Kosovo*"), "{txt}");
    assert!(
        txt.contains("* This designation is without prejudice to positions on status"),
        "{txt}"
    );
    // The same order in the list render prints.
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = |name: &str| flat.find(name).unwrap_or_else(|| panic!("{name}: {flat}"));
    assert!(at("Kosovo*") < at("Norway"));
    assert!(at("International Organization for Migration") < at("United Nations Office on Drugs"));
}
