use crate::check::diagnostic::Diagnostic;
use crate::check::registry::{Rule, RuleInfo, declare_rule};
use crate::error::Error;
use crate::source::Source;

declare_rule! {
    /// A file cannot be read: invalid YAML, unterminated front matter, a value of the wrong
    /// kind, invalid UTF-8, a binary file.
    ///
    /// ## Why
    /// A file `decl` cannot read is a file no one can diff, render or endorse. The other rules
    /// cannot look at it either, so this finding hides whatever else is wrong in it.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// date: 18 July 2025
    /// ---
    /// ```
    ///
    /// ## Fix
    /// Correct the file at the line shown (here: `date: 2025-07-18`). `decl show FILE` prints
    /// the same error.
    pub struct ParseError => "D101", "parse-error", Error;
}

impl Rule for ParseError {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }
}

/// The finding for a file that failed to read, pointing where the reader stopped.
#[must_use]
pub fn diagnostic(err: &Error, path: &str, source: Option<&Source>) -> Diagnostic {
    let path = err.path.as_deref().unwrap_or(path);
    let mut d = match (source, err.location) {
        (Some(source), Some((line, column))) if source.name == path => {
            Diagnostic::at_line(&ParseError::INFO, source, line, column, err.message.clone())
        }
        (_, Some((line, column))) => {
            let mut d = Diagnostic::file(&ParseError::INFO, path, err.message.clone());
            d.line = line;
            d.column = column;
            d.end_column = column + 1;
            d
        }
        _ => Diagnostic::file(&ParseError::INFO, path, err.message.clone()),
    };
    if !err.hints.is_empty() {
        d.help = Some(err.hints.join("; "));
    }
    d
}
