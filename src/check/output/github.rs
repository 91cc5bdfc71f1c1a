//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding,
//! which GitHub shows as annotations on the lines of the pull request.
//!
//! ```text
//! ::error file=declarations/x/versions/final.md,line=12,col=20,endColumn=26,title=D202 placeholder-in-adopted::placeholder `[date]` in an adopted version
//! ```

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::check::{Report, Severity};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!("file={}", property(&report.repository_path(&d.path)));
        if d.line > 0 {
            let _ = write!(props, ",line={},col={}", d.line, d.column);
            if d.end_column > d.column {
                let _ = write!(props, ",endColumn={}", d.end_column);
            }
        }
        let _ = write!(
            props,
            ",title={}",
            property(&format!("{} {}", d.code, d.name))
        );
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(out, "::{command} {props}::{}", data(&message))?;
    }
    Ok(())
}

/// Escape a message as the workflow command syntax requires.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
