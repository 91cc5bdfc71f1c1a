//! Any bytes as the input of `decl import`: the text of a Council note and, when the bytes are
//! a zip archive, a Word document (every reading of its tracked changes). Importing must give
//! a version or an error, never panic; a version that renders must read back as itself (which
//! `render_checked` verifies).
#![no_main]

use std::path::Path;

use decl::import::{self, Kind, docx};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.docx");
    match import::kind_of(path, data) {
        Ok(Kind::Docx) => {
            if let Ok(document) = docx::read(path, data) {
                let authors = document.authors();
                let readings = [docx::Reading::Accept, docx::Reading::Reject]
                    .into_iter()
                    .chain(authors.iter().map(|(a, _)| docx::Reading::Author(a.as_deref())));
                for reading in readings {
                    let _ = docx::draft(&document, reading).render_checked("fuzz.md");
                }
            }
        }
        Ok(Kind::Text) => {
            if let Ok(source) = decl::source::Source::from_bytes("fuzz.txt", data.to_vec()) {
                let _ = import::council_text::import(&source.text).render_checked("fuzz.md");
            }
        }
        Err(_) => {}
    }
});
