//! Markdown version files: YAML front matter, then the body read with pulldown-cmark.
//!
//! The reader works on byte offsets into the file so that every clause keeps its exact source
//! (what `fmt` copies) and every error points at `file:line:column`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Tag, TagEnd};

use crate::error::Result;
use crate::model::brackets;
use crate::model::meta::{Meta, unknown_field_warnings};
use crate::model::{
    Clause, ClauseKind, ClauseStatus, Date, Dateline, Footnote, Format, Heading, Item, Raw,
    Section, Text, Version, Warning,
};
use crate::source::Source;
use crate::text::{collapse_owned, collapse_whitespace, is_collapsed, is_valid_id, slug};
use crate::yaml;

/// Where the front matter is: the YAML between the fences, and where the body starts.
pub struct FrontMatter {
    pub yaml: Range<usize>,
    pub body_start: usize,
}

/// Find the front matter block at the start of a file, if it has one.
pub fn find_front_matter(source: &Source) -> Result<Option<FrontMatter>> {
    let text = &source.text;
    let Some(first_end) = fence_line(text, 0, "---") else {
        return Ok(None);
    };
    let mut pos = first_end;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..line_end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Ok(Some(FrontMatter {
                yaml: first_end..pos,
                body_start: line_end,
            }));
        }
        pos = line_end;
    }
    Err(source
        .error(0..3, "unterminated front matter: no closing `---` line")
        .hint("end the front matter with a line of three dashes, `---`"))
}

/// If the line at `at` is exactly `fence` (trailing spaces allowed), the offset after it.
fn fence_line(text: &str, at: usize, fence: &str) -> Option<usize> {
    let rest = &text[at..];
    let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    (rest[..end].trim_end() == fence).then_some(at + end)
}

/// Parse a Markdown version file.
pub fn parse(source: &Source, manifest: &Meta, default_id: &str) -> Result<Version> {
    let mut warnings = Vec::new();
    let (own_meta, extra_meta, front_matter, body_start) = match find_front_matter(source)? {
        Some(fm) => {
            let map = yaml::parse_map(source, fm.yaml.start, fm.yaml.end, false)?;
            let (meta, rest) = Meta::from_map(source, map)?;
            warnings.extend(unknown_field_warnings(source, &rest, &[]));
            let extra = rest.into_iter().map(|e| (e.key, e.value)).collect();
            let raw = source.text[fm.yaml.clone()].replace("\r\n", "\n");
            (meta, extra, Some(raw), fm.body_start)
        }
        None => (Meta::default(), Vec::new(), None, 0),
    };
    let body = Body::read(source, body_start)?;
    let meta = own_meta.or(manifest);
    let id = own_meta
        .id
        .clone()
        .unwrap_or_else(|| default_id.to_string());
    warnings.extend(body.warnings);
    let mut version = Version {
        source: source.name.clone(),
        path: source.path.clone(),
        format: Format::Markdown,
        id,
        meta,
        own_meta,
        front_matter,
        extra_meta,
        preface: body.preface,
        title: body.title,
        dateline: body.dateline,
        sections: body.sections,
        warnings,
    };
    version.reindex();
    Ok(version)
}

/// The body of a version, as read.
struct Body {
    preface: Vec<Item>,
    title: Option<Heading>,
    dateline: Option<Dateline>,
    sections: Vec<Section>,
    warnings: Vec<Warning>,
}

/// What the top-level block being read will become.
enum Pending {
    Heading {
        level: u8,
        id: Option<String>,
        attributes: Vec<String>,
    },
    Clause(ClauseKind),
    Footnote(String),
    Raw,
}

/// Collects the text and id comment of one top-level block.
struct Block {
    pending: Pending,
    start: usize,
    end: usize,
    plain: Plain,
    /// Byte range of the id comment and the id.
    id: Option<(Range<usize>, String)>,
    /// The paragraph status the id comment writes.
    status: Option<ClauseStatus>,
    /// Range of the inline content (for headings).
    inline: Option<Range<usize>>,
    /// A list item with a paragraph directly inside: its list is loose.
    loose: bool,
    /// Labels of the footnotes referenced, in order.
    footnotes: Vec<String>,
    markup: Markup,
}

impl Block {
    fn new(pending: Pending, range: &Range<usize>) -> Block {
        Block {
            pending,
            start: range.start,
            end: range.end,
            plain: Plain::default(),
            id: None,
            status: None,
            inline: None,
            loose: false,
            footnotes: Vec::new(),
            markup: Markup::default(),
        }
    }

    fn is_clause(&self) -> bool {
        matches!(self.pending, Pending::Clause(_))
    }
}

/// The options every reader of version Markdown uses (also `fmt`'s rendering check).
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_FOOTNOTES);

