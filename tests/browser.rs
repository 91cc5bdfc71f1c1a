//! The site in a real browser: headless Chromium loads every page of the site built from the
//! shipped example and from a generated declaration of 10 versions. A page fails on a console
//! message (errors, and the Content-Security-Policy violations Chromium reports there), on a
//! request to any network address, and on a link to a page or file the site does not have;
//! the index, a redline and the synopsis are checked for their structure in the DOM Chromium
//! built (after scripts ran).
//!
//! Chromium is found as for `render --to pdf`. Console messages come from Chromium's own log
//! (`--enable-logging=stderr`, lines with `CONSOLE`); network requests are caught by pointing
//! Chromium's proxy at a listener of this test that counts every connection, with nothing
//! bypassing it (loopback included): a page of the site opened from `file://` makes none.
//! Without Chromium the test fails when `CI` is set and is skipped (saying so) otherwise.

mod common;

use std::io::Read as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{attrs, decl_in};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DECL_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).find_map(|dir| {
        [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
    })
}

/// Chromium, or `None` when the test may be skipped.
fn chromium_or_skip() -> Option<PathBuf> {
    let found = chromium();
    common::provided(
        found.is_some(),
        "Chromium (apt-get install chromium, or set DECL_CHROMIUM)",
    );
    found
}

/// A listener standing in for every network address: it records the host of every request
/// sent to it (`CONNECT host:443` or `GET http://host/…`).
struct Trap {
    port: u16,
    hosts: Arc<Mutex<Vec<String>>>,
}

fn trap() -> Trap {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hosts = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&hosts);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut buf = [0u8; 512];
            let n = stream.read(&mut buf).unwrap_or(0);
            let line = String::from_utf8_lossy(&buf[..n]);
            let Some(target) = line.split_whitespace().nth(1) else {
                seen.lock().unwrap().push("?".to_string());
                continue;
            };
            let host = target
                .trim_start_matches("http://")
                .trim_start_matches("https://")
                .split(['/', ':'])
                .next()
                .unwrap_or("?")
                .to_string();
            seen.lock().unwrap().push(host);
        }
    });
    Trap { port, hosts }
}

/// Hosts of the browser's own services (time, updates, accounts), which Chromium contacts by
/// itself whatever page it shows; every other request comes from a page.
fn browser_service(host: &str) -> bool {
    ["google.com", "googleapis.com", "gstatic.com"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// Requests to hosts other than the browser's own services.
fn page_requests(trap: &Trap) -> Vec<String> {
    trap.hosts
        .lock()
        .unwrap()
        .iter()
        // A connection that sends nothing is the browser's own preconnect, not a request.
        .filter(|h| h.as_str() != "?" && !browser_service(h))
        .cloned()
        .collect()
}

/// What Chromium made of one page: the DOM after load, and its console messages.
struct Loaded {
    dom: String,
    console: Vec<String>,
}

fn load(chromium: &Path, page: &Path, trap: &Trap, profile: &Path) -> Loaded {
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            // Every request that leaves the page goes to the trap, loopback included.
            "--proxy-bypass-list=<-loopback>",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--proxy-server=http://127.0.0.1:{}", trap.port))
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log.reopen().unwrap()))
        .spawn()
        .unwrap();
    let mut dom = String::new();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let _ = stdout.read_to_string(&mut dom);
        dom
    });
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{}: Chromium did not finish within 60 s", page.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let dom = reader.join().unwrap();
    let console = std::fs::read_to_string(log.path())
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(ToString::to_string)
        .collect();
    Loaded { dom, console }
}

