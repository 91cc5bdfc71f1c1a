//! Word documents `decl` writes: `render --to docx`, read back by `decl`'s own importer and
//! checked as Word would check them (well-formed parts, relationships, unique revision ids), and
//! opened in LibreOffice (in CI, where `.ci/run` installs it) to check every clause and the
//! marking on every printed page.

mod common;

use std::path::Path;

use common::{
    clause_texts, decl, decl_in, example_copy, have, headings, json_of, libreoffice_pages, outline,
    pdf_words, provided, root, stdout_of, succeeded,
};
use serde_json::Value;

const FIRST: &str = "declarations/global-alliance-2025@first";

/// `decl show` of a Word document imported under `--changes reading`.
fn import_show(docx: &Path, reading: &str) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("read.md");
    stdout_of(
        decl()
            .arg("import")
            .arg(docx)
            .args(["--changes", reading, "-o"])
            .arg(&md),
    );
    json_of(decl().arg("show").arg(&md).args(["--format", "json"]))
}

fn verify(docx: &Path) -> usize {
    let bytes = std::fs::read(docx).unwrap();
    decl::docx::verify(docx, &bytes).unwrap()
}

fn part(docx: &Path, name: &str) -> String {
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut out).unwrap();
    out
}

#[test]
fn render_docx_reads_back_as_the_same_clauses_and_headings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("draft.docx");
    decl()
        .args(["render", FIRST, "--to", "docx", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(verify(&out), 0);
    let want = json_of(decl().args(["show", FIRST, "--format", "json"]));
    let got = import_show(&out, "accept");
    assert_eq!(clause_texts(&got), clause_texts(&want));
    assert_eq!(headings(&got), headings(&want));
    assert_eq!(got["title"], want["title"]);
    assert_eq!(got["dateline"], want["dateline"]);
    // The note's head is the front matter again (the directorate code is only in the footer,
    // which is not read).
    let mut meta = want["meta"].clone();
    meta.as_object_mut().unwrap().remove("dg");
    assert_eq!(got["meta"], meta);
    let header = part(&out, "word/header1.xml");
    assert!(header.contains(">LIMITE<"), "{header}");
    let footer = part(&out, "word/footer1.xml");
    assert!(footer.contains("11767/25 JAI.1 LIMITE EN"), "{footer}");
    assert!(
        footer.contains(" PAGE ") && footer.contains(" NUMPAGES "),
        "{footer}"
    );
}

#[test]
fn render_docx_writes_real_footnotes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("notes.docx");
    decl()
        .args([
            "render",
            "tests/fixtures/diff/footnote/new.md",
            "--to",
            "docx",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    verify(&out);
    let notes = part(&out, "word/footnotes.xml");
    assert!(notes.contains("This designation is without prejudice to positions on status."));
    assert!(notes.contains("<w:footnote w:id=\"2\">"), "{notes}");
    let body = part(&out, "word/document.xml");
    assert!(body.contains("<w:footnoteReference w:id=\"1\"/>"), "{body}");
    // The reference is no text: the clauses read back without it.
    let got = import_show(&out, "accept");
    assert_eq!(
        clause_texts(&got),
        [
            "We, the representatives of the participating States and Kosovo, gathered in Brussels;",
            "Recall Regulation (EU) 2024/1717 on the Schengen Borders Code;"
        ]
    );
}

/// A Word document is written into its file as it is made; to a pipe, which cannot seek, it
/// goes whole at the end: the same bytes either way. A file that cannot be written is named.
#[test]
fn render_docx_to_a_file_or_a_pipe_writes_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("draft.docx");
    let version = "tests/fixtures/diff/footnote/new.md";
    decl()
        .args(["render", version, "--to", "docx", "-o"])
        .arg(&out)
        .assert()
        .success();
    let piped = decl()
        .args(["render", version, "--to", "docx", "-o", "/dev/stdout"])
        .output()
        .unwrap();
    assert!(piped.status.success());
    let written = std::fs::read(&out).unwrap();
    assert!(piped.stdout == written, "the pipe got other bytes");
    verify(&out);
    let run = decl()
        .args(["render", FIRST, "--to", "docx", "-o"])
        .arg(tmp.path().join("no/such/dir/x.docx"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("x.docx"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

/// Styles come from a reference document, as pandoc's `--reference-doc`: the repository's
/// `templates/declaration.docx`, or `--template`; the styles it lacks are the built-in ones.
#[test]
fn render_docx_takes_the_styles_of_a_reference_document() {
    let repo = example_copy();
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first.docx");
    decl_in(repo.path())
        .args(["render", "global-alliance-2025@first", "--to", "docx", "-o"])
        .arg(&first)
        .assert()
        .success();
    // A reference whose Title style is 20 pt and red, and which has no Dateline style.
    let styles = part(&first, "word/styles.xml");
    let start = styles
        .find("<w:style w:type=\"paragraph\" w:styleId=\"Title\">")
        .unwrap();
    let end = start + styles[start..].find("</w:style>").unwrap() + "</w:style>".len();
    let title = "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:rPr><w:color w:val=\"FF0000\"/><w:sz w:val=\"40\"/></w:rPr></w:style>";
    let mut reference_styles = format!("{}{title}{}", &styles[..start], &styles[end..]);
    let d0 = reference_styles
        .find("<w:style w:type=\"paragraph\" w:styleId=\"Dateline\">")
        .unwrap();
    let d1 = d0 + reference_styles[d0..].find("</w:style>").unwrap() + "</w:style>".len();
    reference_styles.replace_range(d0..d1, "");
    let reference = repo.path().join("templates/declaration.docx");
    std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
    let bytes = std::fs::read(&first).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(&reference).unwrap());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "word/styles.xml" {
            data = reference_styles.clone().into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &data).unwrap();
    }
    w.finish().unwrap();
    let restyled = tmp.path().join("restyled.docx");
    decl_in(repo.path())
        .args(["render", "global-alliance-2025@first", "--to", "docx", "-o"])
        .arg(&restyled)
        .assert()
        .success();
    verify(&restyled);
    let got = part(&restyled, "word/styles.xml");
    assert!(got.contains(title), "{got}");
    assert!(got.contains("w:styleId=\"Dateline\""));
    assert_eq!(got.matches("w:styleId=\"Title\"").count(), 1);
    // By name, and a name that is not there.
    decl_in(repo.path())
        .args([
            "render",
            "global-alliance-2025@first",
            "--to",
            "docx",
            "--template",
            "declaration",
            "-o",
        ])
        .arg(tmp.path().join("named.docx"))
        .assert()
        .success();
    let run = decl_in(repo.path())
        .args([
            "render",
            "global-alliance-2025@first",
            "--to",
            "docx",
            "--template",
            "council",
            "-o",
        ])
        .arg(tmp.path().join("none.docx"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no reference document `council.docx`"));
    assert!(!tmp.path().join("none.docx").exists());
}

#[test]
fn a_broken_reference_document_is_refused_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = root().join("tests/fixtures/import/bad");
    for (name, says) in [
        ("corrupt.docx", "corrupt zip"),
        ("encrypted.docx", "password-protected"),
        ("archive.docx", "no styles"),
        ("broken-styles.docx", "broken XML"),
    ] {
        let bad = if name == "broken-styles.docx" {
            let path = tmp.path().join(name);
            let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
            w.start_file("word/styles.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, b"<w:styles><w:style></w:styles>").unwrap();
            w.finish().unwrap();
            tmp.path().to_path_buf()
        } else {
            bad.clone()
        };
        let out = tmp.path().join("out.docx");
        let run = decl()
            .args(["render", FIRST, "--to", "docx", "--template"])
            .arg(bad.join(name))
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(!out.exists(), "{name}");
    }
    let run = decl()
        .args(["render", FIRST, "--to", "docx"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
}

/// Every word run of every clause is on some page: lines broken across pages carry the header
/// and footer in between, so compare runs of six words. A line may end at a word's own hyphen
/// (`long-` / `distance`), which joins it to the next.
fn assert_clauses_printed(pages: &[String], clauses: &[String]) {
    let flat = pdf_words(pages);
    for text in clauses {
        let words: Vec<&str> = text.split_whitespace().collect();
        for chunk in words.chunks(6) {
            let piece = chunk.join(" ");
            assert!(flat.contains(&piece), "missing from the PDF: {piece}");
        }
    }
}

/// Open what `decl` writes in LibreOffice and print it to PDF: every clause is there, and the
/// marking and the Council footer are on every page, with its number. In CI a missing
/// LibreOffice or pdftotext is a failure, not a skip.
#[test]
fn libreoffice_prints_every_clause_and_the_marking_on_every_page() {
    if !provided(
        have("soffice") && have("pdftotext"),
        "soffice (libreoffice-writer-nogui) and pdftotext (poppler-utils)",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("draft.docx");
    decl()
        .args(["render", FIRST, "--to", "docx", "-o"])
        .arg(&out)
        .assert()
        .success();
    let pages = libreoffice_pages(&out);
    assert!(pages.len() >= 2, "{pages:?}");
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("LIMITE"), "page {}: {page}", i + 1);
        assert!(
            page.contains("11767/25 JAI.1 LIMITE EN"),
            "page {}: {page}",
            i + 1
        );
        let flat: String = page.split_whitespace().collect();
        assert!(
            flat.contains(&format!("{}/{total}", i + 1)),
            "page {}: {page}",
            i + 1
        );
    }
    let show = json_of(decl().args(["show", FIRST, "--format", "json"]));
    assert_clauses_printed(&pages, &clause_texts(&show));
    // A redline: the new version's marking on every page, and the clauses that did not change
    // (the changed ones are shown with their deletions, in LibreOffice's colours).
    let redline = tmp.path().join("redline.docx");
    decl()
        .args([
            "diff",
            "declarations/global-alliance-2025",
            "--format",
            "docx",
            "-o",
        ])
        .arg(&redline)
        .assert()
        .success();
    let pages = libreoffice_pages(&redline);
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("PUBLIC") && page.contains("ILLUSTRATIVE TEXT"),
            "page {}: {page}",
            i + 1
        );
        let flat: String = page.split_whitespace().collect();
        assert!(
            flat.contains(&format!("{}/{total}", i + 1)),
            "page {}: {page}",
            i + 1
        );
    }
    let diff = json_of(decl().args([
        "diff",
        "declarations/global-alliance-2025",
        "--format",
        "json",
    ]));
    let unchanged: Vec<String> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "unchanged")
        .map(|c| c["new"][0]["text"].as_str().unwrap().to_string())
        .collect();
    assert!(unchanged.len() > 10);
    assert_clauses_printed(&pages, &unchanged);
    // The synopsis: landscape, the marking on every page.
    let synopsis = tmp.path().join("synopsis.docx");
    decl()
        .args([
            "synopsis",
            "declarations/global-alliance-2025",
            "--format",
            "docx",
            "-o",
        ])
        .arg(&synopsis)
        .assert()
        .success();
    let pages = libreoffice_pages(&synopsis);
    let total = pages.len();
    assert!(total >= 2);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("LIMITE"), "page {}: {page}", i + 1);
        let flat: String = page.split_whitespace().collect();
        assert!(
            flat.contains(&format!("{}/{total}", i + 1)),
            "page {}: {page}",
            i + 1
        );
    }
    // Two columns side by side interleave in the PDF's text line by line: look for the start of
    // each clause, which opens a line of its cell.
    let flat: String = pages
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let first = json_of(decl().args(["show", FIRST, "--format", "json"]));
    for text in clause_texts(&first) {
        let start: Vec<&str> = text.split_whitespace().take(3).collect();
        assert!(
            flat.contains(&start.join(" ")),
            "missing from the PDF: {text}"
        );
    }
}

/// The Python that has LibreOffice's `uno` module (Debian: python3-uno), if any.
fn uno_python() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        std::process::Command::new(python)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The paragraphs a reading of a redline must have: the title, the place-and-date line, and
/// each section's heading and clauses, of `decl show --format json` of that side.
fn reading_paragraphs(show: &Value) -> Vec<String> {
    let mut out: Vec<String> = ["title", "dateline"]
        .iter()
        .filter_map(|f| show[f].as_str().map(ToString::to_string))
        .collect();
    for (heading, clauses) in outline(show) {
        out.extend(heading);
        out.extend(clauses);
    }
    out
}

/// LibreOffice accepting every change of a redline gives the new text, paragraph by paragraph,
/// and rejecting every change the old (`tests/lo_changes.py` drives it; the notes of the
/// comparison left out). On `moved-edited`, a clause moved with words added at its end and one
/// moved with words taken out, the changes dated: LibreOffice (7.4) lost the first's paragraph
/// mark, leaving an empty paragraph in the rejected reading, and kept the second's lost words in
/// both readings. On the generated pair the lost mark joined two clauses. In CI a missing
/// LibreOffice or `uno` module is a failure, not a skip.
#[test]
fn libreoffice_accepting_every_change_gives_the_new_text_and_rejecting_the_old() {
    let python = uno_python().filter(|_| have("soffice"));
    if !provided(
        python.is_some(),
        "soffice (libreoffice-writer-nogui) and Python's uno module (python3-uno)",
    ) {
        return;
    }
    let python = python.expect("provided");
    let tmp = tempfile::tempdir().unwrap();
    let case = root().join("tests/fixtures/diff/moved-edited");
    let moved = (
        case.join("old.md").display().to_string(),
        case.join("new.md").display().to_string(),
    );
    let generated = generated_pair(
        &root().join("benches/hard_corpus.py"),
        "60",
        "13",
        tmp.path(),
    );
    let mut redlines = Vec::new();
    for (i, (old, new)) in [moved, generated].into_iter().enumerate() {
        let out = tmp.path().join(format!("redline-{i}.docx"));
        decl()
            .args(["diff", &old, &new, "--format", "docx", "-o"])
            .arg(&out)
            .assert()
            .success();
        redlines.push((out, old, new));
    }
    let run = succeeded(
        std::process::Command::new(python)
            .arg(root().join("tests/lo_changes.py"))
            .arg(tmp.path().join("lo-profile"))
            .args(redlines.iter().map(|(docx, _, _)| docx))
            .output()
            .unwrap(),
    );
    let printed = String::from_utf8(run.stdout).unwrap();
    // `# accept FILE` or `# reject FILE`, then `style<TAB>text` per paragraph.
    let mut readings: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in printed.lines() {
        if let Some(head) = line.strip_prefix("# ") {
            readings.push((head.to_string(), Vec::new()));
        } else if let Some((_, paragraphs)) = readings.last_mut() {
            let (style, text) = line.split_once('\t').unwrap();
            paragraphs.push((style.to_string(), text.to_string()));
        }
    }
    assert_eq!(readings.len(), 2 * redlines.len(), "{printed}");
    for (docx, old, new) in &redlines {
        let bytes = std::fs::read(docx).unwrap();
        let read = decl::docx::read::read(docx, &bytes).unwrap();
        let notes: Vec<String> = read
            .paragraphs
            .iter()
            .filter(|p| read.role(p) == decl::docx::read::Role::Note)
            .map(|p| p.segments.iter().map(|s| s.text.as_str()).collect())
            .collect();
        for (reading, side) in [("accept", new), ("reject", old)] {
            let head = format!("{reading} {}", docx.display());
            let (_, paragraphs) = readings.iter().find(|(h, _)| *h == head).unwrap();
            let mut got: Vec<&str> = paragraphs
                .iter()
                .filter(|(style, text)| style != "Section Break" && !notes.contains(text))
                .map(|(_, text)| text.as_str())
                .collect();
            // The body's last paragraph mark cannot be a change: an empty one may end it.
            if got.last() == Some(&"") {
                got.pop();
            }
            let want =
                reading_paragraphs(&json_of(decl().args(["show", side, "--format", "json"])));
            assert_eq!(
                got, want,
                "{old} → {new}, LibreOffice: {reading} every change"
            );
        }
    }
}

/// Every pair of versions the diff tests use: `(old, new)` references.
fn diff_pairs() -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for dir in ["tests/fixtures/diff", "tests/fixtures/negotiation"] {
        let mut cases: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        for case in cases {
            if case.join("old.md").is_file() {
                pairs.push((
                    case.join("old.md").display().to_string(),
                    case.join("new.md").display().to_string(),
                ));
            } else if case.join("declaration.yaml").is_file() {
                let d = case.display().to_string();
                pairs.push((format!("{d}@previous"), format!("{d}@latest")));
            }
        }
    }
    pairs.push((
        format!(
            "{}@first",
            root().join("declarations/global-alliance-2025").display()
        ),
        format!(
            "{}@latest",
            root().join("declarations/global-alliance-2025").display()
        ),
    ));
    pairs
}

