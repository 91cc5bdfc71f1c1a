//! Proposals, their outcomes and the compilation text, on the fictional negotiation in
//! tests/fixtures/compilation: three delegations' edited copies of the draft (EU in Markdown,
//! US in the YAML body format, JP as a Word document with tracked changes), two of them
//! conflicting on one word and two proposing the same deletion, and a revision that takes some
//! up. Every output format is a snapshot; what each must say is also checked on the JSON. A
//! fourth copy, NO-CH.docx, is one Word document edited by two delegations (Norway and
//! Switzerland), for `propose --by-author`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, decl_in, edit_docx, snapshot_tree, stdout_of};
use serde_json::Value;

const DECL: &str = "safe-harbours";
const COPIES: &str = "declarations/safe-harbours/copies";

fn fixture() -> PathBuf {
    common::root().join("tests/fixtures/compilation")
}

/// `decl` in `dir` on a day after the fictional negotiation.
fn decl(dir: &Path) -> assert_cmd::Command {
    let mut cmd = decl_in(dir);
    cmd.env("DECL_TODAY", "2025-06-01");
    cmd
}

/// A copy of the repository with the three proposals recorded.
fn negotiation() -> tempfile::TempDir {
    common::compilation_with_proposals()
}

/// `decl proposals --version rev1 --format json`: the proposals on the draft with their outcomes.
fn outcomes_json(dir: &Path) -> String {
    stdout_of(decl(dir).args(["proposals", DECL, "--version", "rev1", "--format", "json"]))
}

fn proposal_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = snapshot_tree(dir)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.components().any(|c| c.as_os_str() == "proposals"))
        .collect();
    out.sort();
    out
}

#[test]
fn propose_writes_one_readable_file_per_proposal() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(), tmp.path());
    let out = stdout_of(decl(tmp.path()).args([
        "propose",
        DECL,
        "eu",
        &format!("{COPIES}/EU.md"),
        "--version",
        "draft",
        "--date",
        "2025-03-20",
        "--note",
        "sent to the Presidency: see annex",
    ]));
    insta::assert_snapshot!(out, @r"
    EU (European Union) proposes 3 changes to `draft` (2025-03-20) (illustrative): wrote declarations/safe-harbours/proposals/draft/EU-2025-03-20-b7bf7301.yaml
      modify clause 3 <promote>
      modify clause 4 <training>
      add after clause 5 <data>
    ");
    let files = proposal_files(tmp.path());
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(tmp.path())
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "declarations/safe-harbours/proposals/.gitignore",
            "declarations/safe-harbours/proposals/draft/EU-2025-03-20-b7bf7301.yaml"
        ]
    );
    let text = std::fs::read_to_string(&files[1]).expect("read");
    insta::assert_snapshot!("proposal_file", text);
    // No lock is left behind.
    assert!(
        !tmp.path()
            .join("declarations/safe-harbours/proposals/.lock")
            .exists()
    );
}

/// A proposal file as read back: `(delegation, author, [(change, clause, new)])`.
type Recorded = (String, String, Vec<(String, String, String)>);

