use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};

declare_rule! {
    /// The words of a paragraph marked agreed (or agreed ad ref) changed in the next version,
    /// which still marks it agreed.
    ///
    /// ## Why
    /// A paragraph is closed when the delegations agree its words (`status: agreed-ad-ref` or
    /// `agreed` in its id comment). A later draft that changes those words while keeping the
    /// status claims an agreement on text nobody agreed to: delegations who closed the
    /// paragraph would not look at it again. Reopening agreed text is a decision of the room,
    /// and the status says when it was taken.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- versions/rev1.md -->
    /// Intend to enhance collaboration, such as in air transport; <!-- id: transport; status: agreed-ad-ref -->
    /// <!-- versions/rev2.md -->
    /// Intend to enhance collaboration, in particular air transport; <!-- id: transport; status: agreed-ad-ref -->
    /// ```
    ///
    /// ## Fix
    /// If the change was meant, set the paragraph back to open in the new version (`decl
    /// status DECL --set transport=open`), and mark it agreed again once the room agrees the
    /// new words. If not, restore the agreed words.
    pub struct AgreedTextReopened => "D206", "agreed-text-reopened", Warning;
}

impl Rule for AgreedTextReopened {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        for (k, pair) in cx.versions.windows(2).enumerate() {
            let (Some(old), Some(new)) = (pair[0], pair[1]) else {
                continue;
            };
            let Some(source) = cx.sources.get(k + 1).copied().flatten() else {
                continue;
            };
            if !old
                .clauses()
                .any(|c| c.status.is_some_and(crate::model::ClauseStatus::is_agreed))
            {
                continue;
            }
            let diff = crate::diff::diff(old, new, &crate::diff::Options::default());
            let clauses: Vec<&crate::model::Clause> = new.clauses().collect();
            for change in diff.changes.iter().filter(|c| c.reopens_agreed_text()) {
                let Some(r) = change.new.first() else {
                    continue;
                };
                let Some(clause) = clauses.get(r.index()).copied() else {
                    continue;
                };
                let name = r.id().map_or(String::new(), |id| format!(" <{id}>"));
                out.push(
                    Diagnostic::at(
                        &Self::INFO,
                        source,
                        super::clause_range(source, clause),
                        format!(
                            "agreed text reopened: the words of clause {}{name} changed since `{}`, and it is still marked agreed",
                            r.number, old.id
                        ),
                    )
                    .help("set its status back to `open` (`decl status DECL --set ID=open`), or restore the agreed words"),
                );
            }
        }
    }
}
