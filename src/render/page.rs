//! The page shell shared by every HTML page: `templates/base.html` and the `page` value each
//! page's template receives. Rust code builds a page's context; templates build the page.
//!
//! `page` (part of every HTML context, `decl-render/1` included):
//! - `lang`: the page's language, lowercase (`en`);
//! - `title`: the window title;
//! - `marking`: the distribution marking printed at the top right of every page and shown on
//!   screen, uppercase, or null;
//! - `top_left`: printed at the top left of every page (`ILLUSTRATIVE TEXT`), or empty;
//! - `footer`: printed at the bottom left of every page and shown on screen;
//! - `root`: the relative path from the page to the site's root (`../../`), empty outside a
//!   site, so that links work from `file://` and under any base URL;
//! - `nav`: the site navigation, each `{href, label, current}`;
//! - `scripts`: script files under the root the page loads (`defer`); the page's
//!   Content-Security-Policy allows scripts from the site itself only when there are some;
//! - `size`: the printed page size (`A4`, `A4 landscape`);
//! - `generator`: `decl <version>`;
//! - `canonical`: the page's address under `decl site --base-url`, or null.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// One link of the site navigation.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// What the base layout needs of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub lang: String,
    pub title: String,
    pub marking: Option<String>,
    pub top_left: String,
    pub footer: String,
    pub root: String,
    pub nav: Vec<Link>,
    pub scripts: Vec<String>,
    pub size: &'static str,
    pub generator: String,
    /// The page's address under `decl site --base-url`, for search engines.
    pub canonical: Option<String>,
}

impl Page {
    /// A stand-alone page (not part of a site).
    #[must_use]
    pub fn new(title: impl Into<String>) -> Page {
        Page {
            lang: "en".to_string(),
            title: title.into(),
            marking: None,
            top_left: String::new(),
            footer: String::new(),
            root: String::new(),
            nav: Vec::new(),
            scripts: Vec::new(),
            size: "A4",
            generator: format!("decl {}", env!("CARGO_PKG_VERSION")),
            canonical: None,
        }
    }
}

/// The distribution marking of a page that shows text of versions with these
/// classifications: all of them, `PUBLIC` dropped when another is stricter.
#[must_use]
pub fn combined_marking<'a>(
    classifications: impl IntoIterator<Item = Option<&'a str>>,
) -> Option<String> {
    let mut marks: Vec<String> = Vec::new();
    for c in classifications.into_iter().flatten() {
        let c = c.trim().to_uppercase();
        if !c.is_empty() && !marks.contains(&c) {
            marks.push(c);
        }
    }
    if marks.len() > 1 {
        marks.retain(|m| m != "PUBLIC");
    }
    (!marks.is_empty()).then(|| marks.join(" / "))
}

/// The template override folder of the repository the current directory is in: `templates:`
/// in `decl.yaml`, else its `templates/` folder when there is one. A folder named in the
/// settings must exist and stay inside the repository.
pub fn templates_folder() -> Result<Option<PathBuf>> {
    let Some(root) = crate::repo::find_root(Path::new(".")) else {
        return Ok(None);
    };
    templates_folder_of(&crate::repo::relative_to_cwd(&root))
}

/// [`templates_folder`] of the repository at `root`.
pub fn templates_folder_of(root: &Path) -> Result<Option<PathBuf>> {
    let (settings, _) = crate::settings::Settings::load(root)?;
    let Some(folder) = settings.templates.clone() else {
        let dir = root.join("templates");
        return Ok(dir.is_dir().then_some(dir));
    };
    let at = |message: String| {
        let err = Error::new(message);
        match &settings.source {
            Some(source) => {
                let offset = settings.offset_of(&folder, 0);
                source.error(offset..offset + folder.len(), err.message.clone())
            }
            None => err,
        }
    };
    let dir = root.join(&folder);
    let escapes = Path::new(&folder).is_absolute()
        || Path::new(&folder)
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir));
    if escapes || (dir.exists() && !crate::fsio::stays_in(&dir, root)) {
        return Err(
            at(format!("`templates: {folder}` is outside the repository"))
                .hint("name a folder inside the repository, e.g. `templates: templates`"),
        );
    }
    if !dir.is_dir() {
        return Err(at(format!("`templates: {folder}` is not a folder"))
            .hint("create it, or remove the setting to use the built-in templates"));
    }
    Ok(Some(dir))
}

/// Render the page template `name` with `context` (any serialisable value holding `page`).
pub fn render<T: Serialize>(
    env: &minijinja::Environment<'static>,
    name: &str,
    context: &T,
) -> Result<String> {
    super::render_value(
        env,
        name,
        minijinja::Value::from(minijinja::value::Serde(context)),
    )
}

/// Render a page with the templates of the repository the current directory is in, for
/// outputs written through an `io::Write` (the diff's and the synopsis's HTML).
pub fn render_here<T: Serialize>(name: &str, context: &T) -> std::io::Result<String> {
    let env = templates_folder()
        .map(super::environment)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    render(&env, name, context).map_err(|e| std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::combined_marking;

    #[test]
    fn the_stricter_marking_wins() {
        assert_eq!(
            combined_marking([Some("limite"), Some("PUBLIC")]).as_deref(),
            Some("LIMITE")
        );
        assert_eq!(
            combined_marking([Some("PUBLIC"), None]).as_deref(),
            Some("PUBLIC")
        );
        assert_eq!(combined_marking([None, Some(" ")]), None);
    }
}