/// The proposal files under `dir`, read.
fn recorded(dir: &Path) -> Vec<Recorded> {
    let mut out = Vec::new();
    for path in proposal_files(dir) {
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let v: Value = serde_saphyr::from_str(&text).expect("yaml");
        let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let changes = v["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|c| (s(&c["change"]), s(&c["clause"]), s(&c["new"])))
            .collect();
        out.push((s(&v["delegation"]), s(&v["author"]), changes));
    }
    out.sort();
    out
}

#[test]
fn a_word_copy_by_two_delegations_is_a_proposal_of_each() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(), tmp.path());
    let out = decl(tmp.path())
        .args(["propose", DECL, "--by-author"])
        .arg(format!("{COPIES}/NO-CH.docx"))
        .args(["--version", "draft", "--date", "2025-03-25"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout), @r"
    CH (Switzerland) proposes 1 change to `draft` (2025-03-25) (illustrative): wrote declarations/safe-harbours/proposals/draft/CH-2025-03-25-8e09748b.yaml
      modify clause 3 <promote>
    NO (Norway) proposes 1 change to `draft` (2025-03-25) (illustrative): wrote declarations/safe-harbours/proposals/draft/NO-2025-03-25-18cb3982.yaml
      modify clause 8 <funding>
    ");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "3 tracked changes by CH delegation (2) and Delegation of Norway (1): one proposal per delegation"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Each with its own changes only, and the author it was read from.
    assert_eq!(
        recorded(tmp.path()),
        [
            (
                "CH".to_string(),
                "CH delegation".to_string(),
                vec![(
                    "modify".to_string(),
                    "promote".to_string(),
                    "Promote the exchange of information between port authorities on vessels in distress;".to_string()
                )]
            ),
            (
                "NO".to_string(),
                "Delegation of Norway".to_string(),
                vec![(
                    "modify".to_string(),
                    "funding".to_string(),
                    "Call for adequate and predictable funding of search and rescue capacities.".to_string()
                )]
            ),
        ]
    );
    // `decl proposals` says whose tracked changes each was read from.
    let json: serde_json::Value = serde_json::from_str(&stdout_of(decl(tmp.path()).args([
        "proposals",
        DECL,
        "--format",
        "json",
    ])))
    .expect("JSON");
    let mut authors: Vec<(&str, &str)> = json["versions"][0]["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .map(|p| {
            (
                p["delegation"].as_str().unwrap_or(""),
                p["author"].as_str().unwrap_or(""),
            )
        })
        .collect();
    authors.sort_unstable();
    assert_eq!(
        authors,
        [("CH", "CH delegation"), ("NO", "Delegation of Norway")]
    );
    // The compilation attributes each.
    let term = stdout_of(decl(tmp.path()).args(["compile", DECL]));
    for line in [
        " 3  Promote the exchange of information between port authorities on vessels {-at risk-} [CH: in distress];",
        " 8  Call for adequate [NO: and predictable] funding of search and rescue capacities.",
    ] {
        assert!(term.lines().any(|l| l == line), "{line}\n{term}");
    }
}

#[test]
fn an_author_that_names_no_delegation_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(), tmp.path());
    // The Swiss changes signed by a person, as Word signs them by default.
    edit_docx(
        &tmp.path().join(COPIES).join("NO-CH.docx"),
        &tmp.path().join("signed.docx"),
        |xml| xml.replace("w:author=\"CH delegation\"", "w:author=\"Jane Doe\""),
    );
    let before = snapshot_tree(tmp.path());
    let eu = format!("{COPIES}/EU.md");
    let jp = format!("{COPIES}/JP.docx");
    for (args, says) in [
        (
            vec!["signed.docx"],
            "signed.docx: the tracked changes by `Jane Doe` name no delegation",
        ),
        (
            vec!["signed.docx", "--author", "Jane Doe=XX"],
            "unknown delegation `XX`",
        ),
        (
            vec![
                "signed.docx",
                "--author",
                "Jane Doe=CH",
                "--author",
                "John Roe=FR",
            ],
            "no tracked change by `John Roe`",
        ),
        (vec!["signed.docx", "--author", "Jane Doe"], "NAME=CODE"),
        (vec![eu.as_str()], "is not a Word document"),
        (vec![jp.as_str(), "JP"], "without CODE"),
    ] {
        let out = decl(tmp.path())
            .args(["propose", DECL, "--by-author", "--version", "draft"])
            .args(&args)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(snapshot_tree(tmp.path()), before, "{args:?}");
    }
    // Said whose they are, the person's changes are Switzerland's.
    stdout_of(decl(tmp.path()).args([
        "propose",
        DECL,
        "--by-author",
        "signed.docx",
        "--version",
        "draft",
        "--author",
        "jane doe=ch",
    ]));
    let who: Vec<(String, String)> = recorded(tmp.path())
        .into_iter()
        .map(|(d, a, _)| (d, a))
        .collect();
    assert_eq!(
        who,
        [
            ("CH".to_string(), "Jane Doe".to_string()),
            ("NO".to_string(), "Delegation of Norway".to_string())
        ]
    );
}

