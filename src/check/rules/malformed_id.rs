use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{Rule, RuleInfo, declare_rule};
use crate::source::Source;
use crate::text::is_valid_id;

declare_rule! {
    /// An id that is not made of letters, digits, `-`, `_`, `.` and `:`, starting with a
    /// letter or digit.
    ///
    /// ## Why
    /// Ids end up in URLs (`#prevention`), in reservation records and on the command line
    /// (`decl show DECL@V`); spaces and punctuation break all three. `decl` refuses to read a
    /// version with such an id.
    ///
    /// ## Example
    /// ```markdown
    /// Reaffirm the need for … <!-- id: reaffirm the need -->
    /// ```
    ///
    /// ## Fix
    /// Use hyphens for spaces and start with a letter or digit: `<!-- id: reaffirm-need -->`.
    pub struct MalformedId => "D105", "malformed-id", Error;
}

impl Rule for MalformedId {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_source(&self, source: &Source, out: &mut Findings) {
        for (range, id) in super::duplicate_id::ids(source) {
            if !is_valid_id(&id) {
                out.push(
                    Diagnostic::at(&Self::INFO, source, range, format!("malformed id `{id}`"))
                        .help("ids use letters, digits, `-`, `_`, `.` and `:`, and start with a letter or digit"),
                );
            }
        }
    }
}
