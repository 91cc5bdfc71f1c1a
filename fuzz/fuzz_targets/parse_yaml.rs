//! Any bytes as a YAML body version file: a version or an error, never a panic.
#![no_main]

use decl::model::Meta;
use decl::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = Source::from_bytes("fuzz.yaml", data.to_vec()) {
        let _ = decl::parse::version(&source, &Meta::default());
    }
});