#[test]
fn words_changed_without_tracking_are_in_every_delegations_proposal() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(), tmp.path());
    edit_docx(
        &tmp.path().join(COPIES).join("NO-CH.docx"),
        &tmp.path().join("untracked.docx"),
        |xml| xml.replace("first conference", "second conference"),
    );
    let out = decl(tmp.path())
        .args([
            "propose",
            DECL,
            "--by-author",
            "untracked.docx",
            "--version",
            "draft",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("untracked.docx: the text before its tracked changes differs from version `draft` (1 change): each delegation's proposal includes it"),
        "{err}"
    );
    for (_, _, changes) in recorded(tmp.path()) {
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(changes[0].1, "recall");
    }
}

#[test]
fn proposals_by_clause_in_every_format() {
    let tmp = negotiation();
    let text = stdout_of(decl(tmp.path()).args(["proposals", DECL]));
    insta::assert_snapshot!("proposals_term", text);
    let json = stdout_of(decl(tmp.path()).args(["proposals", DECL, "--format", "json"]));
    insta::assert_snapshot!("proposals_json", json);
    let v: Value = serde_json::from_str(&json).expect("json");
    let book = &v["versions"][0];
    assert_eq!(book["version"], "draft");
    assert_eq!(book["summary"]["proposals"], 3);
    assert_eq!(book["summary"]["offers"], 6);
    assert_eq!(book["summary"]["supported"], 1);
    assert_eq!(book["summary"]["conflicts"], 1);
    let offers = book["offers"].as_array().expect("offers");
    let on = |id: &str| -> Vec<&Value> {
        offers
            .iter()
            .filter(|o| o["clauses"].get(0).is_some_and(|c| c["id"] == id))
            .collect()
    };
    // EU and US change "Promote" differently: a conflict.
    let promote = on("promote");
    assert_eq!(promote.len(), 2);
    assert_eq!(promote[0]["delegations"], serde_json::json!(["EU"]));
    assert_eq!(promote[1]["delegations"], serde_json::json!(["US"]));
    let conflict = &book["conflicts"][0];
    assert_eq!(conflict["clause"]["id"], "promote");
    assert_eq!(conflict["words"], "Promote");
    // EU and JP (the Word copy) delete the same bracket: one offer supported by both.
    let training = on("training");
    assert_eq!(training.len(), 1);
    assert_eq!(training[0]["delegations"], serde_json::json!(["EU", "JP"]));
    assert_eq!(on("funding")[0]["action"], "delete");
    let added: Vec<&Value> = offers.iter().filter(|o| o["action"] == "add").collect();
    assert_eq!(added[0]["after"]["id"], "data");
    assert_eq!(added[0]["section"], "prevention");
}

