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
//! Then the same accuracy on the hard negotiation edits of `benches/hard_corpus.py` (reworded,
//! non-adjacent and 3-way splits and merges, partial ids, block and section moves, renumbered
//! headings), several drafts of `DECL_BENCH_HARD_CLAUSES` (1,000) clauses each, with the
//! lineage of clauses deleted and reinstated across three drafts (`decl synopsis`).
//!
//! ```sh
//! DECL_BENCH_SIZES= cargo bench --bench diff        # the hard corpus only
//! DECL_BENCH_HARD_SEEDS=0 cargo bench --bench diff  # the speed corpus only
//! ```
//!
//! Targets (2 cores): the 10,000-clause pair at least as fast as git's word diff; the
//! 100,000-clause pair no slower than git's word diff; F1 ≥ 0.9998 and ≥ 98% of splits and
//! merges found at 100,000 clauses; on the hard corpus F1 ≥ 0.995 and ≥ 95% of splits and
//! merges found.

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
    hard_corpus(quick);
}

/// Accuracy on `hard_corpus.py`'s drafts, summed over seeds.
fn hard_corpus(quick: bool) {
    let seeds: usize = std::env::var("DECL_BENCH_HARD_SEEDS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(if quick { 1 } else { 10 });
    if seeds == 0 {
        return;
    }
    let clauses: usize = std::env::var("DECL_BENCH_HARD_CLAUSES")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(if quick { 200 } else { 1_000 });
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/hard_corpus.py");
    let mut totals = Score::default();
    let mut align = Duration::ZERO;
    for seed in 1..=seeds {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let status = Command::new("python3")
            .arg(&generator)
            .args([
                "--clauses",
                &clauses.to_string(),
                "--seed",
                &seed.to_string(),
                "--out",
            ])
            .arg(dir)
            .output()
            .expect("python3 runs the generator");
        assert!(
            status.status.success(),
            "hard corpus generator failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let read = |name: &str| {
            decl::parse::version(
                &Source::read(&dir.join(name)).expect("reads"),
                &Meta::default(),
            )
            .expect("parses")
        };
        let (old, new, later) = (read("old.md"), read("new.md"), read("later.md"));
        let truth: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).expect("truth"))
                .expect("truth JSON");
        let start = Instant::now();
        let d = diff::diff(&old, &new, &Options::default());
        align += start.elapsed();
        totals.add(&d, &truth);
        let synopsis = decl::synopsis::compute(&[&old, &new, &later], &Options::default());
        totals.add_lineage(&synopsis, &truth);
    }
    println!();
    println!(
        "hard corpus: {seeds} drafts of {clauses} clauses, aligned in {} in all",
        ms(align)
    );
    println!(
        "{:>7}  {:>6}  {:>6}  {:>11}  {:>11}  {:>11}",
        "F1", "prec", "recall", "splits", "merges", "reinstated"
    );
    let (p, r, f1) = totals.f1();
    println!(
        "{f1:>7.4}  {p:>6.4}  {r:>6.4}  {:>11}  {:>11}  {:>11}",
        format!("{}/{}", totals.splits.0, totals.splits.1),
        format!("{}/{}", totals.merges.0, totals.merges.1),
        format!("{}/{}", totals.reinstated.0, totals.reinstated.1),
    );
}

/// Pair hits and split, merge and lineage counts, summed over drafts.
#[derive(Default)]
struct Score {
    hits: usize,
    found: usize,
    expected: usize,
    splits: (usize, usize),
    merges: (usize, usize),
    reinstated: (usize, usize),
}

impl Score {
    fn add(&mut self, d: &diff::Diff<'_>, truth: &serde_json::Value) {
        let expected = expected_pairs(truth);
        let found = found_pairs(d);
        self.hits += found.intersection(&expected).count();
        self.found += found.len();
        self.expected += expected.len();
        for (sum, (hit, all)) in [
            (&mut self.splits, reported(d, truth, "split", Kind::Split)),
            (&mut self.merges, reported(d, truth, "merged", Kind::Merged)),
        ] {
            sum.0 += hit;
            sum.1 += all;
        }
    }

    /// How many clauses deleted in the second draft and reinstated in the third share a row of
    /// the synopsis with their clause in the first.
    fn add_lineage(&mut self, s: &decl::synopsis::Synopsis, truth: &serde_json::Value) {
        let mut row_of: std::collections::HashMap<(usize, usize), usize> =
            std::collections::HashMap::new();
        for (r, row) in s.rows.iter().enumerate() {
            for (v, cell) in row.cells.iter().enumerate() {
                for c in &cell.clauses {
                    row_of.insert((v, c.index), r);
                }
            }
        }
        for pair in truth["reinstated"].as_array().expect("reinstated") {
            let old = usize::try_from(pair[0].as_u64().expect("old")).expect("index");
            let later = usize::try_from(pair[1].as_u64().expect("later")).expect("index");
            self.reinstated.1 += 1;
            if row_of.contains_key(&(0, old)) && row_of.get(&(0, old)) == row_of.get(&(2, later)) {
                self.reinstated.0 += 1;
            }
        }
    }

    fn f1(&self) -> (f64, f64, f64) {
        let precision = self.hits as f64 / self.found.max(1) as f64;
        let recall = self.hits as f64 / self.expected.max(1) as f64;
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        (precision, recall, f1)
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

/// The (old, new) clause pairs of the truth.
fn expected_pairs(truth: &serde_json::Value) -> HashSet<(u64, u64)> {
    let mut expected: HashSet<(u64, u64)> = HashSet::new();
    for c in truth["clauses"].as_array().expect("clauses") {
        let old = c["old"].as_u64().expect("old");
        for n in c["new"].as_array().expect("new") {
            expected.insert((old, n.as_u64().expect("index")));
        }
    }
    expected
}

/// The (old, new) clause pairs a diff reports: every old clause of a change with every new one.
fn found_pairs(d: &diff::Diff<'_>) -> HashSet<(u64, u64)> {
    let mut found: HashSet<(u64, u64)> = HashSet::new();
    for change in &d.changes {
        for o in &change.old {
            for n in &change.new {
                found.insert((o.index() as u64, n.index() as u64));
            }
        }
    }
    found
}

/// Precision, recall and F1 of matched (old, new) pairs against the truth.
fn accuracy(d: &diff::Diff<'_>, truth: &serde_json::Value) -> (f64, f64, f64) {
    let expected = expected_pairs(truth);
    let found = found_pairs(d);
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
        .flat_map(|c| c.old.iter().map(|o| o.index() as u64))
        .collect();
    let hit = olds.iter().filter(|o| reported.contains(o)).count();
    (hit, olds.len())
}
