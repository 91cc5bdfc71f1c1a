//! Negotiation state: where each paragraph stands ([`status`]), the delegations' proposals on a
//! version ([`proposal`]), and what becomes of them: the compilation text and the outcomes in
//! the next version ([`compile`]). Built on the diff's model: a proposal is the clause-level
//! diff from its base version to a delegation's edited copy.

pub mod status;
