//! `decl check`: every rule against its fixtures, every output format against the same sample
//! diagnostics, exit codes, settings, suppression, and the commands of the shipped CI examples.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::ValueEnum as _;
use common::{copy_dir, decl, decl_in, example_copy};
use decl::check::output::{self, Format};
use decl::check::registry::RULES;
use decl::check::{Diagnostic, Report, Severity};

fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/check")
}

/// The codes `decl check --format json` reports, run in `dir`, with the exit code.
fn codes_in(dir: &Path, args: &[&str]) -> (BTreeSet<String>, serde_json::Value, i32) {
    let out = decl_in(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let codes = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    (codes, json, code)
}

#[test]
fn every_rule_fires_on_its_bad_fixture_and_not_on_its_good_one() {
    for rule in RULES {
        let info = rule.info();
        let dir = fixtures().join(info.name.replace('-', "_"));
        assert!(dir.join("bad").is_dir(), "no fixture for {}", info.code);
        let (bad, json, exit) = codes_in(&dir.join("bad"), &[]);
        assert!(
            bad.contains(info.code),
            "{} not found in bad: {json}",
            info.code
        );
        let errors = json["summary"]["errors"].as_u64().unwrap_or(0);
        assert_eq!(exit, i32::from(errors > 0), "{}: exit code", info.code);
        let (good, json, _) = codes_in(&dir.join("good"), &[]);
        assert!(
            !good.contains(info.code),
            "{} found in good: {json}",
            info.code
        );
    }
}

/// The sample every format renders: an error with help on a line with non-ASCII text, a
/// warning, an info, and a finding about a whole file whose path and message need escaping.
/// Give a sample finding its source line, marked from its columns.
fn on_line(d: &mut Diagnostic, line: &str) {
    let byte = |column: usize| {
        line.char_indices()
            .nth(column - 1)
            .map_or(line.len(), |(i, _)| i)
    };
    d.mark = byte(d.column)..byte(d.end_column);
    d.source_line = line.to_string().into();
}

fn sample() -> Report {
    let d =
        |code, name, severity, message: &str, path: &str, line, column, end_column| Diagnostic {
            code,
            name,
            severity,
            message: message.to_string(),
            path: path.to_string(),
            line,
            column,
            end_column,
            source_line: decl::model::Text::default(),
            mark: 0..0,
            help: None,
            offset: None,
        };
    let mut placeholder = d(
        "D202",
        "placeholder-in-adopted",
        Severity::Error,
        "placeholder `[list of countries]` in an adopted version",
        "declarations/summit/versions/final.md",
        21,
        24,
        43,
    );
    on_line(
        &mut placeholder,
        "We, representatives of [list of countries] — gathered in Brussels;",
    );
    placeholder.help =
        Some("write the fact in, or set `status: draft` while it is still awaited".to_string());
    let mut title = d(
        "D305",
        "inconsistent-title",
        Severity::Warning,
        "`UN Convention Against Corruption` is written `UN Convention against Corruption` on line 3",
        "declarations/summit/versions/final.md",
        30,
        18,
        50,
    );
    on_line(
        &mut title,
        "Combat fraud, in UN Convention Against Corruption terms;",
    );
    let mut open = d(
        "D204",
        "open-brackets",
        Severity::Info,
        "2 square brackets open in draft `draft`",
        "declarations/summit/versions/draft.md",
        7,
        1,
        2,
    );
    on_line(&mut open, "# Joint Declaration");
    let missing = d(
        "D101",
        "parse-error",
        Severity::Error,
        "invalid YAML: found character that cannot start any token: 100%",
        "declarations/a,b/declaration.yaml",
        0,
        0,
        0,
    );
    Report::new(vec![placeholder, title, open, missing], 4)
}

#[test]
fn every_format_renders_the_sample() {
    let report = sample();
    for format in Format::value_variants() {
        let mut out = Vec::new();
        output::render(*format, &report, &mut out, false).expect("renders");
        let text = String::from_utf8(out).expect("utf-8");
        insta::assert_snapshot!(format!("format_{}", format.name()), text);
    }
}

#[test]
fn json_and_sarif_are_well_formed() {
    let report = sample();
    let mut out = Vec::new();
    output::render(Format::Json, &report, &mut out, false).expect("renders");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(json["schema"], "decl-check/1");
    let first = &json["diagnostics"][0];
    let keys: Vec<&str> = first
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..7],
        [
            "code", "name", "severity", "message", "path", "line", "column"
        ]
    );
    assert_eq!(json["summary"]["errors"], 2);
    assert_eq!(json["summary"]["warnings"], 1);

    let sarif = output::sarif::document(&report);
    assert_eq!(sarif["version"], "2.1.0");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), RULES.len());
    for result in sarif["runs"][0]["results"].as_array().expect("results") {
        let index = usize::try_from(result["ruleIndex"].as_u64().expect("index")).expect("fits");
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn the_example_repository_reports_what_is_really_there() {
    let (codes, json, exit) = codes_in(&common::root(), &[]);
    assert_eq!(exit, 0, "{json}");
    // The illustrative adopted version keeps the placeholders for the endorsers, which no
    // recorded endorsement fills; both drafts write the UN Convention's title two ways and end
    // one operative clause mid-section with a full stop; the draft has brackets open. Nothing
    // else, and no error.
    let expected: BTreeSet<String> = ["D204", "D305", "D307", "D406"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(codes, expected, "{json}");
}

#[test]
fn exit_codes() {
    let good = fixtures().join("doubled_word/good");
    decl_in(&good).arg("check").assert().code(0);
    decl_in(&fixtures().join("misspelling/bad"))
        .arg("check")
        .assert()
        .code(1);
    // Warnings alone do not fail the check.
    decl_in(&fixtures().join("doubled_word/bad"))
        .arg("check")
        .assert()
        .code(0);
    let out = decl()
        .args(["check", "no/such/file.md"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/file.md"), "{stderr}");
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = decl_in(tmp.path()).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a declaration repository"));
}

#[test]
fn paths_narrow_the_check() {
    let root = common::root();
    let (codes, _, _) = codes_in(
        &root,
        &["declarations/global-alliance-2025/versions/2025-07-18-draft.md"],
    );
    assert!(!codes.contains("D406"), "{codes:?}");
    assert!(codes.contains("D204"));
    let (codes, _, _) = codes_in(&root, &["declarations/global-alliance-2025"]);
    assert!(codes.contains("D406"));
}

#[test]
fn a_bad_file_is_reported_and_the_run_goes_on() {
    let tmp = example_copy();
    let versions = tmp
        .path()
        .join("declarations/global-alliance-2025/versions");
    std::fs::write(versions.join("2025-07-18-draft.md"), b"\x00\x01binary").expect("write");
    let (codes, json, exit) = codes_in(tmp.path(), &[]);
    assert_eq!(exit, 1);
    assert!(codes.contains("D101"), "{json}");
    let adopted = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .any(|d| {
            d["code"] == "D305"
                && d["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("adopted.md"))
        });
    assert!(
        codes.contains("D406") && adopted,
        "the other version is still checked: {json}"
    );
}

#[test]
fn settings_turn_rules_off_and_change_severities() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures().join("doubled_word/bad"), tmp.path());
    std::fs::write(
        tmp.path().join("decl.yaml"),
        "check:\n  rules:\n    doubled-word: error\n",
    )
    .expect("write");
    let (_, json, exit) = codes_in(tmp.path(), &[]);
    assert_eq!(exit, 1);
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    std::fs::write(
        tmp.path().join("decl.yaml"),
        "check:\n  rules:\n    D301: off\n",
    )
    .expect("write");
    let (codes, _, exit) = codes_in(tmp.path(), &[]);
    assert_eq!(exit, 0);
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn an_ignore_comment_silences_one_rule_in_one_clause() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures().join("doubled_word/bad"), tmp.path());
    let file = tmp.path().join("declarations/test/versions/draft.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let text = text.replace(
        "Reaffirm the the need for testing.",
        "Reaffirm the the need for testing. <!-- decl-ignore D301 -->\n\nSupport the the others.",
    );
    std::fs::write(&file, text).expect("write");
    let (_, json, _) = codes_in(tmp.path(), &[]);
    let lines: Vec<u64> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["code"] == "D301")
        .filter_map(|d| d["line"].as_u64())
        .collect();
    assert_eq!(lines, [10], "{json}");
}

#[test]
fn human_output_points_at_the_text() {
    let out = decl_in(&fixtures().join("misspelling/bad"))
        .arg("check")
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    insta::assert_snapshot!(text, @r"
    error[D303/misspelling]: `committment` is misspelt
     --> declarations/test/versions/draft.md:8:11
      |
    8 | Renew our committment to the establishement of pathways;
      |           ^^^^^^^^^^^
      |
      = help: write `commitment`

    error[D303/misspelling]: `establishement` is misspelt
     --> declarations/test/versions/draft.md:8:30
      |
    8 | Renew our committment to the establishement of pathways;
      |                              ^^^^^^^^^^^^^^
      |
      = help: write `establishment`

    error[D303/misspelling]: `Recieve` is misspelt
      --> declarations/test/versions/draft.md:10:1
       |
    10 | Recieve the report.
       | ^^^^^^^
       |
       = help: write `Receive`

    checked 3 files: 3 errors, 0 warnings, 0 infos
    ");
}

#[test]
fn explain_and_list_rules() {
    let out = decl()
        .args(["check", "--explain", "D303"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("D303 misspelling (default severity: error)"),
        "{text}"
    );
    assert!(
        text.contains("## Why") && text.contains("committment"),
        "{text}"
    );
    let by_name = decl()
        .args(["check", "--explain", "misspelling"])
        .output()
        .expect("runs");
    assert_eq!(by_name.stdout, text.as_bytes());

    let out = decl()
        .args(["check", "--explain", "doubled-words"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `doubled-word`?"));

    let out = decl()
        .args(["check", "--list-rules"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.lines().count(), RULES.len());
    for rule in RULES {
        assert!(text.contains(rule.info().code) && text.contains(rule.info().name));
    }
}

/// The `run:` commands of a workflow, or the `entry:` of pre-commit hooks, that call `decl`.
fn decl_commands(file: &str, key: &str) -> Vec<String> {
    let text = std::fs::read_to_string(common::root().join("examples").join(file)).expect("read");
    text.lines()
        .filter_map(|l| l.trim().strip_prefix(key))
        .map(|c| c.trim().to_string())
        .filter(|c| c.starts_with("decl "))
        .collect()
}

/// Run a command line through `sh` with the freshly built `decl` first on `PATH`.
fn sh(dir: &Path, command: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("decl");
    let bin_dir = bin.parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    std::process::Command::new("sh")
        .args(["-c", command])
        .env_clear()
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("sh runs")
}

#[test]
fn the_github_workflow_commands_work() {
    let commands = decl_commands("github-workflow.yml", "run:");
    assert_eq!(commands.len(), 2, "{commands:?}");
    let tmp = example_copy();
    let annotations = sh(tmp.path(), &commands[0]);
    assert_eq!(
        annotations.status.code(),
        Some(0),
        "the example has no errors"
    );
    let text = String::from_utf8(annotations.stdout).expect("utf-8");
    assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
    assert!(text.contains(
        "::warning file=declarations/global-alliance-2025/versions/2025-12-10-adopted.md,line=21"
    ));
    // An error fails the job.
    let draft = tmp
        .path()
        .join("declarations/global-alliance-2025/versions/2025-07-18-draft.md");
    let text = std::fs::read_to_string(&draft).expect("draft");
    std::fs::write(
        &draft,
        text.replacen("Reaffirm the need", "Reaffirm the nead and committment", 1),
    )
    .expect("write");
    let failing = sh(tmp.path(), &commands[0]);
    let out = String::from_utf8_lossy(&failing.stdout);
    assert_eq!(failing.status.code(), Some(1), "{out}");
    std::fs::write(&draft, text).expect("write back");

    let sarif = sh(tmp.path(), &commands[1]);
    assert!(
        sarif.status.success(),
        "{}",
        String::from_utf8_lossy(&sarif.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("decl-check.sarif")).expect("sarif written"),
    )
    .expect("JSON");
    assert_eq!(doc["version"], "2.1.0");
    assert!(
        !doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .is_empty()
    );
}

#[test]
fn the_pre_commit_hook_runs() {
    let commands = decl_commands("pre-commit-config.yaml", "entry:");
    assert_eq!(commands, ["decl check"]);
    let tmp = example_copy();
    assert_eq!(sh(tmp.path(), &commands[0]).status.code(), Some(0));
    let failing = fixtures().join("misspelling/bad");
    assert_eq!(sh(&failing, &commands[0]).status.code(), Some(1));
    let clean = fixtures().join("doubled_word/good");
    assert_eq!(sh(&clean, &commands[0]).status.code(), Some(0));
}

/// The shipped example's adopted version keeps `[list of countries]` for the ledger to fill:
/// `decl check` warns that no endorsement is recorded yet, and passes. Once a country endorses,
/// the warning for countries goes; a withdrawal brings it back.
#[test]
fn endorser_placeholders_wait_for_the_ledger_instead_of_failing_the_check() {
    let example = example_copy();
    let (codes, json, exit) = codes_in(example.path(), &[]);
    assert_eq!(exit, 0, "{json}");
    assert!(codes.contains("D406") && !codes.contains("D202"), "{json}");

    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(&fixtures().join("endorsers_awaited/good"), tmp.path());
    let (codes, _, _) = codes_in(tmp.path(), &[]);
    assert!(!codes.contains("D406"));
    let ma = tmp.path().join("declarations/test/endorsements/MA.yaml");
    let mut log = std::fs::read_to_string(&ma).expect("ledger");
    log.push_str("- {event: withdraw, date: 2025-12-12, version: final}\n");
    std::fs::write(&ma, log).expect("write");
    let (codes, json, exit) = codes_in(tmp.path(), &[]);
    assert!(codes.contains("D406"), "{json}");
    assert_eq!(exit, 0, "a warning: {json}");
}

#[test]
fn regression_an_empty_comment_does_not_defeat_the_duplicate_id_rule() {
    // `<!-->` and `<!--->` once made the duplicate-id rule panic, the panicking worker's
    // results were dropped, and the check passed a file with a duplicate id.
    let tmp = tempfile::tempdir().expect("temp dir");
    for (name, comment) in [("a.md", "<!-->"), ("b.md", "<!--->")] {
        std::fs::write(
            tmp.path().join(name),
            format!("# T\n\nA clause {comment} here. <!-- id: x -->\n\nAnother. <!-- id: x -->\n"),
        )
        .expect("write");
    }
    std::fs::write(tmp.path().join("c.md"), "# T\n\nClean. <!-->\n").expect("write");
    let (codes, json, exit) = codes_in(tmp.path(), &["a.md", "b.md", "c.md"]);
    assert_eq!(exit, 1, "{json}");
    assert!(codes.contains("D104"), "{json}");
    let paths: BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert_eq!(paths, BTreeSet::from(["a.md", "b.md"]), "{json}");
}

#[test]
fn regression_repeated_findings_in_one_clause_are_capped_and_counted() {
    // One line of 20,000 `]` once took 13 GiB: every finding copied the line.
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        tmp.path().join("v.md"),
        format!(
            "# T\n\n{}\n\nthe {}end.\n",
            "]".repeat(20_000),
            "the ".repeat(5_000)
        ),
    )
    .expect("write");
    let (_, json, exit) = codes_in(tmp.path(), &["v.md"]);
    assert_eq!(exit, 1);
    let found = json["diagnostics"].as_array().expect("diagnostics");
    let of = |code: &str| -> Vec<&serde_json::Value> {
        found.iter().filter(|d| d["code"] == code).collect()
    };
    assert_eq!(of("D203").len(), 10, "{json}");
    assert!(
        of("D203")
            .iter()
            .any(|d| d["message"] == "`]` closes no bracket; and 19,990 more in this clause"),
        "{json}"
    );
    let doubled = of("D301");
    assert_eq!(doubled.len(), 10, "{json}");
    // Each points at its own pair of words, in order.
    let columns: Vec<u64> = doubled
        .iter()
        .filter_map(|d| d["column"].as_u64())
        .collect();
    assert_eq!(columns, [1, 5, 9, 13, 17, 21, 25, 29, 33, 37], "{json}");
}

#[test]
fn regression_a_deeply_nested_list_is_checked_once_per_clause() {
    // Each doubled `a` of a nested list once searched the whole list from its start.
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut list = String::new();
    for i in 0..400 {
        list.push_str(&"  ".repeat(i));
        list.push_str("- a\n");
    }
    std::fs::write(tmp.path().join("v.md"), format!("# T\n\n{list}")).expect("write");
    let (_, json, _) = codes_in(tmp.path(), &["v.md"]);
    let lines: Vec<u64> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "D301")
        .filter_map(|d| d["line"].as_u64())
        .collect();
    assert_eq!(lines, (4..14).collect::<Vec<u64>>(), "{json}");
}

#[test]
fn regression_a_finding_deep_in_a_long_line_shows_its_column_in_the_line() {
    // The human format renders only a window of a long line; its column is still the line's.
    let tmp = tempfile::tempdir().expect("temp dir");
    let line = format!("{}recieve {}", "word ".repeat(1_000), "word ".repeat(1_000));
    std::fs::write(tmp.path().join("v.md"), format!("# T\n\n{line}\n")).expect("write");
    let out = decl_in(tmp.path())
        .args(["check", "v.md"])
        .output()
        .expect("runs");
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("--> v.md:3:5001\n"), "{human}");
    assert!(
        human.contains("3 | ... word word") && human.contains("word recieve word"),
        "{human}"
    );
    let (_, json, _) = codes_in(tmp.path(), &["v.md"]);
    let misspelt = json["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["code"] == "D303"))
        .expect("D303");
    assert_eq!(misspelt["column"], 5001);
}

/// The diagnostics of `decl check --format json FILES…` in `dir`.
fn diagnostics(dir: &Path, files: &[&str]) -> Vec<serde_json::Value> {
    let out = decl_in(dir)
        .args(["check", "--format", "json"])
        .args(files)
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    json["diagnostics"].as_array().expect("diagnostics").clone()
}

fn with_code<'a>(diagnostics: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn a_bracketed_tbc_is_one_placeholder_not_two() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("final.md"),
        "---\nstatus: adopted\n---\n# T\n\nWe meet on [TBC] and again on TBC;\n",
    )
    .unwrap();
    let d = diagnostics(tmp.path(), &["final.md"]);
    let found = with_code(&d, "D202");
    let messages: Vec<&str> = found
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "placeholder `[TBC]` in an adopted version",
            "placeholder `TBC` in an adopted version"
        ]
    );
}

