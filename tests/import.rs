//! `decl import`: Council note text and Word documents into version files.

mod common;

use std::path::{Path, PathBuf};

use common::{
    clause_texts, decl, decl_in, example_copy, headings, json_of, root, snapshot_tree, stdout_of,
};
use serde_json::Value;

const EXAMPLE: &str = "declarations/global-alliance-2025";

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

/// Import `input` with `-o` into a temp dir, then `decl show` it as JSON.
fn import_and_show(input: &Path, extra: &[&str]) -> (tempfile::TempDir, Value) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.md");
    let mut cmd = decl();
    cmd.arg("import").arg(input).arg("-o").arg(&out).args(extra);
    stdout_of(&mut cmd);
    let json = json_of(decl().arg("show").arg(&out).args(["--format", "json"]));
    (tmp, json)
}

#[test]
fn seed_note_imports_to_the_22_clauses_and_metadata_of_the_july_version() {
    let shipped = json_of(decl().args(["show", &format!("{EXAMPLE}@first"), "--format", "json"]));
    let markdown = stdout_of(decl().args(["import", "tests/fixtures/seeds/11767-25.txt"]));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("imported.md");
    std::fs::write(&file, &markdown).unwrap();
    let imported = json_of(decl().arg("show").arg(&file).args(["--format", "json"]));
    let want = clause_texts(&shipped);
    assert_eq!(want.len(), 22);
    assert_eq!(clause_texts(&imported), want);
    assert_eq!(headings(&imported), headings(&shipped));
    // The shipped version's metadata (with the manifest's `language: en`) is what the note says.
    assert_eq!(imported["meta"], shipped["meta"]);
    assert!(markdown.contains("\n# Joint Declaration on the Global Alliance to Counter Migrant Smuggling\n\nBrussels, 10 December 2025\n"));
    assert!(markdown.contains("\n---\n\nWe, the representatives of the partner countries"));
}

#[test]
fn rev_note_over_several_pages_joins_paragraphs_cut_by_footers() {
    let (_tmp, json) = import_and_show(&fixture("11767-1-25-rev-1.txt"), &[]);
    let meta = &json["meta"];
    assert_eq!(meta["document"], "11767/1/25 REV 1");
    assert_eq!(meta["date"], "2025-09-10");
    assert_eq!(meta["place"], "Brussels");
    assert_eq!(meta["classification"], "LIMITE");
    assert_eq!(meta["language"], "en");
    assert_eq!(meta["from"], "Presidency");
    assert_eq!(meta["to"], "Delegations");
    assert_eq!(
        meta["subject"],
        "Joint Declaration on the Global Alliance to Counter Migrant Smuggling"
    );
    assert_eq!(
        meta["codes"],
        "ENFOPOL 280 COSI 140 COPEN 226 MIGR 267 FRONT 177 JAI 1103"
    );
    assert!(
        meta["note"]
            .as_str()
            .unwrap()
            .starts_with("Delegations will find in the Annex a revised version")
    );
    assert_eq!(
        headings(&json),
        [
            "[On prevention of migrant smuggling, we:]",
            "[On response to migrant smuggling, we:]",
            "[On alternatives to irregular migration, we]"
        ]
    );
    let texts = clause_texts(&json);
    assert_eq!(texts.len(), 12, "{texts:#?}");
    let expect = [
        // `<u>` tags split over a line break.
        "Confirm our joint determination to strengthen international cooperation under the Global Alliance to Counter Migrant Smuggling, launched in November 2023, in a 'whole of route' approach;",
        // `**` emphasis removed; numbering is not text.
        "Reaffirm the need for strong national legal and institutional frameworks that criminalise migrant smuggling in line with international standards and the UN Smuggling Protocol;",
        // A hyphenated word across a line break.
        "Highlight the importance of collecting and sharing situational awareness data to improve our understanding of smuggling patterns;",
        // A footer between blank lines in the middle of a sentence.
        "Strengthen operational cooperation at all levels, involving law enforcement, border authorities, and justice systems, in particular through joint investigations and judicial cooperation in criminal matters;",
        // A word hyphenated across a page break.
        "Step up financial investigations to trace, seize, and confiscate smuggling proceeds and dismantle the economic infrastructure of smuggling networks;",
        // A real hyphen at a line end stays.
        "Enhance capacity-building, technical assistance, regional dialogues, and peer-to-peer cooperation with the United Nations Office on Drugs and Crime (UNODC);",
        // A footer line with no blank lines around it.
        "Promote cooperation with digital platforms and tech providers to detect, prevent and remove online content on migrant smuggling;",
    ];
    for e in expect {
        assert!(texts.iter().any(|t| t == e), "missing {e:?} in {texts:#?}");
    }
    for t in &texts {
        assert!(
            !t.contains("LIMITE") && !t.contains("**") && !t.contains("<u>"),
            "{t}"
        );
    }
    assert!(texts[0].contains("[list of countries]") && texts[0].contains("[list]"));
}

