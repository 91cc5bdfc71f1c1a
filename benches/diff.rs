//! Clause-level diff on generated declaration pairs, against `git diff --no-index --word-diff`.
//!
//! The pairs come from `../shared/bench/gen_corpus.py` (or `DECL_BENCH_GENERATOR`), generated at
//! run time into a temporary folder: nothing large is committed. For each size the bench prints
//! the best of several runs of
//! - `decl diff old.md new.md --format json` (the release binary, end to end, with peak memory),
//! - `git diff --no-index --word-diff=plain old.md new.md` on the same files,
//! - the phases in process: reading both files, aligning, writing JSON,
//!
//! and the alignment's accuracy against the generator's ground truth: precision, recall and F1
//! of matched (old, new) clause pairs, and how many splits and merges were reported as such.
//!
//! ```sh
//! cargo bench --bench diff                          # sizes 1000, 10000, 100000
//! DECL_BENCH_SIZES=10000 cargo bench --bench diff   # one size
//! ```
//!
//! Targets (2 cores): the 10,000-clause pair at least as fast as git's word diff; the
//! 100,000-clause pair no slower than git's word diff and under 300 MiB; F1 ≥ 0.99.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use decl::diff::{self, Kind, Options};
use decl::model::Meta;
use decl::source::Source;

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let sizes: Vec<usize> = match std::env::var("DECL_BENCH_SIZES") {
        Ok(s) => s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) if quick => vec![500],
        Err(_) => vec![1_000, 10_000, 100_000],
    };
    let runs = if quick { 1 } else { 3 };
    let generator = std::env::var_os("DECL_BENCH_GENERATOR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py"),
        PathBuf::from,
    );
    if !generator.is_file() {
        eprintln!(
            "no corpus generator at {} (set DECL_BENCH_GENERATOR)",
            generator.display()
        );
        std::process::exit(2);
    }
    let bin = env!("CARGO_BIN_EXE_decl");
    println!(
        "{:>8}  {:>9}  {:>9}  {:>8}  {:>9}  {:>7}  {:>7}  {:>7}  {:>6}  {:>6}  {:>11}  {:>11}",
        "clauses",
        "decl",
        "git",
        "memory",
        "read",
        "align",
        "json",
        "F1",
        "prec",
        "recall",
        "splits",
        "merges"
    );
    for size in sizes {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let status = Command::new("python3")
            .arg(&generator)
            .args(["--clauses", &size.to_string(), "--seed", "1", "--out"])
            .arg(dir)
            .output()
            .expect("python3 runs the generator");
        assert!(
            status.status.success(),
            "generator failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let old = dir.join("old.md");
        let new = dir.join("new.md");

        let (decl_time, memory) = best_of(runs, || {
            let start = Instant::now();
            // To standard output, as git's diff is measured (`-o` would add an fsync).
            let (ok, kib) = run_measured(
                Command::new(bin)
                    .args(["diff", "--format", "json"])
                    .arg(&old)
                    .arg(&new),
            );
            assert!(ok, "decl diff failed");
            (start.elapsed(), kib)
        });
        let (git_time, _) = best_of(runs, || {
            let start = Instant::now();
            let out = Command::new("git")
                .args(["diff", "--no-index", "--word-diff=plain", "--no-color"])
                .arg(&old)
                .arg(&new)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("git runs");
            assert!(out.code().is_some_and(|c| c <= 1), "git diff failed");
            (start.elapsed(), None)
        });

        // The phases, in process.
        let mut read = Duration::MAX;
        let mut align = Duration::MAX;
        let mut json = Duration::MAX;
        let mut f1 = (0.0, 0.0, 0.0);
        let mut splits = (0, 0);
        let mut merges = (0, 0);
        for _ in 0..runs {
            let start = Instant::now();
            let a = decl::parse::version(&Source::read(&old).expect("old"), &Meta::default())
                .expect("old parses");
            let b = decl::parse::version(&Source::read(&new).expect("new"), &Meta::default())
                .expect("new parses");
            read = read.min(start.elapsed());
            let start = Instant::now();
            let d = diff::diff(&a, &b, &Options::default());
            align = align.min(start.elapsed());
            let start = Instant::now();
            let mut buf = Vec::with_capacity(64 << 20);
            diff::format::json::write(&d, &mut buf).expect("json");
            json = json.min(start.elapsed());
            let truth: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join("truth.json")).expect("truth"),
            )
            .expect("truth JSON");
            f1 = accuracy(&d, &truth);
            splits = reported(&d, &truth, "split", Kind::Split);
            merges = reported(&d, &truth, "merged", Kind::Merged);
        }
        println!(
            "{size:>8}  {:>9}  {:>9}  {:>8}  {:>9}  {:>7}  {:>7}  {:>7.4}  {:>6.4}  {:>6.4}  {:>11}  {:>11}",
            ms(decl_time),
            ms(git_time),
            memory.map_or("?".to_string(), |k| format!("{} MiB", k / 1024)),
            ms(read),
            ms(align),
            ms(json),
            f1.2,
            f1.0,
            f1.1,
            format!("{}/{}", splits.0, splits.1),
            format!("{}/{}", merges.0, merges.1),
        );
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn best_of(runs: usize, mut f: impl FnMut() -> (Duration, Option<u64>)) -> (Duration, Option<u64>) {
    let mut best = (Duration::MAX, None);
    for _ in 0..runs {
        let (t, m) = f();
        if t < best.0 {
            best = (t, m.or(best.1));
        }
    }
    best
}

/// Run a command under `/usr/bin/time` when it exists, to read its peak resident memory (KiB).
fn run_measured(cmd: &mut Command) -> (bool, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    if time.is_file() {
        let mut wrapped = Command::new(time);
        wrapped
            .args(["-f", "%M"])
            .arg(cmd.get_program())
            .args(cmd.get_args());
        let out = wrapped
            .stdout(std::process::Stdio::null())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let kib = stderr.lines().last().and_then(|l| l.trim().parse().ok());
        (out.status.success(), kib)
    } else {
        (cmd.status().expect("runs").success(), None)
    }
}

/// Precision, recall and F1 of matched (old, new) pairs against the truth.
fn accuracy(d: &diff::Diff<'_>, truth: &serde_json::Value) -> (f64, f64, f64) {
    let mut expected: HashSet<(u64, u64)> = HashSet::new();
    for c in truth["clauses"].as_array().expect("clauses") {
        let old = c["old"].as_u64().expect("old");
        for n in c["new"].as_array().expect("new") {
            expected.insert((old, n.as_u64().expect("index")));
        }
    }
    let mut found: HashSet<(u64, u64)> = HashSet::new();
    for change in &d.changes {
        for o in &change.old {
            for n in &change.new {
                found.insert((o.index as u64, n.index as u64));
            }
        }
    }
    let hits = found.intersection(&expected).count() as f64;
    let precision = hits / found.len().max(1) as f64;
    let recall = hits / expected.len().max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

/// How many of the truth's splits (or merges) the diff reports as such, out of how many.
fn reported(
    d: &diff::Diff<'_>,
    truth: &serde_json::Value,
    fate: &str,
    kind: Kind,
) -> (usize, usize) {
    let olds: Vec<u64> = truth["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter(|c| c["fate"] == fate)
        .filter_map(|c| c["old"].as_u64())
        .collect();
    let reported: HashSet<u64> = d
        .changes
        .iter()
        .filter(|c| c.kind == kind)
        .flat_map(|c| c.old.iter().map(|o| o.index as u64))
        .collect();
    let hit = olds.iter().filter(|o| reported.contains(o)).count();
    (hit, olds.len())
}