impl Body {
    #[allow(clippy::too_many_lines)]
    fn read(source: &Source, body_start: usize) -> Result<Body> {
        let text = &source.text[body_start..];
        let parser = super::pieces::events(text, super::pieces::PIECE);

        let mut body = Body {
            preface: Vec::new(),
            title: None,
            dateline: None,
            sections: vec![Section {
                id: None,
                heading: None,
                level: 2,
                after_break: false,
                items: Vec::new(),
            }],
            warnings: Vec::new(),
        };
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut depth = 0usize;
        let mut in_list: Option<(usize, bool)> = None; // (list number, ordered)
        let mut lists = 0usize;
        let mut block: Option<Block> = None;
        let mut last_end = 0usize;
        // Clauses of the list being read, to mark all of them loose if any item is.
        let mut list_items: Vec<(usize, usize)> = Vec::new(); // (section, item)
        // Depth of the fenced or indented code block being read inside a clause, if any.
        let mut in_code: Option<usize> = None;

        for (event, range) in parser {
            let range = range.start + body_start..range.end + body_start;
            match event {
                Event::Start(tag) => {
                    if depth == 0 {
                        // Text between top-level blocks that is no block: link definitions.
                        push_gap(&mut body, source, last_end.max(body_start), range.start);
                        block = match &tag {
                            Tag::Heading {
                                level,
                                id,
                                classes,
                                attrs,
                            } => Some(Block::new(
                                Pending::Heading {
                                    level: *level as u8,
                                    id: id.as_ref().map(ToString::to_string),
                                    attributes: classes
                                        .iter()
                                        .map(|c| format!(".{c}"))
                                        .chain(attrs.iter().map(|(k, v)| match v {
                                            Some(v) => format!("{k}={v}"),
                                            None => k.to_string(),
                                        }))
                                        .collect(),
                                },
                                &range,
                            )),
                            Tag::Paragraph => {
                                Some(Block::new(Pending::Clause(ClauseKind::Paragraph), &range))
                            }
                            Tag::BlockQuote(_) => {
                                Some(Block::new(Pending::Clause(ClauseKind::BlockQuote), &range))
                            }
                            Tag::Table(alignments) => {
                                let mut b = Block::new(Pending::Clause(ClauseKind::Table), &range);
                                b.markup.token("", &format!("table({alignments:?})"));
                                Some(b)
                            }
                            Tag::List(start) => {
                                lists += 1;
                                in_list = Some((lists, start.is_some()));
                                list_items.clear();
                                None
                            }
                            // Indentation before a code block or definition is part of it.
                            Tag::FootnoteDefinition(label) => Some(Block::new(
                                Pending::Footnote(label.to_string()),
                                &(line_start(source, body_start, range.start)..range.end),
                            )),
                            _ => Some(Block::new(
                                Pending::Raw,
                                &(line_start(source, body_start, range.start)..range.end),
                            )),
                        };
                    } else if depth == 1 && matches!(tag, Tag::Item) && block.is_none() {
                        if let Some((list, ordered)) = in_list {
                            block = Some(Block::new(
                                Pending::Clause(ClauseKind::ListItem {
                                    list,
                                    ordered,
                                    loose: false,
                                }),
                                &range,
                            ));
                        }
                    } else if let Some(b) = block.as_mut() {
                        extend_inline(b, &range);
                        if depth == 2
                            && matches!(tag, Tag::Paragraph)
                            && matches!(b.pending, Pending::Clause(ClauseKind::ListItem { .. }))
                        {
                            b.loose = true;
                        }
                        if matches!(tag, Tag::Paragraph | Tag::Item) {
                            b.plain.separate_if_any(" ");
                        }
                        if matches!(tag, Tag::CodeBlock(_)) {
                            in_code = Some(depth);
                        }
                        b.markup.start(b.plain.so_far(&source.text), &tag);
                    }
                    depth += 1;
                }
                Event::End(tag) => {
                    depth = depth.saturating_sub(1);
                    let closes_block = depth == 0 || (depth == 1 && matches!(tag, TagEnd::Item));
                    if let Some(b) = block.as_mut() {
                        match tag {
                            TagEnd::TableCell => b.plain.separate(" | "),
                            TagEnd::TableHead | TagEnd::TableRow => b.plain.separate(" / "),
                            TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) => {
                                b.plain.separate(" ");
                            }
                            _ => {}
                        }
                        if !closes_block {
                            b.markup.end(b.plain.so_far(&source.text), tag);
                        }
                        if in_code == Some(depth) {
                            in_code = None;
                        }
                    }
                    if closes_block && let Some(mut b) = block.take() {
                        b.end = range.end;
                        if let Some(at) = body.finish_block(source, b, &mut ids)? {
                            list_items.push(at);
                        }
                    }
                    if depth == 0 {
                        if matches!(tag, TagEnd::List(_)) {
                            in_list = None;
                            body.mark_loose(&list_items);
                            list_items.clear();
                        }
                        last_end = range.end;
                    }
                }
                Event::Rule if depth == 0 => {
                    push_gap(&mut body, source, last_end.max(body_start), range.start);
                    body.close_section();
                    body.sections.push(Section {
                        id: None,
                        heading: None,
                        level: 2,
                        after_break: true,
                        items: Vec::new(),
                    });
                    last_end = range.end;
                }
                Event::Text(t) => {
                    if let Some(b) = block.as_mut() {
                        b.plain.push(&source.text, &t, &range);
                        if in_code.is_some() {
                            // Inside a code block every space counts: keep the text exactly.
                            b.markup
                                .token(b.plain.so_far(&source.text), &format!("text({t:?})"));
                        }
                        b.markup.content();
                        extend_inline(b, &range);
                    }
                }
                Event::Code(t) => {
                    if let Some(b) = block.as_mut() {
                        b.markup.token(b.plain.so_far(&source.text), "code");
                        b.plain.push(&source.text, &t, &range);
                        b.markup.token(b.plain.so_far(&source.text), "/code");
                        extend_inline(b, &range);
                    }
                }
                Event::SoftBreak => {
                    if let Some(b) = block.as_mut() {
                        b.plain.separate(" ");
                    }
                }
                Event::HardBreak => {
                    if let Some(b) = block.as_mut() {
                        b.plain.separate(" ");
                        b.markup.token(b.plain.so_far(&source.text), "br");
                    }
                }
                Event::FootnoteReference(label) => {
                    if let Some(b) = block.as_mut() {
                        b.markup.token(b.plain.so_far(&source.text), "fn");
                        b.footnotes.push(label.to_string());
                        extend_inline(b, &range);
                    }
                }
                Event::InlineHtml(h) | Event::Html(h) => {
                    if let Some(b) = block.as_mut() {
                        if b.is_clause()
                            && let Some(id) = parse_id_comment(&h)
                        {
                            if b.id.is_some() {
                                return Err(source.error(
                                    range.clone(),
                                    "a clause has a second id comment; a clause has one id",
                                ));
                            }
                            b.status = parse_comment_status(&h)
                                .map_err(|m| source.error(range.clone(), m))?;
                            b.id = Some((range.clone(), id));
                        } else if !matches!(b.pending, Pending::Raw) {
                            if is_line_break(&h) {
                                // `<br>` separates words, as a hard line break does.
                                b.plain.separate(" ");
                                b.markup.token(b.plain.so_far(&source.text), "br");
                            } else {
                                b.markup
                                    .token(b.plain.so_far(&source.text), &format!("html({h:?})"));
                            }
                            extend_inline(b, &range);
                        }
                    }
                }
                other => {
                    if let Some(b) = block.as_mut() {
                        match other {
                            Event::TaskListMarker(done) => {
                                b.markup
                                    .token(b.plain.so_far(&source.text), &format!("task({done})"));
                            }
                            Event::Rule => b.markup.token(b.plain.so_far(&source.text), "hr"),
                            _ => b
                                .markup
                                .token(b.plain.so_far(&source.text), &format!("{other:?}")),
                        }
                        extend_inline(b, &range);
                    }
                }
            }
        }
        push_gap(
            &mut body,
            source,
            last_end.max(body_start),
            source.text.len(),
        );
        Ok(body)
    }

    /// Turn a finished block into a heading, clause or raw item. Returns where a list item went.
    fn finish_block(
        &mut self,
        source: &Source,
        b: Block,
        ids: &mut HashMap<String, usize>,
    ) -> Result<Option<(usize, usize)>> {
        let line = source.line(b.start);
        let text = b.plain.finish(&source.text);
        let markup = b.markup.finish();
        match b.pending {
            Pending::Heading {
                level,
                id,
                attributes,
            } => {
                // A setext heading's lines joined into one, as an ATX heading holds them.
                let markdown = b
                    .inline
                    .clone()
                    .map_or_else(String::new, |r| join_lines(&source.text[r]));
                if let Some(id) = &id {
                    check_id(source, b.start..b.end, id, ids)?;
                }
                let plain = String::from(text);
                let heading = Heading {
                    brackets: brackets::scan(&plain),
                    markdown,
                    text: plain,
                    id,
                    attributes,
                    level,
                    markup,
                    line,
                };
                // The title is the first `#` heading, before any other heading or clause.
                if level == 1
                    && self.title.is_none()
                    && self.no_clauses_yet()
                    && self.sections.len() == 1
                {
                    self.title = Some(heading);
                } else {
                    let id = heading.id.clone().or_else(|| {
                        let base = slug(&heading.text, 6);
                        (!base.is_empty()).then(|| unique_slug(&base, ids))
                    });
                    self.close_section();
                    self.sections.push(Section {
                        id,
                        heading: Some(heading),
                        level,
                        after_break: false,
                        items: Vec::new(),
                    });
                }
                Ok(None)
            }
            Pending::Footnote(label) => {
                let footnote = Footnote {
                    label,
                    markdown: trim_block(&source.text[b.start..b.end]),
                    text: String::from(text),
                    markup,
                    line,
                };
                self.push_item(Item::Footnote(footnote));
                Ok(None)
            }
            Pending::Raw => {
                let raw = trim_block(&source.text[b.start..b.end]);
                if let Some(id) = parse_id_comment(raw.trim()) {
                    // An id comment on a line of its own names the clause just above it.
                    if let Some(Item::Clause(c)) = self.current().items.last_mut()
                        && c.id.is_none()
                    {
                        check_id(source, b.start..b.end, &id, ids)?;
                        c.status = parse_comment_status(raw.trim())
                            .map_err(|m| source.error(b.start..b.end, m))?;
                        c.id = Some(id);
                        return Ok(None);
                    }
                    return Err(source.error(
                        b.start..b.end,
                        "this id comment does not follow a clause without an id",
                    ));
                }
                self.push_item(Item::Raw(Raw { text: raw, line }));
                Ok(None)
            }
            Pending::Clause(kind) => {
                // The place-and-date line right under the title is not a clause.
                if self.title.is_some()
                    && self.dateline.is_none()
                    && self.sections.len() == 1
                    && self.sections[0].items.is_empty()
                    && kind == ClauseKind::Paragraph
                    && b.id.is_none()
                    && b.footnotes.is_empty()
                    && is_dateline(&text)
                {
                    self.dateline = Some(Dateline {
                        markdown: trim_block(&source.text[b.start..b.end]),
                        text: text.into(),
                        line,
                    });
                    return Ok(None);
                }
                let id = match &b.id {
                    Some((range, id)) => {
                        check_id(source, range.clone(), id, ids)?;
                        Some(id.clone())
                    }
                    None => None,
                };
                let markdown = clause_markdown(source, b.start..b.end, b.id.as_ref().map(|x| &x.0));
                let is_item = matches!(kind, ClauseKind::ListItem { .. });
                let kind = match kind {
                    ClauseKind::ListItem { list, ordered, .. } => ClauseKind::ListItem {
                        list,
                        ordered,
                        loose: b.loose,
                    },
                    other => other,
                };
                let source_markdown = (*markdown != *text).then(|| markdown.into_owned());
                let clause = Clause {
                    index: 0,
                    id,
                    status: b.status,
                    brackets: brackets::scan(&text),
                    text,
                    source_markdown,
                    kind,
                    span: b.start..b.end,
                    line,
                    footnotes: b.footnotes,
                    markup,
                };
                let section = self.sections.len() - 1;
                self.current().items.push(Item::Clause(clause));
                let at = (section, self.sections[section].items.len() - 1);
                Ok(is_item.then_some(at))
            }
        }
    }

    /// A block that is not a clause: before the title (the preface), or in the current section.
    fn push_item(&mut self, item: Item) {
        if self.title.is_none() && self.no_clauses_yet() && self.sections.len() == 1 {
            self.preface.push(item);
        } else {
            self.current().items.push(item);
        }
    }

    /// The section being read is complete: give back the room its items grew into, so the
    /// next sections reuse it (a large version has thousands of sections).
    fn close_section(&mut self) {
        self.current().items.shrink_to_fit();
    }

    fn current(&mut self) -> &mut Section {
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn no_clauses_yet(&self) -> bool {
        self.sections.iter().all(|s| s.clauses().next().is_none())
    }

    /// A list is loose when any of its items is: mark all, so `fmt` prints them alike.
    fn mark_loose(&mut self, items: &[(usize, usize)]) {
        let any_loose = items.iter().any(|&(s, i)| {
            matches!(
                &self.sections[s].items[i],
                Item::Clause(Clause {
                    kind: ClauseKind::ListItem { loose: true, .. },
                    ..
                })
            )
        });
        if !any_loose {
            return;
        }
        for &(s, i) in items {
            if let Item::Clause(Clause {
                kind: ClauseKind::ListItem { loose, .. },
                ..
            }) = &mut self.sections[s].items[i]
            {
                *loose = true;
            }
        }
    }
}