fn html_pages(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Load every page of `site`; return the DOM of each, by path under the site.
fn check_site(chromium: &Path, site: &Path) -> Vec<(String, String)> {
    let trap = trap();
    let profiles = tempfile::tempdir().unwrap();
    let pages = html_pages(site);
    // Two at a time: the machine has two cores.
    let chunks: Vec<Vec<PathBuf>> = pages
        .chunks(pages.len().div_ceil(2).max(1))
        .map(<[PathBuf]>::to_vec)
        .collect();
    let results: Vec<(String, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(k, chunk)| {
                let trap = &trap;
                let profile = profiles.path().join(format!("p{k}"));
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|page| {
                            let loaded = load(chromium, page, trap, &profile);
                            let name = page.strip_prefix(site).unwrap().display().to_string();
                            assert!(
                                loaded.console.is_empty(),
                                "{name}: console messages (errors or CSP violations):\n{}",
                                loaded.console.join("\n")
                            );
                            assert!(loaded.dom.contains("</html>"), "{name}: no DOM");
                            (name, loaded.dom)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let requests = page_requests(&trap);
    assert!(
        requests.is_empty(),
        "pages of the site made network requests to {requests:?}"
    );
    for (name, dom) in &results {
        let page = site.join(name);
        for link in attrs(dom, "href").into_iter().chain(attrs(dom, "src")) {
            if link.starts_with('#')
                || link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
            let target = page.parent().unwrap().join(file);
            assert!(target.is_file(), "{name}: broken link {link}");
            if !anchor.is_empty() {
                let html = std::fs::read_to_string(&target).unwrap();
                assert!(
                    html.contains(&format!(" id=\"{anchor}\"")),
                    "{name}: link {link} to an anchor that is not there"
                );
            }
        }
    }
    results
}

fn build(dir: &Path, site: &Path) {
    let out = decl_in(dir)
        .args(["site", "-o"])
        .arg(site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn dom_of<'a>(pages: &'a [(String, String)], name: &str) -> &'a str {
    &pages
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no page {name}"))
        .1
}

#[test]
fn the_checks_catch_a_page_that_breaks_the_rules() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    // Without a policy a page may load from the network and log: both must be caught, or the
    // tests of the site could pass without seeing anything.
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"img-src 'none'\"></head><body><img src=\"http://decl-test.invalid/x.png\"><iframe src=\"http://decl-test.invalid/frame\"></iframe></body></html>",
    )
    .unwrap();
    let trap = trap();
    let loaded = load(&chromium, &page, &trap, &tmp.path().join("profile"));
    assert!(
        loaded
            .console
            .iter()
            .any(|l| l.contains("Content Security Policy")),
        "{:?}",
        loaded.console
    );
    assert!(
        page_requests(&trap)
            .iter()
            .any(|h| h == "decl-test.invalid"),
        "{:?}",
        trap.hosts.lock().unwrap()
    );
}

#[test]
fn every_page_of_the_example_site_loads_cleanly() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build(&common::root(), &site);
    let pages = check_site(&chromium, &site);
    assert!(pages.len() > 25, "{}", pages.len());

    // The index: one row per declaration, linking to it.
    let index = dom_of(&pages, "index.html");
    assert!(
        index.contains("<table class=\"list\" id=\"declarations\">"),
        "{index}"
    );
    assert_eq!(index.matches("<tbody>\n<tr>").count(), 1, "{index}");
    assert!(
        index.contains("href=\"global-alliance-2025/index.html\""),
        "{index}"
    );

    // The redline: the list of changes, each a link to its place; insertions and deletions.
    let diff = dom_of(
        &pages,
        "global-alliance-2025/diff/2025-07-18-draft..2025-12-10-adopted/index.html",
    );
    let stops = attrs(diff, "href")
        .into_iter()
        .filter(|h| h.starts_with("#change-"))
        .count();
    assert!(stops >= 8, "{stops}");
    assert!(
        diff.contains("<ins>along migratory routes </ins>"),
        "{diff}"
    );
    assert!(
        diff.contains("<span class=\"marking\">LIMITE</span>"),
        "{diff}"
    );

    // The synopsis: two columns, heading rows with both versions' headings.
    let synopsis = dom_of(&pages, "global-alliance-2025/synopsis/index.html");
    assert_eq!(
        synopsis.matches("<th scope=\"col\">").count(),
        2,
        "{synopsis}"
    );
    assert_eq!(
        synopsis.matches("<tr class=\"heading\">").count(),
        3,
        "{synopsis}"
    );

    // The picker was shown by its script (hidden without scripts).
    let declaration = dom_of(&pages, "global-alliance-2025/index.html");
    assert!(
        declaration.contains("<form class=\"picker screen-only\" id=\"picker\">"),
        "{declaration}"
    );
    // The search ran: with no words typed, it says how many texts it holds.
    let search = dom_of(&pages, "search/index.html");
    assert!(search.contains(" clause texts.</p>"), "{search}");
    assert!(!search.contains("Searching needs scripts"), "{search}");
}

#[test]
fn every_page_of_a_ten_version_site_loads_cleanly() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    common::generate::repository(tmp.path(), 10, 30);
    let site = tmp.path().join("site");
    build(tmp.path(), &site);
    let pages = check_site(&chromium, &site);
    let diffs = pages.iter().filter(|(n, _)| n.contains("/diff/")).count();
    assert_eq!(diffs, 45);
    let synopsis = dom_of(&pages, "generated/synopsis/index.html");
    assert_eq!(synopsis.matches("<th scope=\"col\">").count(), 10);
    let plot = dom_of(&pages, "generated/endorsements/index.html");
    assert!(plot.contains("<polyline class=\"line\""), "{plot}");
}

/// The fictional negotiation, whose versions write paragraph status: its version pages, with
/// their labels and counts, load as cleanly as every other page.
#[test]
fn every_page_of_a_site_with_paragraph_status_loads_cleanly() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let tmp = common::compilation_with_proposals();
    let site = tmp.path().join("site");
    build(tmp.path(), &site);
    let pages = check_site(&chromium, &site);
    let draft = dom_of(&pages, "safe-harbours/draft/index.html");
    assert!(
        draft.contains("2 of 9 paragraphs agreed ad ref, 1 agreed; 1 bracketed."),
        "{draft}"
    );
    assert!(
        draft.contains(r#"<span class="status" title="Paragraph status: agreed">agreed</span>"#)
    );
}
