//! `decl show`: the example declaration, version references, output formats.

mod common;

use common::{decl, decl_in, json_of, root, stdout_of};

const EXAMPLE: &str = "declarations/global-alliance-2025";

/// The 22 clause texts of the annex of Council note 11767/25, read straight from the note: the
/// paragraphs after the cover note's page footer, without the title, the place-and-date line and
/// the bracketed pillar headings, with the PDF's underline tags removed.
fn clauses_of_the_note() -> Vec<String> {
    let note = std::fs::read_to_string(root().join("tests/fixtures/seeds/11767-25.txt")).unwrap();
    let annex = note.split("11767/25 JAI.1 **LIMITE EN**").nth(1).unwrap();
    annex
        .split("\n\n")
        .map(|p| p.replace("<u>", "").replace("</u>", ""))
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .filter(|p| !p.starts_with('['))
        .filter(|p| p != "Joint Declaration on the Global Alliance to Counter Migrant Smuggling")
        .filter(|p| p != "Brussels, 10 December 2025")
        .collect()
}

#[test]
fn first_version_has_the_22_clauses_of_the_note_word_for_word() {
    let json = json_of(decl().args(["show", &format!("{EXAMPLE}@first"), "--format", "json"]));
    assert_eq!(json["schema"], "decl-show/1");
    let clauses: Vec<&serde_json::Value> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["clauses"].as_array().unwrap())
        .collect();
    let expected = clauses_of_the_note();
    assert_eq!(expected.len(), 22);
    assert_eq!(clauses.len(), 22);
    for (i, (clause, text)) in clauses.iter().zip(&expected).enumerate() {
        assert_eq!(clause["index"], i);
        assert_eq!(clause["text"].as_str().unwrap(), text);
    }
    assert_eq!(json["meta"]["document"], "11767/25");
    assert_eq!(json["meta"]["classification"], "LIMITE");
    assert_eq!(json["meta"]["date"], "2025-07-18");
    assert_eq!(json["meta"]["from"], "Presidency");
    assert_eq!(json["meta"]["to"], "Delegations");
    assert!(
        json["meta"]["codes"]
            .as_str()
            .unwrap()
            .starts_with("ENFOPOL 280 COSI 140")
    );
    assert!(
        json["meta"]["note"]
            .as_str()
            .unwrap()
            .contains("JHA Counsellors meeting on 24 July 2025")
    );
    assert_eq!(json["dateline"], "Brussels, 10 December 2025");
    let headings: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["heading"].as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "[On prevention of migrant smuggling, we:]",
            "[On response to migrant smuggling, we:]",
            "[On alternatives to irregular migration, we]"
        ]
    );
    // The placeholders of the opening paragraph are found as such.
    let opening = &clauses[0]["brackets"];
    assert_eq!(opening[0]["text"], "[list of countries]");
    assert_eq!(opening[0]["placeholder"], true);
}

#[test]
fn later_version_is_marked_illustrative() {
    let json = json_of(decl().args(["show", EXAMPLE, "--format", "json"]));
    assert_eq!(json["meta"]["illustrative"], true);
    assert_eq!(json["meta"]["status"], "adopted");
    let text = stdout_of(decl().args(["show", EXAMPLE]));
    assert!(text.contains("ILLUSTRATIVE"), "{text}");
}

#[test]
fn version_references() {
    let id = |r: &str| json_of(decl().args(["show", r, "--format", "json"]))["id"].clone();
    assert_eq!(id(&format!("{EXAMPLE}@first")), "2025-07-18-draft");
    assert_eq!(id(&format!("{EXAMPLE}@previous")), "2025-07-18-draft");
    assert_eq!(id(&format!("{EXAMPLE}@latest")), "2025-12-10-adopted");
    assert_eq!(id(EXAMPLE), "2025-12-10-adopted");
    assert_eq!(id("global-alliance-2025@11767/25"), "2025-07-18-draft");
    assert_eq!(
        id("global-alliance-2025@2025-12-10-adopted"),
        "2025-12-10-adopted"
    );
    assert_eq!(
        id(&format!("{EXAMPLE}/versions/2025-07-18-draft.md")),
        "2025-07-18-draft"
    );
}