/// Lines joined by one space, Markdown's blank space (spaces, tabs, line ends) at the ends
/// trimmed and runs of it collapsed; other characters (a form feed) kept as they are.
#[must_use]
pub fn join_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(MARKDOWN_SPACE).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `<br>`, `<br/>`, `<br />`, in any case.
#[must_use]
pub fn is_line_break(html: &str) -> bool {
    let h = html.trim();
    let Some(inner) = h.strip_prefix('<').and_then(|h| h.strip_suffix('>')) else {
        return false;
    };
    let inner = inner.trim_end_matches('/').trim_end();
    inner.eq_ignore_ascii_case("br")
}

/// The start of the line `at` is on, when only spaces and tabs stand before it there (the
/// indentation of a code block is part of the block); else `at`.
fn line_start(source: &Source, body_start: usize, at: usize) -> usize {
    let before = &source.text[body_start..at];
    let indent = before.len() - before.trim_end_matches([' ', '\t']).len();
    let from = at - indent;
    if from == body_start || source.text.as_bytes()[from - 1] == b'\n' {
        from
    } else {
        at
    }
}

fn extend_inline(b: &mut Block, range: &Range<usize>) {
    if matches!(b.pending, Pending::Heading { .. }) {
        b.inline = Some(match &b.inline {
            Some(r) => r.start.min(range.start)..r.end.max(range.end),
            None => range.clone(),
        });
    }
}

