//! The `CommonMark` spec examples (as pulldown-cmark's crate ships them) as a corpus for `fmt`
//! and the conversions: every example either formats into a file that renders alike, formats
//! again to itself and reads back as the same version, or is left as it is with a message.
//! Zero silent changes; the refusals are counted and held to what they are.

use std::path::{Path, PathBuf};

use decl::model::{Format, Meta, Version};
use decl::parse;
use decl::source::Source;

/// pulldown-cmark's source in the cargo registry, at the version in `Cargo.lock`.
fn pulldown_cmark_dir() -> PathBuf {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"))
        .expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"pulldown-cmark\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .and_then(|v| v.strip_suffix('"'))
        .expect("pulldown-cmark in Cargo.lock")
        .to_string();
    let home = std::env::var_os("CARGO_HOME").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cargo"),
        PathBuf::from,
    );
    let registry = home.join("registry").join("src");
    for index in std::fs::read_dir(&registry).expect("the cargo registry") {
        let dir = index
            .expect("entry")
            .path()
            .join(format!("pulldown-cmark-{version}"));
        if dir.is_dir() {
            return dir;
        }
    }
    panic!(
        "pulldown-cmark {version} is not in {}: build the project first",
        registry.display()
    );
}

/// The Markdown of every example in a generated pulldown-cmark suite file.
fn examples(file: &str) -> Vec<(String, String)> {
    let path = pulldown_cmark_dir().join("tests").join("suite").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut rest = text.as_str();
    let mut name = String::new();
    while let Some(at) = rest.find("fn ").map(|i| i + 3) {
        rest = &rest[at..];
        if let Some(end) = rest.find('(') {
            name = rest[..end].to_string();
        }
        let Some(open) = rest.find("let original = r##\"") else {
            break;
        };
        rest = &rest[open + "let original = r##\"".len()..];
        let close = rest.find("\"##;").expect("closing quote");
        out.push((name.clone(), rest[..close].to_string()));
        rest = &rest[close..];
    }
    assert!(out.len() > 10, "{}: no examples found", path.display());
    out
}

/// Pulldown-cmark's HTML of a body, whitespace runs collapsed: an independent check.
fn html(body: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(
        &mut out,
        pulldown_cmark::Parser::new_ext(body, parse::markdown::OPTIONS),
    );
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    // Spaces just inside a block element's tags do not show.
    let mut out = out;
    for tag in [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "li",
        "td",
        "th",
        "blockquote",
    ] {
        out = out
            .replace(&format!(" </{tag}>"), &format!("</{tag}>"))
            .replace(&format!("<{tag}> "), &format!("<{tag}>"));
    }
    out
}

fn body(source: &Source) -> String {
    let start = parse::markdown::find_front_matter(source)
        .ok()
        .flatten()
        .map_or(0, |fm| fm.body_start);
    source.text[start..].to_string()
}

#[derive(Default, Debug)]
struct Tally {
    examples: usize,
    unreadable: Vec<String>,
    unchanged: usize,
    formatted: usize,
    refused: Vec<String>,
    silent: Vec<String>,
}

fn read(name: &str, text: &str) -> Result<Version, decl::Error> {
    parse::version(&Source::new(name, text.to_string()), &Meta::default())
}

/// `fmt` on one example, as the command does it.
fn fmt_one(name: &str, text: &str, tally: &mut Tally) {
    tally.examples += 1;
    let source = Source::new(&format!("{name}.md"), text.to_string());
    let Ok(version) = parse::version(&source, &Meta::default()) else {
        tally.unreadable.push(name.to_string());
        return;
    };
    let formatted = decl::write::markdown(&version);
    if formatted == *source.text {
        tally.unchanged += 1;
        return;
    }
    if let Err(e) = decl::commands::fmt::verify_same(&source, &version, &formatted) {
        tally.refused.push(format!("{name}: {}", e.message));
        return;
    }
    // Accepted: it must really render alike, format to itself and read back the same.
    let again = Source::new(&format!("{name}.md"), formatted.clone());
    let mut problems = Vec::new();
    if html(&body(&source)) != html(&body(&again)) {
        problems.push("renders differently");
    }
    match parse::version(&again, &Meta::default()) {
        Ok(v) => {
            if decl::write::markdown(&v) != formatted {
                problems.push("not idempotent");
            }
            if version.first_difference(&v).is_some() {
                problems.push("reads differently");
            }
        }
        Err(_) => problems.push("unreadable after formatting"),
    }
    if problems.is_empty() {
        tally.formatted += 1;
    } else {
        tally.silent.push(format!(
            "{name}: {}\n--- before\n{text}--- after\n{formatted}",
            problems.join(", ")
        ));
    }
}

