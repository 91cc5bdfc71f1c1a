use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};
use crate::import::marks;
use crate::model::Format;
use crate::source::Source;

declare_rule! {
    /// A version whose own change marks (`**new**`, `~~deleted~~`, `[…]`) disagree with the
    /// real changes from the version before it.
    ///
    /// ## Why
    /// A REV is circulated with its new text in bold and its deletions struck through or shown
    /// as `[…]`, and delegations read only the marks. A change that is not marked goes
    /// unnoticed; a mark where nothing changed sends them looking for a change that is not
    /// there. `decl import --marks` compares a REV's marks when it is imported; this rule
    /// compares the marks a version file keeps.
    ///
    /// ## Example
    /// The version before says `Review progress every year;`, and this one:
    /// ```markdown
    /// Review **progress** every two years;
    /// ```
    /// `progress` is marked new but did not change; `two years` is new and the deletion of `year`
    /// is not marked.
    ///
    /// ## Fix
    /// Mark every change and only the changes: bold what is new, strike (`~~…~~`) or elide
    /// (`[…]`) what is gone.
    pub struct ChangeMarks => "D205", "change-marks", Warning;
}

impl Rule for ChangeMarks {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        for i in 1..cx.versions.len() {
            let (Some(version), Some(source)) = (cx.versions[i], cx.sources[i]) else {
                continue;
            };
            // The version before it that could be read.
            let Some(previous) = cx.versions[..i].iter().rev().find_map(|v| *v) else {
                continue;
            };
            if version.format != Format::Markdown {
                continue;
            }
            let body = version
                .front_matter
                .as_deref()
                .and_then(|fm| source.text.find(fm).map(|at| at + fm.len()))
                .map_or(source.text.as_str(), |end| &source.text[end..]);
            if !body.contains("**") && !body.contains("~~") {
                continue;
            }
            // The version as its marks say it reads: struck text and elisions out.
            let cleaned = Source::new(&source.name, marks::without_deletions(&source.text));
            let Ok(read) = crate::parse::markdown::parse(&cleaned, &cx.manifest.meta, &version.id)
            else {
                continue;
            };
            let stream = marks::Stream::of_text(&source.text);
            let (findings, _) = marks::compare(&stream, previous, &read);
            let lines: Vec<usize> = read.clauses().map(|c| c.line).collect();
            for f in findings {
                let message = format!("clause {}: {}", f.clause, f.message);
                let d = match f.index.and_then(|k| lines.get(k)) {
                    Some(&line) if line > 0 => {
                        Diagnostic::at_line(&Self::INFO, source, line, 1, message)
                    }
                    _ => Diagnostic::file(&Self::INFO, &source.name, message),
                };
                out.push(d.help(format!(
                    "mark the changes from `{}`: bold what is new, `~~strike~~` or `[…]` what is gone",
                    previous.id
                )));
            }
        }
    }
}
