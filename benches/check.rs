//! `decl check` on a generated repository: 1,000 version files (50 declarations of 20 versions,
//! each version the 22 clauses of the shipped July 2025 draft with a few words changed).
//! Target: under 2 s.
//!
//! Then linearity: pathological files of 1 MB and 10 MB (one line of `]`, one clause of one
//! repeated word, a paragraph of ordinary words, a deeply nested list, many short clauses full
//! of findings). Target: the 10 MB file takes at most 20 times as long as the 1 MB one (linear,
//! with room for a noisy machine), and peak memory grows no faster than the file.
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
    linearity(root, quick);
}

/// The pathological inputs, as a function of a size in bytes.
/// A named way to make a file of about n bytes.
type Kind = (&'static str, fn(usize) -> String);

const KINDS: &[Kind] = &[
    ("one line of `]`", |n| format!("# T\n\n{}\n", "]".repeat(n))),
    ("one clause of one word", |n| {
        format!("# T\n\n{}\n", "the ".repeat(n / 4))
    }),
    ("one paragraph of words", |n| {
        let sentence =
            "Reaffirm the need for strong national frameworks that criminalise smuggling; ";
        format!("# T\n\n{}\n", sentence.repeat(n / sentence.len()))
    }),
    ("a nested list", |n| {
        // Depth d takes about d² bytes: indentation grows with depth.
        let depth = n.isqrt();
        let mut out = String::from("# T\n\n");
        for i in 0..depth {
            out.push_str(&"  ".repeat(i));
            out.push_str("- a\n");
        }
        out
    }),
    ("short clauses with findings", |n| {
        let clause = "Recieve the the  goverment [list] ];\n\n";
        format!("# T\n\n{}", clause.repeat(n / clause.len()))
    }),
];

fn linearity(root: &Path, quick: bool) {
    let sizes: [usize; 2] = if quick {
        [10_000, 100_000]
    } else {
        [1_000_000, 10_000_000]
    };
    for (name, make) in KINDS {
        let mut measured = Vec::new();
        for size in sizes {
            let path = root.join("linear.md");
            std::fs::write(&path, make(size)).expect("write");
            let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
            let mut best = Duration::MAX;
            let mut peak = 0;
            for _ in 0..if quick { 1 } else { 3 } {
                reset_peak_memory();
                let start = Instant::now();
                let report = decl::check::run(std::slice::from_ref(&path)).expect("check runs");
                best = best.min(start.elapsed());
                peak = peak.max(peak_memory_kib());
                std::hint::black_box(report);
            }
            println!(
                "check, {name}: {:.1} MB in {:.3} s, peak {} MiB",
                bytes as f64 / 1e6,
                best.as_secs_f64(),
                peak / 1024
            );
            measured.push(best);
        }
        if !quick {
            let ratio = measured[1].as_secs_f64() / measured[0].as_secs_f64().max(1e-4);
            println!("check, {name}: 10 × the input takes {ratio:.1} × the time");
            assert!(ratio < 20.0, "{name}: not linear ({ratio:.1} ×)");
        }
    }
}

/// Reset the process's peak resident memory (Linux: `echo 5 > /proc/self/clear_refs`).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory since the last reset, in KiB (0 where unknown).
fn peak_memory_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
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