/// What a block's plain text does not show, as it is read: a token for each piece of markup,
/// with the position where it stands, counted in non-blank characters of the text so far (so
/// that wrapping and spacing do not count).
#[derive(Default)]
struct Markup {
    tokens: String,
    /// Bytes of the plain text counted so far, and the non-blank characters among them.
    counted: usize,
    position: usize,
    /// Whether text stands right before: a paragraph after text is a paragraph break, one that
    /// opens a list item or quote is how loose lists are written (not a change of rendering).
    after_content: bool,
}

impl Markup {
    fn token(&mut self, so_far: &str, token: &str) {
        if let Some(new) = so_far.get(self.counted..) {
            self.position += new.chars().filter(|c| !c.is_whitespace()).count();
            self.counted = so_far.len();
        }
        let _ = write!(self.tokens, "{}:{token};", self.position);
        self.after_content = true;
    }

    fn content(&mut self) {
        self.after_content = true;
    }

    fn start(&mut self, so_far: &str, tag: &Tag) {
        let token = match tag {
            Tag::Paragraph => {
                if self.after_content {
                    self.token(so_far, "p");
                }
                self.after_content = false;
                return;
            }
            Tag::Heading { level, .. } => format!("h{}", *level as u8),
            Tag::BlockQuote(kind) => format!("quote({kind:?})"),
            Tag::CodeBlock(kind) => match kind {
                pulldown_cmark::CodeBlockKind::Indented => "code-block".to_string(),
                pulldown_cmark::CodeBlockKind::Fenced(info) => format!("code-block({info:?})"),
            },
            // Numbering and markers are presentation, as for top-level lists.
            Tag::List(start) => if start.is_some() { "ol" } else { "ul" }.to_string(),
            Tag::Item => "li".to_string(),
            Tag::FootnoteDefinition(label) => format!("footnote({label:?})"),
            Tag::Table(alignments) => format!("table({alignments:?})"),
            Tag::TableHead => "thead".to_string(),
            Tag::TableRow => "tr".to_string(),
            Tag::TableCell => "td".to_string(),
            Tag::Emphasis => "em".to_string(),
            Tag::Strong => "strong".to_string(),
            Tag::Strikethrough => "del".to_string(),
            Tag::Link {
                dest_url, title, ..
            } => format!("link({dest_url:?} {title:?})"),
            Tag::Image {
                dest_url, title, ..
            } => format!("image({dest_url:?} {title:?})"),
            other => format!("{other:?}"),
        };
        self.token(so_far, &token);
        self.after_content = false;
    }