#[test]
fn an_endorser_placeholder_in_an_adopted_version_of_no_declaration_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("final.md"),
        "---\nstatus: adopted\n---\n# T\n\nWe, representatives of the European Union and partner countries [list of countries], gathered in Brussels;\n",
    )
    .unwrap();
    let d = diagnostics(tmp.path(), &["final.md"]);
    let found = with_code(&d, "D202");
    assert_eq!(found.len(), 1, "{d:?}");
    assert_eq!(
        found[0]["message"],
        "placeholder `[list of countries]` in an adopted version"
    );
}

#[test]
fn one_misordered_version_is_one_version_order_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("declarations/x");
    std::fs::create_dir_all(dir.join("versions")).unwrap();
    std::fs::write(
        dir.join("declaration.yaml"),
        "versions:\n  - versions/rev1.md\n  - versions/draft.md\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("versions/rev1.md"),
        "---\ndocument: 11767/1/25 REV 1\ndate: 2025-09-12\n---\n# T\n\nText;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("versions/draft.md"),
        "---\ndocument: 11767/25\ndate: 2025-07-18\n---\n# T\n\nText;\n",
    )
    .unwrap();
    let d = diagnostics(tmp.path(), &[]);
    assert_eq!(with_code(&d, "D108").len(), 1, "{d:?}");
}

