//! Any bytes as a Markdown version file: reading must return a version or an error, never panic;
//! and what `fmt` would write (its rewrite when its check passes it) reads as the same clauses:
//! `fmt` never writes a file whose words changed. The conversions of `show --format md|yaml`
//! give a text or refuse.
#![no_main]

use decl::model::{Format, Meta};
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
    if decl::commands::fmt::verify_same(&source, &version, &formatted).is_ok() {
        let again = Source::new("fuzz.md", formatted);
        let reread = decl::parse::version(&again, &Meta::default())
            .expect("fmt's check read the rewrite");
        let a: Vec<_> = version.clauses().map(|c| c.text.clone()).collect();
        let b: Vec<_> = reread.clauses().map(|c| c.text.clone()).collect();
        assert_eq!(a, b, "fmt would write changed clauses");
    }
    let _ = decl::write::convert(&version, Format::Markdown);
    let _ = decl::write::convert(&version, Format::Yaml);
});
