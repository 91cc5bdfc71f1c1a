//! Rendering a version through minijinja templates: HTML (print-ready, self-contained), Markdown,
//! plain text, and PDF (the HTML printed by headless Chromium).
//!
//! The default templates live in the repository's `templates/` folder and are embedded in the
//! binary. A declaration repository's own `templates/` folder overrides them file by file: a
//! template is looked up there first, then among the defaults. HTML templates autoescape.

pub mod context;
pub mod docx;
pub mod html;
pub mod page;
pub mod pdf;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, Value};

use crate::error::{Error, Result};

pub use context::{Context, Endorser, Endorsers};

/// The built-in templates, as `(name, source)`: the page shell, one template per page type,
/// the site's scripts, and the Markdown and text renderings.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("diff.html", include_str!("../../templates/diff.html")),
    (
        "synopsis.html",
        include_str!("../../templates/synopsis.html"),
    ),
    ("history.html", include_str!("../../templates/history.html")),
    (
        "compilation.html",
        include_str!("../../templates/compilation.html"),
    ),
    ("site.css", include_str!("../../templates/site.css")),
    (
        "site-index.html",
        include_str!("../../templates/site-index.html"),
    ),
    (
        "site-declaration.html",
        include_str!("../../templates/site-declaration.html"),
    ),
    (
        "site-endorsements.html",
        include_str!("../../templates/site-endorsements.html"),
    ),
    (
        "site-check.html",
        include_str!("../../templates/site-check.html"),
    ),
    (
        "site-search.html",
        include_str!("../../templates/site-search.html"),
    ),
    ("search.js", include_str!("../../templates/search.js")),
    ("compare.js", include_str!("../../templates/compare.js")),
    (
        "declaration.html",
        include_str!("../../templates/declaration.html"),
    ),
    (
        "declaration.md",
        include_str!("../../templates/declaration.md"),
    ),
    (
        "declaration.txt",
        include_str!("../../templates/declaration.txt"),
    ),
];

/// Output targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    Html,
    Md,
    Txt,
    Pdf,
    /// A Word document, styled by a reference `.docx` rather than a template.
    Docx,
}

impl Target {
    /// The extension of the template that produces this target.
    #[must_use]
    pub fn template_extension(self) -> &'static str {
        match self {
            Target::Html | Target::Pdf => "html",
            Target::Md => "md",
            Target::Txt => "txt",
            Target::Docx => "docx",
        }
    }
}

/// Whether a template name stays inside the templates folder.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".")
}

/// The source of template `name`: from the override folder (if any) first, then the built-in
/// defaults; `None` when neither has it.
fn load(
    overrides: Option<&Path>,
    name: &str,
) -> std::result::Result<Option<String>, minijinja::Error> {
    if !is_safe_name(name) {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("template name `{name}` leaves the templates folder"),
        ));
    }
    if let Some(dir) = overrides {
        let path = dir.join(name);
        if path.is_file() {
            let fail = |detail: String| {
                minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, detail)
            };
            if !crate::fsio::stays_in(&path, dir) {
                return Err(fail(format!(
                    "template `{name}` is a link that leaves the templates folder `{}`",
                    crate::error::display_path(dir)
                )));
            }
            let bytes = crate::fsio::read(&path).map_err(|e| fail(e.to_string()))?;
            return String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| fail(format!("template `{}` is not UTF-8", path.display())));
        }
    }
    Ok(DEFAULTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| (*s).to_string()))
}

