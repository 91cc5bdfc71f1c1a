//! The README's console examples are what `decl` prints: every ```` ```console ```` block is run
//! in a fresh copy of the repository (its declarations, examples and the inputs the examples
//! name), and each `$ decl …` command's output must match the lines written under it. A line
//! `…` alone stands for lines left out; nothing else is elided, so no example hides part of a
//! line the tool prints.

mod common;

use std::path::Path;

/// One command of a console block and the output written under it.
struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The console blocks of the README, each a list of examples.
fn blocks(readme: &str) -> Vec<Vec<Example>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    for (n, line) in readme.lines().enumerate() {
        match (&mut current, line) {
            (None, "```console") => current = Some(Vec::new()),
            (Some(_), "```") => out.extend(current.take()),
            (Some(block), line) => {
                if let Some(command) = line.strip_prefix("$ ") {
                    block.push(Example {
                        line: n + 1,
                        command: command.to_string(),
                        expected: Vec::new(),
                    });
                } else if let Some(example) = block.last_mut() {
                    example.expected.push(line.to_string());
                }
            }
            (None, _) => {}
        }
    }
    out
}

/// Words of a command line, with single and double quotes.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in command.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// Run one example in `dir`: `decl ARGS`, optionally piped through `head -N` or `sed -n A,Bp`.
fn run(dir: &Path, command: &str) -> Vec<String> {
    let (decl, filter) = match command.split_once(" | ") {
        Some((decl, filter)) => (decl, Some(filter)),
        None => (command, None),
    };
    let args = words(decl);
    assert_eq!(
        args[0], "decl",
        "README example does not run decl: {command}"
    );
    let output = common::decl_in(dir)
        .env("COLUMNS", "100")
        .args(&args[1..])
        .output()
        .expect("decl runs");
    let mut text = String::from_utf8_lossy(&output.stdout).to_string();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    let lines: Vec<String> = text.lines().map(ToString::to_string).collect();
    match filter.map(words).as_deref() {
        None => lines,
        Some([head, n]) if head == "head" => {
            let n: usize = n.trim_start_matches('-').parse().expect("head -N");
            lines.into_iter().take(n).collect()
        }
        Some([sed, flag, range]) if sed == "sed" && flag == "-n" => {
            let (a, b) = range
                .trim_end_matches('p')
                .split_once(',')
                .expect("sed -n A,Bp");
            let (a, b): (usize, usize) = (a.parse().expect("A"), b.parse().expect("B"));
            lines.into_iter().skip(a - 1).take(b + 1 - a).collect()
        }
        Some(other) => panic!("README example pipes through {other:?}, which this test cannot run"),
    }
}

/// Whether `actual` is `expected`, where an expected line `…` stands for any lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    // can[i][j]: expected[i..] matches actual[j..].
    let (n, m) = (expected.len(), actual.len());
    let mut can = vec![vec![false; m + 1]; n + 1];
    can[n][m] = true;
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            can[i][j] = if expected[i].trim() == "…" {
                can[i + 1][j] || (j < m && can[i][j + 1])
            } else {
                j < m && expected[i] == actual[j] && can[i + 1][j + 1]
            };
        }
    }
    can[0][0]
}

/// A copy of what the examples read: the repository's declarations and examples, its test
/// fixtures, and the example inputs at the top.
fn sandbox() -> tempfile::TempDir {
    let root = common::root();
    let tmp = tempfile::tempdir().expect("temp dir");
    for dir in ["declarations", "examples", "tests/fixtures"] {
        common::copy_dir(&root.join(dir), &tmp.path().join(dir));
    }
    for file in [
        "tests/fixtures/import/11767-1-25-rev-1.txt",
        "tests/fixtures/import/changes.docx",
    ] {
        let name = Path::new(file).file_name().expect("name");
        std::fs::copy(root.join(file), tmp.path().join(name)).expect("copy");
    }
    for entry in std::fs::read_dir(root.join("tests/fixtures/readme")).expect("readme fixtures") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, tmp.path().join(path.file_name().expect("name"))).expect("copy");
    }
    tmp
}

#[test]
fn readme_console_examples_are_what_decl_prints() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let mut failures = Vec::new();
    let mut count = 0;
    for block in blocks(&readme) {
        let dir = sandbox();
        for example in block {
            count += 1;
            let actual = run(dir.path(), &example.command);
            for line in &example.expected {
                if line.trim() != "…" && line.contains('…') && !actual.contains(line) {
                    failures.push(format!(
                        "README.md:{}: `{}`: a line is cut with `…` (write `…` on a line of its own, or the whole line): {line}",
                        example.line, example.command
                    ));
                }
            }
            if !matches(&example.expected, &actual) {
                failures.push(format!(
                    "README.md:{}: `{}` prints:\n{}\n--- the README says:\n{}",
                    example.line,
                    example.command,
                    actual.join("\n"),
                    example.expected.join("\n")
                ));
            }
        }
    }
    assert!(count > 10, "only {count} console examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn elision_matches_any_lines_and_nothing_else() {
    let s = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert!(matches(&s(&["a", "…", "d"]), &s(&["a", "b", "c", "d"])));
    assert!(matches(&s(&["a", "…"]), &s(&["a"])));
    assert!(!matches(&s(&["a", "…", "d"]), &s(&["a", "b", "c"])));
    assert!(!matches(&s(&["a b"]), &s(&["a b c"])));
    assert_eq!(words("decl x \"a b\" 'c'"), ["decl", "x", "a b", "c"]);
}
