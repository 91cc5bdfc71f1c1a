//! `decl proposals`, `decl proposals --version NEXT` and `decl compile` on a generated
//! negotiation: a draft of 1,000 clauses and of 4,000, 30 delegations' edited copies of it
//! recorded with `decl propose` (about 50 words changed, 10 clauses deleted and 10 added each at
//! 1,000 clauses: some proposals alike, some conflicting), and a revision that takes some up.
//! The release binary end to end, the median of 5 runs, and `growth`: the larger size's time
//! over the smaller's, divided by the ratio of the sizes (1.0 is linear).
//!
//! ```sh
//! cargo bench --bench proposals
//! DECL_BENCH_PROPOSALS=1000,4000,30 cargo bench --bench proposals   # sizes…, delegations
//! ```

#[path = "../tests/common/generate.rs"]
mod generate;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const COMMANDS: &[(&str, &[&str])] = &[
    ("proposals", &["proposals", "negotiation"]),
    (
        "proposals --version rev1",
        &["proposals", "negotiation", "--version", "rev1"],
    ),
    (
        "proposals json",
        &["proposals", "negotiation", "--format", "json"],
    ),
    ("compile", &["compile", "negotiation", "--version", "draft"]),
    (
        "compile html",
        &[
            "compile",
            "negotiation",
            "--version",
            "draft",
            "--format",
            "html",
        ],
    ),
    (
        "synopsis --proposals",
        &["synopsis", "negotiation", "--proposals", "--format", "json"],
    ),
];

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let (sizes, delegations) = match std::env::var("DECL_BENCH_PROPOSALS") {
        Ok(s) => {
            let mut n: Vec<usize> = s.split(',').filter_map(|n| n.trim().parse().ok()).collect();
            let d = if n.len() > 1 {
                n.pop().unwrap_or(30)
            } else {
                30
            };
            (n, d)
        }
        Err(_) if quick => (vec![100, 200], 5),
        Err(_) => (vec![1000, 4000], 30),
    };
    let runs = if quick { 1 } else { 5 };
    let bin = env!("CARGO_BIN_EXE_decl");
    // results[command][size] = median seconds
    let mut results: Vec<Vec<f64>> = vec![Vec::new(); COMMANDS.len()];
    let mut offers = Vec::new();
    for &size in &sizes {
        let tmp = tempfile::tempdir().expect("temp dir");
        let codes = generate::negotiation(tmp.path(), size, delegations);
        for code in &codes {
            let status = decl(bin, tmp.path())
                .args(["propose", "negotiation", code])
                .arg(format!("declarations/negotiation/copies/{code}.md"))
                .args(["--version", "draft", "--date", "2026-02-10"])
                .status()
                .expect("decl runs");
            assert!(status.success(), "decl propose {code} failed: {status}");
        }
        offers.push(count_offers(bin, tmp.path()));
        for (k, (_, args)) in COMMANDS.iter().enumerate() {
            results[k].push(measure(bin, tmp.path(), args, runs));
        }
    }
    println!(
        "{delegations} delegations' proposals; offers (distinct proposals): {}",
        sizes
            .iter()
            .zip(&offers)
            .map(|(s, o)| format!("{o} on {s} clauses"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    print!("{:<26}", "command");
    for size in &sizes {
        print!("  {:>10}", format!("{size} (s)"));
    }
    println!("  {:>7}", "growth");
    for (k, (name, _)) in COMMANDS.iter().enumerate() {
        print!("{name:<26}");
        for seconds in &results[k] {
            print!("  {seconds:>10.3}");
        }
        let growth = match (
            results[k].first(),
            results[k].last(),
            sizes.first(),
            sizes.last(),
        ) {
            (Some(a), Some(b), Some(&n), Some(&m)) if m > n && *a > 0.0 => {
                format!("{:.2}", (b / a) / (m as f64 / n as f64))
            }
            _ => "-".to_string(),
        };
        println!("  {growth:>7}");
    }
}

fn decl(bin: &str, dir: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("DECL_QUIET", "1")
        .env("DECL_TODAY", "2026-04-01")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

/// How many distinct proposals `decl proposals` finds.
fn count_offers(bin: &str, dir: &Path) -> usize {
    let out = decl(bin, dir)
        .args(["proposals", "negotiation", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .output()
        .expect("decl runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let marker = "\"offers\": ";
    text.find("\"summary\"")
        .and_then(|at| text[at..].find(marker).map(|k| at + k + marker.len()))
        .and_then(|at| {
            text[at..]
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// The median wall time of `runs` runs of `decl ARGS` in `dir`.
fn measure(bin: &str, dir: &Path, args: &[&str], runs: usize) -> f64 {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let status = decl(bin, dir).args(args).status().expect("decl runs");
        times.push(start.elapsed().as_secs_f64());
        assert!(status.success(), "decl {} failed: {status}", args.join(" "));
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