    fn end(&mut self, so_far: &str, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.after_content = true,
            TagEnd::Item
            | TagEnd::List(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::Table
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock => {
                self.token(so_far, "/");
            }
            // Inline markup ends where its text ends.
            other => self.token(so_far, &format!("/{other:?}")),
        }
    }

    fn finish(self) -> Option<Box<str>> {
        (!self.tokens.is_empty()).then(|| self.tokens.into_boxed_str())
    }
}

/// The plain text of a block as its events arrive. While it is one stretch of the source read
/// as written (most clauses: one line of words), it is only that range; it becomes a string of
/// its own at the first event that is not (markup, an escape, a line break).
#[derive(Default)]
struct Plain {
    /// The range of the source the text is so far, when it is one.
    range: Option<Range<usize>>,
    /// The text, once it is not a range of the source.
    built: Option<String>,
    /// A separator to write before the next text: a space between paragraphs and lines, ` | `
    /// between table cells, ` / ` between rows. One at the very end is never written.
    separator: Option<&'static str>,
}

impl Plain {
    /// Add the text of an event at `range` of `source`.
    fn push(&mut self, source: &str, text: &str, range: &Range<usize>) {
        if text.is_empty() {
            return;
        }
        if self.separator.is_none() && self.built.is_none() {
            let verbatim = source.get(range.clone()) == Some(text);
            match &mut self.range {
                None if verbatim => {
                    self.range = Some(range.clone());
                    return;
                }
                Some(r) if verbatim && r.end == range.start => {
                    r.end = range.end;
                    return;
                }
                _ => {}
            }
        }
        let separator = self.separator.take();
        let built = self.built(source);
        if let Some(sep) = separator {
            built.push_str(sep);
        }
        built.push_str(text);
    }