/// A template environment: the override folder (if any) first, then the built-in defaults.
#[must_use]
pub fn environment(overrides: Option<PathBuf>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_loader(move |name| load(overrides.as_deref(), name));
    env.set_auto_escape_callback(|name| {
        let ext = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    // HTML escaped as every other output of decl escapes it (`&<>"'`), so that a page reads the
    // same whichever way it was built; minijinja's own escaping also escapes `/`.
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Html)
            && !value.is_safe()
            && let Some(text) = value.as_str()
        {
            out.write_str(&crate::text::html_escape(text))?;
            return Ok(());
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    // A template's last newline is part of the output (text files end with one).
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.add_filter("css_string", css_string);
    env.add_filter("wrap", wrap);
    env
}

/// A CSS string literal, safe inside a `<style>` element: `"…"` with quotes, backslashes,
/// angle brackets and control characters escaped.
fn css_string(value: &Value) -> Value {
    let text = if value.is_none() || value.is_undefined() {
        String::new()
    } else {
        value.to_string()
    };
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' | '\\' | '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", u32::from(ch));
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Value::from_safe_string(out)
}

/// Wrap text at `width` columns on spaces (words longer than the width stand alone).
fn wrap(value: &str, width: Option<usize>) -> String {
    let width = width.unwrap_or(72).max(10);
    let mut out = String::new();
    let mut line_len = 0;
    for word in value.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// Render the template `name` with a context already made a template value.
pub fn render_value(env: &Environment<'static>, name: &str, context: Value) -> Result<String> {
    let template = env
        .get_template(name)
        .map_err(|e| template_error(name, &e))?;
    template
        .render(context)
        .map_err(|e| template_error(name, &e))
}

/// A file the templates folder holds as it is, not as a template (a script of the site): the
/// override first, then the built-in one.
pub fn asset(overrides: Option<&Path>, name: &str) -> Result<String> {
    load(overrides, name)
        .map_err(|e| template_error(name, &e))?
        .ok_or_else(|| {
            template_error(
                name,
                &minijinja::Error::new(minijinja::ErrorKind::TemplateNotFound, name.to_string()),
            )
        })
}

/// The template a rendering uses: one looked up by name (as described in the module docs), or
/// a template file given by its path.
pub enum Template {
    Named(String),
    File(PathBuf),
}

impl Template {
    /// The name the template is known by in its environment.
    #[must_use]
    pub fn name(&self) -> String {
        match self {
            Template::Named(name) => name.clone(),
            Template::File(path) => path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("template")
                .to_string(),
        }
    }
}

/// The environment that holds `template`: the repository's templates folder over the built-in
/// ones, or, for a template file, its own folder with the file added.
pub fn template_environment(
    template: &Template,
    overrides: Option<PathBuf>,
) -> Result<Environment<'static>> {
    let Template::File(path) = template else {
        return Ok(environment(overrides));
    };
    let source = String::from_utf8(crate::fsio::read(path)?)
        .map_err(|_| Error::file(path, "the template is not UTF-8"))?;
    let mut env = environment(path.parent().map(Path::to_path_buf));
    env.add_template_owned(template.name(), source)
        .map_err(|e| template_error(&crate::error::display_path(path), &e))?;
    Ok(env)
}

/// Render the template `name` with `context` into `out` as it is made, so a large document is
/// never held whole. What was written before a template error stays written.
pub fn render_to(
    env: &Environment<'static>,
    name: &str,
    context: Value,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    /// The writer's own error, kept: minijinja reports a failed write as its own error.
    struct Recording<'a> {
        out: &'a mut dyn std::io::Write,
        error: Option<std::io::Error>,
    }
    impl std::io::Write for Recording<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.out.write(buf).inspect_err(|e| {
                self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
            })
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.out.flush()
        }
    }
    let template = env
        .get_template(name)
        .map_err(|e| template_error(name, &e))?;
    let mut recording = Recording { out, error: None };
    match template.render_captured_to(context, &mut recording) {
        Ok(_) => Ok(()),
        Err(_) if recording.error.is_some() => Err(recording
            .error
            .map_or_else(|| Error::new("write failed"), Error::from)),
        Err(e) => Err(template_error(name, &e)),
    }
}

fn template_error(name: &str, err: &minijinja::Error) -> Error {
    if err.kind() == minijinja::ErrorKind::TemplateNotFound {
        let built_in: Vec<String> = DEFAULTS.iter().map(|(n, _)| format!("`{n}`")).collect();
        return Error::new(format!("no template `{name}`: not in the repository's `templates/` folder, and not a built-in one"))
            .hint(format!(
                "name a built-in template ({}), a file of the `templates/` folder, or a template file by its path",
                crate::text::and_list(&built_in)
            ));
    }
    let template = err.name().unwrap_or(name).to_string();
    let detail = err
        .detail()
        .map_or_else(|| err.kind().to_string(), ToString::to_string);
    let mut e = Error::new(format!("template error: {detail}")).at_path(&template);
    if let Some(line) = err.line() {
        e = e.at(line, 1);
    }
    e.hint("fix the template, or remove your override to use the built-in one (`decl render --dump-templates DIR` writes the defaults)")
}

/// Write the built-in templates into `dir`, refusing to overwrite existing files.
pub fn dump_templates(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let paths: Vec<PathBuf> = DEFAULTS.iter().map(|(name, _)| dir.join(name)).collect();
    // All of them or none.
    let lock = crate::fsio::Lock::for_file(&paths[0])?;
    let mut batch = crate::fsio::Batch::new();
    for (path, (_, source)) in paths.iter().zip(DEFAULTS) {
        batch.create(path, (*source).to_string());
    }
    batch.commit(&lock)?;
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        let v = css_string(&Value::from("a\"b</style><script>"));
        assert_eq!(v.to_string(), "\"a\\22 b\\3c /style\\3e \\3c script\\3e \"");
    }

    #[test]
    fn template_names_stay_inside() {
        assert!(is_safe_name("declaration.html") && is_safe_name("parts/head.html"));
        for bad in ["../x.html", "/etc/passwd", "a/../../b", "C:x", "a\\b", ""] {
            assert!(!is_safe_name(bad), "{bad}");
        }
    }

    #[test]
    fn wraps_on_spaces() {
        assert_eq!(wrap("aaa bbb ccc ddd", Some(10)), "aaa bbb\nccc ddd");
    }
}