#[test]
fn unknown_version_names_the_choices() {
    let out = decl()
        .args(["show", &format!("{EXAMPLE}@2025-07-18-draf")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(
            "error: declaration `global-alliance-2025` has no version `2025-07-18-draf`"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `2025-07-18-draft`?"), "{err}");
}

#[test]
fn text_outline_snapshot() {
    let text = stdout_of(decl().args(["show", &format!("{EXAMPLE}@first")]));
    insta::assert_snapshot!(text);
}

#[test]
fn json_snapshot() {
    let text = stdout_of(decl().args(["show", &format!("{EXAMPLE}@first"), "--format", "json"]));
    insta::assert_snapshot!(text);
}

#[test]
fn yaml_and_markdown_convert_into_each_other_without_loss() {
    let tmp = tempfile::tempdir().unwrap();
    for version in ["first", "latest"] {
        let reference = format!("{EXAMPLE}@{version}");
        let yaml = stdout_of(decl().args(["show", &reference, "--format", "yaml"]));
        let yaml_path = tmp.path().join(format!("{version}.yaml"));
        std::fs::write(&yaml_path, &yaml).unwrap();
        let from_md = json_of(decl().args(["show", &reference, "--format", "json"]));
        let from_yaml =
            json_of(decl().args(["show", yaml_path.to_str().unwrap(), "--format", "json"]));
        assert_eq!(from_md["sections"], from_yaml["sections"]);
        assert_eq!(from_md["title"], from_yaml["title"]);
        assert_eq!(from_md["dateline"], from_yaml["dateline"]);
        // Metadata from the manifest (language) is not the version's own: it stays in one home.
        let mut meta = from_md["meta"].clone();
        meta.as_object_mut().unwrap().remove("language");
        assert_eq!(meta, from_yaml["meta"]);
        // And back to Markdown: the same clauses again.
        let md = stdout_of(decl().args(["show", yaml_path.to_str().unwrap(), "--format", "md"]));
        let md_path = tmp.path().join(format!("{version}.md"));
        std::fs::write(&md_path, md).unwrap();
        let again = json_of(decl().args(["show", md_path.to_str().unwrap(), "--format", "json"]));
        assert_eq!(again["sections"], from_md["sections"]);
    }
}

#[test]
fn unknown_front_matter_field_is_a_warning_naming_the_closest_field() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("v.md");
    std::fs::write(&file, "---\ntitel: Draft\n---\n\nA clause.\n").unwrap();
    let out = decl()
        .args(["show", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("v.md:2:1: unknown field `titel`; did you mean `title`?"),
        "{err}"
    );
    // `-q` silences warnings.
    let out = decl()
        .args(["-q", "show", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn shipped_single_file_examples_are_the_same_version() {
    let md = json_of(decl().args(["show", "examples/single-version.md", "--format", "json"]));
    let yaml = json_of(decl().args(["show", "examples/single-version.yaml", "--format", "json"]));
    assert_eq!(md["sections"], yaml["sections"]);
    assert_eq!(md["meta"], yaml["meta"]);
    assert_eq!(md["meta"]["illustrative"], true);
    assert_eq!(md["meta"]["document"], "9999/1/26 REV 1");
}

#[test]
fn show_dot_in_a_folder_that_is_no_declaration_names_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drafts");
    std::fs::create_dir(&dir).unwrap();
    let out = common::decl_in(&dir).args(["show", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: drafts (this folder): folder has no `declaration.yaml`"),
        "{err}"
    );
}

#[test]
fn regression_a_revision_starting_with_a_dash_is_never_an_option_to_git() {
    // `REV:PATH` once passed `--output=FILE` to `git show`, which then wrote the file.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
            .args(args)
            .current_dir(dir)
            .status()
            .expect("git runs")
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::write(dir.join("a.md"), "# T\n\nA clause.\n").unwrap();
    git(&["add", "a.md"]);
    git(&["commit", "-q", "-m", "a"]);
    for rev in ["--output=pwned", "-p"] {
        let out = decl_in(dir)
            .args(["show", "--", &format!("{rev}:a.md")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("starts with `-`"), "{stderr}");
    }
    assert!(!dir.join("pwned").exists());
    let out = stdout_of(decl_in(dir).args(["show", "HEAD:a.md"]));
    assert!(out.contains("A clause."), "{out}");
}
