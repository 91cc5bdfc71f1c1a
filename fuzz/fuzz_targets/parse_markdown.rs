//! Any bytes as a Markdown version file: reading must return a version or an error, never panic;
//! and a version that reads must format to text that reads as the same clauses.
#![no_main]

use decl::model::Meta;
use decl::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.md", data.to_vec()) else {
        return;
    };
    let Ok(version) = decl::parse::version(&source, &Meta::default()) else {
        return;
    };
    let formatted = decl::write::markdown(&version);
    let again = Source::new("fuzz.md", formatted);
    if let Ok(reread) = decl::parse::version(&again, &Meta::default()) {
        let a: Vec<_> = version.clauses().map(|c| c.text.clone()).collect();
        let b: Vec<_> = reread.clauses().map(|c| c.text.clone()).collect();
        assert_eq!(a, b, "fmt changed the clauses");
    }
    let _ = decl::write::yaml(&version);
});
