//! Any bytes as a proposal file: a proposal or an error, never a panic; a proposal read is
//! written back as a file that reads as the same proposal.
#![no_main]

use std::path::Path;

use decl::negotiate::proposal;
use decl::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.yaml", data.to_vec()) else {
        return;
    };
    let Ok(p) = proposal::read(Path::new("fuzz.yaml"), &source) else {
        return;
    };
    let text = p.to_text("fuzz");
    let again = Source::new("again.yaml", text.clone());
    let back = proposal::read(Path::new("fuzz.yaml"), &again)
        .unwrap_or_else(|e| panic!("a proposal written back does not read: {e}\n{text}"));
    assert_eq!(back, p, "{text}");
});
