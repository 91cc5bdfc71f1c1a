//! Every `decl diff` output format over one shared pair of fixtures, as snapshots: adding a
//! `Format` variant fails here until its snapshot exists. Also what each format promises beyond
//! its snapshot: escaping in HTML, column widths in side-by-side.

mod common;

use std::fmt::Write as _;

use clap::ValueEnum as _;
use common::docx_text;
use decl::diff::format::{self, Format, Settings};
use decl::diff::{self, Options};
use decl::model::{Meta, Version};
use decl::source::Source;
use unicode_width::UnicodeWidthStr;

fn fixture(name: &str) -> Version {
    pair_file("negotiation", name)
}

fn pair_file(pair: &str, name: &str) -> Version {
    let path = common::root()
        .join("tests/fixtures/diff")
        .join(pair)
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture reads");
    version(&format!("{pair}/{name}"), &text)
}

fn version(name: &str, markdown: &str) -> Version {
    decl::parse::version(&Source::new(name, markdown.to_string()), &Meta::default())
        .expect("test document parses")
}

fn render(old: &Version, new: &Version, format: Format, settings: &Settings) -> String {
    let diff = diff::diff(old, new, &Options::default());
    let mut out = Vec::new();
    format::write(&diff, format, settings, &mut out).expect("writes to memory");
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn every_format_of_the_negotiation_fixture() {
    let (old, new) = (fixture("old.md"), fixture("new.md"));
    let settings = Settings {
        context: 2,
        color: false,
        width: 100,
        word: Some(format::docx::word_settings(&old, &new, None)),
    };
    for format in Format::value_variants() {
        let name = format
            .to_possible_value()
            .expect("formats are not hidden")
            .get_name()
            .to_string();
        if *format == Format::Docx {
            let diff = diff::diff(&old, &new, &Options::default());
            let mut out = Vec::new();
            format::write(&diff, *format, &settings, &mut out).expect("writes to memory");
            insta::assert_snapshot!(format!("format_{name}"), docx_text(&out));
            continue;
        }
        let mut text = render(&old, &new, *format, &settings);
        if *format == Format::Json {
            // Pretty, so that the snapshot reviews line by line; field order is kept.
            let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            text = serde_json::to_string_pretty(&value).expect("serialises");
        }
        insta::assert_snapshot!(format!("format_{name}"), text);
    }
}

/// Pairs that differ in one thing a clause's plain text does not show, through the command
/// line: every format reports it, and `--exit-code` says the files differ.
#[test]
fn every_format_of_pairs_that_change_only_what_the_text_hides() {
    let fixtures = common::root().join("tests/fixtures/diff");
    for pair in ["metadata", "footnote", "link", "blocks"] {
        common::decl_in(&fixtures)
            .args(["diff", &format!("{pair}/old.md"), &format!("{pair}/new.md")])
            .arg("--exit-code")
            .assert()
            .code(1);
        for format in Format::value_variants() {
            let name = format
                .to_possible_value()
                .expect("formats are not hidden")
                .get_name()
                .to_string();
            if *format == Format::Docx {
                let tmp = tempfile::tempdir().unwrap();
                let out = tmp.path().join("redline.docx");
                common::decl_in(&fixtures)
                    .args(["diff", &format!("{pair}/old.md"), &format!("{pair}/new.md")])
                    .args(["--format", "docx", "-o"])
                    .arg(&out)
                    .assert()
                    .success();
                let bytes = std::fs::read(&out).unwrap();
                insta::assert_snapshot!(format!("{pair}_{name}"), docx_text(&bytes));
                continue;
            }
            let mut text = common::stdout_of(
                common::decl_in(&fixtures)
                    .args(["diff", &format!("{pair}/old.md"), &format!("{pair}/new.md")])
                    .args(["--format", &name, "--width", "100"]),
            );
            if *format == Format::Json {
                let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
                text = serde_json::to_string_pretty(&value).expect("serialises");
            }
            insta::assert_snapshot!(format!("{pair}_{name}"), text);
        }
    }
}

/// The footnotes of clauses added, deleted or split are shown with them in every format: the
/// text of a footnote that comes or goes with its clause is a difference too.
#[test]
fn every_format_shows_the_footnotes_of_clauses_added_deleted_and_split() {
    let fixtures = common::root().join("tests/fixtures/diff");
    let (old, new) = ("footnote-clauses/old.md", "footnote-clauses/new.md");
    let notes = [
        "Fictional note on observers, deleted with its clause.",
        "Fictional note added in a split.",
        "Fictional note of an added clause.",
    ];
    for format in Format::value_variants() {
        let name = format
            .to_possible_value()
            .expect("formats are not hidden")
            .get_name()
            .to_string();
        if *format == Format::Stat {
            continue;
        }
        let text = if *format == Format::Docx {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("redline.docx");
            common::decl_in(&fixtures)
                .args(["diff", old, new, "--format", "docx", "-o"])
                .arg(&out)
                .assert()
                .success();
            docx_text(&std::fs::read(&out).unwrap())
        } else {
            common::stdout_of(
                common::decl_in(&fixtures)
                    .args(["diff", old, new, "--format", &name, "--width", "200"]),
            )
        };
        for note in notes {
            assert!(
                text.contains(note),
                "{name} does not show `{note}`:\n{text}"
            );
        }
    }
}

#[test]
fn side_by_side_with_colour_marks_words_by_style_only() {
    let (old, new) = (fixture("old.md"), fixture("new.md"));
    let settings = Settings {
        context: 0,
        color: true,
        width: 80,
        word: None,
    };
    let text = render(&old, &new, Format::SideBySide, &settings);
    assert!(!text.contains("{-") && !text.contains("{+"), "{text}");
    assert!(text.contains("\u{1b}["), "styled: {text}");
}

#[test]
fn side_by_side_keeps_every_line_within_the_width() {
    let old = version(
        "old.md",
        "# T\n\n移民走私网络利用数字平台招募移民，我们将加强合作以打击这些网络。\n\nShort clause.\n\nA clause whose words are long enough to wrap several times in a narrow column: supercalifragilistic.\n",
    );
    let new = version(
        "new.md",
        "# T\n\n移民走私网络利用数字平台招募移民，我们将大力加强合作以打击这些网络。\n\nShort clause, now longer. 🇪🇺 👍\n\nA clause whose words are long enough to wrap several times in a narrow column: supercalifragilistic.\n",
    );
    for width in [40, 61, 100] {
        let settings = Settings {
            context: 2,
            color: false,
            width,
            word: None,
        };
        let text = render(&old, &new, Format::SideBySide, &settings);
        for line in text.lines() {
            assert!(
                line.width() <= width,
                "wider than {width}: {line:?} ({})",
                line.width()
            );
        }
        // The separator stands in the same column on every two-column row.
        let columns: Vec<usize> = text
            .lines()
            .filter_map(|l| l.find('│').map(|at| l[..at].width()))
            .collect();
        assert!(columns.windows(2).all(|w| w[0] == w[1]), "{text}");
    }
}

#[test]
fn html_escapes_document_text() {
    // Backslashes keep Markdown from reading the tags as inline HTML, so they reach the plain
    // text of clauses and headings, which is what the page shows.
    let old = version(
        "old.md",
        "---\nclassification: <b>LIMITE</b>\n---\n# Title \\<script>alert(1)\\</script>\n\n## Heading \"quoted\" & \\<i>x\\</i>\n\nA clause with \\<script>alert('x')\\</script> and \"quotes\". <!-- id: a-1 -->\n\nGone \\<img src=x onerror=alert(2)>.\n",
    );
    let new = version(
        "new.md",
        "# Title \\<script>alert(1)\\</script>\n\n## Heading \"requoted\" & \\<i>y\\</i>\n\nA clause with \\<script>alert('y')\\</script> and \"more quotes\". <!-- id: a-1 -->\n\nNew \\<style>body{display:none}\\</style> text.\n",
    );
    assert!(
        new.clauses()
            .any(|c| c.text.contains("<script>alert('y')</script>"))
    );
    let html = render(&old, &new, Format::Html, &Settings::default());
    for raw in [
        "<script",
        "<img",
        "<i>",
        "<b>LIMITE",
        "\"quotes\"",
        "<style>body",
    ] {
        assert!(!html.contains(raw), "unescaped `{raw}` in:\n{html}");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;"), "{html}");
    assert!(html.contains("&quot;more quotes&quot;"), "{html}");
    // The only style element is the page's own, and nothing is loaded.
    assert_eq!(html.matches("<style>").count(), 1);
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"));
    assert!(!html.contains("src=\"") && !html.contains("href=\"http"));
}

#[test]
fn html_says_illustrative_and_carries_the_marking() {
    let old = version(
        "draft.md",
        "---\nclassification: LIMITE\n---\n# T\n\nOne clause.\n",
    );
    let new = version(
        "adopted.md",
        "---\nclassification: PUBLIC\nillustrative: true\n---\n# T\n\nOne clause, changed.\n",
    );
    let html = render(&old, &new, Format::Html, &Settings::default());
    assert!(
        html.contains("<p class=\"illustrative\">Illustrative: the new version"),
        "{html}"
    );
    // The page shows the LIMITE draft's text, so the stricter marking wins.
    assert!(html.contains("@top-right { content: \"LIMITE\""), "{html}");
    assert!(
        html.contains("<span class=\"marking\">LIMITE</span>"),
        "{html}"
    );
    assert!(html.contains("size: A4"));
}

#[test]
fn html_links_both_places_of_a_moved_clause() {
    let (old, new) = (fixture("old.md"), fixture("new.md"));
    let html = render(&old, &new, Format::Html, &Settings::default());
    for id in html
        .split("href=\"#")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
    {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "link to missing anchor #{id}"
        );
    }
    assert!(html.contains("id=\"from-7\"") && html.contains("href=\"#from-7\""));
}

#[test]
fn width_comes_from_the_option_the_environment_or_columns() {
    let dir = common::root().join("tests/fixtures/diff/negotiation");
    let widest = |out: &str| out.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    let run = |cmd: &mut assert_cmd::Command| common::stdout_of(cmd);
    let default =
        run(common::decl_in(&dir).args(["diff", "old.md", "new.md", "-f", "side-by-side"]));
    assert!((90..=100).contains(&widest(&default)), "{default}");
    let flag = run(common::decl_in(&dir).args([
        "diff",
        "old.md",
        "new.md",
        "-f",
        "side-by-side",
        "--width",
        "60",
    ]));
    assert!(widest(&flag) <= 60 && widest(&flag) > 50, "{flag}");
    let env = run(common::decl_in(&dir).env("DECL_DIFF_WIDTH", "140").args([
        "diff",
        "old.md",
        "new.md",
        "-f",
        "side-by-side",
    ]));
    assert!(widest(&env) > 130, "{env}");
    let columns = run(common::decl_in(&dir).env("COLUMNS", "70").args([
        "diff",
        "old.md",
        "new.md",
        "-f",
        "side-by-side",
    ]));
    assert!(widest(&columns) <= 70 && widest(&columns) > 60, "{columns}");
    common::decl_in(&dir)
        .args([
            "diff",
            "old.md",
            "new.md",
            "-f",
            "side-by-side",
            "--width",
            "5",
        ])
        .assert()
        .code(2);
}

/// The JSON writer writes changes itself, in blocks on two threads; what it writes must be
/// exactly what `serde_json` makes of the documented view types. Checked on the fixture, on
/// texts that need escaping, and on a diff large enough to use both threads.
#[test]
fn json_is_byte_for_byte_what_serde_writes_of_the_view_types() {
    let serde_of = |d: &diff::Diff<'_>| {
        let mut text = serde_json::to_string(&format::json::DiffV1::new(d)).expect("serialises");
        text.push('\n');
        text
    };
    let mut pairs = vec![(fixture("old.md"), fixture("new.md"))];
    pairs.push((
        version(
            "old.md",
            "# T\n\n## Quotes \"here\" {#q}\n\nA \"quoted\" back\\\\slash, a\ttab, ünïcödé and \u{7f}. <!-- id: a -->\n\nGone [bracket].\n",
        ),
        version(
            "new.md",
            "# T\n\n## Quotes \"there\" {#q}\n\nA \"requoted\" back\\\\slash, a\ttab, ünïcödé and \u{1}. <!-- id: a -->\n\nNew [other].\n",
        ),
    ));
    let many = |edit: bool| {
        let mut doc = String::from("# T\n\n## One\n\n");
        for n in 0..1500 {
            let word = if edit && n % 7 == 0 {
                "changed"
            } else {
                "kept"
            };
            let _ = write!(doc, "Clause {n} is {word} \"as\" [written];\n\n");
            if n % 100 == 99 {
                let _ = write!(doc, "## Section {n}\n\n");
            }
        }
        doc
    };
    pairs.push((version("a.md", &many(false)), version("b.md", &many(true))));
    for (old, new) in &pairs {
        let d = diff::diff(old, new, &Options::default());
        let mut out = Vec::new();
        format::write(&d, Format::Json, &Settings::default(), &mut out).expect("writes");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), serde_of(&d));
    }
}

