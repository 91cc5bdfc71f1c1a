//! `decl site` on a generated declaration of 10 versions of 1,000 clauses (45 redlines, about
//! 1,000 clause pages, the synopsis, the search index): the release binary end to end, the
//! median of 3 runs. Target: under 5 s.
//!
//! ```sh
//! cargo bench --bench site
//! DECL_BENCH_SITE=10,1000 cargo bench --bench site   # versions,clauses
//! ```

#[path = "../tests/common/generate.rs"]
mod generate;

use std::process::Command;
use std::time::Instant;

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let (versions, clauses) = match std::env::var("DECL_BENCH_SITE") {
        Ok(s) => {
            let mut it = s.split(',').filter_map(|n| n.trim().parse::<usize>().ok());
            (it.next().unwrap_or(10), it.next().unwrap_or(1000))
        }
        Err(_) if quick => (3, 50),
        Err(_) => (10, 1000),
    };
    let runs = if quick { 1 } else { 3 };
    let tmp = tempfile::tempdir().expect("temp dir");
    generate::repository(tmp.path(), versions, clauses);
    let bin = env!("CARGO_BIN_EXE_decl");
    let mut times = Vec::with_capacity(runs);
    let mut files = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let status = Command::new(bin)
            .args(["site", "-o", "site"])
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("decl runs");
        times.push(start.elapsed().as_secs_f64());
        assert!(status.success(), "decl site failed: {status}");
        files = count(&tmp.path().join("site"));
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "decl site, {versions} versions of {clauses} clauses: {median:.3} s (median of {runs}), {files} files; target < 5 s: {}",
        if median < 5.0 { "met" } else { "NOT MET" }
    );
}

fn count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                count(&e.path())
            } else {
                1
            }
        })
        .sum()
}
