use std::ops::Range;

use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, VersionCx, declare_rule};
use crate::model::brackets::{EndorserList, endorser_lists};
use crate::model::{Bracket, brackets};
use crate::text::count;

declare_rule! {
    /// How many square brackets a draft still has open (a count, for information).
    ///
    /// ## Why
    /// The number of open brackets is the plainest measure of how far a negotiation has to
    /// go. Reported once per draft, it lets a CI log show progress from revision to revision.
    ///
    /// ## Example
    /// ```markdown
    /// ## [On prevention of migrant smuggling, we:]
    ///
    /// Cooperate with transport operators [within 24 hours];
    /// ```
    ///
    /// ## Fix
    /// Nothing to fix: brackets are normal in drafts. Turn the rule off in `decl.yaml`
    /// (`check: {rules: {open-brackets: off}}`) if the count is not wanted.
    pub struct OpenBrackets => "D204", "open-brackets", Info;
}

impl Rule for OpenBrackets {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        if cx.version.meta.is_adopted() {
            return;
        }
        let found = all(cx);
        if found.is_empty() {
            return;
        }
        let placeholders = found.iter().filter(|(_, b, _)| b.placeholder).count();
        let mut message = format!(
            "{} open in draft `{}`",
            count(found.len(), "square bracket", "square brackets"),
            cx.version.id
        );
        if placeholders > 0 {
            message = format!(
                "{message} ({})",
                count(placeholders, "placeholder", "placeholders")
            );
        }
        // Pointed at the first open bracket, where the reader starts closing them.
        let range = found[0].0.clone();
        out.push(Diagnostic::at(&Self::INFO, cx.source, range, message));
    }
}

/// Every bracket of a version (title, dateline, headings, clauses) with where it is written,
/// and, for a placeholder in a clause that stands for a list of endorsers, which list (what
/// `decl render` fills from the ledger).
#[must_use]
pub fn all(cx: &VersionCx) -> Vec<(Range<usize>, Bracket, Option<EndorserList>)> {
    let v = cx.version;
    let mut out = Vec::new();
    if let Some(title) = &v.title {
        for b in title.brackets.found() {
            out.push((
                super::find_in_heading(cx.source, title, &b.text),
                b.clone(),
                None,
            ));
        }
    }
    if let Some(dateline) = &v.dateline {
        for b in brackets::scan(&dateline.text).found() {
            let range = super::find_from_line(cx.source, dateline.line, &b.text);
            out.push((range, b.clone(), None));
        }
    }
    for section in &v.sections {
        if let Some(h) = &section.heading {
            for b in h.brackets.found() {
                out.push((
                    super::find_in_heading(cx.source, h, &b.text),
                    b.clone(),
                    None,
                ));
            }
        }
        for clause in section.clauses() {
            let mut cursor = super::Cursor::clause(cx.source, clause);
            let lists = endorser_lists(&clause.text, clause.brackets.found());
            for (b, list) in clause.brackets.found().iter().zip(lists) {
                out.push((cursor.find(&b.text), b.clone(), list));
            }
        }
    }
    out
}
