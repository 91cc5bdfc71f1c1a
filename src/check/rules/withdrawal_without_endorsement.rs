use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};
use crate::endorse::Action;

declare_rule! {
    /// A `withdraw` event in a delegation's ledger with no standing endorsement before it.
    ///
    /// ## Why
    /// A delegation can only withdraw an endorsement it gave. A withdrawal with nothing to
    /// withdraw usually means the endorsement was recorded in another file (a wrong
    /// delegation code) or never recorded at all, so the record is incomplete.
    ///
    /// ## Example
    /// ```yaml
    /// # endorsements/HU.yaml
    /// - {event: withdraw, date: 2026-01-10, version: 2025-12-10-adopted}
    /// ```
    ///
    /// ## Fix
    /// Record the endorsement that was withdrawn (with its date and source) above the
    /// withdrawal, or move the withdrawal to the ledger of the delegation it belongs to.
    pub struct WithdrawalWithoutEndorsement => "D403", "withdrawal-without-endorsement", Error;
}

impl Rule for WithdrawalWithoutEndorsement {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        for file in cx.ledger {
            let mut endorsed = false;
            for event in &file.events {
                match event.action {
                    Action::Endorse => endorsed = true,
                    Action::Withdraw if !endorsed => {
                        let range = super::field_on_line(&file.source, event.line, "event");
                        out.push(
                            Diagnostic::at(
                                &Self::INFO,
                                &file.source,
                                range,
                                format!(
                                    "`{}` withdraws an endorsement it has not given",
                                    file.code
                                ),
                            )
                            .help("record the endorsement above this line, or move the withdrawal to the right delegation"),
                        );
                    }
                    Action::Withdraw => endorsed = false,
                    Action::Reserve | Action::Lift => {}
                }
            }
        }
    }
}