/// Every synopsis format with `--proposals`: each proposal under the clause it was made on,
/// with its outcome in the next column, as `decl proposals --version rev1` gives it.
#[test]
fn synopsis_shows_proposals_under_each_clause_in_every_format() {
    use clap::ValueEnum as _;
    use decl::synopsis::format::Format;
    let tmp = negotiation();
    for format in Format::value_variants() {
        let name = format
            .to_possible_value()
            .expect("a name")
            .get_name()
            .to_string();
        let out = tmp.path().join(format!("synopsis.{name}"));
        decl(tmp.path())
            .args(["synopsis", DECL, "--proposals", "--format", &name, "-o"])
            .arg(&out)
            .assert()
            .success();
        let bytes = std::fs::read(&out).expect("written");
        let text = if *format == Format::Docx {
            common::docx_text(&bytes)
        } else {
            String::from_utf8(bytes).expect("UTF-8")
        };
        insta::assert_snapshot!(format!("synopsis_{name}"), text);
    }
    // The JSON says what `decl proposals --version rev1` says, clause by clause.
    let synopsis = common::json_of(decl(tmp.path()).args([
        "synopsis",
        DECL,
        "--proposals",
        "--format",
        "json",
    ]));
    let listed: Value = serde_json::from_str(&outcomes_json(tmp.path())).expect("json");
    let offers = listed["versions"][0]["offers"].as_array().expect("offers");
    let mut under: Vec<Value> = synopsis["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["cells"][0].as_array().expect("cell").clone())
        .flat_map(|c| c["proposals"].as_array().expect("proposals").clone())
        .collect();
    assert_eq!(under.len(), offers.len());
    assert_eq!(synopsis["versions"][0]["proposals"]["offers"], offers.len());
    assert_eq!(synopsis["versions"][0]["proposals"]["outcomes_in"], "rev1");
    let training = under
        .iter()
        .find(|p| p["clauses"][0]["id"] == "training")
        .expect("the training proposal");
    assert_eq!(
        training["dates"],
        serde_json::json!(["2025-03-20", "2025-03-24"])
    );
    for p in &mut under {
        p.as_object_mut().expect("an object").remove("dates");
    }
    for o in offers {
        assert!(under.contains(o), "{o} is not under its clause");
    }
    // Nothing is listed on the last version, and without the option nothing at all.
    assert!(synopsis["rows"].as_array().expect("rows").iter().all(|r| {
        r["cells"][1]
            .as_array()
            .expect("cell")
            .iter()
            .all(|c| c["proposals"] == serde_json::json!([]))
    }));
    let plain = stdout_of(decl(tmp.path()).args(["synopsis", DECL, "--format", "json"]));
    assert!(!plain.contains("\"proposals\""));
    // Proposals are kept in a declaration folder.
    decl(tmp.path())
        .args([
            "synopsis",
            "--proposals",
            "declarations/safe-harbours/versions/draft.md",
            "declarations/safe-harbours/versions/rev1.md",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a single declaration"));
}

#[test]
fn outcomes_in_the_next_version() {
    let tmp = negotiation();
    let text = stdout_of(decl(tmp.path()).args(["proposals", DECL, "--version", "rev1"]));
    insta::assert_snapshot!("outcomes_term", text);
    let json = outcomes_json(tmp.path());
    insta::assert_snapshot!("outcomes_json", json);
    let v: Value = serde_json::from_str(&json).expect("json");
    let book = &v["versions"][0];
    assert_eq!(book["next"]["version"], "rev1");
    let fate = |action: &str, id: &str, by: &str| -> String {
        book["offers"]
            .as_array()
            .expect("offers")
            .iter()
            .find(|o| {
                o["action"] == action
                    && o["delegations"][0] == by
                    && (o["clauses"].get(0).is_some_and(|c| c["id"] == id)
                        || o["after"]["id"] == id)
            })
            .map_or_else(
                || panic!("{action} {id} {by}"),
                |o| {
                    o["outcome"]["fate"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                },
            )
    };
    assert_eq!(fate("modify", "promote", "EU"), "taken-up");
    assert_eq!(fate("modify", "promote", "US"), "not-taken-up");
    assert_eq!(fate("modify", "training", "EU"), "taken-up");
    assert_eq!(fate("add", "data", "EU"), "taken-up-in-part");
    assert_eq!(fate("modify", "disembark", "JP"), "overtaken");
    assert_eq!(fate("delete", "funding", "US"), "not-taken-up");
    assert_eq!(
        book["summary"]["outcomes"],
        serde_json::json!({"taken-up": 2, "taken-up-in-part": 1, "not-taken-up": 2, "overtaken": 1})
    );
    // Re-anchored: the clause added after <data> is clause 6 <flag-states> in rev1.
    let added = book["offers"]
        .as_array()
        .expect("offers")
        .iter()
        .find(|o| o["action"] == "add")
        .expect("add");
    assert_eq!(added["outcome"]["now"][0]["id"], "flag-states");
    assert_eq!(added["outcome"]["now"][0]["number"], "6");
}

#[test]
fn compile_in_every_format() {
    let tmp = negotiation();
    for format in ["term", "md", "html", "json"] {
        let out = stdout_of(decl(tmp.path()).args(["compile", DECL, "--format", format]));
        insta::assert_snapshot!(format!("compile_{format}"), out);
    }
    let term = stdout_of(decl(tmp.path()).args(["compile", DECL]));
    for line in [
        " 3  {-Promote-} [EU: Ensure] [US: Encourage] the exchange of information between port authorities on vessels at risk;",
        " 4  Support training for coast guards {-[within existing resources]-} [EU, JP: delete];",
        " +  [EU: add] Strengthen cooperation with flag States;",
        " 8  [US: delete] Call for adequate funding of search and rescue capacities.",
    ] {
        assert!(term.lines().any(|l| l == line), "{line}\n{term}");
    }
    // The text pieces and the struck ones give the base text back.
    let json: Value = serde_json::from_str(&stdout_of(
        decl(tmp.path()).args(["compile", DECL, "--format", "json"]),
    ))
    .expect("json");
    for section in json["sections"].as_array().expect("sections") {
        for clause in section["clauses"].as_array().expect("clauses") {
            let rebuilt: String = clause["pieces"]
                .as_array()
                .expect("pieces")
                .iter()
                .filter(|p| p["kind"] != "proposal")
                .map(|p| p["text"].as_str().unwrap_or_default())
                .collect();
            assert_eq!(rebuilt, clause["text"].as_str().unwrap_or_default());
        }
    }
    let html = stdout_of(decl(tmp.path()).args(["compile", DECL, "--format", "html"]));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("@top-right { content: \"LIMITE\""));
    assert!(!html.contains("<script"));
}

#[test]
fn compile_to_word() {
    let tmp = negotiation();
    // Binary output goes to a file, never to a terminal or a pipe.
    let out = decl(tmp.path())
        .args(["compile", DECL, "--format", "docx"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add `-o FILE.docx`"));
    assert!(out.stdout.is_empty());
    let path = tmp.path().join("compilation.docx");
    decl(tmp.path())
        .args(["compile", DECL, "--format", "docx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let bytes = std::fs::read(&path).expect("written");
    // Read back as Word: the text with each proposal in place and attributed.
    let reading = stdout_of(decl(tmp.path()).args(["import", "compilation.docx"]));
    insta::assert_snapshot!("compile_docx_import", reading);
    for line in [
        "3 Promote [EU: Ensure] [US: Encourage] the exchange of information between port authorities on vessels at risk;",
        "4 Support training for coast guards [within existing resources] [EU, JP: delete];",
        "\\+ [EU: add] Strengthen cooperation with flag States;",
        "8 [US: delete] Call for adequate funding of search and rescue capacities.",
    ] {
        assert!(reading.lines().any(|l| l == line), "{line}\n{reading}");
    }
    // Struck words struck through, proposals in bold; formatting, not tracked changes.
    let xml = common::docx_part(&bytes, "word/document.xml");
    let run = |props: &str, text: &str| {
        format!("<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    };
    for want in [
        run("<w:strike/>", "Promote"),
        run("<w:b/>", "[EU: Ensure]"),
        run("<w:b/>", "[US: Encourage]"),
        run("<w:strike/>", "[within existing resources]"),
        run("<w:b/>", "[EU, JP: delete]"),
        run("<w:b/>", "[US: delete]"),
    ] {
        assert!(xml.contains(&want), "{want}\n{xml}");
    }
    assert!(
        !xml.contains("<w:ins ") && !xml.contains("<w:del "),
        "{xml}"
    );
    // Each clause's number hangs before its text.
    assert!(
        xml.contains("<w:pStyle w:val=\"Clause\"/><w:ind w:left=\"567\" w:hanging=\"567\"/>"),
        "{xml}"
    );
    // The marking and the illustrative label on every page, the document number in the footer.
    let header = common::docx_part(&bytes, "word/header1.xml");
    assert!(
        header.contains(">ILLUSTRATIVE<") && header.contains(">LIMITE<"),
        "{header}"
    );
    let footer = common::docx_part(&bytes, "word/footer1.xml");
    assert!(footer.contains(">Compilation 5001/25<"), "{footer}");
    assert!(
        common::docx_part(&bytes, "docProps/core.xml")
            .contains("<dc:title>Compilation: Joint Declaration on Safe Harbours</dc:title>")
    );
}

/// Open the Word compilation in LibreOffice and print it: every clause with its proposals, the
/// marking on every page. In CI a missing LibreOffice or pdftotext is a failure, not a skip.
#[test]
fn libreoffice_prints_the_word_compilation() {
    if !common::provided(
        common::have("soffice") && common::have("pdftotext"),
        "soffice (libreoffice-writer-nogui) and pdftotext (poppler-utils)",
    ) {
        return;
    }
    let tmp = negotiation();
    let path = tmp.path().join("compilation.docx");
    decl(tmp.path())
        .args(["compile", DECL, "--format", "docx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let pages = common::libreoffice_pages(&path);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("LIMITE"), "page {}: {page}", i + 1);
    }
    let flat = common::pdf_words(&pages);
    for text in [
        "Promote [EU: Ensure] [US: Encourage] the exchange",
        "coast guards [within existing resources] [EU, JP: delete];",
        "[EU: add] Strengthen cooperation with flag States;",
        "[US: delete] Call for adequate funding",
        "Commit to timely [JP: swift] disembarkation",
    ] {
        assert!(flat.contains(text), "missing from the PDF: {text}\n{flat}");
    }
}

#[test]
fn html_escapes_what_a_proposal_says() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(), tmp.path());
    let copy = tmp.path().join("evil.md");
    let draft = std::fs::read_to_string(
        tmp.path()
            .join("declarations/safe-harbours/versions/draft.md"),
    )
    .expect("read");
    std::fs::write(
        &copy,
        draft.replace(
            "Promote the exchange",
            "Promote \\<script>alert(1)\\</script> the exchange",
        ),
    )
    .expect("write");
    stdout_of(decl(tmp.path()).args(["propose", DECL, "FR", "evil.md", "--version", "draft"]));
    let html = stdout_of(decl(tmp.path()).args(["compile", DECL, "--format", "html"]));
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(), tmp.path());
    std::fs::write(
        tmp.path().join("unrelated.md"),
        "# Another text\n\nSomething else entirely, about fisheries quotas in the Baltic.\n",
    )
    .expect("write");
    std::fs::write(tmp.path().join("notes.yaml"), "title: not a version\n").expect("write");
    std::fs::write(tmp.path().join("fake.docx"), "not a zip").expect("write");
    let before = snapshot_tree(tmp.path());
    let eu = format!("{COPIES}/EU.md");
    let draft = "declarations/safe-harbours/versions/draft.md";
    for (args, says) in [
        (vec![DECL, "XX", eu.as_str()], "XX"),
        (vec![DECL, "EU", eu.as_str(), "--version", "rev9"], "rev9"),
        (
            vec![DECL, "EU", "unrelated.md", "--version", "draft"],
            "unrelated.md",
        ),
        (vec![DECL, "EU", "notes.yaml"], "notes.yaml"),
        (vec![DECL, "EU", "fake.docx"], "fake.docx"),
        (vec![DECL, "EU", "missing.md"], "missing.md"),
        (vec![DECL, "EU", COPIES], "copies"),
        (
            vec![DECL, "EU", draft, "--version", "draft"],
            "changes no word",
        ),
        (
            vec![
                DECL,
                "EU",
                eu.as_str(),
                "--date",
                "2025-02-01",
                "--version",
                "draft",
            ],
            "2025-02-01",
        ),
        (
            vec![DECL, "EU", eu.as_str(), "--date", "2030-01-01"],
            "future",
        ),
        (
            vec!["no-such-declaration", "EU", eu.as_str()],
            "no-such-declaration",
        ),
    ] {
        let out = decl(tmp.path())
            .arg("propose")
            .args(&args)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(snapshot_tree(tmp.path()), before, "{args:?}");
    }
}

#[test]
fn a_proposal_file_that_does_not_fit_is_an_error_naming_it() {
    let tmp = negotiation();
    let files = proposal_files(tmp.path());
    let us = files
        .iter()
        .find(|p| p.to_string_lossy().contains("/US-"))
        .expect("US file");
    let text = std::fs::read_to_string(us).expect("read");
    for (broken, says) in [
        (text.replace("delegation: US", "delegation: ZZ"), "`ZZ`"),
        (text.replace("version: draft", "version: rev7"), "`rev7`"),
        (
            text.replace("change: delete", "change: remove"),
            "unknown change `remove`",
        ),
    ] {
        std::fs::write(us, &broken).expect("write");
        let out = decl(tmp.path())
            .args(["proposals", DECL])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("US-2025-03-21"), "{err}");
        assert!(err.contains(says), "{err}");
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Secretariat")
        .env("GIT_AUTHOR_EMAIL", "secretariat@example.org")
        .env("GIT_COMMITTER_NAME", "Secretariat")
        .env("GIT_COMMITTER_EMAIL", "secretariat@example.org")
        .env("LC_ALL", "C")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs (the test needs git)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn proposals_from_two_git_branches_merge_without_conflict() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    copy_dir(&fixture(), dir);
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "the draft"]);
    // Three branches from the draft, each recording the first proposal (and the folder's
    // .gitignore) of its own.
    git(dir, &["branch", "us"]);
    git(dir, &["branch", "jp"]);
    for (branch, code, file, date) in [
        ("main", "EU", "EU.md", "2025-03-20"),
        ("us", "US", "US.yaml", "2025-03-21"),
        ("jp", "JP", "JP.docx", "2025-03-24"),
    ] {
        git(dir, &["checkout", "-q", branch]);
        stdout_of(decl(dir).args([
            "propose",
            DECL,
            code,
            &format!("{COPIES}/{file}"),
            "--version",
            "draft",
            "--date",
            date,
        ]));
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", code]);
    }
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["merge", "-q", "--no-edit", "us"]);
    git(dir, &["merge", "-q", "--no-edit", "jp"]);
    assert!(git(dir, &["status", "--porcelain"]).is_empty());
    let json: Value = serde_json::from_str(&stdout_of(decl(dir).args([
        "proposals",
        DECL,
        "--format",
        "json",
    ])))
    .expect("json");
    let who: Vec<&str> = json["versions"][0]["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .map(|p| p["delegation"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(who, ["EU", "JP", "US"]);
    // The same proposals as recorded on one branch.
    let one = negotiation();
    let listing = |d: &Path| stdout_of(decl(d).args(["proposals", DECL]));
    assert_eq!(listing(dir), listing(one.path()));
}

#[test]
fn a_declaration_without_proposals() {
    let out = decl(&fixture())
        .args(["compile", DECL])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no proposals"));
    let out = decl(&fixture())
        .args(["proposals", DECL])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no proposals"));
}

#[test]
fn check_reads_the_proposals() {
    let tmp = negotiation();
    let codes = |dir: &Path| -> Vec<String> {
        let out = decl(dir)
            .args(["check", "--format", "json"])
            .output()
            .expect("runs");
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(!codes(tmp.path()).iter().any(|c| c == "D208" || c == "D101"));
    // The draft edited after the proposals were made: those on the edited clause no longer fit.
    let draft = tmp
        .path()
        .join("declarations/safe-harbours/versions/draft.md");
    let text = std::fs::read_to_string(&draft).expect("read");
    std::fs::write(
        &draft,
        text.replace("Promote the exchange", "Foster the exchange"),
    )
    .expect("write");
    let found = codes(tmp.path());
    assert_eq!(
        found.iter().filter(|c| *c == "D208").count(),
        2,
        "{found:?}"
    );
    let out = decl(tmp.path())
        .args(["compile", DECL])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("left out: clause 3 <promote>").count(),
        2,
        "{err}"
    );
}
