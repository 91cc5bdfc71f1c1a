//! The template context, `decl-render/1`: everything a template can use, as plain data.
//!
//! Top level:
//! - `schema`: `"decl-render/1"`; `generator`: `"decl <version>"`; `public`: whether rendered
//!   with `--public`; `page`: what the page shell `base.html` needs (see [`super::page`]).
//! - `document`: `id`, `source`, `title`, `dateline`, `number` (Council document number, canonical
//!   form), `date` (`YYYY-MM-DD`), `date_long` (`18 July 2025`), `place`, `classification`,
//!   `marking` (the distribution marking to print on every page, uppercase, or null when the
//!   version has none), `status`, `adopted`, `illustrative`, `from`, `to`, `subject`, `codes`,
//!   `dg`, `language` (uppercase, `EN`), `note` (the cover note), `is_note` (the version carries
//!   the from/to/subject of a Council note), `footer` (the Council page footer line, e.g.
//!   `11767/25 JAI.1 LIMITE EN`).
//! - `sections`: each `{id, heading, heading_html, level, after_break, clauses}`; a clause is
//!   `{index, id, text, noted_text, markdown, html, brackets: [{text, placeholder}], footnotes}`:
//!   plain text, the plain text with each footnote's number where it is referenced (`Kosovo[1]`),
//!   Markdown and safe HTML (raw HTML shown as text, footnote references as raised numbers
//!   linking to `#fn-N`), with endorsement placeholders filled where the version is adopted and
//!   the ledger has endorsements of it; `footnotes` are those the clause references.
//! - `footnotes`: every footnote a clause references, numbered 1.. in order of first reference,
//!   each `{number, label, text, markdown, html}` (`markdown` the definition's content, `html`
//!   it rendered as safe HTML).
//! - `endorsers`: `{filled, european_union, member_states, partner_countries, organisations,
//!   count}`, each list of `{code, name, footnote}` (`name` as documents print it, `Kosovo*`):
//!   EU Member States in protocol order, partner countries alphabetically, organisations
//!   alphabetically (the order `decl endorsements` lists them in); `filled` tells whether
//!   placeholders in the text were filled from them (only ever in an adopted version).
//! - `name_notes`: the notes that go with endorsers' names, `{mark, text}` (`*`, the standard
//!   footnote after `Kosovo*`), each once.

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr};
use serde::Serialize;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use super::html::{markdown_to_html, markdown_to_html_with};
use crate::model::brackets::{EndorserList, endorser_list};
use crate::model::{Item, Version};

/// A delegation that endorsed the rendered version.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Endorser {
    pub code: String,
    /// The name as documents print it (`Kosovo*`).
    pub name: String,
    /// The note printed with the name, if any (the standard footnote after `Kosovo*`).
    pub footnote: Option<String>,
}

/// The endorsers of a version, grouped and ordered as Council documents list them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Endorsers {
    /// Whether placeholders in the text were filled from these lists.
    pub filled: bool,
    pub european_union: bool,
    pub member_states: Vec<Endorser>,
    pub partner_countries: Vec<Endorser>,
    pub organisations: Vec<Endorser>,
    pub count: usize,
}

impl Endorsers {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !self.european_union
            && self.member_states.is_empty()
            && self.partner_countries.is_empty()
            && self.organisations.is_empty()
    }

    /// Countries, as a list in running text: Member States, then partner countries.
    fn countries(&self) -> Vec<&str> {
        self.member_states
            .iter()
            .chain(&self.partner_countries)
            .map(|e| e.name.as_str())
            .collect()
    }

    fn organisations(&self) -> Vec<&str> {
        self.organisations.iter().map(|e| e.name.as_str()).collect()
    }
}

/// The context of a version's rendering. The document's fields are made when it is built; its
/// sections and clauses are made when they are read ([`Context::sections`], and one at a time
/// by a template), so rendering a large version holds one clause's rendering at a time, not
/// four renderings of the whole text (a 43 MB version rendered in 634 MiB before).
#[derive(Debug)]
pub struct Context {
    pub schema: &'static str,
    pub generator: String,
    pub public: bool,
    /// What the page shell needs (see [`super::page`]).
    pub page: super::page::Page,
    pub document: Document,
    pub footnotes: Vec<FootnoteCtx>,
    pub endorsers: Endorsers,
    /// Whether the templates mark agreed paragraphs (`decl render --mark-status`).
    pub mark_status: bool,
    /// Notes that go with endorsers' names as documents print them (`* This designation is
    /// without prejudice …` after `Kosovo*`), each `{mark, text}`, once each.
    pub name_notes: Vec<NameNote>,
    version: Arc<Version>,
    /// Whether placeholders are filled from `endorsers`.
    fill: bool,
    /// Footnote numbers by lowercased label.
    numbers: HashMap<String, usize>,
    /// The sections shown (those with a heading or items): the section's index in the
    /// version, and the positions of its clauses among its items.
    shown: Vec<(usize, Vec<usize>)>,
}

