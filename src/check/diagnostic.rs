//! What a check finds: plain data, rendered by the formats in [`super::output`].

use std::ops::Range;

use serde::Serialize;

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
    /// The source line the finding is on (without the line ending), empty when unknown.
    pub source_line: String,
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
            source_line: String::new(),
            help: None,
            offset: None,
        }
    }

    /// A finding at a byte range of a source; the mark is cut at the end of the first line.
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
        let line_start = source.line_start(line);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let source_line = text[line_start..line_end].trim_end_matches('\r');
        let mut end = range.end.clamp(start, line_start + source_line.len());
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
            source_line: source_line.to_string(),
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
        let start = source.line_start(line);
        let offset = source.text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start, |(i, _)| start + i);
        Diagnostic::at(rule, source, offset..offset, message)
    }

    /// Extend the mark over the word that starts at the column (a key, a field, an id).
    #[must_use]
    pub fn mark_word(mut self) -> Diagnostic {
        let len = self
            .source_line
            .chars()
            .skip(self.column.saturating_sub(1))
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .count();
        self.end_column = self.column + len.max(1);
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
        }
    }
}
