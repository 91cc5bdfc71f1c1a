//! `decl site`: a declaration repository as a static website.
//!
//! Everything is computed first into a list of files (path under the site, bytes); nothing is
//! written until every page has been built, and then the whole tree is written into a new
//! folder beside the target and renamed into place (see [`write_tree`]).
//!
//! Layout (every page is `…/index.html`, linked as such so that the site works from `file://`;
//! links are relative, so it works under any base URL too):
//! - `index.html`: the declarations;
//! - `<decl>/`: one declaration: its versions, the comparisons, its clauses;
//! - `<decl>/<version>/`: a version as `decl render` lays it out; where the declaration keeps
//!   paragraph status (a version writes one), each agreed or agreed ad ref clause labelled so
//!   (as `decl render --mark-status`) and the counts of `decl status` above the text;
//! - `<decl>/diff/<old>..<new>/`: the redline of every pair of versions, older first;
//! - `<decl>/synopsis/`: the N-column synopsis;
//! - `<decl>/clause/<id>/`: one clause lineage's history (`n<row>` for a clause without id);
//! - `<decl>/endorsements/`: endorsement status, the ledger's events and a plot over time;
//! - `<decl>/check/`: `decl check` findings, linked to the clause they are in;
//! - `search/`: a search over clause texts (`search-index.js` and `search.js`);
//! - `compare.js`: the picker of two versions.
//!
//! Markings: with `public`, a declaration's versions not marked `PUBLIC` are removed before
//! anything is computed, so no page, synopsis, history, search index or finding can carry their
//! text; a declaration without a public version is left out. Without it, every page carries the
//! marking of the versions whose text it shows.

pub mod plot;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use minijinja::Environment;
use serde::Serialize;

use crate::diff::Options as DiffOptions;
use crate::endorse::{self, Group, Report as EndorseReport};
use crate::error::{Error, Result};
use crate::model::Version;
use crate::render::page::{Link, Page, combined_marking};
use crate::repo::Declaration;
use crate::synopsis::{self, Step, Synopsis};

/// The marker file that says a folder is a site `decl site` wrote (and may replace).
pub const MARKER: &str = ".decl-site";

/// The scripts and other files every site carries, from the templates folder.
const ASSETS: &[&str] = &["search.js", "compare.js"];

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish only versions marked `PUBLIC`.
    pub public: bool,
    /// The address the site will be served from (`https://example.org/decl/`), for canonical
    /// links and the sitemap; the site's own links stay relative.
    pub base_url: Option<String>,
}

/// A declaration as the site shows it, with what was computed about it.
pub struct Input {
    pub declaration: Declaration,
    /// The ledger's events, by delegation (empty without a ledger).
    pub logs: Vec<endorse::ledger::Log>,
    pub registry: endorse::Registry,
    /// `decl check` findings on this declaration's files.
    pub findings: Vec<Finding>,
}

/// One `decl check` finding, as the site shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// The version file it is in, if it is in one.
    #[serde(skip)]
    pub version: Option<String>,
}

/// The built site: files by path under the site's folder.
pub struct Built {
    pub files: Vec<(String, Vec<u8>)>,
    pub declarations: usize,
    pub pages: usize,
}

