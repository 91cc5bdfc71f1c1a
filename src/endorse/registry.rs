//! The delegations that can endorse: built in (`delegations.tsv`), plus what a repository adds or
//! renames under `delegations:` in its `decl.yaml`:
//!
//! ```yaml
//! delegations:
//!   XK: {name: Kosovo, group: partner-country}   # a new entry needs a group
//!   UNODC: UN Office on Drugs and Crime          # a new name for a built-in entry
//!   COE: {name: Council of Europe (CoE)}
//! ```
//!
//! Codes are upper-case letters, digits and hyphens; users may type them in any case.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::repo;
use crate::source::Source;
use crate::text::distance;

const BUILT_IN: &str = include_str!("delegations.tsv");

/// The kind of delegation; also the order in which groups are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// The Union itself.
    EuropeanUnion,
    EuMemberState,
    PartnerCountry,
    InternationalOrganisation,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::EuropeanUnion,
        Group::EuMemberState,
        Group::PartnerCountry,
        Group::InternationalOrganisation,
    ];

    /// The name in JSON, CSV and `decl.yaml`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Group::EuropeanUnion => "european-union",
            Group::EuMemberState => "eu-member-state",
            Group::PartnerCountry => "partner-country",
            Group::InternationalOrganisation => "international-organisation",
        }
    }

    /// The heading in tables.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Group::EuropeanUnion => "European Union",
            Group::EuMemberState => "EU Member States",
            Group::PartnerCountry => "Partner countries",
            Group::InternationalOrganisation => "International organisations",
        }
    }

    #[must_use]
    pub fn parse(name: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.as_str() == name)
    }
}

/// One party that can endorse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    pub code: String,
    pub name: String,
    pub group: Group,
    /// How documents print the name when it differs (`Kosovo*`), with the note that goes with
    /// it (the standard footnote after `Kosovo*`).
    pub display: Option<String>,
    pub footnote: Option<String>,
}

impl Delegation {
    /// The name as documents print it: the display name, else the name.
    #[must_use]
    pub fn shown_name(&self) -> &str {
        self.display.as_deref().unwrap_or(&self.name)
    }
}

/// All delegations, in one display order everywhere (`endorsements`, `delegations`, the lists
/// `render` fills in): the European Union, the EU Member States in EU protocol order, then
/// partner countries and international organisations, each alphabetically by name.
#[derive(Debug, Clone)]
pub struct Registry {
    list: Vec<Delegation>,
    by_code: HashMap<String, usize>,
}

/// Codes people type that the registry spells otherwise.
const ALIASES: &[(&str, &str)] = &[
    ("GR", "EL"),
    ("UK", "GB"),
    ("AU-ORG", "AFRICAN-UNION"),
    ("AUC", "AFRICAN-UNION"),
    ("CE", "COE"),
];