/// `show --format yaml` then reading the YAML, and `show --format md` of that.
fn convert_one(name: &str, text: &str, tally: &mut Tally) {
    tally.examples += 1;
    let Ok(version) = read(&format!("{name}.md"), text) else {
        tally.unreadable.push(name.to_string());
        return;
    };
    match decl::write::convert(&version, Format::Yaml) {
        Err(e) => tally.refused.push(format!("{name} (yaml): {}", e.message)),
        Ok(yaml) => match read(&format!("{name}.yaml"), &yaml) {
            Err(e) => tally.silent.push(format!(
                "{name}: its YAML does not read: {}\n{yaml}",
                e.message
            )),
            Ok(from_yaml) => {
                if let Some(what) = version.first_difference(&from_yaml) {
                    tally.silent.push(format!(
                        "{name}: its YAML reads differently at {what}\n{yaml}"
                    ));
                    return;
                }
                match decl::write::convert(&from_yaml, Format::Markdown) {
                    Err(e) => tally.refused.push(format!("{name} (md): {}", e.message)),
                    Ok(md) => match read(&format!("{name}.md"), &md) {
                        Ok(back) if back.first_difference(&version).is_none() => {
                            tally.formatted += 1;
                        }
                        _ => tally.silent.push(format!(
                            "{name}: YAML then Markdown reads differently\n{md}"
                        )),
                    },
                }
            }
        },
    }
}

fn report(what: &str, tally: &Tally, max_refused: usize) {
    eprintln!(
        "{what}: {} examples, {} unchanged, {} changed and verified, {} refused, {} unreadable, {} silent changes",
        tally.examples,
        tally.unchanged,
        tally.formatted,
        tally.refused.len(),
        tally.unreadable.len(),
        tally.silent.len()
    );
    eprintln!("  unreadable: {:?}", tally.unreadable);
    for r in &tally.refused {
        eprintln!("  refused {r}");
    }
    assert!(
        tally.silent.is_empty(),
        "{what}: silent changes:\n{}",
        tally.silent.join("\n\n")
    );
    assert!(
        tally.refused.len() <= max_refused,
        "{what}: {} refusals, more than the {max_refused} known",
        tally.refused.len()
    );
}

#[test]
fn fmt_never_changes_how_a_commonmark_example_renders() {
    let mut tally = Tally::default();
    for file in [
        "spec.rs",
        "footnotes.rs",
        "table.rs",
        "heading_attrs.rs",
        "regression.rs",
    ] {
        for (name, text) in examples(file) {
            fmt_one(
                &format!("{}-{name}", file.trim_end_matches(".rs")),
                &text,
                &mut tally,
            );
        }
    }
    report("fmt", &tally, 3);
}

#[test]
fn commonmark_examples_convert_to_yaml_and_back_without_loss() {
    let mut tally = Tally::default();
    for file in [
        "spec.rs",
        "footnotes.rs",
        "table.rs",
        "heading_attrs.rs",
        "regression.rs",
    ] {
        for (name, text) in examples(file) {
            convert_one(
                &format!("{}-{name}", file.trim_end_matches(".rs")),
                &text,
                &mut tally,
            );
        }
    }
    report("yaml and back", &tally, 3);
}

/// A large body is read in pieces (`parse::pieces`): on every example, alone and run together
/// with others in several ways, cut at every place a piece may end, the events and their
/// offsets are exactly those of the body read whole.
#[test]
fn a_body_read_in_pieces_gives_the_events_of_the_body_read_whole() {
    let mut all = Vec::new();
    for file in [
        "spec.rs",
        "footnotes.rs",
        "table.rs",
        "heading_attrs.rs",
        "regression.rs",
    ] {
        all.extend(examples(file).into_iter().map(|(_, text)| text));
    }
    let mut documents: Vec<String> = all.clone();
    for joint in [
        "",
        "\n",
        "\nA paragraph between.\n\n",
        "\n# A heading\n\n",
        "\nText\n===\n\nMore\n\n",
        "\nA | b\n- | -\nc | d\n\n",
        "\nA paragraph\n- and a list after it\n\n",
    ] {
        for run in all.windows(6).step_by(3) {
            documents.push(run.join(joint));
        }
    }
    let mut cut = 0;
    for text in &documents {
        let whole: Vec<_> = pulldown_cmark::Parser::new_ext(text, parse::markdown::OPTIONS)
            .into_offset_iter()
            .collect();
        let pieces: Vec<_> = parse::pieces::events(text, 1).collect();
        assert_eq!(pieces, whole, "read in pieces, {text:?} reads otherwise");
        if parse::pieces::piece_ends(text, 1).len() > 1 {
            cut += 1;
        }
    }
    // Most examples have a fence, HTML or a definition and are read whole; enough are cut.
    assert!(
        cut > documents.len() / 10,
        "only {cut} of {} documents were cut into pieces",
        documents.len()
    );
}