#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct NameNote {
    /// The mark the name carries (`*`).
    pub mark: String,
    pub text: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct FootnoteCtx {
    pub number: usize,
    pub label: String,
    pub text: String,
    pub markdown: String,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct Document {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub dateline: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub date_long: Option<String>,
    pub place: Option<String>,
    pub classification: Option<String>,
    pub marking: Option<String>,
    pub status: Option<String>,
    pub adopted: bool,
    pub illustrative: bool,
    pub from: Option<String>,
    pub to: Option<String>,
    pub subject: Option<String>,
    pub codes: Option<String>,
    pub dg: Option<String>,
    pub language: Option<String>,
    pub note: Option<String>,
    pub is_note: bool,
    pub footer: String,
}

#[derive(Debug, Serialize)]
pub struct SectionCtx {
    pub id: Option<String>,
    pub heading: Option<String>,
    pub heading_html: Option<String>,
    pub level: u8,
    pub after_break: bool,
    pub clauses: Vec<ClauseCtx>,
}

#[derive(Debug, Serialize)]
pub struct ClauseCtx {
    pub index: usize,
    pub id: Option<String>,
    /// Plain text as rendered (placeholders filled where they are).
    pub text: String,
    /// The plain text with footnote numbers where they are referenced: `Kosovo[1]`.
    pub noted_text: String,
    /// Markdown as rendered (placeholders filled where they are).
    pub markdown: String,
    pub html: String,
    pub brackets: Vec<BracketCtx>,
    pub footnotes: Vec<FootnoteCtx>,
    /// The paragraph status: `open`, `agreed-ad-ref` or `agreed`.
    pub status: &'static str,
    /// The same for people: `open`, `agreed ad ref`, `agreed`.
    pub status_label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct BracketCtx {
    pub text: String,
    pub placeholder: bool,
}

impl Context {
    /// Build the context of a version. Placeholders for the lists of endorsers are filled only
    /// in an adopted version and only when `endorsers` has entries.
    #[must_use]
    pub fn new(version: Arc<Version>, endorsers: Endorsers, public: bool) -> Context {
        let meta = &version.meta;
        let fill = meta.is_adopted() && !endorsers.is_empty();
        let marking = meta
            .classification
            .as_ref()
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty());
        let language = meta.language.as_ref().map(|l| l.to_uppercase());
        let number = meta.document.as_ref().map(ToString::to_string);
        let footer = [
            number.clone(),
            meta.dg.clone(),
            marking.clone(),
            language.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let document = Document {
            id: version.id.clone(),
            source: version.source.clone(),
            title: version.title_text(),
            dateline: version.dateline.as_ref().map(|d| d.text.clone()),
            number,
            date: meta.date.map(|d| d.to_string()),
            date_long: meta.date.map(|d| d.long()),
            place: meta.place.clone(),
            classification: meta.classification.clone(),
            marking,
            status: meta.status.map(|s| format!("{s:?}").to_lowercase()),
            adopted: meta.is_adopted(),
            illustrative: meta.is_illustrative(),
            from: meta.from.clone(),
            to: meta.to.clone(),
            subject: meta.subject.clone(),
            codes: meta.codes.clone(),
            dg: meta.dg.clone(),
            language,
            note: meta.note.clone(),
            is_note: meta.from.is_some() || meta.to.is_some() || meta.subject.is_some(),
            footer,
        };
        // Footnotes numbered in order of first reference; only defined ones count.
        let mut numbers: HashMap<String, usize> = HashMap::new();
        let mut footnotes: Vec<FootnoteCtx> = Vec::new();
        for c in version.clauses() {
            for label in &c.footnotes {
                let key = label.to_lowercase();
                if numbers.contains_key(&key) {
                    continue;
                }
                if let Some(f) = version.footnote(label) {
                    let number = footnotes.len() + 1;
                    numbers.insert(key, number);
                    let content = footnote_content(&f.markdown);
                    footnotes.push(FootnoteCtx {
                        number,
                        label: f.label.clone(),
                        text: f.text.clone(),
                        html: markdown_to_html(&content, true),
                        markdown: content,
                    });
                }
            }
        }
        let shown = version
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.heading.is_some() || !s.items.is_empty())
            .map(|(n, s)| {
                let clauses = s
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| matches!(item, Item::Clause(_)))
                    .map(|(position, _)| position)
                    .collect();
                (n, clauses)
            })
            .collect();
        let any_filled = fill
            && version
                .clauses()
                .any(|c| fill_placeholders(&c.text, &endorsers) != *c.text);
        let mut page = super::page::Page::new(match (&document.number, &document.title) {
            (Some(n), Some(t)) => format!("{n} – {t}"),
            (Some(n), None) => format!("{n} – {}", document.id),
            (None, Some(t)) => t.clone(),
            (None, None) => document.id.clone(),
        });
        page.lang = document.language.as_deref().unwrap_or("en").to_lowercase();
        page.marking.clone_from(&document.marking);
        page.footer.clone_from(&document.footer);
        if document.illustrative {
            page.top_left = "ILLUSTRATIVE TEXT".to_string();
        }
        Context {
            page,
            schema: "decl-render/1",
            generator: format!("decl {}", env!("CARGO_PKG_VERSION")),
            public,
            document,
            footnotes,
            name_notes: name_notes(&endorsers),
            mark_status: false,
            endorsers: Endorsers {
                filled: any_filled,
                ..endorsers
            },
            version,
            fill,
            numbers,
            shown,
        }
    }

    /// The sections shown, each with its clauses, made one section at a time.
    pub fn sections(&self) -> impl Iterator<Item = SectionCtx> + '_ {
        (0..self.shown.len()).map(|s| {
            let mut section = self.section(s);
            section.clauses = (0..self.shown[s].1.len())
                .filter_map(|c| self.clause(s, c))
                .collect();
            section
        })
    }

    /// The `s`th section shown, without its clauses.
    fn section(&self, s: usize) -> SectionCtx {
        let section = &self.version.sections[self.shown[s].0];
        SectionCtx {
            id: section.id.clone(),
            heading: section.heading.as_ref().map(|h| h.text.clone()),
            heading_html: section
                .heading
                .as_ref()
                .map(|h| markdown_to_html(&h.markdown, true)),
            level: section.level,
            after_break: section.after_break,
            clauses: Vec::new(),
        }
    }

    /// The `c`th clause of the `s`th section shown.
    fn clause(&self, s: usize, c: usize) -> Option<ClauseCtx> {
        let (section, positions) = self.shown.get(s)?;
        let Item::Clause(c) = self.version.sections[*section]
            .items
            .get(*positions.get(c)?)?
        else {
            return None;
        };
        let number = |label: &str| self.numbers.get(&label.to_lowercase()).copied();
        let (markdown, text) = if self.fill {
            (
                fill_placeholders(c.markdown(), &self.endorsers),
                fill_placeholders(&c.text, &self.endorsers),
            )
        } else {
            (c.markdown().to_string(), c.text.to_string())
        };
        let noted_text = if c.footnotes.is_empty() {
            text.clone()
        } else {
            noted(&markdown, &number)
        };
        Some(ClauseCtx {
            index: c.index,
            id: c.id.clone(),
            status: crate::model::ClauseStatus::of(c.status).as_str(),
            status_label: crate::model::ClauseStatus::of(c.status).label(),
            html: markdown_to_html_with(&markdown, false, &number),
            text,
            noted_text,
            markdown,
            footnotes: c
                .footnotes
                .iter()
                .filter_map(|l| number(l))
                .filter_map(|n| self.footnotes.get(n - 1).cloned())
                .collect(),
            brackets: c
                .brackets
                .found()
                .iter()
                .map(|b| BracketCtx {
                    text: b.text.clone(),
                    placeholder: b.placeholder,
                })
                .collect(),
        })
    }

    /// The context as a template value: the document's fields as data, the sections and their
    /// clauses as sequences whose items are made as a template reads them.
    #[must_use]
    pub fn into_value(self) -> Value {
        Value::from_object(self)
    }
}