/// `decl diff OLD NEW --format docx`, checked as Word would, then read back: accepting every
/// change gives exactly the new version's clauses and headings, each clause under its own
/// heading, rejecting every change the old's.
fn assert_redline_reads_back(old: &str, new: &str, dir: &Path) {
    let out = dir.join("redline.docx");
    let run = decl()
        .args(["diff", old, new, "--format", "docx", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{old} → {new}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    verify(&out);
    for (reading, side) in [("accept", new), ("reject", old)] {
        let got = import_show(&out, reading);
        let want = json_of(decl().args(["show", side, "--format", "json"]));
        assert_eq!(
            clause_texts(&got),
            clause_texts(&want),
            "{old} → {new}, {reading}"
        );
        assert_eq!(
            headings(&got),
            headings(&want),
            "{old} → {new}, {reading} (headings)"
        );
        assert_eq!(
            outline(&got),
            outline(&want),
            "{old} → {new}, {reading} (clauses under their headings)"
        );
        assert_eq!(
            got["title"], want["title"],
            "{old} → {new}, {reading} (title)"
        );
    }
}

#[test]
fn diff_docx_accepted_is_the_new_text_and_rejected_the_old_on_every_diff_fixture() {
    let tmp = tempfile::tempdir().unwrap();
    let pairs = diff_pairs();
    assert!(pairs.len() >= 10, "{pairs:?}");
    for (old, new) in pairs {
        assert_redline_reads_back(&old, &new, tmp.path());
    }
}

/// Generated pairs with every kind of change: edits, moves (also edited), splits, merges (also
/// reworded, and of clauses apart), additions, deletions, headings changed. Always a pair of the
/// repository's own `benches/hard_corpus.py`; also `../shared/bench/gen_corpus.py` (three pairs
/// of 1,000 clauses and one of 20,000: a section removed whose clauses went to others, sections
/// moved whole) where that generator, outside the repository, is present.
#[test]
fn diff_docx_reads_back_exactly_on_generated_corpus_pairs() {
    let hard = root().join("benches/hard_corpus.py");
    let shared = root().join("../shared/bench/gen_corpus.py");
    let mut runs: Vec<(&Path, &str, &str)> = vec![(&hard, "1000", "1")];
    if shared.is_file() {
        runs.extend([
            (shared.as_path(), "1000", "1"),
            (shared.as_path(), "1000", "2"),
            (shared.as_path(), "1000", "3"),
            (shared.as_path(), "20000", "5"),
        ]);
    } else {
        eprintln!("not run: no {}", shared.display());
    }
    for (generator, clauses, seed) in runs {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = generated_pair(generator, clauses, seed, tmp.path());
        assert_redline_reads_back(&old, &new, tmp.path());
    }
}

/// Generate a pair with `generator` into `dir/pair`: the paths of its old and new files.
fn generated_pair(generator: &Path, clauses: &str, seed: &str, dir: &Path) -> (String, String) {
    let status = std::process::Command::new("python3")
        .arg(generator)
        .args(["--clauses", clauses, "--seed", seed, "--out"])
        .arg(dir.join("pair"))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let path = |name: &str| dir.join("pair").join(name).display().to_string();
    (path("old.md"), path("new.md"))
}

/// Regression: on this pair a clause is merged into a clause of another section and the clause
/// after it in its old section is deleted. The diff put the deletion after the merged clause,
/// so the redline wrote the deleted clause's (renamed) section heading there and the merged
/// clause's heading once more, as text of both readings (`merged-across` in
/// tests/fixtures/negotiation is the same case, small).
#[test]
fn diff_docx_reads_back_a_merge_across_renamed_sections() {
    let tmp = tempfile::tempdir().unwrap();
    let hard = root().join("benches/hard_corpus.py");
    let (old, new) = generated_pair(&hard, "1000", "2", tmp.path());
    assert_redline_reads_back(&old, &new, tmp.path());
}

/// Regression: of two sections swapped, the diff calls the longer one moved, but its clauses
/// stay in place in the redline and the shorter one's move. The longer one's heading was moved
/// and the shorter one's left in place, so rejecting every change gave the shorter one's
/// heading first, empty, and all the clauses under the other.
#[test]
fn diff_docx_moves_the_heading_of_the_section_whose_clauses_moved() {
    let tmp = tempfile::tempdir().unwrap();
    let case = "tests/fixtures/negotiation/swapped";
    let (old, new) = (format!("{case}/old.md"), format!("{case}/new.md"));
    let diff = json_of(decl().args(["diff", &old, &new, "--format", "json"]));
    assert_eq!(diff["sections"][0]["old_heading"], "On response, we:");
    assert_eq!(diff["sections"][0]["kind"], "moved");
    assert_redline_reads_back(&old, &new, tmp.path());
    let body = part(&tmp.path().join("redline.docx"), "word/document.xml");
    let moved_from = body.find("<w:moveFromRangeStart").unwrap();
    let heading = "On prevention, we:";
    assert_eq!(body.matches(heading).count(), 2, "{body}");
    assert!(body[moved_from..].contains(heading), "{body}");
    assert_eq!(body.matches("On response, we:").count(), 1, "{body}");
}

#[test]
fn diff_docx_changes_carry_the_author_and_date_and_the_pages_the_marking() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("redline.docx");
    let old = "tests/fixtures/negotiation/moves/old.md";
    let new = "tests/fixtures/negotiation/moves/new.md";
    decl()
        .args([
            "diff",
            old,
            new,
            "--format",
            "docx",
            "--author",
            "Presidency <FR>",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let changes = verify(&out);
    assert!(changes > 0);
    let body = part(&out, "word/document.xml");
    assert_eq!(
        body.matches("w:author=\"Presidency &lt;FR&gt;\"").count(),
        changes,
        "{body}"
    );
    assert!(body.contains("<w:moveFromRangeStart ") && body.contains("<w:moveToRangeStart "));
    // Without --author, the new version's `from`; the date is the new version's.
    let example = tmp.path().join("example.docx");
    decl()
        .args([
            "diff",
            "declarations/global-alliance-2025",
            "--format",
            "docx",
            "-o",
        ])
        .arg(&example)
        .assert()
        .success();
    let body = part(&example, "word/document.xml");
    assert!(body.contains("w:date=\"2025-12-10T00:00:00Z\""), "{body}");
    assert!(part(&example, "word/header1.xml").contains(">PUBLIC<"));
    assert!(part(&example, "word/header1.xml").contains("ILLUSTRATIVE TEXT"));
    // Word output goes to a file.
    let run = decl()
        .args(["diff", old, new, "--format", "docx"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("add `-o FILE.docx`"));
}

#[test]
fn synopsis_docx_is_a_landscape_table_one_column_per_version_with_changes_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("synopsis.docx");
    decl()
        .args([
            "synopsis",
            "declarations/global-alliance-2025",
            "--format",
            "docx",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    verify(&out);
    let body = part(&out, "word/document.xml");
    assert!(body.contains("w:orient=\"landscape\""));
    assert_eq!(body.matches("<w:gridCol ").count(), 2);
    assert!(body.contains("<w:tblHeader/>"));
    assert!(part(&out, "word/header1.xml").contains(">LIMITE<"));
    // Every clause of every version is in the table; the changed words are marked.
    let bytes = std::fs::read(&out).unwrap();
    let doc = decl::docx::read::read(&out, &bytes).unwrap();
    let paragraphs = doc.read(decl::docx::read::Reading::Accept);
    let all: String = paragraphs.iter().map(|p| p.text() + "\n").collect();
    let plain: String = paragraphs
        .iter()
        .flat_map(|p| p.segments.iter())
        .filter(|s| !s.format.strike)
        .map(|s| s.text.as_str())
        .collect();
    for version in ["first", "latest"] {
        let show = json_of(decl().args([
            "show",
            &format!("declarations/global-alliance-2025@{version}"),
            "--format",
            "json",
        ]));
        for text in clause_texts(&show) {
            let found = if version == "first" {
                all.contains(&text)
            } else {
                plain.contains(&text)
            };
            assert!(found, "{version}: {text}");
        }
    }
    let segments: Vec<_> = paragraphs.iter().flat_map(|p| p.segments.iter()).collect();
    assert!(
        segments
            .iter()
            .any(|s| s.format.strike && s.text.contains("in particular"))
    );
    assert!(
        segments.iter().any(|s| s.format.bold
            && s.format.underline
            && s.text.contains("along migratory routes"))
    );
    let run = decl()
        .args([
            "synopsis",
            "declarations/global-alliance-2025",
            "--format",
            "docx",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
}