/// A count of unchanged clauses once stood under one heading for clauses of several sections:
/// counts are per section, under the heading they belong to, and sections left out whole are
/// named or counted.
#[test]
fn term_counts_hidden_clauses_per_section() {
    let doc = |last: &str| {
        let mut doc = String::from("# T\n");
        for (s, name) in ["A", "B", "C"].iter().enumerate() {
            let _ = write!(doc, "\n## {name}\n");
            for c in 0..5 {
                let text = if s == 2 && c == 4 { last } else { "kept" };
                let _ = write!(doc, "\nClause {s}.{c} is {text};\n");
            }
        }
        doc
    };
    let settings = Settings {
        context: 1,
        color: false,
        width: 100,
        word: None,
    };
    let (old, new) = (
        version("old.md", &doc("old")),
        version("new.md", &doc("new")),
    );
    let text = render(&old, &new, Format::Term, &settings);
    let body: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(
        body,
        [
            "",
            "  ⋮ 10 unchanged clauses in 2 sections",
            "",
            "## C",
            "  ⋮ 3 unchanged clauses",
            "  14 14  Clause 2.3 is kept;",
            "~ 15 15  Clause 2.4 is {-old-}{+new+};",
        ],
        "{text}"
    );
    let side = render(&old, &new, Format::SideBySide, &settings);
    let side: Vec<&str> = side.lines().map(str::trim_end).collect();
    let at = side
        .iter()
        .position(|l| l.ends_with("⋮ 10 unchanged clauses in 2 sections"))
        .expect("whole sections summed");
    assert!(
        side[at + 2].contains('C') && side[at + 3].contains("⋮ 3 unchanged clauses"),
        "{side:#?}"
    );
    let (old, new) = (
        version("old.md", &doc("kept")),
        version("new.md", &doc("kept")),
    );
    let mut first = doc("kept");
    first = first.replacen("Clause 0.0 is kept", "Clause 0.0 is changed", 1);
    let changed_first = version("new.md", &first);
    let text = render(&old, &changed_first, Format::Term, &settings);
    assert!(
        text.ends_with("  ⋮ 3 unchanged clauses\n\n  ⋮ 10 unchanged clauses in 2 sections\n"),
        "{text}"
    );
    let only_b = render(
        &old,
        &version(
            "new.md",
            &doc("kept").replacen("Clause 1.4 is kept", "Clause 1.4 moves", 1),
        ),
        Format::Term,
        &settings,
    );
    assert!(
        only_b.contains("  ⋮ 5 unchanged clauses in “A”\n"),
        "{only_b}"
    );
    assert!(
        only_b.ends_with("## C\n  11 11  Clause 2.0 is kept;\n  ⋮ 4 unchanged clauses\n"),
        "{only_b}"
    );
    let same = render(&old, &new, Format::Term, &settings);
    assert!(
        same.ends_with(
            "no changes; 15 clauses unchanged\n\n  ⋮ 15 unchanged clauses in 3 sections\n"
        ),
        "{same}"
    );
}