/// A serialisable value as template data.
fn data<T: Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// The top-level keys of the context, in the order they serialise.
const KEYS: [&str; 10] = [
    "schema",
    "generator",
    "public",
    "page",
    "document",
    "sections",
    "footnotes",
    "endorsers",
    "mark_status",
    "name_notes",
];

impl Object for Context {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        Some(match key.as_str()? {
            "schema" => Value::from(self.schema),
            "generator" => Value::from(self.generator.as_str()),
            "public" => Value::from(self.public),
            "page" => data(&self.page),
            "document" => data(&self.document),
            "sections" => Value::from_object(Sections(Arc::clone(self))),
            "footnotes" => data(&self.footnotes),
            "endorsers" => data(&self.endorsers),
            "mark_status" => Value::from(self.mark_status),
            "name_notes" => data(&self.name_notes),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&KEYS)
    }
}

/// The sections shown, as a template sequence.
#[derive(Debug)]
struct Sections(Arc<Context>);

impl Object for Sections {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let s = key.as_usize().filter(|&s| s < self.0.shown.len())?;
        Some(Value::from_object(SectionValue {
            context: Arc::clone(&self.0),
            section: self.0.section(s),
            s,
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.shown.len())
    }
}

/// One section as a template map: its fields, and its clauses as a sequence.
#[derive(Debug)]
struct SectionValue {
    context: Arc<Context>,
    section: SectionCtx,
    s: usize,
}

const SECTION_KEYS: [&str; 6] = [
    "id",
    "heading",
    "heading_html",
    "level",
    "after_break",
    "clauses",
];

impl Object for SectionValue {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let section = &self.section;
        Some(match key.as_str()? {
            "id" => Value::from(section.id.clone()),
            "heading" => Value::from(section.heading.clone()),
            "heading_html" => Value::from(section.heading_html.clone()),
            "level" => Value::from(section.level),
            "after_break" => Value::from(section.after_break),
            "clauses" => Value::from_object(Clauses {
                context: Arc::clone(&self.context),
                s: self.s,
            }),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&SECTION_KEYS)
    }
}

/// The clauses of one section, as a template sequence.
#[derive(Debug)]
struct Clauses {
    context: Arc<Context>,
    s: usize,
}

impl Object for Clauses {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let clause = self.context.clause(self.s, key.as_usize()?)?;
        Some(data(&clause))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.context.shown[self.s].1.len())
    }
}

