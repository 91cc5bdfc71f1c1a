//! `decl render`: HTML, Markdown, text and PDF through templates; markings; overrides.

mod common;

use common::{decl, decl_in, example_copy, have, json_of, snapshot_tree, stdout_of};

const FIRST: &str = "declarations/global-alliance-2025@first";
const LATEST: &str = "declarations/global-alliance-2025";

#[test]
fn html_is_self_contained_marked_and_escaped() {
    let html = stdout_of(decl().args(["render", FIRST]));
    assert!(html.contains("Content-Security-Policy"));
    assert!(
        html.contains("@top-right { content: \"LIMITE\""),
        "marking on every printed page"
    );
    assert!(html.contains("@bottom-left { content: \"11767/25 JAI.1 LIMITE EN\""));
    assert!(html.contains("counter(page) \" / \" counter(pages)"));
    for external in ["<link", "<script", "src=\"http", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    assert!(html.contains("<td class=\"label\">From:</td><td>Presidency</td>"));
    assert!(!html.contains("Illustrative text"));
    let adopted = stdout_of(decl().args(["render", LATEST]));
    assert!(adopted.contains("Illustrative text: not an official version"));
    assert!(adopted.contains("ILLUSTRATIVE TEXT"));
}

#[test]
fn clause_text_cannot_inject_markup() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("v.md"),
        "---\nclassification: \"LIMITE\\\"; } body { display: none\"\n---\n# T <script>alert(1)</script>\n\nAgree <script>alert(1)</script> and <img src=x onerror=alert(1)> [x](javascript:alert(1)).\n",
    )
    .unwrap();
    let html = stdout_of(decl_in(tmp.path()).args(["render", "v.md"]));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(
        html.contains("Agree &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img"),
        "{html}"
    );
    assert!(html.contains("<h1>T alert(1)</h1>"), "{html}");
    assert!(
        html.contains("content: \"LIMITE\\22 ; } BODY { DISPLAY: NONE\""),
        "{html}"
    );
}

#[test]
fn markdown_and_text_carry_the_marking_at_the_top() {
    let md = stdout_of(decl().args(["render", FIRST, "--to", "md"]));
    assert!(md.starts_with("**LIMITE** · 11767/25\n"), "{md}");
    let txt = stdout_of(decl().args(["render", FIRST, "--to", "txt"]));
    assert!(txt.starts_with("LIMITE    11767/25\n"), "{txt}");
    assert!(txt.lines().all(|l| l.chars().count() <= 72), "{txt}");
    // Every clause's words are there, in order.
    let show = json_of(decl().args(["show", FIRST, "--format", "json"]));
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut at = 0;
    for section in show["sections"].as_array().unwrap() {
        for clause in section["clauses"].as_array().unwrap() {
            let clause_text = clause["text"].as_str().unwrap();
            let found = flat[at..]
                .find(clause_text)
                .unwrap_or_else(|| panic!("missing: {clause_text}"));
            at += found + clause_text.len();
        }
    }
}

#[test]
fn public_refuses_anything_not_public_and_writes_nothing() {
    let tmp = example_copy();
    let before = snapshot_tree(tmp.path());
    let out = decl_in(tmp.path())
        .args(["render", FIRST, "--public", "-o", "out.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`--public` refused: version `2025-07-18-draft` is LIMITE, not PUBLIC"),
        "{err}"
    );
    assert_eq!(before, snapshot_tree(tmp.path()));
    decl_in(tmp.path())
        .args(["render", LATEST, "--public", "-o", "out.html"])
        .assert()
        .success();
    assert!(tmp.path().join("out.html").is_file());
}

#[test]
fn repository_templates_override_the_defaults_file_by_file() {
    let tmp = example_copy();
    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/declaration.txt"),
        "{{ document.number }}|{{ sections | length }}|{{ sections[1].clauses[0].id }}\n",
    )
    .unwrap();
    let txt = stdout_of(decl_in(tmp.path()).args(["render", FIRST, "--to", "txt"]));
    assert_eq!(txt, "11767/25|5|reaffirm-need-strong-national\n");
    // The HTML default is still the built-in one.
    let html = stdout_of(decl_in(tmp.path()).args(["render", FIRST]));
    assert!(html.starts_with("<!DOCTYPE html>"));
}