    /// The text read so far (before whitespace is collapsed), for positions in it.
    fn so_far<'s>(&'s self, source: &'s str) -> &'s str {
        match (&self.built, &self.range) {
            (Some(b), _) => b,
            (None, Some(r)) => source.get(r.clone()).unwrap_or_default(),
            (None, None) => "",
        }
    }

    /// The text so far as a string of its own.
    fn built(&mut self, source: &str) -> &mut String {
        let range = self.range.take();
        self.built.get_or_insert_with(|| {
            range
                .and_then(|r| source.get(r))
                .unwrap_or_default()
                .to_string()
        })
    }

    /// Separate what comes next; a table separator wins over a space, a row over a cell.
    fn separate(&mut self, separator: &'static str) {
        self.separator = match (self.separator, separator) {
            (Some(" / "), _) | (Some(" | "), " ") => self.separator,
            _ => Some(separator),
        };
    }

    /// [`Plain::separate`], only when there is text (or a separator) already.
    fn separate_if_any(&mut self, separator: &'static str) {
        if self.range.is_some() || self.built.is_some() || self.separator.is_some() {
            self.separate(separator);
        }
    }

    /// The finished text, whitespace collapsed: a range of `source` when it reads as written.
    fn finish(self, source: &Arc<String>) -> Text {
        if let Some(range) = self.range {
            let raw = &source[range.clone()];
            let trimmed = raw.trim_start();
            let start = range.start + (raw.len() - trimmed.len());
            let trimmed = trimmed.trim_end();
            if is_collapsed(trimmed)
                && let Some(text) = Text::shared(source, start..start + trimmed.len())
            {
                return text;
            }
            return Text::from(collapse_whitespace(raw));
        }
        Text::from(collapse_owned(self.built.unwrap_or_default()))
    }
}

/// Keep text between blocks that pulldown-cmark does not report (link reference definitions).
fn push_gap(body: &mut Body, source: &Source, from: usize, to: usize) {
    if from >= to {
        return;
    }
    let raw = &source.text[from..to];
    // Almost every gap is the blank line between two blocks: nothing to keep, and nothing to
    // copy (trimming a copy of each cost 2.6% of a large diff's instructions).
    if raw.trim_matches(MARKDOWN_SPACE).is_empty() {
        return;
    }
    let text = trim_block(raw);
    let blank = raw.len() - raw.trim_start_matches(MARKDOWN_SPACE).len();
    let line = source.line(from + blank);
    body.push_item(Item::Raw(Raw { text, line }));
}

/// The characters Markdown treats as blank space at the ends of lines and blocks.
const MARKDOWN_SPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// A block's source with line endings normalised and surrounding blank lines removed. Spaces
/// that end its last line stay: in a code block they are content.
fn trim_block(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    // Only Markdown's own whitespace: trimming others (a vertical tab) could change the block.
    let content_end = s.trim_end_matches(MARKDOWN_SPACE).len();
    let end = s[content_end..]
        .find('\n')
        .map_or(s.len(), |nl| content_end + nl);
    let s = &s[..end];
    let start = s
        .char_indices()
        .find(|&(_, c)| c != '\n')
        .map_or(s.len(), |(i, _)| i);
    let s = &s[start..];
    // Drop leading blank lines only; indentation of the first line is part of the block.
    s.trim_start_matches('\n').to_string()
}

