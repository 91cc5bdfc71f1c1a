//! The rules `decl check` knows, and what a rule is.
//!
//! A rule is a unit struct declared with [`declare_rule!`] in its own file under `rules/`: the
//! doc comment on the struct *is* the rule's documentation (`decl check --explain CODE`,
//! `--list-rules`, SARIF rule help). Adding a rule means one new file, one line in [`RULES`] and
//! one fixture folder.

use std::path::Path;

use super::diagnostic::{Findings, Severity};
use super::rules;
use crate::endorse::{Event, Registry};
use crate::model::{Meta, Version};
use crate::parse::manifest::Manifest;
use crate::settings::Settings;
use crate::source::Source;

/// What the registry knows about a rule, without running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// `D` + 3 digits: D1xx structure, D2xx negotiation, D3xx drafting, D4xx endorsements,
    /// D5xx markings.
    pub code: &'static str,
    /// Kebab-case, naming the problem: `doubled-word`.
    pub name: &'static str,
    /// The severity unless the settings say otherwise.
    pub severity: Severity,
    /// The doc comment, as the compiler gives it (each line with its leading space).
    pub doc: &'static str,
}

impl RuleInfo {
    /// The documentation as Markdown.
    #[must_use]
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string()
    }

    /// The first sentence of the documentation.
    #[must_use]
    pub fn summary(&self) -> String {
        let first = self
            .explanation()
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\n', " ");
        first.trim().to_string()
    }
}

/// The data a version rule sees.
pub struct VersionCx<'a> {
    pub source: &'a Source,
    pub version: &'a Version,
    /// The declaration's own metadata (from its manifest), when the version belongs to one.
    pub manifest: Option<&'a Meta>,
    pub settings: &'a Settings,
    /// Whether the file lies in a folder the settings declare public.
    pub public: bool,
}

/// The data a declaration rule sees.
pub struct DeclarationCx<'a> {
    pub manifest: &'a Manifest,
    /// The versions in manifest order; `None` where a file could not be read.
    pub versions: Vec<Option<&'a Version>>,
    /// The files those versions were read from, in the same order.
    pub sources: Vec<Option<&'a Source>>,
    pub settings: &'a Settings,
    /// The repository root, when known.
    pub root: Option<&'a Path>,
    /// The endorsement ledger: one file per delegation, as read (files that could not be read
    /// are reported as parse errors and left out).
    pub ledger: &'a [LedgerFile],
    /// The delegations that can endorse; `None` when the settings that extend them are broken.
    pub delegations: Option<&'a Registry>,
    /// The proposals (`proposals/<version>/*.yaml`), as read (files that could not be read
    /// are reported as parse errors and left out).
    pub proposals: &'a [ProposalFile],
}

/// One proposal file.
pub struct ProposalFile {
    pub source: Source,
    pub proposal: crate::negotiate::proposal::Proposal,
}

/// One delegation's ledger file.
pub struct LedgerFile {
    /// The delegation code, from the file name.
    pub code: String,
    pub source: Source,
    pub events: Vec<Event>,
}

/// A check. Each hook has an empty default; a rule implements the ones it needs.
pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;

    /// Checks on a file's text, run even when the file cannot be read as a version.
    fn check_source(&self, _source: &Source, _out: &mut Findings) {}

    /// Checks on one version.
    fn check_version(&self, _cx: &VersionCx, _out: &mut Findings) {}

    /// Checks on a declaration as a whole: its manifest and the order of its versions.
    fn check_declaration(&self, _cx: &DeclarationCx, _out: &mut Findings) {}
}

/// Declare a rule: a unit struct whose doc comment is its documentation, with its code, name and
/// default severity.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        pub struct $name:ident => $code:literal, $rule:literal, $severity:ident;
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $name {
            pub const INFO: $crate::check::registry::RuleInfo = $crate::check::registry::RuleInfo {
                code: $code,
                name: $rule,
                severity: $crate::check::diagnostic::Severity::$severity,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Every rule, in code order.
pub static RULES: &[&dyn Rule] = &[
    &rules::parse_error::ParseError,
    &rules::unknown_field::UnknownField,
    &rules::missing_title::MissingTitle,
    &rules::duplicate_id::DuplicateId,
    &rules::malformed_id::MalformedId,
    &rules::empty_section::EmptySection,
    &rules::missing_version_file::MissingVersionFile,
    &rules::version_order::VersionOrder,
    &rules::unknown_setting::UnknownSetting,
    &rules::control_character::ControlCharacter,
    &rules::unlisted_version::UnlistedVersion,
    &rules::bracket_in_adopted::BracketInAdopted,
    &rules::placeholder_in_adopted::PlaceholderInAdopted,
    &rules::unbalanced_bracket::UnbalancedBracket,
    &rules::open_brackets::OpenBrackets,
    &rules::change_marks::ChangeMarks,
    &rules::agreed_text_reopened::AgreedTextReopened,
    &rules::open_paragraph_in_adopted::OpenParagraphInAdopted,
    &rules::proposal_mismatch::ProposalMismatch,
    &rules::doubled_word::DoubledWord,
    &rules::double_space::DoubleSpace,
    &rules::misspelling::Misspelling,
    &rules::mixed_spelling::MixedSpelling,
    &rules::inconsistent_title::InconsistentTitle,
    &rules::operative_verb::OperativeVerb,
    &rules::terminal_punctuation::TerminalPunctuation,
    &rules::unknown_delegation::UnknownDelegation,
    &rules::unknown_version::UnknownVersion,
    &rules::withdrawal_without_endorsement::WithdrawalWithoutEndorsement,
    &rules::endorsement_date_order::EndorsementDateOrder,
    &rules::stale_endorsement::StaleEndorsement,
    &rules::endorsers_awaited::EndorsersAwaited,
    &rules::endorsed_text_changed::EndorsedTextChanged,
    &rules::limite_in_public::LimiteInPublic,
    &rules::classification_mismatch::ClassificationMismatch,
];

/// A rule by code (`D301`, any case) or name (`doubled-word`).
#[must_use]
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| {
        let info = r.info();
        info.code.eq_ignore_ascii_case(code_or_name) || info.name == code_or_name
    })
}

/// The registry's codes and names, for "did you mean" hints.
pub fn names() -> impl Iterator<Item = &'static str> {
    RULES
        .iter()
        .flat_map(|r| [r.info().code, r.info().name].into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_grouped_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let info = rule.info();
            assert!(seen.insert(info.code), "{} twice", info.code);
            assert!(seen.insert(info.name), "{} twice", info.name);
            assert!(
                info.code.len() == 4
                    && info.code.starts_with('D')
                    && info.code[1..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                info.code
            );
            assert!(
                ('1'..='5').contains(&info.code.chars().nth(1).unwrap_or('0')),
                "{}",
                info.code
            );
            let doc = info.explanation();
            for part in ["## Why", "## Example", "## Fix"] {
                assert!(doc.contains(part), "{} lacks `{part}`", info.code);
            }
        }
        let codes: Vec<_> = RULES.iter().map(|r| r.info().code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted, "RULES is in code order");
    }
}
