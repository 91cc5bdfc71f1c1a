//! `decl site`: the pages, their links, their markings, and what it refuses.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{attrs, decl, decl_in, example_copy, files, snapshot_tree};

fn site_of(dir: &Path, args: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    common::succeeded(
        decl_in(dir)
            .arg("site")
            .args(args)
            .arg("-o")
            .arg(&site)
            .output()
            .unwrap(),
    );
    out
}

#[test]
fn the_example_as_a_site_with_stable_addresses() {
    let out = site_of(&common::root(), &[]);
    let site = out.path().join("site");
    let all = files(&site);
    let names: BTreeSet<String> = all.iter().map(|p| p.display().to_string()).collect();
    for expected in [
        "index.html",
        "search/index.html",
        "search-index.js",
        "search.js",
        "compare.js",
        "global-alliance-2025/index.html",
        "global-alliance-2025/2025-07-18-draft/index.html",
        "global-alliance-2025/2025-12-10-adopted/index.html",
        "global-alliance-2025/diff/2025-07-18-draft..2025-12-10-adopted/index.html",
        "global-alliance-2025/synopsis/index.html",
        "global-alliance-2025/clause/strengthen-operational-cooperation-levels/index.html",
        "global-alliance-2025/endorsements/index.html",
        "global-alliance-2025/check/index.html",
    ] {
        assert!(names.contains(expected), "{expected} missing: {names:?}");
    }
    for path in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(site.join(path)).unwrap();
        let shown = path.display();
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
            "{shown}"
        );
        // Every page carries the marking of the text it shows; the draft is LIMITE.
        assert!(html.contains("<span class=\"marking\">"), "{shown}");
        assert!(html.contains("@top-right { content: \""), "{shown}");
        // Scripts only from files of the site; nothing from the network.
        assert!(!html.contains("<script>"), "{shown}");
        for link in attrs(&html, "src").into_iter().chain(attrs(&html, "href")) {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
            {
                assert!(
                    attrs(&html, "src").iter().all(|s| *s != link),
                    "{shown} loads {link}"
                );
                continue;
            }
            if link.starts_with('#') {
                continue;
            }
            // Relative links to files that exist: the site works from file:// as served.
            let file = link.split('#').next().unwrap();
            assert!(!file.starts_with('/'), "{shown}: {link}");
            assert!(
                file.is_empty()
                    || Path::new(file)
                        .extension()
                        .is_some_and(|e| e == "html" || e == "js"),
                "{shown}: {link}"
            );
            let target = site.join(path).parent().unwrap().join(file);
            assert!(target.is_file(), "{shown}: broken link {link}");
        }
    }
    let synopsis =
        std::fs::read_to_string(site.join("global-alliance-2025/synopsis/index.html")).unwrap();
    assert!(synopsis.contains("<tr class=\"heading\">"), "{synopsis}");
    assert!(synopsis.contains("href=\"../../global-alliance-2025/clause/strengthen-operational-cooperation-levels/index.html\""));
    let check =
        std::fs::read_to_string(site.join("global-alliance-2025/check/index.html")).unwrap();
    // Findings in a clause link to its page.
    assert!(
        check.contains("href=\"../../global-alliance-2025/clause/"),
        "{check}"
    );
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("Joint Declaration on the Global Alliance to Counter Migrant Smuggling")
    );
    assert!(index.contains("<td>LIMITE</td>"), "{index}");
}