#[test]
fn add_document_with_numbered_paragraphs_and_old_two_line_footers() {
    let (_tmp, json) = import_and_show(&fixture("11767-25-add-1.txt"), &[]);
    assert_eq!(json["meta"]["document"], "11767/25 ADD 1");
    assert_eq!(json["meta"]["date"], "2025-07-21");
    assert_eq!(
        json["meta"]["subject"],
        "Joint Declaration on the Global Alliance to Counter Migrant Smuggling - Explanatory note"
    );
    let texts = clause_texts(&json);
    assert_eq!(
        texts,
        [
            "The draft builds on the Call to Action of the Global Alliance to Counter Migrant Smuggling and follows its three pillars.",
            "The Presidency invites delegations to: (a) indicate whether they can support the text as a whole; (b) send written comments by [date]; (c) suggest partner countries to be added to the [list of countries].",
            "Written comments should be sent to: the Presidency; the General Secretariat of the Council.",
            "The Presidency intends to present a revised text at the meeting of the JHA Counsellors in September 2025.",
        ]
    );
}

#[test]
fn numbered_paragraphs_are_written_as_a_numbered_list() {
    let out = stdout_of(decl().arg("import").arg(fixture("11767-1-25-rev-1.txt")));
    assert!(out.contains("\n1. Reaffirm the need"));
    assert!(out.contains("\n8. Increase efforts"));
    assert!(out.contains("\n## [On response to migrant smuggling, we:]\n"));
}

