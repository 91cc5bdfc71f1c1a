//! What a check finds: plain data, rendered by the formats in [`super::output`].

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::model::Text;
use crate::source::Source;

/// How serious a finding is. Errors make `decl check` exit 1; warnings and infos do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, with everything every output format needs: no format reads the file again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's code, `D201`.
    pub code: &'static str,
    /// The rule's name, `placeholder-in-adopted`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line, lowercase, user values in backticks.
    pub message: String,
    /// The file, as shown to the user (relative to the current directory where possible).
    pub path: String,
    /// 1-based line and column (in characters); 0 when the finding is about the file as a whole.
    pub line: usize,
    pub column: usize,
    /// The column just past the marked text, on the same line.
    pub end_column: usize,
    /// The source line the finding is on (without the line ending), empty when unknown: a
    /// range of the file's text, not a copy, so that many findings on one long line cost no
    /// more than the line.
    pub source_line: Text,
    /// The marked text as a byte range of [`Diagnostic::source_line`].
    pub mark: Range<usize>,
    /// What to do about it.
    pub help: Option<String>,
    /// Byte offset in the file, used to match `decl-ignore` comments; not part of any output.
    pub offset: Option<usize>,
}

impl Diagnostic {
    /// A finding about a file as a whole (no line).
    #[must_use]
    pub fn file(rule: &super::registry::RuleInfo, path: &str, message: String) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message,
            path: path.to_string(),
            line: 0,
            column: 0,
            end_column: 0,
            source_line: Text::default(),
            mark: 0..0,
            help: None,
            offset: None,
        }
    }

    /// A finding at a byte range of a source; the mark is cut at the end of the first line.
    /// Its cost does not grow with the length of the line.
    #[must_use]
    pub fn at(
        rule: &super::registry::RuleInfo,
        source: &Source,
        range: Range<usize>,
        message: String,
    ) -> Diagnostic {
        let text = &source.text;
        let mut start = range.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let (line, column) = source.line_col(start);
        let line_range = source.line_range(line);
        let start = start.min(line_range.end);
        let mut end = range.end.clamp(start, line_range.end);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let marked = text[start..end].chars().count().max(1);
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message,
            path: source.name.clone(),
            line,
            column,
            end_column: column + marked,
            mark: start - line_range.start..end - line_range.start,
            source_line: Text::shared(&source.text, line_range).unwrap_or_default(),
            help: None,
            offset: Some(start),
        }
    }

    /// A finding at a 1-based line and column given by another reader (a parse error).
    #[must_use]
    pub fn at_line(
        rule: &super::registry::RuleInfo,
        source: &Source,
        line: usize,
        column: usize,
        message: String,
    ) -> Diagnostic {
        let range = source.line_range(line);
        let offset = source.text[range.clone()]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(range.end, |(i, _)| range.start + i);
        Diagnostic::at(rule, source, offset..offset, message)
    }

    /// Extend the mark over the word that starts at the column (a key, a field, an id).
    #[must_use]
    pub fn mark_word(mut self) -> Diagnostic {
        let line = self.source_line.as_str();
        let from = self.mark.start.min(line.len());
        let len: usize = line[from..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .map(char::len_utf8)
            .sum();
        self.end_column = self.column + line[from..from + len].chars().count().max(1);
        self.mark = from..from + len;
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The deterministic order of a report: by file, position, then code and message.
    #[must_use]
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (&self.path, self.line, self.column, self.code, &self.message)
    }
}

/// How many findings of one rule one clause (or one line outside clauses) shows; the rest are
/// counted on the last one shown (`… and 4,812 more in this clause`), so that a clause of one
/// repeated mistake costs no more than the clause.
pub const PER_CLAUSE: usize = 10;

/// Where rules put their findings. Findings of one rule beyond [`PER_CLAUSE`] in one clause
/// are counted, not kept.
#[derive(Debug, Default)]
pub struct Findings {
    list: Vec<Diagnostic>,
    /// The byte ranges of the clauses of the file being checked, in order.
    clauses: Vec<Range<usize>>,
    /// Per (rule, place): findings kept, the last kept one, and how many were left out.
    seen: HashMap<(&'static str, Place), (usize, usize, usize)>,
}

/// Where a finding is, for the cap: a clause (by position) or a line outside clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    Clause(usize),
    Line(usize),
    File,
}

impl Findings {
    #[must_use]
    pub fn new() -> Findings {
        Findings::default()
    }

    /// Findings in a file whose clauses take these byte ranges (in order).
    #[must_use]
    pub fn in_clauses(clauses: Vec<Range<usize>>) -> Findings {
        Findings {
            clauses,
            ..Findings::default()
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        let place = match d.offset {
            Some(at) => {
                let i = self.clauses.partition_point(|r| r.start <= at);
                match i.checked_sub(1) {
                    Some(i) if self.clauses[i].contains(&at) => Place::Clause(i),
                    _ => Place::Line(d.line),
                }
            }
            None if d.line > 0 => Place::Line(d.line),
            None => Place::File,
        };
        let entry = self.seen.entry((d.code, place)).or_insert((0, 0, 0));
        if entry.0 >= PER_CLAUSE {
            entry.2 += 1;
            return;
        }
        entry.0 += 1;
        entry.1 = self.list.len();
        self.list.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// The findings, the last one of each capped rule and place saying how many more there are.
    #[must_use]
    pub fn finish(mut self) -> Vec<Diagnostic> {
        for ((_, place), (_, last, more)) in &self.seen {
            if *more == 0 {
                continue;
            }
            let where_ = match place {
                Place::Clause(_) => " in this clause",
                Place::Line(_) => " on this line",
                Place::File => " in this file",
            };
            let d = &mut self.list[*last];
            d.message = format!("{}; and {} more{where_}", d.message, thousands(*more));
        }
        self.list
    }
}

/// `4812` → `4,812`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files read (versions, manifests, ledgers, settings).
    pub files: usize,
}

impl Summary {
    #[must_use]
    pub fn of(diagnostics: &[Diagnostic], files: usize) -> Summary {
        let mut s = Summary {
            files,
            ..Summary::default()
        };
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// The result of a run: sorted diagnostics and the counts.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// The folder the check ran in, relative to the repository root (empty at the root), when
    /// it ran inside a repository: GitHub annotations and SARIF name files from the root.
    pub here_in_repository: Option<std::path::PathBuf>,
}

impl Report {
    /// Sort, remove exact duplicates and count.
    #[must_use]
    pub fn new(mut diagnostics: Vec<Diagnostic>, files: usize) -> Report {
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        diagnostics.dedup_by(|a, b| a.sort_key() == b.sort_key());
        let summary = Summary::of(&diagnostics, files);
        Report {
            diagnostics,
            summary,
            here_in_repository: None,
        }
    }

    /// A diagnostic's path from the repository root (as GitHub and code scanning want it),
    /// else as shown.
    #[must_use]
    pub fn repository_path(&self, path: &str) -> String {
        match &self.here_in_repository {
            Some(here) if !std::path::Path::new(path).is_absolute() => {
                crate::repo::normalize(&here.join(path))
                    .to_string_lossy()
                    .replace('\\', "/")
            }
            _ => path.to_string(),
        }
    }
}