/// The texts only a LIMITE version of the example has: every clause text that no PUBLIC
/// version also has, and the LIMITE version's own metadata.
fn limite_only_texts() -> Vec<String> {
    let show = |v: &str| {
        common::json_of(decl().args([
            "show",
            &format!("declarations/global-alliance-2025@{v}"),
            "--format",
            "json",
        ]))
    };
    let texts = |j: &serde_json::Value| -> Vec<String> {
        j["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["clauses"].as_array().unwrap().iter())
            .map(|c| c["text"].as_str().unwrap().to_string())
            .collect()
    };
    let draft = show("2025-07-18-draft");
    let adopted = show("2025-12-10-adopted");
    assert_eq!(draft["meta"]["classification"], "LIMITE");
    assert_eq!(adopted["meta"]["classification"], "PUBLIC");
    let public = texts(&adopted);
    let mut only: Vec<String> = texts(&draft)
        .into_iter()
        .filter(|t| !public.contains(t))
        .collect();
    assert!(only.len() >= 4, "{only:?}");
    only.push("11767/25".to_string());
    only.push("Delegations will find in the Annex".to_string());
    only.push("ENFOPOL 280".to_string());
    only
}

#[test]
fn public_sites_carry_no_limite_text() {
    let limite = limite_only_texts();
    let out = site_of(&common::root(), &["--public"]);
    let site = out.path().join("site");
    let mut pages = 0;
    for path in files(&site) {
        let bytes = std::fs::read(site.join(&path)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        for t in &limite {
            // As written, HTML-escaped and JSON-escaped.
            let forms = [
                t.clone(),
                decl_escape_html(t),
                serde_json::to_string(t)
                    .unwrap()
                    .trim_matches('"')
                    .to_string(),
            ];
            for form in forms {
                assert!(
                    !text.contains(&form),
                    "{} carries LIMITE text: {t}",
                    path.display()
                );
            }
        }
        assert!(!text.contains("LIMITE"), "{}", path.display());
        assert!(!text.contains("2025-07-18-draft"), "{}", path.display());
        pages += 1;
    }
    assert!(pages > 20, "{pages}");
}

/// Change the distribution marking a version file writes.
fn reclassify(version: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(version).unwrap();
    std::fs::write(
        version,
        text.replace(
            &format!("classification: {from}"),
            &format!("classification: {to}"),
        ),
    )
    .unwrap();
}

fn decl_escape_html(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn a_public_site_of_a_declaration_without_public_versions_lists_nothing() {
    let tmp = example_copy();
    reclassify(
        &tmp.path()
            .join("declarations/global-alliance-2025/versions/2025-12-10-adopted.md"),
        "PUBLIC",
        "LIMITE",
    );
    let out = site_of(tmp.path(), &["--public"]);
    let site = out.path().join("site");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("No declaration has a version to publish."),
        "{index}"
    );
    assert!(!site.join("global-alliance-2025").exists());
}

#[test]
fn base_url_gives_canonical_addresses_and_a_sitemap() {
    let out = site_of(&common::root(), &["--base-url", "https://example.org/decl"]);
    let site = out.path().join("site");
    let page =
        std::fs::read_to_string(site.join("global-alliance-2025/2025-07-18-draft/index.html"))
            .unwrap();
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/decl/global-alliance-2025/2025-07-18-draft/\">"), "{page}");
    // Links stay relative.
    assert!(page.contains("href=\"../../index.html\""), "{page}");
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/decl/global-alliance-2025/diff/2025-07-18-draft..2025-12-10-adopted/</loc>"), "{sitemap}");
}