/// The clause's source without its id comment (and the spaces before it), borrowed from the
/// source when it is a plain stretch of it.
fn clause_markdown<'s>(
    source: &'s Source,
    range: Range<usize>,
    id: Option<&Range<usize>>,
) -> Cow<'s, str> {
    let text = &source.text[range.clone()];
    let s: Cow<str> = match id {
        Some(id_range) if id_range.start >= range.start && id_range.end <= range.end => {
            let written = &text[..id_range.start - range.start];
            let before = written.trim_end_matches([' ', '\t']);
            let after = &text[id_range.end - range.start..];
            let after = after
                .strip_prefix(['\n'])
                .map_or(after.to_string(), |rest| {
                    if before.ends_with('\n') || rest.is_empty() {
                        rest.to_string()
                    } else {
                        format!("\n{rest}")
                    }
                });
            // `arrival; <!-- id: x -->gle` reads `arrival; gle`: the space before the comment
            // separates the words still when the comment goes.
            let keep_space = before.len() < written.len()
                && !after.is_empty()
                && !after.starts_with([' ', '\t', '\n']);
            let space = if keep_space { " " } else { "" };
            Cow::Owned(format!("{before}{space}{after}"))
        }
        _ => Cow::Borrowed(text),
    };
    // The memchr crate's search: the standard library's, over every clause, was 2.5% of a
    // large diff's instructions.
    let s = if memchr::memchr(b'\r', s.as_bytes()).is_some() {
        Cow::Owned(s.replace("\r\n", "\n"))
    } else {
        s
    };
    // Trailing spaces at the very end of a block are never a hard break.
    match s {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim_end_matches(MARKDOWN_SPACE)),
        Cow::Owned(mut s) => {
            let trimmed = s.trim_end_matches(MARKDOWN_SPACE).len();
            s.truncate(trimmed);
            Cow::Owned(s)
        }
    }
}

/// `<!-- id: some-id -->` → `some-id`; `<!-- id: some-id; status: agreed -->` → `some-id`.
#[must_use]
pub fn parse_id_comment(html: &str) -> Option<String> {
    let rest = id_comment_inner(html)?;
    let id = rest.split(';').next().unwrap_or_default().trim();
    Some(id.to_string())
}

/// The text after `id:` in an id comment.
fn id_comment_inner(html: &str) -> Option<&str> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    inner.strip_prefix("id:")
}

/// The paragraph status an id comment writes after the id (`; status: agreed-ad-ref`):
/// `Ok(None)` when it writes none, an error for anything else after a `;`.
pub fn parse_comment_status(html: &str) -> Result<Option<ClauseStatus>, String> {
    let Some(rest) = id_comment_inner(html) else {
        return Ok(None);
    };
    let mut status = None;
    for part in rest.split(';').skip(1) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some(value) = part.strip_prefix("status:") else {
            return Err(format!(
                "`{part}` in an id comment: after the id it holds only `status: …`, as in `<!-- id: x; status: agreed -->`"
            ));
        };
        if status.is_some() {
            return Err("an id comment holds one `status`".to_string());
        }
        status = Some(ClauseStatus::parse(value.trim())?);
    }
    Ok(status)
}

fn check_id(
    source: &Source,
    range: Range<usize>,
    id: &str,
    ids: &mut HashMap<String, usize>,
) -> Result<()> {
    if !is_valid_id(id) {
        return Err(source.error(range, format!("malformed id `{id}`")).hint(
            "ids use letters, digits, `-`, `_`, `.` and `:`, and start with a letter or digit",
        ));
    }
    if let Some(&first) = ids.get(id) {
        let line = source.line(first);
        return Err(source
            .error(
                range,
                format!("duplicate id `{id}`, first used on line {line}"),
            )
            .hint("ids are unique within a version; rename one of them"));
    }
    ids.insert(id.to_string(), range.start);
    Ok(())
}

fn unique_slug(base: &str, ids: &mut HashMap<String, usize>) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while ids.contains_key(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    ids.insert(candidate.clone(), usize::MAX);
    candidate
}