#[test]
fn open_brackets_points_at_the_first_bracket_not_the_title() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("draft.md"),
        "# Title\n\nFirst clause;\n\nCooperate [within 24 hours];\n",
    )
    .unwrap();
    let d = diagnostics(tmp.path(), &["draft.md"]);
    let found = with_code(&d, "D204");
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(5), Some(11))
    );
}

#[test]
fn the_opening_formula_ending_in_a_comma_is_no_terminal_punctuation_finding() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("draft.md"),
        "# T\n\nWe, the Ministers of the participating States, meeting in Brussels on 12 March 2026,\n\nReaffirm our commitment;\n\nSupport the campaigns;\n\nStep up investigations;\n\nRecall the Protocol.\n",
    )
    .unwrap();
    let d = diagnostics(tmp.path(), &["draft.md"]);
    assert!(with_code(&d, "D307").is_empty(), "{d:?}");
}

#[test]
fn two_spellings_of_one_title_in_one_clause_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("draft.md"),
        "# T\n\nRecall the UN Convention against Corruption and the UN Convention Against Corruption;\n",
    )
    .unwrap();
    let d = diagnostics(tmp.path(), &["draft.md"]);
    let found = with_code(&d, "D305");
    assert_eq!(found.len(), 1, "{d:?}");
    assert_eq!(found[0]["column"], 53);
}