#[test]
fn refuses_bad_input_and_writes_nothing() {
    let tmp = example_copy();
    // A folder that is not a site.
    let busy = tmp.path().join("busy");
    std::fs::create_dir_all(&busy).unwrap();
    std::fs::write(busy.join("notes.txt"), "mine").unwrap();
    let before = snapshot_tree(tmp.path());
    for (args, message) in [
        (
            vec!["site", "-o", "busy"],
            "did not write, and it is not empty",
        ),
        (
            vec!["site", "-o", "new", "--base-url", "javascript:alert(1)"],
            "is not an http or https address",
        ),
        (vec!["site", "nowhere", "-o", "new"], "does not exist"),
    ] {
        let out = decl_in(tmp.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(err.lines().count() <= 3, "{err}");
        assert_eq!(before, snapshot_tree(tmp.path()), "{args:?}");
    }
    // A broken version: an error naming the file, and no site.
    let draft = tmp
        .path()
        .join("declarations/global-alliance-2025/versions/2025-07-18-draft.md");
    std::fs::write(&draft, "---\ndate: [unterminated\n---\n# T\n").unwrap();
    let out = decl_in(tmp.path())
        .args(["site", "-o", "new"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("2025-07-18-draft.md"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!tmp.path().join("new").exists());
    // Nothing left beside it either.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".decl-site"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_site_replaces_the_site_it_wrote_before() {
    let tmp = example_copy();
    let first = decl_in(tmp.path())
        .args(["site", "-o", "site"])
        .output()
        .unwrap();
    assert!(first.status.success());
    std::fs::write(tmp.path().join("site/stale.html"), "old").unwrap();
    let second = decl_in(tmp.path())
        .args(["site", "-o", "site", "--public"])
        .output()
        .unwrap();
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(!tmp.path().join("site/stale.html").exists());
    assert!(
        !tmp.path()
            .join("site/global-alliance-2025/2025-07-18-draft")
            .exists()
    );
    assert!(
        tmp.path()
            .join("site/global-alliance-2025/2025-12-10-adopted/index.html")
            .is_file()
    );
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".decl-site")),
        "{names:?}"
    );
}

#[test]
fn clause_text_is_escaped_on_every_page() {
    let tmp = example_copy();
    let draft = tmp
        .path()
        .join("declarations/global-alliance-2025/versions/2025-07-18-draft.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    let text = text.replacen(
        "Acknowledge",
        "Acknowledge <script>alert(1)</script> <img src=x onerror=alert(2)> \\</script> \"</textarea>",
        1,
    );
    std::fs::write(&draft, text).unwrap();
    let out = site_of(tmp.path(), &[]);
    let site = out.path().join("site");
    for path in files(&site) {
        let text = std::fs::read_to_string(site.join(&path)).unwrap();
        assert!(!text.contains("<script>alert"), "{}", path.display());
        assert!(!text.contains("<img src=x"), "{}", path.display());
    }
    let index = std::fs::read_to_string(site.join("search-index.js")).unwrap();
    // Text that reads `</script>` cannot close a script element.
    assert!(index.contains("<\\/script>"), "{index}");
    assert!(!index.contains("</"), "{index}");
}

#[test]
fn a_generated_declaration_of_ten_versions() {
    let tmp = tempfile::tempdir().unwrap();
    common::generate::repository(tmp.path(), 10, 60);
    let out = site_of(tmp.path(), &[]);
    let site = out.path().join("site");
    let diffs = std::fs::read_dir(site.join("generated/diff"))
        .unwrap()
        .count();
    assert_eq!(diffs, 45, "every pair of ten versions");
    let decl_page = std::fs::read_to_string(site.join("generated/index.html")).unwrap();
    assert_eq!(decl_page.matches(">compare</a>").count(), 45);
    let endorsements =
        std::fs::read_to_string(site.join("generated/endorsements/index.html")).unwrap();
    assert!(
        endorsements.contains("<svg class=\"plot\""),
        "{endorsements}"
    );
    assert!(
        endorsements.contains("<polyline class=\"line\""),
        "{endorsements}"
    );
}

/// The shipped adopted version is illustrative: the front page and the declaration's page, which
/// name it as the latest version, say so (they did not).
#[test]
fn the_latest_version_is_said_illustrative_where_it_is_named() {
    for args in [&[][..], &["--public"][..]] {
        let out = site_of(&common::root(), args);
        let site = out.path().join("site");
        let index = std::fs::read_to_string(site.join("index.html")).unwrap();
        assert!(
            index.contains("2025-12-10-adopted</a> <span class=\"muted\">(illustrative)</span>"),
            "{index}"
        );
        let page = std::fs::read_to_string(site.join("global-alliance-2025/index.html")).unwrap();
        assert!(
            page.contains("(adopted, illustrative: not an official version)"),
            "{page}"
        );
    }
}

