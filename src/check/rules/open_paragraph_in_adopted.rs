use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, VersionCx, declare_rule};
use crate::model::{ClauseStatus, Version};
use crate::source::Source;

declare_rule! {
    /// A paragraph still open in an adopted version of a declaration that records paragraph
    /// status.
    ///
    /// ## Why
    /// Where the negotiation records which paragraphs are agreed (`status:` in the id
    /// comments of any of its versions), an adopted text is one in which every paragraph is
    /// agreed. An open paragraph (or one agreed only ad referendum) in it means the text was
    /// marked adopted before the last paragraphs were closed, or their status was forgotten.
    /// Declarations that never record a status are not checked.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// status: adopted
    /// ---
    /// Reaffirm the need for strong legal frameworks; <!-- id: frameworks; status: agreed -->
    ///
    /// Support awareness-raising campaigns; <!-- id: campaigns -->
    /// ```
    ///
    /// ## Fix
    /// Mark the paragraphs the room agreed (`decl status DECL --set campaigns=agreed`), or set
    /// the version back to `status: draft` until they are.
    pub struct OpenParagraphInAdopted => "D207", "open-paragraph-in-adopted", Error;
}

impl Rule for OpenParagraphInAdopted {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_version(&self, cx: &VersionCx, out: &mut Findings) {
        // A version that records a status itself; the others are checked with their
        // declaration, whose other versions may record one.
        if crate::negotiate::status::tracks_status([cx.version]) {
            report(cx.version, cx.source, out);
        }
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        if !crate::negotiate::status::tracks_status(cx.versions.iter().flatten().copied()) {
            return;
        }
        for (v, source) in cx.versions.iter().zip(&cx.sources) {
            if let (Some(v), Some(source)) = (v, source)
                && !crate::negotiate::status::tracks_status([*v])
            {
                report(v, source, out);
            }
        }
    }
}

fn report(version: &Version, source: &Source, out: &mut Findings) {
    if !version.meta.is_adopted() {
        return;
    }
    let numbers = crate::model::number::numbers(version);
    for clause in version.clauses() {
        let status = ClauseStatus::of(clause.status);
        if status == ClauseStatus::Agreed {
            continue;
        }
        out.push(
            Diagnostic::at(
                &OpenParagraphInAdopted::INFO,
                source,
                super::clause_range(source, clause),
                format!(
                    "paragraph {} is {} in an adopted version",
                    numbers[clause.index],
                    status.label()
                ),
            )
            .help("mark it agreed (`decl status DECL --set ID=agreed`), or set `status: draft` until it is"),
        );
    }
}