/// The context as data, in the shape a template sees (the sections made one at a time as they
/// are written): for pages that add their own fields to it.
impl Serialize for Context {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct AllSections<'a>(&'a Context);
        impl Serialize for AllSections<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.sections())
            }
        }
        let mut map = serializer.serialize_struct("Context", KEYS.len())?;
        map.serialize_field("schema", self.schema)?;
        map.serialize_field("generator", &self.generator)?;
        map.serialize_field("public", &self.public)?;
        map.serialize_field("page", &self.page)?;
        map.serialize_field("document", &self.document)?;
        map.serialize_field("sections", &AllSections(self))?;
        map.serialize_field("footnotes", &self.footnotes)?;
        map.serialize_field("endorsers", &self.endorsers)?;
        map.serialize_field("mark_status", &self.mark_status)?;
        map.serialize_field("name_notes", &self.name_notes)?;
        map.end()
    }
}

/// The notes of the endorsers' names, each once, with the mark their name ends in.
fn name_notes(endorsers: &Endorsers) -> Vec<NameNote> {
    let mut out: Vec<NameNote> = Vec::new();
    for e in endorsers
        .member_states
        .iter()
        .chain(&endorsers.partner_countries)
        .chain(&endorsers.organisations)
    {
        let Some(text) = &e.footnote else { continue };
        let mark: String = e
            .name
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric() && !c.is_whitespace())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let note = NameNote {
            mark: if mark.is_empty() {
                "*".to_string()
            } else {
                mark
            },
            text: text.clone(),
        };
        if !out.contains(&note) {
            out.push(note);
        }
    }
    out
}

