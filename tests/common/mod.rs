//! Shared helpers for the CLI tests: a hermetic `decl` command.
#![allow(dead_code)]

pub mod generate;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (where the example declaration lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `decl` with a cleared environment, a fixed date and no colour, run in `dir`.
pub fn decl_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("decl").expect("binary builds");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DECL_TODAY", "2026-01-15")
        .env("NO_COLOR", "1")
        .current_dir(dir);
    cmd
}

/// `decl` run at the repository root.
pub fn decl() -> Command {
    decl_in(&root())
}

/// Copy the example declaration repository into a temporary folder.
pub fn example_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &root().join("declarations"),
        &tmp.path().join("declarations"),
    );
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file below `dir` with its bytes, to show that a refused command changed nothing.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}

pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).expect("valid JSON")
}

/// The clause texts of a `decl show --format json` document, in order.
pub fn clause_texts(show: &serde_json::Value) -> Vec<String> {
    show["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["clauses"].as_array().unwrap())
        .map(|c| c["text"].as_str().unwrap().to_string())
        .collect()
}

/// The sections of a `decl show --format json` document, in order, each its heading and its
/// clause texts (unnamed sections without clauses left out).
pub fn outline(show: &serde_json::Value) -> Vec<(Option<String>, Vec<String>)> {
    show["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let clauses = s["clauses"].as_array().unwrap().iter();
            (
                s["heading"].as_str().map(ToString::to_string),
                clauses
                    .map(|c| c["text"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(heading, clauses)| heading.is_some() || !clauses.is_empty())
        .collect()
}

/// The section headings of a `decl show --format json` document, in order.
pub fn headings(show: &serde_json::Value) -> Vec<String> {
    show["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["heading"].as_str().map(ToString::to_string))
        .collect()
}

/// Every file below `dir`, relative to it, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// The values of `attr="…"` in `html`.
pub fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The main part of a Word document, one paragraph a line, to review as text.
pub fn docx_text(bytes: &[u8]) -> String {
    docx_part(bytes, "word/document.xml")
        .replace("<w:p>", "\n<w:p>")
        .replace("<w:sectPr>", "\n<w:sectPr>")
}

/// A copy of the fictional negotiation of tests/fixtures/compilation with the three
/// delegations' proposals on `draft` recorded (EU from Markdown, US from YAML, JP from Word).
pub fn compilation_with_proposals() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("tests/fixtures/compilation"), tmp.path());
    for (code, file, date) in [
        ("EU", "EU.md", "2025-03-20"),
        ("US", "US.yaml", "2025-03-21"),
        ("JP", "JP.docx", "2025-03-24"),
    ] {
        stdout_of(decl_in(tmp.path()).env("DECL_TODAY", "2025-06-01").args([
            "propose",
            "safe-harbours",
            code,
            &format!("declarations/safe-harbours/copies/{file}"),
            "--version",
            "draft",
            "--date",
            date,
        ]));
    }
    tmp
}

/// One part of a Word package (`word/document.xml`), as text.
pub fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).expect("the part"), &mut xml)
        .expect("UTF-8");
    xml
}

/// A copy of the Word package at `from` with its main part changed by `edit`, written to `to`.
pub fn edit_docx(from: &Path, to: &Path, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(from).expect("read the package");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("an entry");
        let name = f.name().expect("a name").to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).expect("read the entry");
        if name == "word/document.xml" {
            data = edit(&String::from_utf8(data).expect("UTF-8")).into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("an entry");
        std::io::Write::write_all(&mut w, &data).expect("write the entry");
    }
    w.finish().expect("finish the package");
}

/// Whether a program runs at all (`pdftotext --version` exits 1, so the status says nothing).
pub fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok()
}

/// The output of a run that must have succeeded (else the test fails with its standard error).
pub fn succeeded(run: std::process::Output) -> std::process::Output {
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// Whether what a test needs from outside is here (`found`, as the caller found it), `what`
/// naming it with its Debian package. In CI (`CI` set, where `.ci/run` installs it) its absence
/// fails the test; elsewhere the test is skipped, saying so.
pub fn provided(found: bool, what: &str) -> bool {
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI must provide {what}"
    );
    if !found {
        eprintln!("skipped: {what} not installed");
    }
    found
}

/// Convert a Word document to PDF with LibreOffice; the text of each page.
pub fn libreoffice_pages(docx: &Path) -> Vec<String> {
    let dir = docx.parent().unwrap();
    let profile = dir.join("lo-profile");
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = docx.with_extension("pdf");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(ToString::to_string)
        .collect()
}

/// The words of printed pages on one line, one space apart; a word broken after its hyphen at
/// the end of a line (`long-` / `distance`) is whole again.
pub fn pdf_words(pages: &[String]) -> String {
    let mut flat = String::new();
    for line in pages.iter().flat_map(|p| p.lines()) {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        let broken = flat.ends_with('-')
            && flat[..flat.len() - 1].ends_with(char::is_alphabetic)
            && line.starts_with(char::is_alphabetic);
        if !flat.is_empty() && !broken {
            flat.push(' ');
        }
        flat.push_str(&line);
    }
    flat
}