#[test]
fn template_errors_name_the_template_and_line() {
    let tmp = example_copy();
    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/declaration.md"),
        "ok\n{{ document.nope }}\n",
    )
    .unwrap();
    let out = decl_in(tmp.path())
        .args(["render", FIRST, "--to", "md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: declaration.md:2:1: template error:"),
        "{err}"
    );
    // Output is written as the template makes it; a template that fails after writing some
    // leaves the file named by `-o` as it was.
    std::fs::write(
        tmp.path().join("templates/late.md"),
        "{% for s in sections %}{{ s.heading }}\n{% endfor %}{{ document.nope.deeper }}\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("out.md"), "before\n").unwrap();
    let out = decl_in(tmp.path())
        .args([
            "render",
            FIRST,
            "--template",
            "late",
            "--to",
            "md",
            "-o",
            "out.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: late.md:2:1: template error:"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("out.md")).unwrap(),
        "before\n"
    );
    let out = decl_in(tmp.path())
        .args(["render", FIRST, "--template", "../secret"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("leaves the templates folder"));
}

#[test]
fn dump_templates_writes_the_defaults_once() {
    let tmp = tempfile::tempdir().unwrap();
    decl_in(tmp.path())
        .args(["render", "--dump-templates", "t"])
        .assert()
        .success();
    for name in ["declaration.html", "declaration.md", "declaration.txt"] {
        assert!(tmp.path().join("t").join(name).is_file());
    }
    let before = snapshot_tree(tmp.path());
    decl_in(tmp.path())
        .args(["render", "--dump-templates", "t"])
        .assert()
        .code(2);
    assert_eq!(before, snapshot_tree(tmp.path()));
}

#[test]
fn pdf_without_chromium_names_the_package() {
    let tmp = tempfile::tempdir().unwrap();
    let out = decl_in(&common::root())
        .env("PATH", tmp.path())
        .args(["render", FIRST, "--to", "pdf", "-o"])
        .arg(tmp.path().join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs Chromium") && err.contains("apt-get install chromium"),
        "{err}"
    );
    assert!(!tmp.path().join("x.pdf").exists());
}

/// Print the example through real headless Chromium and read the PDF back with pdftotext: the
/// marking and document number on every page, page numbers, every clause's words. In CI (where
/// `.ci/run` installs chromium and poppler-utils) a missing program is a failure, not a skip.
#[test]
fn pdf_in_a_real_browser() {
    if !common::provided(
        have("chromium") && have("pdftotext"),
        "chromium and pdftotext (poppler-utils)",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("draft.pdf");
    decl()
        .args(["render", FIRST, "--to", "pdf", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let pages_out = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&pages_out.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(pages >= 2, "{info}");
    let mut all = String::new();
    for page in 1..=pages {
        let out = std::process::Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(text.contains("LIMITE"), "page {page}: {text}");
        assert!(
            text.contains("11767/25 JAI.1 LIMITE EN"),
            "page {page}: {text}"
        );
        let number = text.split_whitespace().collect::<String>();
        assert!(
            number.contains(&format!("{page}/{pages}")),
            "page {page} number: {text}"
        );
        all.push_str(&text);
        all.push(' ');
    }
    let flat: String = all.split_whitespace().collect::<Vec<_>>().join(" ");
    let show = json_of(decl().args(["show", FIRST, "--format", "json"]));
    for section in show["sections"].as_array().unwrap() {
        for clause in section["clauses"].as_array().unwrap() {
            let text = clause["text"].as_str().unwrap();
            // Lines broken across pages carry the footer in between: compare word runs.
            let words: Vec<&str> = text.split_whitespace().collect();
            for chunk in words.chunks(6) {
                let piece = chunk.join(" ");
                assert!(flat.contains(&piece), "missing from the PDF: {piece}");
            }
        }
    }
}

/// In an adopted version, `[list of countries]` and `[list]` are filled from the ledger with the
/// endorsements that stand for that version, in conventional order; in a draft they stay.
#[test]
fn adopted_placeholders_are_filled_from_the_ledger() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("declarations/d");
    std::fs::create_dir_all(dir.join("versions")).unwrap();
    std::fs::write(
        dir.join("declaration.yaml"),
        "versions:\n  - versions/draft.md\n  - versions/final.md\n",
    )
    .unwrap();
    let text = "# T\n\nWe, representatives of the European Union and partner countries [list of countries], and International Organisations [list] gathered; <!-- id: opening -->\n\nAgree. <!-- id: agree -->\n";
    std::fs::write(
        dir.join("versions/draft.md"),
        format!("---\ndate: 2025-07-18\nstatus: draft\nillustrative: true\n---\n{text}"),
    )
    .unwrap();
    std::fs::write(dir.join("versions/final.md"), format!("---\ndate: 2025-12-10\nstatus: adopted\nclassification: PUBLIC\nillustrative: true\n---\n{text}")).unwrap();
    let run = |args: &[&str]| decl_in(tmp.path()).args(args).assert().success();
    run(&[
        "endorse",
        "d",
        "MA",
        "EL",
        "BE",
        "--version",
        "final",
        "--date",
        "2025-12-10",
    ]);
    run(&[
        "endorse",
        "d",
        "IOM",
        "--version",
        "final",
        "--date",
        "2025-12-11",
    ]);
    run(&[
        "endorse",
        "d",
        "TN",
        "--version",
        "final",
        "--date",
        "2025-12-11",
    ]);
    run(&["withdraw", "d", "TN", "--date", "2025-12-12"]);
    // An endorsement of the draft still stands: the clauses did not change.
    run(&[
        "endorse",
        "d",
        "AL",
        "--version",
        "draft",
        "--date",
        "2025-07-20",
    ]);
    let rendered = stdout_of(decl_in(tmp.path()).args(["render", "d@final", "--to", "txt"]));
    let flat = rendered.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("partner countries Belgium, Greece, Albania and Morocco, and International Organisations International Organization for Migration gathered"),
        "{rendered}"
    );
    assert!(!flat.contains("Tunisia"), "withdrawn: {rendered}");
    let draft = stdout_of(decl_in(tmp.path()).args(["render", "d@draft", "--to", "txt"]));
    let draft = draft.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        draft.contains("partner countries [list of countries], and"),
        "{draft}"
    );
}

#[test]
fn footnotes_are_numbered_where_referenced_and_printed_after_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("v.md"),
        "# Joint Statement (fictional)\n\nWe, the EU and Kosovo[^k], recall Regulation (EU) 2024/1717[^oj];\n\nAgain Kosovo[^k] <script>x</script>.\n\n[^oj]: OJ L, 2024/1717, 20.6.2024.\n\n[^k]: This designation is without prejudice to positions on status.\n\n[^unused]: Not referenced.\n",
    )
    .unwrap();
    let html = stdout_of(decl_in(tmp.path()).args(["render", "v.md"]));
    assert!(
        html.contains("Kosovo<sup class=\"footnote-ref\"><a href=\"#fn-1\">1</a></sup>, recall Regulation (EU) 2024/1717<sup class=\"footnote-ref\"><a href=\"#fn-2\">2</a></sup>"),
        "{html}"
    );
    assert!(html.contains("<li id=\"fn-1\">This designation is without prejudice to positions on status.</li>\n<li id=\"fn-2\">OJ L, 2024/1717, 20.6.2024.</li>"), "{html}");
    assert!(!html.contains("[^"), "no raw footnote syntax: {html}");
    assert!(!html.contains("Not referenced"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    let txt = stdout_of(decl_in(tmp.path()).args(["render", "v.md", "--to", "txt"]));
    assert!(
        txt.contains("We, the EU and Kosovo[1], recall Regulation (EU) 2024/1717[2];"),
        "{txt}"
    );
    assert!(txt.contains("[1] This designation is without prejudice to positions on status.\n[2] OJ L, 2024/1717, 20.6.2024.\n"), "{txt}");
    let md = stdout_of(decl_in(tmp.path()).args(["render", "v.md", "--to", "md"]));
    assert!(md.contains("Kosovo[^k], recall"), "{md}");
    assert!(
        md.contains(
            "[^k]: This designation is without prejudice to positions on status.\n\n[^oj]: OJ L"
        ),
        "{md}"
    );
}

#[test]
fn a_missing_template_names_the_templates_there_are_not_an_override() {
    let out = decl()
        .args(["render", FIRST, "--template", "missing.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no template `missing.html`"), "{err}");
    assert!(err.contains("`declaration.html`"), "{err}");
    assert!(!err.contains("remove your override"), "{err}");
}

#[cfg(unix)]
#[test]
fn regression_a_template_linked_out_of_the_templates_folder_is_refused() {
    // A symlink inside `templates/` once let a template read any file on the machine.
    let tmp = example_copy();
    std::fs::write(tmp.path().join("secret.txt"), "SECRET {{ 1 + 1 }}\n").unwrap();
    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("secret.txt"),
        tmp.path().join("templates/declaration.txt"),
    )
    .unwrap();
    let out = decl_in(tmp.path())
        .args(["render", FIRST, "--to", "txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("leaves the templates folder"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("SECRET"));
    // A link that stays inside is a template like any other.
    std::fs::remove_file(tmp.path().join("templates/declaration.txt")).unwrap();
    std::fs::write(tmp.path().join("templates/mine.txt"), "MINE\n").unwrap();
    std::os::unix::fs::symlink("mine.txt", tmp.path().join("templates/declaration.txt")).unwrap();
    let out = stdout_of(decl_in(tmp.path()).args(["render", FIRST, "--to", "txt"]));
    assert_eq!(out, "MINE\n");
}

#[test]
fn regression_the_templates_setting_is_honoured_or_refused() {
    // `templates:` in decl.yaml was read and then ignored.
    let tmp = example_copy();
    std::fs::create_dir(tmp.path().join("layouts")).unwrap();
    std::fs::write(tmp.path().join("layouts/declaration.txt"), "FROM LAYOUTS\n").unwrap();
    std::fs::write(tmp.path().join("decl.yaml"), "templates: layouts\n").unwrap();
    let out = stdout_of(decl_in(tmp.path()).args(["render", FIRST, "--to", "txt"]));
    assert_eq!(out, "FROM LAYOUTS\n");
    for (setting, expect) in [
        (
            "templates: missing\n",
            "`templates: missing` is not a folder",
        ),
        ("templates: ../elsewhere\n", "is outside the repository"),
        ("templates: /etc\n", "is outside the repository"),
    ] {
        std::fs::write(tmp.path().join("decl.yaml"), setting).unwrap();
        let out = decl_in(tmp.path())
            .args(["render", FIRST, "--to", "txt"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{setting}: {stderr}");
        assert!(stderr.starts_with("error: decl.yaml:1:"), "{stderr}");
        assert!(stderr.contains(expect), "{setting}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn regression_a_pdf_timeout_ends_every_process_chromium_started() {
    // On the timeout only Chromium's direct child was killed; its renderers lived on.
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let fake = tmp.path().join("chromium");
    let pid_file = tmp.path().join("child.pid");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nsleep 300 &\necho $! > '{}'\nsleep 300\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = decl()
        .env("DECL_CHROMIUM", &fake)
        .env("DECL_PDF_TIMEOUT", "1")
        .args(["render", FIRST, "--to", "pdf", "-o"])
        .arg(tmp.path().join("x.pdf"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("did not finish printing within 1 s"),
        "{stderr}"
    );
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    // Gone, or a zombie waiting for its parent to read its status: not running.
    let mut running = true;
    for _ in 0..50 {
        let state = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()))
            .ok()
            .and_then(|s| s.rsplit(") ").next().map(|r| r.chars().next()));
        running = matches!(state, Some(Some(c)) if c != 'Z' && c != 'X');
        if !running {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!running, "the grandchild {pid} still runs");
    assert!(!tmp.path().join("x.pdf").exists());
}

#[cfg(unix)]
#[test]
fn regression_render_to_a_terminal_shows_control_characters_instead_of_obeying_them() {
    // `render --to txt|md` to a terminal once passed a document's escape sequences through.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("v.md"),
        "# Title\u{1b}]0;pwned\u{7}\n\nA clause \u{1b}[2J here.\n",
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("decl");
    for to in ["txt", "md"] {
        // `script` gives the command a terminal, as a person's shell would.
        let out = std::process::Command::new("script")
            .args([
                "-qec",
                &format!("'{}' render v.md --to {to}", bin.display()),
                "/dev/null",
            ])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "dumb")
            .current_dir(tmp.path())
            .output()
            .expect("`script` (util-linux) runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{to}: {text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{to}: {text:?}"
        );
        assert!(text.contains("A clause \\u{1b}[2J here."), "{to}: {text:?}");
    }
    // To a pipe or file the rendering is the exact text.
    let piped = stdout_of(decl_in(tmp.path()).args(["render", "v.md", "--to", "md"]));
    assert!(piped.contains("A clause \u{1b}[2J here."), "{piped:?}");
}

#[test]
fn public_refuses_an_adopted_text_with_placeholders_nothing_fills() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("final.md"),
        "---\nclassification: PUBLIC\nstatus: adopted\n---\n# Joint Statement (fictional)\n\nBrussels, [date]\n\nWe, the European Union and partner countries [list of countries], meet on XX March;\n\nWe agree [within 24 hours].\n",
    )
    .unwrap();
    let before = snapshot_tree(tmp.path());
    let out = decl_in(tmp.path())
        .args(["render", "final.md", "--public", "-o", "out.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is unfinished, with 2 placeholders: `[date]` in the dateline; `XX` in clause 1 (line 9)"),
        "{err}"
    );
    assert_eq!(before, snapshot_tree(tmp.path()), "nothing written");
    // Without --public, a working copy still renders.
    decl_in(tmp.path())
        .args(["render", "final.md"])
        .assert()
        .success();
}

#[test]
fn every_html_page_shares_one_overridable_shell() {
    let tmp = example_copy();
    let dir = tmp.path().join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    // One file restyles every page: the shell, with a mark of its own.
    let base = decl()
        .args(["render", "--dump-templates"])
        .arg(tmp.path().join("defaults"))
        .output()
        .unwrap();
    assert!(base.status.success());
    let shell = std::fs::read_to_string(tmp.path().join("defaults/base.html")).unwrap();
    let shell = shell.replace("<body>", "<body>\n<p class=\"house-style\">House style</p>");
    std::fs::write(dir.join("base.html"), shell).unwrap();
    let decl_dir = "declarations/global-alliance-2025";
    for args in [
        vec!["render", decl_dir],
        vec!["diff", decl_dir, "--format", "html"],
        vec!["synopsis", decl_dir, "--format", "html"],
    ] {
        let html = stdout_of(decl_in(tmp.path()).args(&args));
        assert!(
            html.contains("<p class=\"house-style\">House style</p>"),
            "{args:?}"
        );
        assert!(html.contains("Content-Security-Policy"), "{args:?}");
    }
    // One page's template restyles that page only.
    std::fs::write(
        dir.join("diff.html"),
        "{% extends \"base.html\" %}{% block body %}<p>{{ headline }}</p>{% endblock %}",
    )
    .unwrap();
    let html = stdout_of(decl_in(tmp.path()).args(["diff", decl_dir, "--format", "html"]));
    assert!(
        html.contains("House style</p>\n<div class=\"bar\">"),
        "{html}"
    );
    assert!(html.contains("<p>"), "{html}");
    assert!(!html.contains("<nav class=\"toc\""), "{html}");
    // A broken override is an error naming the template, exit 2.
    std::fs::write(dir.join("synopsis.html"), "{% block %}").unwrap();
    let out = decl_in(tmp.path())
        .args(["synopsis", decl_dir, "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("synopsis.html"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
