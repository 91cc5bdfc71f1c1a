//! Any bytes as a whole repository for `decl check`: settings, a manifest, version files
//! (Markdown and YAML) and ledger files. The check must report or refuse, never panic: a panic
//! in a rule comes back as an internal error, which this target treats as a crash. Every
//! output format renders the report.
//!
//! The input is split on 0xFF (a byte UTF-8 never has): the first piece is `decl.yaml`, the
//! second the manifest (empty: one listing every version file), each further piece a file whose
//! first byte picks what it is (below 0x80 a `.md` version, below 0xC0 a `.yaml` version, else a
//! ledger file of one of a few delegations, one of them unknown).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

const CODES: &[&str] = &["FR", "DE", "EU", "UNODC", "XX"];

fuzz_target!(|data: &[u8]| {
    let Ok(tmp) = tempfile::tempdir() else {
        return;
    };
    let root = tmp.path();
    let decl = root.join("declarations/d");
    if std::fs::create_dir_all(decl.join("versions")).is_err()
        || std::fs::create_dir_all(decl.join("endorsements")).is_err()
    {
        return;
    }
    let mut pieces = data.split(|&b| b == 0xff);
    let settings = pieces.next().unwrap_or_default();
    let manifest = pieces.next().unwrap_or_default();
    let mut listed = Vec::new();
    for (i, piece) in pieces.take(12).enumerate() {
        let (kind, body) = piece.split_first().map_or((0, &[][..]), |(k, b)| (*k, b));
        let path = if kind < 0x80 {
            listed.push(format!("versions/v{i}.md"));
            decl.join(format!("versions/v{i}.md"))
        } else if kind < 0xc0 {
            listed.push(format!("versions/v{i}.yaml"));
            decl.join(format!("versions/v{i}.yaml"))
        } else {
            decl.join(format!("endorsements/{}.yaml", CODES[usize::from(kind) % CODES.len()]))
        };
        let _ = std::fs::write(path, body);
    }
    let _ = std::fs::write(root.join("decl.yaml"), settings);
    let manifest = if manifest.is_empty() {
        let mut m = b"versions:\n".to_vec();
        for file in &listed {
            m.extend_from_slice(format!("  - {file}\n").as_bytes());
        }
        m
    } else {
        manifest.to_vec()
    };
    let _ = std::fs::write(decl.join("declaration.yaml"), manifest);
    check(root);
});

fn check(root: &Path) {
    match decl::check::run(&[root.to_path_buf()]) {
        Ok(report) => {
            use clap::ValueEnum as _;
            for format in decl::check::output::Format::value_variants() {
                let mut out = Vec::new();
                let _ = decl::check::output::render(*format, &report, &mut out, true);
            }
        }
        Err(e) => assert!(!e.internal, "{e}"),
    }
}