/// Where the declaration keeps paragraph status, each version page labels its agreed and agreed
/// ad ref paragraphs and counts them as `decl status` does; the declaration page counts each
/// version. Proposals (negotiation material) are on no page.
#[test]
fn version_pages_show_paragraph_status_as_decl_status_counts_it() {
    let tmp = common::compilation_with_proposals();
    let out = site_of(tmp.path(), &[]);
    let site = out.path().join("site");
    let declaration = std::fs::read_to_string(site.join("safe-harbours/index.html")).unwrap();
    assert!(declaration.contains(r#"<th scope="col">Paragraph status</th>"#));
    for version in ["draft", "rev1"] {
        let status = common::stdout_of(decl_in(tmp.path()).args([
            "status",
            "safe-harbours",
            "--version",
            version,
        ]));
        let counts = status.lines().last().unwrap();
        let page =
            std::fs::read_to_string(site.join(format!("safe-harbours/{version}/index.html")))
                .unwrap();
        assert!(
            page.contains(&format!("<strong>Paragraph status:</strong> {counts}.")),
            "{version}: {counts}"
        );
        assert!(
            declaration.contains(&format!("<td>{counts}</td>")),
            "{counts}"
        );
        let json = common::json_of(decl_in(tmp.path()).args([
            "status",
            "safe-harbours",
            "--version",
            version,
            "--format",
            "json",
        ]));
        // Each labelled in words, not by colour alone.
        for (class, label, key) in [
            ("agreed-ad-ref", "agreed ad ref", "agreed_ad_ref"),
            ("agreed", "agreed", "agreed"),
        ] {
            let labelled = format!(r#"<div class="clause {class}""#);
            let badge =
                format!(r#"<span class="status" title="Paragraph status: {label}">{label}</span>"#);
            assert_eq!(
                page.matches(&labelled).count() as u64,
                json["total"][key].as_u64().unwrap(),
                "{version} {class}"
            );
            assert_eq!(
                page.matches(&badge).count(),
                page.matches(&labelled).count()
            );
        }
    }
    for path in files(&site) {
        let text = std::fs::read_to_string(site.join(&path)).unwrap_or_default();
        for proposed in ["swift", "Encourage the exchange", "with flag States"] {
            assert!(
                !text.contains(proposed),
                "{} shows a proposal",
                path.display()
            );
        }
    }
}

/// A declaration that writes no paragraph status shows none: no label, no counts.
#[test]
fn no_paragraph_status_where_none_is_kept() {
    let out = site_of(&common::root(), &[]);
    let site = out.path().join("site");
    for path in files(&site) {
        let text = std::fs::read_to_string(site.join(&path)).unwrap_or_default();
        assert!(!text.contains("Paragraph status"), "{}", path.display());
        assert!(!text.contains(r#"class="status""#), "{}", path.display());
    }
}

/// `--public` keeps its rule: the versions not marked PUBLIC are gone before anything is
/// counted, and the public version's status is shown.
#[test]
fn public_sites_show_the_status_of_public_versions_only() {
    let tmp = common::compilation_with_proposals();
    reclassify(
        &tmp.path()
            .join("declarations/safe-harbours/versions/rev1.md"),
        "LIMITE",
        "PUBLIC",
    );
    let out = site_of(tmp.path(), &["--public"]);
    let site = out.path().join("site");
    assert!(!site.join("safe-harbours/draft").exists());
    let page = std::fs::read_to_string(site.join("safe-harbours/rev1/index.html")).unwrap();
    assert!(
        page.contains("<strong>Paragraph status:</strong> 2 of 10 paragraphs agreed ad ref, 2 agreed; 0 bracketed."),
        "{page}"
    );
    for path in files(&site) {
        let text = std::fs::read_to_string(site.join(&path)).unwrap_or_default();
        // Neither the draft's counts nor its text, nor any proposal.
        for hidden in [
            "of 9 paragraphs",
            "LIMITE",
            "timely",
            "swift",
            "Encourage the exchange",
        ] {
            assert!(
                !text.contains(hidden),
                "{} carries `{hidden}`",
                path.display()
            );
        }
    }
}
