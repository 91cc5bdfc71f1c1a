//! `decl check` on a generated repository: 1,000 version files (50 declarations of 20 versions,
//! each version the 22 clauses of the shipped July 2025 draft with a few words changed).
//! Target: under 2 s.
//!
//! ```sh
//! cargo bench --bench check            # prints files, findings and the best of 5 runs
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

const DECLARATIONS: usize = 50;
const VERSIONS: usize = 20;
const RUNS: usize = 5;

fn main() {
    // `cargo test --benches` runs this in test mode: one small run, no timing claims.
    let quick = std::env::args().any(|a| a == "--test");
    let (declarations, versions) = if quick {
        (2, 3)
    } else {
        (DECLARATIONS, VERSIONS)
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("declarations/global-alliance-2025/versions/2025-07-18-draft.md"),
    )
    .expect("example draft");
    generate(root, &template, declarations, versions);

    let mut best = Duration::MAX;
    let mut report = None;
    for _ in 0..if quick { 1 } else { RUNS } {
        let start = Instant::now();
        let r = decl::check::run(&[root.to_path_buf()]).expect("check runs");
        best = best.min(start.elapsed());
        report = Some(r);
    }
    let report = report.expect("at least one run");
    let s = report.summary;
    println!(
        "check: {} files ({} versions), {} errors, {} warnings, {} infos; best of {}: {:.3} s",
        s.files,
        declarations * versions,
        s.errors,
        s.warnings,
        s.infos,
        if quick { 1 } else { RUNS },
        best.as_secs_f64()
    );
    if !quick {
        assert!(best < Duration::from_secs(2), "over the 2 s target");
    }
}

fn generate(root: &Path, template: &str, declarations: usize, versions: usize) {
    std::fs::write(root.join("decl.yaml"), "# bench\n").expect("settings");
    for d in 0..declarations {
        let dir = root.join("declarations").join(format!("decl-{d:03}"));
        std::fs::create_dir_all(dir.join("versions")).expect("dir");
        let mut manifest = String::from("language: en\nversions:\n");
        for v in 0..versions {
            let name = format!("v{v:02}.md");
            manifest += "  - versions/";
            manifest += &name;
            manifest.push('\n');
            let text = template
                .replace(
                    "2025-07-18",
                    &format!("2025-{:02}-{:02}", 1 + v / 28, 1 + v % 28),
                )
                .replace(
                    "document: 11767/25",
                    &format!("document: {}/25", 11_000 + v),
                )
                .replace(
                    "strong national",
                    if v % 2 == 0 {
                        "strong national"
                    } else {
                        "robust national"
                    },
                )
                .replace("at all levels", &format!("at all {v} levels"));
            std::fs::write(dir.join("versions").join(name), text).expect("version");
        }
        std::fs::write(dir.join("declaration.yaml"), manifest).expect("manifest");
    }
}