#[test]
fn text_that_is_no_council_note_imports_with_a_warning() {
    let out = decl()
        .arg("import")
        .arg(fixture("plain.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: ") && stderr.contains("not recognised as a Council note"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("# Notes from the meeting\n"));
    assert!(stdout.contains("\nThe counsellors discussed the draft and agreed to meet again. Several delegations asked for more time.\n"));
}

#[test]
fn into_adds_versions_in_order_keeping_the_manifest_comments() {
    let tmp = example_copy();
    let manifest = tmp.path().join(EXAMPLE).join("declaration.yaml");
    let before = std::fs::read_to_string(&manifest).unwrap();
    let out = stdout_of(
        decl_in(tmp.path())
            .arg("import")
            .arg(fixture("11767-1-25-rev-1.txt"))
            .args(["--into", "global-alliance-2025"]),
    );
    assert!(out.contains("as version 2 of 3"), "{out}");
    stdout_of(
        decl_in(tmp.path())
            .arg("import")
            .arg(fixture("11767-25-add-1.txt"))
            .args(["--into", EXAMPLE]),
    );
    let after = std::fs::read_to_string(&manifest).unwrap();
    // Only the two lines are new: comments and everything else are as they were.
    let expected = before.replace(
        "  - versions/2025-07-18-draft.md\n",
        "  - versions/2025-07-18-draft.md\n  - versions/2025-07-21-11767-25-add-1.md\n  - versions/2025-09-10-11767-1-25-rev-1.md\n",
    );
    assert_eq!(after, expected);
    let rev = json_of(decl_in(tmp.path()).args([
        "show",
        "global-alliance-2025@11767/1/25 REV 1",
        "--format",
        "json",
    ]));
    assert_eq!(clause_texts(&rev).len(), 12);
    // The manifest says `language: en`: the version does not repeat it.
    let file = tmp
        .path()
        .join(EXAMPLE)
        .join("versions/2025-09-10-11767-1-25-rev-1.md");
    let text = std::fs::read_to_string(file).unwrap();
    assert!(!text.contains("language:"));
    assert_eq!(rev["meta"]["language"], "en");
}

#[test]
fn into_refuses_a_document_the_declaration_already_has() {
    let tmp = example_copy();
    let before = snapshot_tree(tmp.path());
    let out = decl_in(tmp.path())
        .arg("import")
        .arg(root().join("tests/fixtures/seeds/11767-25.txt"))
        .args(["--into", "global-alliance-2025"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("already has document `11767/25`"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(tmp.path()), before);
}

#[test]
fn output_file_is_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("draft.md");
    std::fs::write(&out, "keep me\n").unwrap();
    let run = decl()
        .arg("import")
        .arg(fixture("plain.txt"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n");
    stdout_of(
        decl()
            .arg("import")
            .arg(fixture("plain.txt"))
            .arg("-o")
            .arg(&out)
            .arg("--force"),
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("# Notes from the meeting")
    );
}

#[test]
fn docx_headings_lists_and_brackets() {
    let (_tmp, json) = import_and_show(&fixture("headings.docx"), &[]);
    assert_eq!(json["meta"]["status"], "draft");
    assert_eq!(
        headings(&json),
        [
            "Pillar one: research",
            "[On mobility, we:]",
            "Pillar two: infrastructure",
            "Open access"
        ]
    );
    assert_eq!(
        clause_texts(&json),
        [
            "We, representatives of the European Union and [list of countries], gathered in Brussels;",
            "Reaffirm our support for open science;",
            "Promote the exchange of researchers between partners; in particular: early-career researchers; non-governmental institutes;",
            "Support joint calls *with* 50% co-funding & <shared> rules;",
            "Facilitate visas for researchers;",
            "Recognise [qualifications] across borders;",
            "1. Open our research infrastructures to partners.",
            "We, the signatories, endorse this Declaration.",
        ]
    );
    let md = stdout_of(decl().arg("import").arg(fixture("headings.docx")));
    assert!(
        md.contains(
            "\n# Joint Declaration on Research Cooperation\n\nBrussels, 10 December 2025\n"
        )
    );
    assert!(md.contains("\n### Open access\n"));
    assert!(md.contains("\n2. Promote the exchange"));
    assert!(md.contains("\n   - early-career researchers;"));
    assert!(md.contains("\n- Facilitate visas"));
    assert!(!md.contains("Text in a box") && !md.contains("PAGE"));
}

const ACCEPTED: [&str; 4] = [
    "Reaffirm our full support for open science;",
    "Promote the exchange of researchers and of students between partners;",
    "Support joint calls for proposals;",
    "Review progress every year.",
];

const REJECTED: [&str; 5] = [
    "Reaffirm our strong support for open science;",
    "Promote the exchange of researchers;",
    "between partners;",
    "Create a joint fund [within 24 months];",
    "Review progress every year.",
];

#[test]
fn docx_tracked_changes_accepted_by_default_or_rejected() {
    let (_tmp, json) = import_and_show(&fixture("changes.docx"), &[]);
    assert_eq!(clause_texts(&json), ACCEPTED);
    let (_tmp, json) = import_and_show(&fixture("changes.docx"), &["--changes", "accept"]);
    assert_eq!(clause_texts(&json), ACCEPTED);
    let (_tmp, json) = import_and_show(&fixture("changes.docx"), &["--changes", "reject"]);
    assert_eq!(clause_texts(&json), REJECTED);
}

#[test]
fn docx_tracked_changes_both_writes_before_and_after() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("draft.md");
    stdout_of(
        decl()
            .arg("import")
            .arg(fixture("changes.docx"))
            .args(["--changes", "both", "-o"])
            .arg(&out),
    );
    assert!(!out.exists());
    for (name, want) in [
        ("draft-before.md", &REJECTED[..]),
        ("draft-after.md", &ACCEPTED[..]),
    ] {
        let json = json_of(
            decl()
                .arg("show")
                .arg(tmp.path().join(name))
                .args(["--format", "json"]),
        );
        assert_eq!(clause_texts(&json), want);
    }
    // Into a declaration: both versions, before then after.
    let repo = example_copy();
    stdout_of(
        decl_in(repo.path())
            .arg("import")
            .arg(fixture("changes.docx"))
            .args(["--changes", "both", "--into", "global-alliance-2025"]),
    );
    let manifest =
        std::fs::read_to_string(repo.path().join(EXAMPLE).join("declaration.yaml")).unwrap();
    assert!(
        manifest.ends_with("  - versions/2025-12-10-adopted.md\n  - versions/changes-before.md\n  - versions/changes-after.md\n"),
        "{manifest}"
    );
    let json = json_of(decl_in(repo.path()).args([
        "show",
        "global-alliance-2025@changes-before",
        "--format",
        "json",
    ]));
    assert_eq!(clause_texts(&json), REJECTED);
    // Without a place to put two files: a usage error, nothing written.
    let run = decl()
        .arg("import")
        .arg(fixture("changes.docx"))
        .args(["--changes", "both"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stdout.is_empty());
}

#[test]
fn bad_inputs_get_a_one_line_error_and_nothing_is_written() {
    let bad = root().join("tests/fixtures/import/bad");
    let cases = [
        ("corrupt.docx", "corrupt zip"),
        ("broken-xml.docx", "broken XML"),
        ("encrypted.docx", "password-protected"),
        ("bomb.docx", "zip bomb"),
        ("bomb-lying.docx", "zip bomb"),
        ("archive.docx", "not a Word document"),
        ("other.zip", "not a Word document"),
    ];
    let repo = example_copy();
    let before = snapshot_tree(repo.path());
    for (name, says) in cases {
        let input = bad.join(name);
        let out_file = repo.path().join("out.md");
        let out = decl_in(repo.path())
            .arg("import")
            .arg(&input)
            .arg("-o")
            .arg(&out_file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let first = stderr.lines().next().unwrap_or("");
        assert!(
            first.starts_with("error: ") && first.contains(name),
            "{name}: {stderr}"
        );
        assert!(first.contains(says), "{name}: {stderr}");
        let out = decl_in(repo.path())
            .arg("import")
            .arg(&input)
            .args(["--into", "global-alliance-2025"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(snapshot_tree(repo.path()), before, "{name}");
    }
}

#[test]
fn binary_or_non_utf8_text_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("nul.txt", b"Brussels\0".to_vec()),
        (
            "latin1.txt",
            b"Bruxelles, 18 juillet 2025 \xe9t\xe9".to_vec(),
        ),
        ("fake.docx", b"not a zip at all".to_vec()),
    ] {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = decl().arg("import").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains(name));
    }
}

#[test]
fn council_note_headings_marked_every_way_are_headings_never_clauses() {
    let (_tmp, json) = import_and_show(&fixture("headings-note.txt"), &[]);
    assert_eq!(
        headings(&json),
        [
            "I. Prevention of smuggling",
            "[Enforcement]",
            "Cooperation with partners",
            "A. Alternatives",
            "6. Prosecution of smugglers"
        ]
    );
    let texts = clause_texts(&json);
    assert_eq!(texts.len(), 6, "{texts:?}");
    assert!(
        texts.iter().all(|t| t.ends_with(';')),
        "a heading became a clause: {texts:?}"
    );
}

#[test]
fn word_headings_marked_by_bold_or_underline_are_headings() {
    let (_tmp, json) = import_and_show(&fixture("emphasis.docx"), &[]);
    assert_eq!(
        headings(&json),
        ["Prevention", "Response to smuggling", "[Enforcement]"]
    );
    let texts = clause_texts(&json);
    // A bold word inside a clause, or a bold sentence, does not make a heading.
    assert!(texts.contains(&"Reinforce judicial cooperation in criminal matters;".to_string()));
    assert!(texts.contains(&"This bold line is a sentence, so it stays a clause.".to_string()));
    assert_eq!(texts.len(), 4, "{texts:?}");
}

#[test]
fn regression_concurrent_imports_into_one_declaration_lose_no_manifest_entry() {
    // Two `import --into` once both reported success and one manifest line was lost, leaving
    // an orphan version file.
    let tmp = example_copy();
    let note = std::fs::read_to_string(fixture("11767-1-25-rev-1.txt")).unwrap();
    let inputs: Vec<PathBuf> = (2..8)
        .map(|n| {
            let text = note
                .replace("11767/1/25 REV 1", &format!("11767/{n}/25 REV {n}"))
                .replace("11767/1/25\nREV 1", &format!("11767/{n}/25\nREV {n}"));
            let path = tmp.path().join(format!("rev-{n}.txt"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let dir = tmp.path();
    std::thread::scope(|s| {
        for input in &inputs {
            s.spawn(move || {
                decl_in(dir)
                    .arg("import")
                    .arg(input)
                    .args(["--into", EXAMPLE])
                    .assert()
                    .success();
            });
        }
    });
    let show = json_of(decl_in(dir).args(["show", EXAMPLE, "--format", "json"]));
    assert_eq!(show["schema"], "decl-show/1");
    let manifest = std::fs::read_to_string(dir.join(EXAMPLE).join("declaration.yaml")).unwrap();
    let files: Vec<String> = std::fs::read_dir(dir.join(EXAMPLE).join("versions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(files.len(), 2 + inputs.len(), "{files:?}");
    for file in &files {
        assert!(
            manifest.contains(&format!("versions/{file}")),
            "orphan {file}:\n{manifest}"
        );
    }
}

#[test]
fn regression_a_cut_short_entity_bomb_or_empty_docx_is_refused_not_imported_empty() {
    // These once imported as an empty version, exit 0, also with `--into`.
    let bad = root().join("tests/fixtures/import/bad");
    let repo = example_copy();
    let before = snapshot_tree(repo.path());
    for (name, says) in [
        ("unclosed.docx", "ends before its elements close"),
        ("entity-bomb.docx", "declares a DOCTYPE"),
        ("empty.docx", "has no text to import"),
    ] {
        for args in [vec!["--into", "global-alliance-2025"], vec![]] {
            let out = decl_in(repo.path())
                .arg("import")
                .arg(bad.join(name))
                .args(&args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
            assert!(
                stderr.starts_with("error: ") && stderr.contains(says),
                "{name}: {stderr}"
            );
            assert!(out.stdout.is_empty(), "{name}");
        }
        assert_eq!(snapshot_tree(repo.path()), before, "{name}");
    }
}

/// The clause texts and headings of `fixture` imported under `--changes reading`, and what
/// `decl import` said on standard error.
fn import_reading(name: &str, reading: &str) -> (Vec<String>, Vec<String>, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.md");
    let run = common::succeeded(
        decl()
            .arg("import")
            .arg(fixture(name))
            .args(["--changes", reading, "-o"])
            .arg(&out)
            .output()
            .unwrap(),
    );
    let json = json_of(decl().arg("show").arg(&out).args(["--format", "json"]));
    (
        clause_texts(&json),
        headings(&json),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

#[test]
fn regression_text_inserted_then_deleted_comes_back_under_reject() {
    for reading in ["accept", "reject"] {
        let (clauses, _, _) = import_reading("inserted-then-deleted.docx", reading);
        assert_eq!(
            clauses,
            ["Promote the mobility of researchers between partners;"],
            "{reading}"
        );
    }
}

#[test]
fn regression_symbol_characters_are_dropped_silently() {
    let (clauses, _, stderr) = import_reading("symbols.docx", "accept");
    assert_eq!(
        clauses,
        [
            "Keep temperatures ≤ 2 degrees and emissions → zero;",
            "Tick each box ✓ when done;",
            "Note the sign here;",
        ]
    );
    assert!(
        stderr.contains("a symbol character (font `Webdings`, code `F021`)"),
        "{stderr}"
    );
}

#[test]
fn regression_a_nested_field_result_leaks_into_the_text() {
    let (clauses, _, _) = import_reading("nested-field.docx", "accept");
    assert_eq!(
        clauses,
        ["Welcome the support of the Union for this Declaration;"]
    );
}

#[test]
fn regression_heading_text_ending_in_braces_is_taken_as_an_id() {
    let (_, headings, _) = import_reading("heading-braces.docx", "accept");
    assert_eq!(
        headings,
        ["Prevention {#prevention}", "Response {to be discussed}"]
    );
}

#[test]
fn regression_a_deleted_paragraph_mark_before_a_table_glues_the_paragraph_into_its_first_cell() {
    let (clauses, _, _) = import_reading("mark-before-table.docx", "accept");
    assert_eq!(
        clauses,
        [
            "Recall the positions set out below;",
            "Delegation",
            "Position",
            "Review progress every year."
        ]
    );
}

#[test]
fn regression_a_drop_cap_becomes_a_separate_title() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.md");
    stdout_of(
        decl()
            .arg("import")
            .arg(fixture("drop-cap.docx"))
            .arg("-o")
            .arg(&out),
    );
    let json = json_of(decl().arg("show").arg(&out).args(["--format", "json"]));
    assert_eq!(
        json["title"],
        "Joint Declaration on Test Cooperation (fictional example)"
    );
    assert_eq!(
        clause_texts(&json),
        [
            "We, the representatives of the participating States, gathered in Brussels;",
            "Review progress every year."
        ]
    );
}

#[test]
fn docx_changes_both_records_each_change_with_its_author_and_date() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("draft.md");
    let run = decl()
        .arg("import")
        .arg(fixture("authors.docx"))
        .args(["--changes", "both", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(
            "7 tracked changes by France (4) and Germany (3): rejected before, accepted after"
        ),
        "{stderr}"
    );
    let after = std::fs::read_to_string(tmp.path().join("draft-after.md")).unwrap();
    for line in [
        "# - France, 2025-09-01T09:30:00Z: deleted `strong`\n",
        "# - France, 2025-09-01T09:30:00Z: inserted `full`\n",
        "# - Germany, 2025-09-02T14:00:00Z: inserted `and students`\n",
        "# - Germany, 2025-09-02T14:00:00Z: inserted `Support joint calls for proposals;`\n",
    ] {
        assert!(after.contains(line), "{after}");
    }
    // The record is a comment: `decl check` and `decl show` read the version as usual.
    let json = json_of(
        decl()
            .arg("show")
            .arg(tmp.path().join("draft-after.md"))
            .args(["--format", "json"]),
    );
    assert_eq!(json["meta"]["status"], "draft");
    assert_eq!(clause_texts(&json).len(), 4);
}

#[test]
fn docx_changes_by_author_writes_one_version_per_author_on_the_text_before() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("draft.md");
    let stdout = stdout_of(
        decl()
            .arg("import")
            .arg(fixture("authors.docx"))
            .args(["--changes", "by-author", "-o"])
            .arg(&out),
    );
    assert_eq!(
        stdout,
        format!(
            "wrote {0}/draft-before.md: 3 clauses\nwrote {0}/draft-france.md: 3 clauses\nwrote {0}/draft-germany.md: 4 clauses\n",
            tmp.path().display()
        )
    );
    let show = |name: &str| {
        json_of(
            decl()
                .arg("show")
                .arg(tmp.path().join(name))
                .args(["--format", "json"]),
        )
    };
    assert_eq!(
        clause_texts(&show("draft-france.md")),
        [
            "Reaffirm our full support for open science;",
            "Promote the exchange of researchers between partners;",
            "Review progress every two years."
        ]
    );
    let germany = show("draft-germany.md");
    assert_eq!(germany["meta"]["from"], "Germany");
    assert_eq!(
        clause_texts(&germany),
        [
            "Reaffirm our strong support for open science;",
            "Promote the exchange of researchers and students between partners;",
            "Support joint calls for proposals;",
            "Review progress every year."
        ]
    );
    // A document without tracked changes has no author to write for: refused, nothing written.
    let tmp = tempfile::tempdir().unwrap();
    let run = decl()
        .arg("import")
        .arg(fixture("headings.docx"))
        .args(["--changes", "by-author", "-o"])
        .arg(tmp.path().join("x.md"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("has no tracked changes"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

/// A PDF of `lines` in Courier, 60 lines a page: what a note's PDF holds for `pdftotext`.
fn pdf_of(lines: &[&str]) -> Vec<u8> {
    let pages: Vec<&[&str]> = lines.chunks(60).collect();
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    let mut kids = Vec::new();
    for page in &pages {
        let mut content = String::from("BT /F1 9 Tf 11 TL 40 800 Td\n");
        for line in *page {
            let escaped: String = line
                .replace('\t', "    ")
                .chars()
                .map(|c| match c {
                    '(' | ')' | '\\' => format!("\\{c}"),
                    c if c.is_ascii() => c.to_string(),
                    _ => "?".to_string(),
                })
                .collect();
            content.push('(');
            content.push_str(&escaped);
            content.push_str(") Tj T*\n");
        }
        content.push_str("ET");
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
        let content_id = objects.len();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ));
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    );
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn have_pdftotext() -> bool {
    let found = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    common::provided(found, "pdftotext (poppler-utils)")
}

/// `decl import NOTE.pdf` reads the PDF's text with `pdftotext -layout` and imports it as the
/// note's text: the same version as importing that text, with the note's head as front matter.
#[test]
fn a_council_note_as_pdf_imports_through_pdftotext() {
    if !have_pdftotext() {
        eprintln!("skipped: pdftotext not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("11767-1-25-rev-1.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let pdf = tmp.path().join("11767-1-25-rev-1.pdf");
    std::fs::write(&pdf, pdf_of(&lines)).unwrap();
    let from_pdf = stdout_of(decl().arg("import").arg(&pdf));
    let layout = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg(tmp.path().join("layout.txt"))
        .output()
        .unwrap();
    assert!(layout.status.success());
    let from_text = stdout_of(decl().arg("import").arg(tmp.path().join("layout.txt")));
    assert_eq!(from_pdf, from_text);
    let out = tmp.path().join("rev.md");
    std::fs::write(&out, &from_pdf).unwrap();
    let json = json_of(decl().arg("show").arg(&out).args(["--format", "json"]));
    assert_eq!(json["meta"]["document"], "11767/1/25 REV 1");
    let (_tmp, want) = import_and_show(&fixture("11767-1-25-rev-1.txt"), &[]);
    assert_eq!(clause_texts(&json), clause_texts(&want));
}

#[test]
fn a_pdf_without_pdftotext_or_unreadable_is_refused_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("note.pdf");
    std::fs::write(&pdf, pdf_of(&["Council of the European Union"])).unwrap();
    let out = tmp.path().join("out.md");
    let run = decl()
        .arg("import")
        .arg(&pdf)
        .arg("-o")
        .arg(&out)
        .env("DECL_PDFTOTEXT", tmp.path().join("no-such-program"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("`DECL_PDFTOTEXT` names"));
    let run = decl()
        .arg("import")
        .arg(&pdf)
        .arg("-o")
        .arg(&out)
        .env("PATH", tmp.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("needs `pdftotext`") && stderr.contains("poppler-utils"),
        "{stderr}"
    );
    assert!(!out.exists());
    if !have_pdftotext() {
        return;
    }
    std::fs::write(&pdf, b"%PDF-1.4\nthis is no PDF at all\n").unwrap();
    let run = decl()
        .arg("import")
        .arg(&pdf)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("note.pdf") && stderr.contains("not a readable PDF"),
        "{stderr}"
    );
    assert!(!out.exists());
}

/// A REV's own marks (bold new, struck or `[…]` deleted) against the real diff with the
/// previous version: the version leaves the deleted text out, and what the marks miss or mark
/// wrongly is listed, in Word formatting and in `**`/`~~` text alike.
#[test]
fn import_marks_lists_unmarked_changes_and_marks_where_nothing_changed() {
    for input in ["rev-marks.docx", "rev-marks.txt"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("rev.md");
        let run = decl()
            .arg("import")
            .arg(fixture(input))
            .args(["--marks", "--against"])
            .arg(fixture("marks-previous.md"))
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success(), "{input}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        let findings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains(": clause "))
            .map(|l| l.split_once(": clause ").unwrap().1)
            .collect();
        assert_eq!(
            findings,
            [
                "3: `research` is new but not marked",
                "4: `progress` is marked new but did not change",
                "6 of marks-previous: `Encourage exchanges of students;` was deleted but is not shown struck through",
            ],
            "{input}: {stderr}"
        );
        assert!(
            stderr.contains("marks against marks-previous: 3 disagreements"),
            "{stderr}"
        );
        let json = json_of(decl().arg("show").arg(&out).args(["--format", "json"]));
        assert_eq!(
            clause_texts(&json),
            [
                "Reaffirm our full support for open science;",
                "Promote the exchange of researchers with partner countries;",
                "Support joint calls for proposals in all research fields;",
                "Review progress every year;",
                "Create a joint fund;",
            ],
            "{input}"
        );
    }
    // Marks need a version to compare with.
    let run = decl()
        .arg("import")
        .arg(fixture("rev-marks.docx"))
        .arg("--marks")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("`--against REF`"));
}
