//! Every command but `diff` on generated declarations, at two sizes, to show that each grows
//! linearly with its input: `show`, `ids`, `fmt`, `check`, `render` (HTML, text and Word, with
//! peak memory against the file's size), `synopsis`, `history`, and `diff` in `term` against
//! `side-by-side`.
//!
//! A declaration of two versions comes from `../shared/bench/gen_corpus.py` (or
//! `DECL_BENCH_GENERATOR`) for each size, generated at run time into a temporary folder. Each
//! command runs the release binary end to end, several times; the median is reported, with the
//! peak memory (GNU time), and `growth`: the larger size's time over the smaller's, divided by
//! the ratio of the sizes (1.0 is linear; the target is at most 1.2).
//!
//! ```sh
//! cargo bench --bench commands                              # 10,000 and 100,000 clauses
//! DECL_BENCH_SIZES=1000,10000 cargo bench --bench commands  # other sizes
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One measured command: its name and arguments, `{old}`, `{new}` and `{decl}` standing for
/// the files and the declaration folder.
const COMMANDS: &[(&str, &[&str])] = &[
    ("show", &["show", "{new}"]),
    ("show json", &["show", "{new}", "--format", "json"]),
    ("ids", &["ids", "{new}"]),
    ("fmt --check", &["fmt", "--check", "{new}"]),
    ("check", &["check", "{new}"]),
    ("render html", &["render", "{new}", "-o", "/dev/null"]),
    (
        "render txt",
        &["render", "{new}", "--to", "txt", "-o", "/dev/null"],
    ),
    ("synopsis", &["synopsis", "{decl}", "--format", "json"]),
    ("history", &["history", "{decl}", "{words}"]),
    (
        "diff term",
        &["diff", "{old}", "{new}", "--context", "1000000000"],
    ),
    (
        "diff side-by-side",
        &[
            "diff",
            "{old}",
            "{new}",
            "--format",
            "side-by-side",
            "--context",
            "1000000000",
        ],
    ),
    (
        "render docx",
        &["render", "{new}", "--to", "docx", "-o", "{docx}"],
    ),
];

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let sizes: Vec<usize> = match std::env::var("DECL_BENCH_SIZES") {
        Ok(s) => s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) if quick => vec![200, 400],
        Err(_) => vec![10_000, 100_000],
    };
    let runs = if quick { 1 } else { 5 };
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
    let gnu_time = Path::new("/usr/bin/time").is_file();
    let tmp = tempfile::tempdir().expect("temp dir");
    // results[command][size] = (median seconds, peak MiB)
    let mut results: Vec<Vec<(f64, Option<u64>)>> = vec![Vec::new(); COMMANDS.len()];
    let mut bytes = Vec::new();
    for &size in &sizes {
        let dir = declaration(tmp.path(), &generator, size);
        bytes.push(std::fs::metadata(dir.join("versions/new.md")).map_or(0, |m| m.len()));
        let words = words_of_one_clause(&dir.join("versions/new.md"));
        for (k, (_, args)) in COMMANDS.iter().enumerate() {
            let args: Vec<String> = args
                .iter()
                .map(|a| match *a {
                    "{old}" => dir.join("versions/old.md").display().to_string(),
                    "{new}" => dir.join("versions/new.md").display().to_string(),
                    "{decl}" => dir.display().to_string(),
                    "{words}" => words.clone(),
                    "{docx}" => dir.join("out.docx").display().to_string(),
                    other => other.to_string(),
                })
                .collect();
            results[k].push(measure(&args, runs, gnu_time));
        }
    }
    print!("{:<18}", "command");
    for size in &sizes {
        print!("  {:>9}  {:>8}", format!("{size} (s)"), "MiB");
    }
    println!("  {:>7}", "growth");
    for (k, (name, _)) in COMMANDS.iter().enumerate() {
        print!("{name:<18}");
        for (seconds, mib) in &results[k] {
            let mib = mib.map_or_else(|| "-".to_string(), |m| m.to_string());
            print!("  {seconds:>9.3}  {mib:>8}");
        }
        let growth = match (
            results[k].first(),
            results[k].last(),
            sizes.first(),
            sizes.last(),
        ) {
            (Some(a), Some(b), Some(&n), Some(&m)) if m > n && a.0 > 0.0 => {
                format!("{:.2}", (b.0 / a.0) / (m as f64 / n as f64))
            }
            _ => "-".to_string(),
        };
        println!("  {growth:>7}");
    }
    // Promises read off the table: render's peak memory against the file (HTML and Word),
    // and side-by-side against term.
    for (name, row) in [("html", 5), ("docx", 11)] {
        if let (Some(&b), Some(render)) = (bytes.last(), results[row].last())
            && let Some(mib) = render.1
        {
            println!(
                "render {name} peak: {:.1}× the version file ({} MiB for {} MiB)",
                (mib as f64 * 1_048_576.0) / b.max(1) as f64,
                mib,
                b / 1_048_576
            );
        }
    }
    if let (Some(term), Some(side)) = (results[9].last(), results[10].last()) {
        println!(
            "side-by-side: {:.2}× term",
            side.0 / term.0.max(f64::EPSILON)
        );
    }
}

/// A declaration folder with the generator's pair as its two versions.
fn declaration(tmp: &Path, generator: &Path, size: usize) -> PathBuf {
    let out = tmp.join(format!("pair-{size}"));
    let status = Command::new("python3")
        .arg(generator)
        .args(["--clauses", &size.to_string(), "--seed", "1", "--out"])
        .arg(&out)
        .output()
        .expect("python3 runs the generator");
    assert!(
        status.status.success(),
        "generator failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let dir = tmp.join(format!("decl-{size}"));
    std::fs::create_dir_all(dir.join("versions")).expect("folder");
    for file in ["old.md", "new.md"] {
        std::fs::rename(out.join(file), dir.join("versions").join(file)).expect("move");
    }
    std::fs::write(
        dir.join("declaration.yaml"),
        "versions:\n  - versions/old.md\n  - versions/new.md\n",
    )
    .expect("manifest");
    dir
}

/// A few words that find one clause in the middle of the file, for `history`.
fn words_of_one_clause(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("version");
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .filter(|p| !p.starts_with(['#', '-', '<']) && p.split_whitespace().count() > 12)
        .collect();
    let middle = paragraphs.get(paragraphs.len() / 2).copied().unwrap_or("");
    middle
        .split_whitespace()
        .take(12)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The median wall time of `runs` runs of `decl ARGS`, and the peak memory of the last run.
fn measure(args: &[String], runs: usize, gnu_time: bool) -> (f64, Option<u64>) {
    let bin = env!("CARGO_BIN_EXE_decl");
    let mut times = Vec::with_capacity(runs);
    let mut peak = None;
    for _ in 0..runs {
        let report = tempfile::NamedTempFile::new().expect("temp file");
        let mut cmd = if gnu_time {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%M", "-o"]).arg(report.path()).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        cmd.args(args)
            .env("NO_COLOR", "1")
            .env("DECL_QUIET", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let start = Instant::now();
        let status = cmd.status().expect("decl runs");
        times.push(start.elapsed().as_secs_f64());
        // `check` and `fmt --check` exit 1 on findings; anything else is a failed run.
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "decl {} failed: {status}",
            args.join(" ")
        );
        if gnu_time {
            peak = std::fs::read_to_string(report.path())
                .ok()
                .and_then(|t| t.lines().last()?.trim().parse::<u64>().ok())
                .map(|kib| kib / 1024);
        }
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], peak)
}
