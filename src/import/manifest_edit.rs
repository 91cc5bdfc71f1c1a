//! Adding version files to a manifest's `versions:` list as text.
//!
//! A manifest is written by people and carries comments (which version is real, which
//! illustrative); no YAML serializer keeps them, so a new entry is inserted as a line, with the
//! indentation of the entries around it, and nothing else in the file changes.

/// Insert `new_files` (in this order) into the block list under `versions:` so that they come
/// right before the entry at `position` (0-based; `existing` is how many entries the list has, to
/// check that the text and the manifest as read agree). Comment lines directly above that entry
/// stay with it.
pub fn insert_versions(
    text: &str,
    existing: &[String],
    position: usize,
    new_files: &[String],
) -> Result<String, String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(key) = lines.iter().position(|l| {
        l.strip_prefix("versions:")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
    }) else {
        if lines.iter().any(|l| l.starts_with("versions:")) {
            return Err("its `versions:` is not a block list (one `- file` per line)".into());
        }
        // No list yet: start one at the end.
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(newline);
        }
        out.push_str("versions:");
        out.push_str(newline);
        for file in new_files {
            out.push_str("  - ");
            out.push_str(file);
            out.push_str(newline);
        }
        return Ok(out);
    };
    // The entries: `- file` lines after the key, until the next top-level key.
    let mut items: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(key + 1) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            items.push(i);
        } else if !line.starts_with([' ', '\t']) {
            break;
        } else {
            return Err(format!(
                "line {} of the `versions:` list is not a `- file` entry",
                i + 1
            ));
        }
    }
    if items.len() != existing.len() {
        return Err(format!(
            "its `versions:` list has {} entries as text but {} as YAML",
            items.len(),
            existing.len()
        ));
    }
    for (&i, file) in items.iter().zip(existing) {
        if !lines[i].contains(file.as_str()) {
            return Err(format!("line {} does not name `{file}` as expected", i + 1));
        }
    }
    let indent = items.first().map_or("  ".to_string(), |&i| {
        let line = lines[i];
        line[..line.len() - line.trim_start().len()].to_string()
    });
    let mut entry_lines = String::new();
    for file in new_files {
        entry_lines.push_str(&indent);
        entry_lines.push_str("- ");
        entry_lines.push_str(file);
        entry_lines.push_str(newline);
    }
    let at_line = if let Some(&item) = items.get(position) {
        // Keep the comment lines that describe the following entry above it.
        let mut at = item;
        while at > key + 1 && lines[at - 1].trim_start().starts_with('#') {
            at -= 1;
        }
        at
    } else {
        items.last().map_or(key + 1, |&i| i + 1)
    };
    let mut out = String::with_capacity(text.len() + entry_lines.len());
    for (i, line) in lines.iter().enumerate() {
        if i == at_line {
            out.push_str(&entry_lines);
        }
        out.push_str(line);
        if i + 1 == at_line && !line.ends_with('\n') {
            out.push_str(newline);
        }
    }
    if at_line >= lines.len() {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(newline);
        }
        out.push_str(&entry_lines);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "# A declaration.\nlanguage: en\nversions:\n  # Real.\n  - versions/a.md\n  # Illustrative.\n  - versions/c.md\n";

    fn existing() -> Vec<String> {
        vec!["versions/a.md".into(), "versions/c.md".into()]
    }

    #[test]
    fn inserts_between_keeping_comments() {
        let out = insert_versions(MANIFEST, &existing(), 1, &["versions/b.md".into()]).unwrap();
        assert_eq!(
            out,
            "# A declaration.\nlanguage: en\nversions:\n  # Real.\n  - versions/a.md\n  - versions/b.md\n  # Illustrative.\n  - versions/c.md\n"
        );
    }

    #[test]
    fn appends_and_starts_lists() {
        let out = insert_versions(MANIFEST, &existing(), 2, &["versions/d.md".into()]).unwrap();
        assert!(out.ends_with("  - versions/c.md\n  - versions/d.md\n"));
        let out = insert_versions("title: x", &[], 0, &["v/a.md".into()]).unwrap();
        assert_eq!(out, "title: x\nversions:\n  - v/a.md\n");
        let out = insert_versions("versions:\nid: x\n", &[], 0, &["v/a.md".into()]).unwrap();
        assert_eq!(out, "versions:\n  - v/a.md\nid: x\n");
        assert!(insert_versions("versions: [a]\n", &["a".into()], 0, &["b".into()]).is_err());
    }
}
