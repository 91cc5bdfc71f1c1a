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
                    .chain(
                        authors
                            .iter()
                            .map(|(a, _)| docx::Reading::Author(a.as_deref())),
                    );
                for reading in readings {
                    let _ = docx::draft(&document, reading).render_checked("fuzz.md");
                }
                let _ = docx::draft_with(&document, docx::Reading::Accept, true)
                    .render_checked("fuzz.md");
                let _ = import::marks::Stream::of_docx(&document);
            }
        }
        Ok(Kind::Text) => {
            if let Ok(source) = decl::source::Source::from_bytes("fuzz.txt", data.to_vec()) {
                let _ = import::council_text::import(&source.text).render_checked("fuzz.md");
                // A REV's change marks, as `decl import --marks` reads them.
                let _ = import::marks::Stream::of_text(&source.text);
                let _ =
                    import::council_text::import(&import::marks::without_deletions(&source.text))
                        .render_checked("fuzz.md");
            }
        }
        // A PDF's text comes from `pdftotext`, an external program, and then goes through the
        // note importer fuzzed above.
        Ok(Kind::Pdf) | Err(_) => {}
    }
});
