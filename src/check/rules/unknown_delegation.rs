use crate::check::diagnostic::{Diagnostic, Findings};
use crate::check::registry::{DeclarationCx, Rule, RuleInfo, declare_rule};
use crate::text::closest;

declare_rule! {
    /// A ledger file named for a delegation code the registry does not know.
    ///
    /// ## Why
    /// The ledger keeps one file per delegation, `endorsements/<CODE>.yaml`. A file named for
    /// an unknown code (`GR` for Greece, whose Council code is `EL`; a typo) records
    /// endorsements no list of endorsers will ever show.
    ///
    /// ## Example
    /// ```text
    /// declarations/summit/endorsements/GR.yaml
    /// ```
    ///
    /// ## Fix
    /// Rename the file to the registry's code (`decl delegations` lists them), or add the
    /// delegation under `delegations:` in `decl.yaml`.
    pub struct UnknownDelegation => "D401", "unknown-delegation", Error;
}

impl Rule for UnknownDelegation {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check_declaration(&self, cx: &DeclarationCx, out: &mut Findings) {
        let Some(registry) = cx.delegations else {
            return;
        };
        for file in cx.ledger {
            if registry.get(&file.code).is_some() {
                continue;
            }
            let line = file.events.first().map_or(1, |e| e.line);
            let at = super::line_range(&file.source, line).start;
            let codes = registry.all().iter().map(|d| d.code.as_str());
            let help = match registry.lookup(&file.code) {
                Ok(d) => format!("the registry spells it `{}`: rename the file", d.code),
                Err(_) => match closest(&file.code, codes).first() {
                    Some(best) => format!(
                        "did you mean `{best}`? or add `{}` under `delegations:` in `decl.yaml`",
                        file.code
                    ),
                    None => format!(
                        "add `{}` under `delegations:` in `decl.yaml`, or rename the file",
                        file.code
                    ),
                },
            };
            out.push(
                Diagnostic::at(
                    &Self::INFO,
                    &file.source,
                    at..at,
                    format!("ledger of unknown delegation `{}`", file.code),
                )
                .help(help),
            );
        }
    }
}