/// A name safe as one path segment of a URL and a file name: ASCII letters, digits, `-`, `_`
/// and `.`, not starting with `.`.
fn slug(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.starts_with('.') {
        out.remove(0);
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// Names made unique: a second `a` becomes `a-2`.
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    fn take(&mut self, wanted: String) -> String {
        if self.0.insert(wanted.clone()) {
            return wanted;
        }
        // Each round inserts a new name or finds one taken; there are finitely many taken.
        let mut n = 2;
        loop {
            let candidate = format!("{wanted}-{n}");
            if self.0.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// The relative path from page `from` (a file path under the site) to the site's root.
fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Keep only the versions marked `PUBLIC`.
#[must_use]
pub fn public_only(mut declaration: Declaration) -> Declaration {
    declaration.versions.retain(is_public);
    declaration
}

fn is_public(v: &Version) -> bool {
    v.meta
        .classification
        .as_deref()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("PUBLIC"))
}

/// Validate `--base-url`: an `http` or `https` address, ending in `/`.
pub fn base_url(given: &str) -> Result<String> {
    let url = given.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && !url.contains(|c: char| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c));
    if !ok {
        return Err(Error::new(format!(
            "`--base-url {given}` is not an http or https address"
        ))
        .hint("give the address the site is served from, e.g. `--base-url https://example.org/declarations/`"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

struct Ctx<'a> {
    env: &'a Environment<'static>,
    options: &'a Options,
    files: Vec<(String, Vec<u8>)>,
    pages: usize,
}

impl Ctx<'_> {
    /// A page at `path`, with `nav` made relative to it.
    fn page(
        &self,
        path: &str,
        title: String,
        marking: Option<String>,
        nav: &[(String, String)],
    ) -> Page {
        let root = root_of(path);
        let mut page = Page::new(title);
        page.marking = marking;
        page.footer.clone_from(&page.title);
        page.nav = nav
            .iter()
            .map(|(href, label)| Link {
                href: format!("{root}{href}"),
                label: label.clone(),
                current: href == path,
            })
            .collect();
        if let Some(base) = &self.options.base_url {
            page.canonical = Some(format!("{base}{}", path.trim_end_matches("index.html")));
        }
        page.root = root;
        page
    }

    fn add(&mut self, path: String, name: &str, context: &impl Serialize) -> Result<()> {
        let html = crate::render::page::render(self.env, name, context)?;
        self.files.push((path, html.into_bytes()));
        self.pages += 1;
        Ok(())
    }
}

/// Links of a declaration's pages, from the root.
fn decl_nav(d: &DeclPaths, title: &str) -> Vec<(String, String)> {
    vec![
        ("index.html".to_string(), "All declarations".to_string()),
        (format!("{}/index.html", d.dir), title.to_string()),
        (
            format!("{}/synopsis/index.html", d.dir),
            "Synopsis".to_string(),
        ),
        (
            format!("{}/endorsements/index.html", d.dir),
            "Endorsements".to_string(),
        ),
        (format!("{}/check/index.html", d.dir), "Check".to_string()),
        ("search/index.html".to_string(), "Search".to_string()),
    ]
}

struct DeclPaths {
    dir: String,
    /// Per version: its folder name.
    versions: Vec<String>,
    /// Per synopsis row: its clause page's folder name.
    clauses: Vec<String>,
}

impl DeclPaths {
    fn version(&self, v: usize) -> String {
        format!("{}/{}/index.html", self.dir, self.versions[v])
    }
    fn diff(&self, a: usize, b: usize) -> String {
        format!(
            "{}/diff/{}..{}/index.html",
            self.dir, self.versions[a], self.versions[b]
        )
    }
    fn clause(&self, row: usize) -> String {
        format!("{}/clause/{}/index.html", self.dir, self.clauses[row])
    }
}

#[derive(Serialize)]
struct IndexPage {
    page: Page,
    declarations: Vec<IndexEntry>,
    public: bool,
}

#[derive(Serialize)]
struct IndexEntry {
    id: String,
    href: String,
    title: String,
    latest: String,
    latest_href: String,
    /// The latest version is marked `illustrative: true`.
    latest_illustrative: bool,
    status: String,
    marking: String,
    versions: usize,
    endorsements: usize,
    findings: usize,
    errors: usize,
}

#[derive(Serialize)]
struct VersionRow {
    id: String,
    href: String,
    document: Option<String>,
    date: Option<String>,
    status: Option<String>,
    marking: Option<String>,
    illustrative: bool,
    clauses: usize,
    /// Where its paragraphs stand, as `decl status` counts them (`3 of 10 paragraphs agreed ad
    /// ref; 1 bracketed`), when the declaration keeps paragraph status.
    paragraphs: Option<String>,
    diff_href: Option<String>,
}

/// A version's page: the context of `decl render` (`decl-render/1`, with `mark_status` set
/// where the declaration keeps paragraph status), and the counts of its paragraphs' status.
#[derive(Serialize)]
struct VersionPage {
    #[serde(flatten)]
    context: crate::render::Context,
    paragraph_status: Option<String>,
}

#[derive(Serialize)]
struct ClauseEntry {
    number: String,
    id: Option<String>,
    href: String,
    /// The first words of the text (about 140 characters).
    snippet: String,
    present: bool,
    findings: usize,
}

#[derive(Serialize)]
struct Pair {
    old: String,
    new: String,
    href: String,
}

#[derive(Serialize)]
struct DeclarationPage {
    page: Page,
    title: String,
    status: String,
    latest: String,
    /// The latest version is marked `illustrative: true`.
    latest_illustrative: bool,
    versions: Vec<VersionRow>,
    /// Every pair, older first, for the picker.
    pairs: Vec<Pair>,
    /// `matrix[i][j]`: the link from version i to version j (i < j), else null.
    matrix: Vec<Vec<Option<String>>>,
    clauses: Vec<ClauseEntry>,
    synopsis_href: String,
    endorsements_href: String,
    check_href: String,
    endorsements: usize,
    findings: usize,
    /// Some version writes a paragraph status: the versions table counts them.
    paragraph_status: bool,
}

#[derive(Serialize)]
struct HistoryStep {
    version: String,
    version_href: String,
    anchor: Option<String>,
    step: &'static str,
    numbers: String,
    ids: String,
    pieces: Vec<synopsis::html::PieceCtx>,
    diff_href: Option<String>,
}

#[derive(Serialize)]
struct HistoryPage {
    page: Page,
    declaration: String,
    declaration_href: String,
    title: String,
    entered: Option<String>,
    steps: Vec<HistoryStep>,
    findings: Vec<FindingRow>,
    illustrative: bool,
}

#[derive(Serialize)]
struct FindingRow {
    #[serde(flatten)]
    finding: Finding,
    clause_href: Option<String>,
    clause: Option<String>,
}

#[derive(Serialize)]
struct CheckPage {
    page: Page,
    title: String,
    declaration_href: String,
    errors: usize,
    warnings: usize,
    findings: Vec<FindingRow>,
}

#[derive(Serialize)]
struct EventRow {
    date: String,
    action: &'static str,
    version: String,
    clause: Option<String>,
    text: Option<String>,
    note: Option<String>,
    source: Option<String>,
    illustrative: bool,
}

#[derive(Serialize)]
struct DelegationRow {
    code: String,
    name: String,
    standing: &'static str,
    version: Option<String>,
    date: Option<String>,
    stale: bool,
    changed_clauses: Vec<String>,
    illustrative: bool,
    events: Vec<EventRow>,
}

#[derive(Serialize)]
struct GroupRows {
    title: &'static str,
    endorsed: usize,
    rows: Vec<DelegationRow>,
}

#[derive(Serialize)]
struct EndorsementsPage {
    page: Page,
    title: String,
    declaration_href: String,
    latest: Option<String>,
    groups: Vec<GroupRows>,
    endorsed: usize,
    stale: Vec<String>,
    illustrative: bool,
    plot: Option<plot::Plot>,
}

#[derive(Serialize)]
struct SearchPage {
    page: Page,
    entries: usize,
}

/// One entry of the search index: a clause text as one version has it.
#[derive(Serialize)]
struct SearchEntry<'a> {
    /// The declaration's title.
    d: &'a str,
    /// The clause's page, from the root.
    u: String,
    /// Where: `clause 5 in 2025-12-10-adopted`.
    w: String,
    /// The text.
    t: &'a str,
}

/// Build the whole site.
pub fn build(
    inputs: &[Input],
    overrides: Option<&Path>,
    env: &Environment<'static>,
    options: &Options,
) -> Result<Built> {
    let mut ctx = Ctx {
        env,
        options,
        files: Vec::new(),
        pages: 0,
    };
    let mut names = Names::default();
    for reserved in ["search", "index.html"] {
        names.0.insert(reserved.to_string());
    }
    let mut index = Vec::new();
    let mut search_texts: Vec<(usize, usize, usize, String)> = Vec::new();
    let mut all_paths: Vec<DeclPaths> = Vec::new();
    let mut synopses: Vec<Synopsis> = Vec::new();
    for (k, input) in inputs.iter().enumerate() {
        let d = &input.declaration;
        if d.versions.is_empty() {
            continue;
        }
        let versions: Vec<&Version> = d.versions.iter().collect();
        let lineages = synopsis::compute(&versions, &DiffOptions::default());
        let dir = names.take(slug(&d.id));
        let mut version_names = Names::default();
        for reserved in [
            "diff",
            "synopsis",
            "clause",
            "endorsements",
            "check",
            "index.html",
        ] {
            version_names.0.insert(reserved.to_string());
        }
        let mut clause_names = Names::default();
        let paths = DeclPaths {
            versions: d
                .versions
                .iter()
                .map(|v| version_names.take(slug(&v.id)))
                .collect(),
            clauses: lineages
                .rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let id = row
                        .cells
                        .iter()
                        .rev()
                        .flat_map(|c| &c.clauses)
                        .find_map(|c| c.id.as_deref());
                    clause_names.take(id.map_or_else(|| format!("n{}", r + 1), slug))
                })
                .collect(),
            dir,
        };
        let entry = declaration_pages(&mut ctx, input, &lineages, &paths)?;
        index.push(entry);
        for (r, row) in lineages.rows.iter().enumerate() {
            let mut seen: HashSet<&str> = HashSet::new();
            for (v, cell) in row.cells.iter().enumerate().rev() {
                for c in &cell.clauses {
                    if seen.insert(c.text.as_str()) {
                        search_texts.push((k, r, v, c.number.clone()));
                    }
                }
            }
        }
        all_paths.push(paths);
        synopses.push(lineages);
    }
    // The search index: every distinct text of every clause lineage, newest first.
    let mut entries: Vec<SearchEntry<'_>> = Vec::new();
    let mut slot: HashMap<usize, usize> = HashMap::new();
    let mut kept = 0;
    for (k, input) in inputs.iter().enumerate() {
        if !input.declaration.versions.is_empty() {
            slot.insert(k, kept);
            kept += 1;
        }
    }
    let titles: Vec<String> = inputs.iter().map(|i| title_of(&i.declaration)).collect();
    for (k, r, v, number) in &search_texts {
        let s = slot[k];
        let syn = &synopses[s];
        for c in syn.rows[*r].cells[*v]
            .clauses
            .iter()
            .filter(|c| &c.number == number)
        {
            entries.push(SearchEntry {
                d: &titles[*k],
                u: all_paths[s].clause(*r),
                w: format!("clause {} in {}", c.number, syn.columns[*v].id),
                t: &c.text,
            });
        }
    }
    let json = serde_json::to_string(&entries)
        .map_err(|e| Error::new(format!("cannot write the search index: {e}")))?;
    // A script, not a JSON file: a page opened from `file://` cannot fetch a file, but it can
    // load a script. `</` is escaped so that the text can never close a script element.
    let script = format!(
        "\"use strict\";\nwindow.declSearchIndex = {};\n",
        json.replace("</", "<\\/")
    );
    ctx.files
        .push(("search-index.js".to_string(), script.into_bytes()));
    let site_marking = combined_marking(
        inputs
            .iter()
            .flat_map(|i| &i.declaration.versions)
            .map(|v| v.meta.classification.as_deref()),
    );
    let mut page = ctx.page(
        "search/index.html",
        "Search the clauses".to_string(),
        site_marking.clone(),
        &[
            ("index.html".to_string(), "All declarations".to_string()),
            ("search/index.html".to_string(), "Search".to_string()),
        ],
    );
    page.scripts = vec!["search-index.js".to_string(), "search.js".to_string()];
    ctx.add(
        "search/index.html".to_string(),
        "site-search.html",
        &SearchPage {
            page,
            entries: entries.len(),
        },
    )?;
    let page = ctx.page(
        "index.html",
        "Declarations".to_string(),
        site_marking,
        &[
            ("index.html".to_string(), "All declarations".to_string()),
            ("search/index.html".to_string(), "Search".to_string()),
        ],
    );
    ctx.add(
        "index.html".to_string(),
        "site-index.html",
        &IndexPage {
            page,
            declarations: index,
            public: options.public,
        },
    )?;
    for asset in ASSETS {
        let source = crate::render::asset(overrides, asset)?;
        ctx.files.push(((*asset).to_string(), source.into_bytes()));
    }
    if let Some(base) = &options.base_url {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (path, _) in ctx.files.iter().filter(|(p, _)| p.ends_with("index.html")) {
            let _ = writeln!(
                xml,
                "<url><loc>{}</loc></url>",
                crate::text::html_escape(&format!("{base}{}", path.trim_end_matches("index.html")))
            );
        }
        xml.push_str("</urlset>\n");
        ctx.files
            .push(("sitemap.xml".to_string(), xml.into_bytes()));
    }
    ctx.files.push((
        MARKER.to_string(),
        format!(
            "Written by decl {} (`decl site`). A later `decl site` may replace this folder.\n",
            env!("CARGO_PKG_VERSION")
        )
        .into_bytes(),
    ));
    Ok(Built {
        declarations: all_paths.len(),
        pages: ctx.pages,
        files: ctx.files,
    })
}

fn title_of(d: &Declaration) -> String {
    d.versions
        .last()
        .and_then(Version::title_text)
        .unwrap_or_else(|| d.id.clone())
}

/// The pages of one declaration; its line in the site's index.
// The pairs of versions index the versions and the matrix of links alike.
#[allow(clippy::needless_range_loop)]
fn declaration_pages(
    ctx: &mut Ctx<'_>,
    input: &Input,
    synopsis: &Synopsis,
    paths: &DeclPaths,
) -> Result<IndexEntry> {
    let d = &input.declaration;
    let title = title_of(d);
    let nav = decl_nav(paths, &title);
    let marking_of =
        |vs: &[&Version]| combined_marking(vs.iter().map(|v| v.meta.classification.as_deref()));
    let all: Vec<&Version> = d.versions.iter().collect();
    let decl_marking = marking_of(&all);
    let n = d.versions.len();
    // Which row and version each clause is in, for findings.
    let mut row_of: HashMap<(usize, usize), usize> = HashMap::new();
    for (r, row) in synopsis.rows.iter().enumerate() {
        for (v, cell) in row.cells.iter().enumerate() {
            for c in &cell.clauses {
                row_of.insert((v, c.index), r);
            }
        }
    }
    let findings: Vec<FindingRow> = input
        .findings
        .iter()
        .map(|f| {
            let at = f.version.as_ref().and_then(|id| {
                let v = d.versions.iter().position(|x| &x.id == id)?;
                // The clause the line is in: the last one starting at or before it.
                let clause = d.versions[v]
                    .clauses()
                    .take_while(|c| c.line <= f.line)
                    .last()?;
                Some((v, clause.index, row_of.get(&(v, clause.index)).copied()?))
            });
            FindingRow {
                finding: f.clone(),
                clause_href: at.map(|(_, _, r)| paths.clause(r)),
                clause: at.map(|(v, i, _)| {
                    let number = crate::model::number::numbers(&d.versions[v])
                        .get(i)
                        .map_or_else(|| (i + 1).to_string(), ToString::to_string);
                    format!("clause {number} of {}", d.versions[v].id)
                }),
            }
        })
        .collect();
    let findings_per_row: HashMap<String, usize> = findings
        .iter()
        .filter_map(|f| f.clause_href.clone())
        .fold(HashMap::new(), |mut m, h| {
            *m.entry(h).or_default() += 1;
            m
        });
    let errors = input
        .findings
        .iter()
        .filter(|f| f.severity == "error")
        .count();

    // Paragraph status is shown where the declaration keeps it: some version writes one.
    let tracks_status = d
        .versions
        .iter()
        .any(|v| v.clauses().any(|c| c.status.is_some()));
    let paragraphs_of = |v: &Version| {
        tracks_status.then(|| crate::negotiate::status::Report::new(v).total.sentence())
    };

    // Versions.
    for (v, version) in d.versions.iter().enumerate() {
        let path = paths.version(v);
        let endorsers = crate::commands::render::endorsers_of(d, version)?;
        let mut context = crate::render::Context::new(
            std::sync::Arc::new(version.clone()),
            endorsers,
            ctx.options.public,
        );
        let mut page = ctx.page(
            &path,
            context.page.title.clone(),
            context.page.marking.clone(),
            &nav,
        );
        page.lang.clone_from(&context.page.lang);
        page.footer.clone_from(&context.page.footer);
        page.top_left.clone_from(&context.page.top_left);
        context.page = page;
        context.mark_status = tracks_status;
        ctx.add(
            path,
            "declaration.html",
            &VersionPage {
                context,
                paragraph_status: paragraphs_of(version),
            },
        )?;
    }
    // Every pair, older first.
    let mut matrix = vec![vec![None; n]; n];
    let mut pairs = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let path = paths.diff(a, b);
            let diff = crate::diff::diff(&d.versions[a], &d.versions[b], &DiffOptions::default());
            let mut context = crate::diff::format::html::context(&diff);
            let mut page = ctx.page(
                &path,
                context.page.title.clone(),
                context.page.marking.clone(),
                &nav,
            );
            page.footer.clone_from(&context.page.footer);
            page.top_left.clone_from(&context.page.top_left);
            context.page = page;
            ctx.add(path, "diff.html", &context)?;
            let href = paths.diff(a, b);
            matrix[a][b] = Some(href.clone());
            pairs.push(Pair {
                old: d.versions[a].id.clone(),
                new: d.versions[b].id.clone(),
                href,
            });
        }
    }
    // The synopsis, each row linking to its clause's page.
    let path = format!("{}/synopsis/index.html", paths.dir);
    let root = root_of(&path);
    let mut context =
        synopsis::html::context(synopsis, &|r| Some(format!("{root}{}", paths.clause(r))));
    let mut page = ctx.page(
        &path,
        context.page.title.clone(),
        context.page.marking.clone(),
        &nav,
    );
    page.size = "A4 landscape";
    page.footer.clone_from(&context.page.footer);
    page.top_left.clone_from(&context.page.top_left);
    context.page = page;
    ctx.add(path, "synopsis.html", &context)?;

    // One page per clause lineage.
    let latest = n - 1;
    let mut clauses = Vec::new();
    for (r, row) in synopsis.rows.iter().enumerate() {
        let path = paths.clause(r);
        let shown: Vec<&Version> = row
            .cells
            .iter()
            .zip(&d.versions)
            .filter(|(c, _)| !c.clauses.is_empty())
            .map(|(_, v)| v)
            .collect();
        let newest = row.cells.iter().rev().find_map(|c| c.clauses.first());
        let label = newest.map_or_else(String::new, |c| {
            c.id.clone()
                .unwrap_or_else(|| format!("clause {}", c.number))
        });
        let steps = row
            .cells
            .iter()
            .enumerate()
            .map(|(v, cell)| HistoryStep {
                version: d.versions[v].id.clone(),
                version_href: paths.version(v),
                anchor: cell.clauses.first().and_then(|c| c.id.clone()),
                step: cell.step.as_str(),
                numbers: cell
                    .clauses
                    .iter()
                    .map(|c| c.number.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                ids: cell
                    .clauses
                    .iter()
                    .filter_map(|c| c.id.as_deref())
                    .collect::<Vec<_>>()
                    .join(", "),
                pieces: history_pieces(cell),
                diff_href: (v > 0 && !matches!(cell.step, Step::Unchanged | Step::Absent))
                    .then(|| paths.diff(v - 1, v)),
            })
            .collect();
        let href_here = path.clone();
        let page = ctx.page(
            &path,
            format!("{label} – history"),
            marking_of(&shown),
            &nav,
        );
        let row_findings: Vec<FindingRow> = findings
            .iter()
            .filter(|f| f.clause_href.as_deref() == Some(href_here.as_str()))
            .map(|f| FindingRow {
                finding: f.finding.clone(),
                clause_href: None,
                clause: f.clause.clone(),
            })
            .collect();
        ctx.add(
            path.clone(),
            "history.html",
            &HistoryPage {
                page,
                declaration: title.clone(),
                declaration_href: format!("{}/index.html", paths.dir),
                title: label,
                entered: row.entered().map(|v| d.versions[v].id.clone()),
                steps,
                findings: row_findings,
                illustrative: shown.iter().any(|v| v.meta.is_illustrative()),
            },
        )?;
        if let Some(c) = newest {
            clauses.push(ClauseEntry {
                number: c.number.clone(),
                id: c.id.clone(),
                href: path.clone(),
                snippet: snippet(&c.text, 140),
                present: !row.cells[latest].clauses.is_empty(),
                findings: findings_per_row.get(&href_here).copied().unwrap_or(0),
            });
        }
    }

    // Endorsements.
    let report = EndorseReport::new(d, &input.registry, &input.logs);
    let endorsed = report.rows.iter().filter(|r| r.endorsed()).count();
    let path = format!("{}/endorsements/index.html", paths.dir);
    let page = ctx.page(
        &path,
        format!("Endorsements – {title}"),
        decl_marking.clone(),
        &nav,
    );
    let groups = [
        Group::EuropeanUnion,
        Group::EuMemberState,
        Group::PartnerCountry,
        Group::InternationalOrganisation,
    ]
    .into_iter()
    .filter_map(|g| {
        let rows: Vec<DelegationRow> = report
            .rows
            .iter()
            .filter(|r| r.delegation.group == g)
            .map(|r| DelegationRow {
                code: r.delegation.code.clone(),
                name: r.delegation.shown_name().to_string(),
                standing: r.standing(),
                version: r.main.as_ref().map(|e| e.version.clone()),
                date: r.main.as_ref().map(|e| e.date.to_string()),
                stale: r.stale,
                changed_clauses: r
                    .changed_clauses
                    .iter()
                    .map(|c| format!("{} ({})", c.label(), c.kind))
                    .collect(),
                illustrative: r.illustrative,
                events: input
                    .logs
                    .iter()
                    .filter(|l| l.code == r.delegation.code)
                    .flat_map(|l| &l.events)
                    .map(|e| EventRow {
                        date: e.date.to_string(),
                        action: e.action.as_str(),
                        version: e.version.clone(),
                        clause: e.clause.clone(),
                        text: e.text.clone(),
                        note: e.note.clone(),
                        source: e.source.clone(),
                        illustrative: e.illustrative,
                    })
                    .collect(),
            })
            .collect();
        (!rows.is_empty()).then(|| GroupRows {
            title: g.title(),
            endorsed: rows
                .iter()
                .filter(|r| r.standing.starts_with("endorsed"))
                .count(),
            rows,
        })
    })
    .collect();
    ctx.add(
        path,
        "site-endorsements.html",
        &EndorsementsPage {
            page,
            title: title.clone(),
            declaration_href: format!("{}/index.html", paths.dir),
            latest: report.latest.clone(),
            groups,
            endorsed,
            stale: report
                .rows
                .iter()
                .filter(|r| r.stale)
                .map(|r| r.delegation.shown_name().to_string())
                .collect(),
            illustrative: report.illustrative(),
            plot: plot::endorsements(&input.logs),
        },
    )?;

    // Check findings.
    let path = format!("{}/check/index.html", paths.dir);
    let page = ctx.page(
        &path,
        format!("Check – {title}"),
        decl_marking.clone(),
        &nav,
    );
    ctx.add(
        path,
        "site-check.html",
        &CheckPage {
            page,
            title: title.clone(),
            declaration_href: format!("{}/index.html", paths.dir),
            errors,
            warnings: input.findings.len() - errors,
            findings,
        },
    )?;

    // The declaration's own page.
    let path = format!("{}/index.html", paths.dir);
    let page = ctx.page(&path, title.clone(), decl_marking.clone(), &nav);
    let here = |p: String| p;
    let last = &d.versions[latest];
    let status = last
        .meta
        .status
        .map_or_else(|| "—".to_string(), |s| format!("{s:?}").to_lowercase());
    let mut page_with_script = page;
    page_with_script.scripts = vec!["compare.js".to_string()];
    ctx.add(
        path,
        "site-declaration.html",
        &DeclarationPage {
            page: page_with_script,
            title: title.clone(),
            status: status.clone(),
            latest: last.id.clone(),
            latest_illustrative: last.meta.is_illustrative(),
            versions: d
                .versions
                .iter()
                .enumerate()
                .map(|(v, x)| VersionRow {
                    id: x.id.clone(),
                    href: here(paths.version(v)),
                    document: x.meta.document.as_ref().map(ToString::to_string),
                    date: x.meta.date.map(|d| d.to_string()),
                    status: x.meta.status.map(|s| format!("{s:?}").to_lowercase()),
                    marking: combined_marking([x.meta.classification.as_deref()]),
                    illustrative: x.meta.is_illustrative(),
                    clauses: x.clause_count(),
                    paragraphs: paragraphs_of(x),
                    diff_href: (v > 0).then(|| here(paths.diff(v - 1, v))),
                })
                .collect(),
            pairs,
            matrix,
            clauses,
            synopsis_href: format!("{}/synopsis/index.html", paths.dir),
            endorsements_href: format!("{}/endorsements/index.html", paths.dir),
            check_href: format!("{}/check/index.html", paths.dir),
            endorsements: endorsed,
            findings: input.findings.len(),
            paragraph_status: tracks_status,
        },
    )?;
    Ok(IndexEntry {
        id: d.id.clone(),
        href: format!("{}/index.html", paths.dir),
        title,
        latest: last.id.clone(),
        latest_href: paths.version(latest),
        latest_illustrative: last.meta.is_illustrative(),
        status,
        marking: decl_marking.unwrap_or_else(|| "—".to_string()),
        versions: n,
        endorsements: endorsed,
        findings: input.findings.len(),
        errors,
    })
}