/// `Brussels, 10 December 2025`, `[Place], [date]`: a place, a comma, a date or placeholder.
/// The importers use the same test, so an imported dateline reads back as one.
#[must_use]
pub fn is_dateline(text: &str) -> bool {
    let Some((place, date)) = text.rsplit_once(", ") else {
        return false;
    };
    let place_ok = !place.is_empty()
        && place.len() <= 60
        && place.split_whitespace().count() <= 5
        && !place.contains(',');
    let date = date.trim().trim_end_matches('.');
    let date_ok = Date::parse_long(date).is_some()
        || (date.starts_with('[') && date.ends_with(']') && date.len() <= 30);
    place_ok && date_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Version {
        parse(
            &Source::new("t.md", text.to_string()),
            &Meta::default(),
            "t",
        )
        .unwrap()
    }

    #[test]
    fn sections_clauses_ids_and_dateline() {
        let v = parse_str(
            "---\ndocument: 11767/25\n---\n# Title\n\nBrussels, 10 December 2025\n\nWe, representatives [list],\nmet. <!-- id: opening -->\n\n## [On prevention, we:] {#prevention}\n\n1. Reaffirm the *need*;\n2. Highlight `x`.\n\n---\n\nClosing.\n",
        );
        assert_eq!(v.title.as_ref().unwrap().text, "Title");
        assert_eq!(
            v.dateline.as_ref().unwrap().text,
            "Brussels, 10 December 2025"
        );
        let texts: Vec<_> = v.clauses().map(|c| (c.index, c.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (0, "We, representatives [list], met."),
                (1, "Reaffirm the need;"),
                (2, "Highlight x."),
                (3, "Closing.")
            ]
        );
        let first = v.clauses().next().unwrap();
        assert_eq!(first.id.as_deref(), Some("opening"));
        assert_eq!(first.markdown(), "We, representatives [list],\nmet.");
        assert_eq!(v.sections[1].id.as_deref(), Some("prevention"));
        assert_eq!(
            v.sections[1]
                .heading
                .as_ref()
                .unwrap()
                .brackets
                .found()
                .len(),
            1
        );
        assert!(v.sections[2].after_break);
        assert_eq!(v.meta.document.as_ref().unwrap().to_string(), "11767/25");
    }

    #[test]
    fn a_mid_clause_id_comment_leaves_the_words_apart() {
        for (text, markdown) in [
            ("Reach arrival; <!-- id: x -->gle.\n", "Reach arrival; gle."),
            ("Reach arrival;<!-- id: x --> gle.\n", "Reach arrival; gle."),
            ("Reach arrival;<!-- id: x -->gle.\n", "Reach arrival;gle."),
            ("Reach arrival. <!-- id: x -->\n", "Reach arrival."),
        ] {
            let v = parse_str(text);
            let c = v.clauses().next().unwrap();
            assert_eq!(c.markdown(), markdown, "{text:?}");
            assert_eq!(c.id.as_deref(), Some("x"));
        }
    }

    #[test]
    fn links_are_not_brackets() {
        let v = parse_str("See [the Call](https://example.org) and [list].\n");
        let c = v.clauses().next().unwrap();
        assert_eq!(c.text, "See the Call and [list].");
        assert_eq!(c.brackets.found().len(), 1);
    }

    #[test]
    fn trailing_slash_and_bar_are_words_of_the_clause() {
        let v = parse_str(
            "See https://example.org/ and/or /\n\nEither a |\n\n| a | b/ |\n|---|---|\n| c | d |\n",
        );
        let texts: Vec<&str> = v.clauses().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "See https://example.org/ and/or /",
                "Either a |",
                "a | b/ / c | d"
            ]
        );
    }

    #[test]
    fn a_clause_read_as_written_shares_the_source() {
        let v =
            parse_str("One line of words;  <!-- id: one -->\n\nWrapped\nline.\n\nWith *markup*.\n");
        let c: Vec<&Clause> = v.clauses().collect();
        assert_eq!(c[0].text, "One line of words;");
        assert!(c[0].text.is_shared());
        assert_eq!(
            (c[1].text.as_str(), c[1].text.is_shared()),
            ("Wrapped line.", false)
        );
        assert_eq!(
            (c[2].text.as_str(), c[2].text.is_shared()),
            ("With markup.", false)
        );
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let s = Source::new("t.md", "---\ntitle: x\n\nbody\n".into());
        let err = parse(&s, &Meta::default(), "t").unwrap_err();
        assert!(
            err.to_string().contains("unterminated front matter"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, TagEnd};

    use crate::model::Meta;
    use crate::source::Source;

    /// The plain text of one-block documents the long way: every text event appended, a space
    /// after each paragraph, line and item, then whitespace collapsed.
    fn naive(markdown: &str) -> String {
        let mut out = String::new();
        for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
            match event {
                Event::Text(t) | Event::Code(t) => out.push_str(&t),
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(TagEnd::Paragraph | TagEnd::Item) => out.push(' '),
                _ => {}
            }
        }
        crate::text::collapse_whitespace(&out)
    }

    proptest! {
        /// Reading a clause as a range of its source never gives other words than reading it
        /// event by event.
        #[test]
        fn shared_text_reads_as_the_events(
            body in "[a-c ]{0,3}[a-c*_`\\\\\\[\\]()&;/|!<> \n\u{e9}\u{a0}-]{1,40}"
        ) {
            let doc = format!("# T\n\n{body}\n");
            let source = Source::new("p.md", doc.clone());
            let Ok(v) = super::parse(&source, &Meta::default(), "p") else {
                return Ok(());
            };
            let texts: Vec<String> = v.clauses().map(|c| c.text.to_string()).collect();
            let skip = texts.len() != 1
                || !v.sections.iter().all(|s| s.heading.is_none())
                || v.sections.iter().flat_map(|s| &s.items).count() != 1
                || v.dateline.is_some();
            if !skip {
                prop_assert_eq!(&texts[0], &naive(&body));
            }
        }
    }
}