/// The content of a footnote definition: without its `[^label]:` and the indentation of its
/// continuation lines.
fn footnote_content(definition: &str) -> String {
    let rest = definition
        .split_once("]:")
        .map_or(definition, |(_, rest)| rest)
        .trim_start_matches([' ', '\t']);
    rest.split('\n')
        .enumerate()
        .map(|(n, line)| {
            if n == 0 {
                line
            } else {
                let indent = line.len() - line.trim_start_matches(' ').len();
                &line[indent.min(4)..]
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_start_matches('\n')
        .to_string()
}

/// The plain text of a clause's Markdown with `[N]` where footnote N is referenced.
fn noted(markdown: &str, number: &dyn Fn(&str) -> Option<usize>) -> String {
    use pulldown_cmark::{Event, Options, Parser, TagEnd};
    let mut out = String::new();
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_OLD_FOOTNOTES,
    );
    for event in parser {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::FootnoteReference(label) => {
                let _ = match number(&label) {
                    Some(n) => write!(out, "[{n}]"),
                    None => write!(out, "[^{label}]"),
                };
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => out.push(' '),
            Event::InlineHtml(h) if crate::parse::markdown::is_line_break(&h) => out.push(' '),
            _ => {}
        }
    }
    crate::text::collapse_whitespace(&out)
}

/// Replace `[list of countries]`-style placeholders with the endorsers' names. A placeholder
/// that names countries takes the countries; one that names organisations, or a bare `[list]`
/// right after the word "Organisations", takes the organisations. Others stay as they are.
#[must_use]
pub fn fill_placeholders(markdown: &str, endorsers: &Endorsers) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        out.push_str(&rest[..open]);
        // `[text](url)` in Markdown is a link, not a placeholder.
        let followed_by_link = rest[close + 1..].starts_with('(');
        let names = match endorser_list(inner, &out) {
            _ if followed_by_link => None,
            Some(EndorserList::Countries) => Some(endorsers.countries()),
            Some(EndorserList::Organisations) => Some(endorsers.organisations()),
            None => None,
        };
        match names {
            Some(names) if !names.is_empty() => out.push_str(&crate::text::and_list(&names)),
            _ => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(code: &str, name: &str) -> Endorser {
        Endorser {
            footnote: None,
            code: code.into(),
            name: name.into(),
        }
    }

    /// A template reads the same data from the lazy context as from all of it made at once.
    #[test]
    fn templates_see_the_lazy_context_as_the_data_it_stands_for() {
        let text = "---\nid: v\nstatus: adopted\n---\n# T\n\nWe, [list of countries], agree[^a]:\n\n\
            ## One {#one}\n\n1. Reaffirm *the* need; <!-- id: need -->\n2. Support returns.\n\n\
            ## Two\n\nCall on partners.\n\n[^a]: A note.\n";
        let version = crate::parse::version(
            &crate::source::Source::new("v.md", text.to_string()),
            &crate::model::Meta::default(),
        )
        .expect("reads");
        let endorsers = Endorsers {
            partner_countries: vec![e("MA", "Morocco")],
            ..Endorsers::default()
        };
        let context = Context::new(Arc::new(version), endorsers, false);
        let eager = data(&context);
        let lazy = context.into_value();
        let mut env = minijinja::Environment::new();
        env.add_template(
            "t",
            "{{ sections | length }}|{{ sections[1].clauses | length }}|{{ sections[1].clauses[0].text }}\
             |{{ (sections | last).clauses[0].html }}|{{ sections | map(attribute='heading') | join(',') }}\
             |{% for s in sections | reverse %}{% for c in s.clauses %}{{ loop.index }}/{{ loop.length }} \
             {{ c.index }} {{ c.id }} {{ c.noted_text }} {{ c.footnotes | length }};{% endfor %}{% endfor %}\
             |{{ sections[0].clauses[0] }}|{{ sections[5] is undefined }}|{{ endorsers.filled }}\
             |{{ sections[1] }}|{{ document.id }}|{{ footnotes[0].html }}",
        )
        .expect("compiles");
        let t = env.get_template("t").expect("there");
        let (from_lazy, from_eager) = (
            t.render(lazy).expect("renders"),
            t.render(eager).expect("renders"),
        );
        assert_eq!(from_lazy, from_eager);
        assert!(
            from_lazy.starts_with("3|2|Reaffirm the need;|"),
            "{from_lazy}"
        );
        assert!(from_lazy.contains("We, Morocco, agree[1]"), "{from_lazy}");
    }

    #[test]
    fn fills_country_and_organisation_placeholders() {
        let endorsers = Endorsers {
            member_states: vec![e("BE", "Belgium"), e("EL", "Greece")],
            partner_countries: vec![e("MA", "Morocco")],
            organisations: vec![e("IOM", "International Organization for Migration")],
            ..Endorsers::default()
        };
        let text = "European Union and partner countries [list of countries], and International Organisations [list] gathered [within 24 hours]";
        assert_eq!(
            fill_placeholders(text, &endorsers),
            "European Union and partner countries Belgium, Greece and Morocco, and International Organisations International Organization for Migration gathered [within 24 hours]"
        );
    }
}