/// The first words of `text`, at most about `max` characters, `…` where cut.
fn snippet(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max).collect();
    }
    out.push('…');
    out
}

/// A history step's text: the word diff where there is one, else the clauses' texts.
fn history_pieces(cell: &synopsis::Cell) -> Vec<synopsis::html::PieceCtx> {
    use synopsis::html::PieceCtx;
    match &cell.inline {
        Some(pieces) => pieces
            .iter()
            .map(|p| PieceCtx {
                op: match p.op {
                    crate::diff::Op::Equal => "equal",
                    crate::diff::Op::Insert => "insert",
                    crate::diff::Op::Delete => "delete",
                },
                text: p.text.clone(),
                br: false,
            })
            .collect(),
        None => cell
            .clauses
            .iter()
            .enumerate()
            .map(|(k, c)| PieceCtx {
                op: "equal",
                text: c.text.clone(),
                br: k > 0,
            })
            .collect(),
    }
}

/// Write `files` as the folder `dir`, replacing a site `decl site` wrote there before: all
/// files go into a new folder beside it, which is then renamed into place, so that `dir` is
/// never half-written. A folder that holds anything else is refused.
pub fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let exists = check_target(dir)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, &e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".decl-site-new-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, &e))?;
    for (path, bytes) in files {
        let target = tmp.path().join(path);
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io(p, &e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io(&target, &e))?;
    }
    if exists {
        let old = tempfile::Builder::new()
            .prefix(".decl-site-old-")
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, &e))?;
        let old_site = old.path().join("site");
        std::fs::rename(dir, &old_site).map_err(|e| Error::io(dir, &e))?;
        if let Err(e) = std::fs::rename(tmp.path(), dir) {
            // Put the previous site back.
            let _ = std::fs::rename(&old_site, dir);
            return Err(Error::io(dir, &e));
        }
        drop(old);
    } else {
        std::fs::rename(tmp.path(), dir).map_err(|e| Error::io(dir, &e))?;
    }
    Ok(())
}