impl Registry {
    /// The built-in registry.
    #[must_use]
    pub fn built_in() -> Registry {
        let mut list = Vec::new();
        for line in BUILT_IN.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            if let (Some(group), Some(code), Some(name)) =
                (fields.next(), fields.next(), fields.next())
                && let Some(group) = Group::parse(group)
            {
                let mut optional = || {
                    fields
                        .next()
                        .filter(|f| !f.is_empty())
                        .map(ToString::to_string)
                };
                let (display, footnote) = (optional(), optional());
                list.push(Delegation {
                    code: code.to_string(),
                    name: name.to_string(),
                    group,
                    display,
                    footnote,
                });
            }
        }
        Registry::from_list(list)
    }

    fn from_list(mut list: Vec<Delegation>) -> Registry {
        // Member States keep protocol order (the order given); others go by name.
        let by_name = |d: &Delegation| {
            matches!(
                d.group,
                Group::PartnerCountry | Group::InternationalOrganisation
            )
        };
        list.sort_by(|a, b| {
            a.group.cmp(&b.group).then_with(|| {
                if by_name(a) && by_name(b) {
                    a.name.to_lowercase().cmp(&b.name.to_lowercase())
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        });
        let by_code = list
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
        Registry { list, by_code }
    }

    /// The built-in registry with the additions and renames of the repository around `dir`.
    pub fn for_dir(dir: &Path) -> Result<Registry> {
        let mut registry = Registry::built_in();
        if let Some(root) = repo::find_root(dir) {
            let settings = root.join(repo::SETTINGS);
            if settings.is_file() {
                let shown = relative(&settings);
                registry.apply_settings(&Source::read(&shown)?)?;
            }
        }
        Ok(registry)
    }

    /// Apply the `delegations:` key of a settings file.
    pub fn apply_settings(&mut self, source: &Source) -> Result<()> {
        let map = crate::yaml::parse_map(source, 0, source.text.len(), false)?;
        let Some(entry) = map.0.iter().find(|e| e.key == "delegations") else {
            return Ok(());
        };
        let entries = match &entry.value {
            Value::Null => return Ok(()),
            Value::Object(entries) => entries,
            _ => {
                return Err(source.error(
                    entry.value_at..entry.value_at,
                    "`delegations` maps codes to a name or to `{name, group}`",
                ));
            }
        };
        for (code, value) in entries {
            // Nested keys carry no position of their own: point at the code's first mention.
            let at = source.text[entry.value_at..]
                .find(code.as_str())
                .map_or(entry.value_at, |i| entry.value_at + i);
            let fail = |message: String| source.error(at..at + code.len(), message);
            if !is_valid_code(code) {
                return Err(fail(format!(
                    "`{code}` is not a delegation code: use upper-case letters, digits and hyphens"
                )));
            }
            let (name, group, display, footnote) = match value {
                Value::String(name) => (Some(name.clone()), None, None, None),
                Value::Object(fields) => {
                    let mut name = None;
                    let mut group = None;
                    let mut display = None;
                    let mut footnote = None;
                    for (key, v) in fields {
                        match (key.as_str(), v) {
                            ("name", Value::String(s)) => name = Some(s.clone()),
                            ("display", Value::String(s)) => display = Some(s.clone()),
                            ("footnote", Value::String(s)) => footnote = Some(s.clone()),
                            ("group", Value::String(s)) => {
                                group = Some(Group::parse(s).ok_or_else(|| {
                                    fail(format!(
                                        "delegation `{code}`: unknown group `{s}`; use one of {}",
                                        group_names()
                                    ))
                                })?);
                            }
                            _ => {
                                return Err(fail(format!(
                                    "delegation `{code}`: `{key}` is not `name`, `display`, `footnote` (texts) or `group`"
                                )));
                            }
                        }
                    }
                    (name, group, display, footnote)
                }
                _ => {
                    return Err(fail(format!(
                        "delegation `{code}`: give a name, or `{{name: …, group: …}}`"
                    )));
                }
            };
            if let Some(&i) = self.by_code.get(code) {
                let d = &mut self.list[i];
                if let Some(name) = name {
                    d.name = name;
                }
                if let Some(group) = group {
                    d.group = group;
                }
                if display.is_some() {
                    d.display = display;
                }
                if footnote.is_some() {
                    d.footnote = footnote;
                }
            } else {
                let (Some(name), Some(group)) = (name, group) else {
                    return Err(fail(format!(
                        "new delegation `{code}` needs both `name` and `group` ({})",
                        group_names()
                    )));
                };
                self.list.push(Delegation {
                    code: code.clone(),
                    name,
                    group,
                    display,
                    footnote,
                });
            }
        }
        *self = Registry::from_list(std::mem::take(&mut self.list));
        Ok(())
    }

    /// Every delegation in display order.
    #[must_use]
    pub fn all(&self) -> &[Delegation] {
        &self.list
    }

    /// Position of a delegation in display order.
    #[must_use]
    pub fn position(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    #[must_use]
    pub fn get(&self, code: &str) -> Option<&Delegation> {
        self.position(code).map(|i| &self.list[i])
    }

    /// Find a delegation by code, in any case; an unknown code is an error naming the closest.
    pub fn lookup(&self, typed: &str) -> Result<&Delegation> {
        let code = typed.trim().to_uppercase();
        if let Some(d) = self.get(&code) {
            return Ok(d);
        }
        let mut err = Error::new(format!("unknown delegation `{typed}`"));
        if let Some((_, to)) = ALIASES.iter().find(|(from, _)| *from == code)
            && let Some(d) = self.get(to)
        {
            return Err(err.hint(format!("{} is `{}` here", d.name, d.code)));
        }
        let suggestions = self.suggest(typed);
        if !suggestions.is_empty() {
            let named: Vec<String> = suggestions
                .iter()
                .map(|d| format!("`{}` ({})", d.code, d.name))
                .collect();
            err = err.hint(format!("did you mean {}?", or_list(&named)));
        }
        Err(err.hint("`decl delegations` lists the codes; a repository adds its own under `delegations:` in `decl.yaml`"))
    }

    /// The delegation a Word author names, as delegations sign their tracked changes: its code
    /// (`EU`, `UK` for `GB`), its name or display name (`European Union`, `Kosovo*`), in any
    /// case, with words such as `delegation`, `delegation of`, `permanent representation of` or
    /// `mission of` around it (`FR delegation`, `Delegation of Japan`). `None` when it names
    /// none, or several: a person's name, say.
    #[must_use]
    pub fn named_by(&self, author: &str) -> Option<&Delegation> {
        let raw = author.trim().to_uppercase();
        let code = |c: &str| {
            self.get(c).or_else(|| {
                ALIASES
                    .iter()
                    .find(|(from, _)| *from == c)
                    .and_then(|(_, to)| self.get(to))
            })
        };
        if let Some(d) = code(&raw) {
            return Some(d);
        }
        let words = author_words(author);
        if words.is_empty() {
            return None;
        }
        if let [one] = words.as_slice()
            && let Some(d) = code(&one.to_uppercase())
        {
            return Some(d);
        }
        let mut found = self.list.iter().filter(|d| {
            author_words(&d.name) == words
                || d.display
                    .as_deref()
                    .is_some_and(|n| author_words(n) == words)
        });
        match (found.next(), found.next()) {
            (Some(d), None) => Some(d),
            _ => None,
        }
    }

    /// Up to three delegations whose code or name is close to what was typed.
    fn suggest(&self, typed: &str) -> Vec<&Delegation> {
        let code = typed.trim().to_uppercase();
        let lower = typed.trim().to_lowercase();
        let code_limit = if code.len() <= 3 { 1 } else { code.len() / 3 };
        let name_limit = (lower.chars().count() / 3).max(1);
        let mut scored: Vec<(usize, usize, &Delegation)> = Vec::new();
        for (i, d) in self.list.iter().enumerate() {
            let by_code = distance(&code, &d.code);
            let name = d.name.to_lowercase();
            let by_name = if lower.len() > 3 && name.starts_with(&lower) {
                0
            } else {
                distance(&lower, &name)
            };
            let score = [(by_code, code_limit), (by_name, name_limit)]
                .into_iter()
                .filter(|&(d, limit)| d <= limit)
                .map(|(d, _)| d)
                .min();
            if let Some(score) = score {
                scored.push((score, i, d));
            }
        }
        scored.sort_by_key(|&(score, i, _)| (score, i));
        scored.into_iter().take(3).map(|(_, _, d)| d).collect()
    }
}

/// The words of a name, lower-case, without punctuation and without the words that say a
/// delegation rather than name it.
fn author_words(name: &str) -> Vec<String> {
    const SAYING: &[&str] = &[
        "delegation",
        "delegations",
        "del",
        "of",
        "the",
        "permanent",
        "representation",
        "mission",
    ];
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !SAYING.contains(&w.as_str()))
        .collect()
}

fn or_list(items: &[String]) -> String {
    match items {
        [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        _ => items.join(""),
    }
}

fn group_names() -> String {
    Group::ALL
        .iter()
        .map(|g| format!("`{}`", g.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `code` can name a delegation (and a ledger file): `A-Z`, `0-9` and `-`, starting
/// with a letter or digit.
#[must_use]
pub fn is_valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn relative(path: &Path) -> std::path::PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_name_delegations_as_people_write_them() {
        let r = Registry::built_in();
        let code = |author: &str| r.named_by(author).map(|d| d.code.as_str());
        for (author, want) in [
            ("EU", Some("EU")),
            ("european union", Some("EU")),
            ("FR delegation", Some("FR")),
            ("Delegation of Japan", Some("JP")),
            ("Permanent Representation of France", Some("FR")),
            ("UK", Some("GB")),
            ("Kosovo*", Some("XK")),
            ("African-Union", Some("AFRICAN-UNION")),
            ("Jane Doe", None),
            ("Delegation", None),
            ("", None),
        ] {
            assert_eq!(code(author), want, "{author}");
        }
    }

    #[test]
    fn built_in_registry() {
        let r = Registry::built_in();
        let count = |g: Group| r.all().iter().filter(|d| d.group == g).count();
        assert_eq!(count(Group::EuropeanUnion), 1);
        assert_eq!(count(Group::EuMemberState), 27);
        // 193 UN members less 27 in the EU, plus the Holy See, the State of Palestine and
        // Kosovo.
        assert_eq!(count(Group::PartnerCountry), 169);
        let xk = r.lookup("XK").expect("Kosovo");
        assert_eq!(xk.shown_name(), "Kosovo*");
        assert!(
            xk.footnote
                .as_deref()
                .is_some_and(|f| f.contains("UNSCR 1244/1999"))
        );
        let ms: Vec<&str> = r
            .all()
            .iter()
            .filter(|d| d.group == Group::EuMemberState)
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(
            ms.join(" "),
            "BE BG CZ DK DE EE IE EL ES FR HR IT CY LV LT LU HU MT NL AT PL PT RO SI SK FI SE"
        );
        assert!(r.all().iter().all(|d| is_valid_code(&d.code)));
        assert_eq!(r.by_code.len(), r.all().len(), "codes are unique");
        assert_eq!(r.lookup("el").map(|d| d.name.as_str()).ok(), Some("Greece"));
        let err = r.lookup("GR").err().map(|e| e.hints.join("|"));
        assert!(err.is_some_and(|h| h.contains("`EL`")));
        let err = r.lookup("Frnace").err().map(|e| e.hints.join("|"));
        assert!(
            err.is_some_and(|h| h.contains("`FR` (France)")),
            "suggests by name"
        );
    }

    #[test]
    fn settings_add_and_rename() {
        let mut r = Registry::built_in();
        let source = Source::new(
            "decl.yaml",
            "templates: t\ndelegations:\n  XK: {name: Kosovo, group: partner-country}\n  UNODC: UN Office on Drugs and Crime\n"
                .to_string(),
        );
        assert!(r.apply_settings(&source).is_ok());
        assert_eq!(r.get("XK").map(|d| d.group), Some(Group::PartnerCountry));
        assert_eq!(
            r.get("UNODC").map(|d| d.name.as_str()),
            Some("UN Office on Drugs and Crime")
        );
        let bad = Source::new(
            "decl.yaml",
            "delegations:\n  XX: {name: Nowhere}\n".to_string(),
        );
        let err = Registry::built_in().apply_settings(&bad).err();
        assert!(err.is_some_and(|e| e.to_string().contains("decl.yaml:2:3")));
    }
}
