use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};
use crate::model::ClauseKind;

declare_rule! {
    /// Two or more spaces between words inside a clause.
    ///
    /// ## Why
    /// Double spaces are invisible in most editors and in rendered Markdown, but they show in
    /// plain-text renderings and Council documents, and they make word diffs report changes
    /// no one made. Indentation, table alignment and the spaces before an id comment are not
    /// reported.
    ///
    /// ## Example
    /// ```markdown
    /// Highlight the importance of  collecting and sharing data;
    /// ```
    ///
    /// ## Fix
    /// Replace the run of spaces with one space.
    pub struct DoubleSpace => "D302", "double-space", Warning;
}

impl Rule for DoubleSpace {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        for clause in cx.version.clauses() {
            if clause.kind == ClauseKind::Table || clause.span.is_empty() {
                continue;
            }
            let range = clause.span.clone();
            let Some(text) = cx.source.text.get(range.clone()) else {
                continue;
            };
            if !text.contains("  ") {
                continue;
            }
            let mut line_at = range.start;
            for line in text.split_inclusive('\n') {
                let body = line.trim_end();
                let indent = body.len() - body.trim_start().len();
                let mut search = indent;
                while let Some(i) = body[search..].find("  ") {
                    let start = search + i;
                    let run = body[start..].len() - body[start..].trim_start_matches(' ').len();
                    let next = &body[start + run..];
                    if !next.starts_with("<!--") && !next.is_empty() {
                        let at = line_at + start;
                        out.push(
                            Diagnostic::at(
                                &Self::INFO,
                                cx.source,
                                at..at + run,
                                format!("{run} spaces between words"),
                            )
                            .help("use one space"),
                        );
                    }
                    search = start + run;
                }
                line_at += line.len();
            }
        }
    }
}