/// Whether `dir` exists; an error when it may not be replaced.
pub fn check_target(dir: &Path) -> Result<bool> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(false),
        Ok(m) if !m.is_dir() => Err(Error::file(dir, "is not a folder")
            .hint("name a new folder for the site, e.g. `-o site`")),
        Ok(_) => {
            let empty = std::fs::read_dir(dir)
                .map_err(|e| Error::io(dir, &e))?
                .next()
                .is_none();
            if empty || dir.join(MARKER).is_file() {
                Ok(true)
            } else {
                Err(Error::file(
                    dir,
                    "is a folder `decl site` did not write, and it is not empty",
                )
                .hint(
                    "name a new or empty folder; `decl site` replaces only a site it wrote itself",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_stay_one_path_segment() {
        assert_eq!(slug("2025-07-18-draft"), "2025-07-18-draft");
        assert_eq!(slug("../x y"), "-x-y");
        assert_eq!(slug(".hidden"), "hidden");
        assert_eq!(slug("é"), "-");
        assert_eq!(slug(""), "x");
    }

    #[test]
    fn names_are_made_unique() {
        let mut n = Names::default();
        assert_eq!(n.take("a".into()), "a");
        assert_eq!(n.take("a".into()), "a-2");
        assert_eq!(n.take("a".into()), "a-3");
    }

    #[test]
    fn roots_are_relative() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("d/v/index.html"), "../../");
    }

    #[test]
    fn base_urls_are_addresses() {
        assert_eq!(base_url("https://e.org/x").unwrap(), "https://e.org/x/");
        assert!(base_url("javascript:alert(1)").is_err());
        assert!(base_url("https://e.org/\"x").is_err());
    }
}