#[test]
fn ids_fmt_and_check_take_a_declaration_id_and_the_declarations_folder_as_show_does() {
    let tmp = common::example_copy();
    for arg in [
        "global-alliance-2025",
        "global-alliance-2025@first",
        "declarations",
        "declarations/global-alliance-2025",
        ".",
    ] {
        for command in [&["check"][..], &["fmt", "--check"], &["ids"]] {
            let out = decl_in(tmp.path())
                .args(command)
                .arg(arg)
                .output()
                .expect("runs");
            assert_eq!(
                out.status.code(),
                Some(0),
                "decl {} {arg}: {}",
                command.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let out = decl_in(tmp.path())
        .args(["check", "no-such"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no declaration or file `no-such`"));
}

#[test]
fn diagnostics_from_a_subfolder_are_relative_and_annotations_name_files_from_the_root() {
    let tmp = common::example_copy();
    let sub = tmp.path().join("declarations/global-alliance-2025");
    let human = String::from_utf8(decl_in(&sub).arg("check").output().unwrap().stdout).unwrap();
    assert!(
        human.contains("--> versions/2025-07-18-draft.md:"),
        "{human}"
    );
    assert!(
        !human.contains(&tmp.path().display().to_string()),
        "{human}"
    );
    let github = String::from_utf8(
        decl_in(&sub)
            .args(["check", "--format", "github"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        github.contains("file=declarations/global-alliance-2025/versions/2025-07-18-draft.md,"),
        "{github}"
    );
    let sarif = String::from_utf8(
        decl_in(&sub.join("versions"))
            .args(["check", "--format", "sarif"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        sarif.contains(
            "\"uri\": \"declarations/global-alliance-2025/versions/2025-07-18-draft.md\""
        ),
        "{sarif}"
    );
}
