//! The repository settings file, `decl.yaml` at the root of a declaration repository.
//!
//! Every key is optional:
//!
//! ```yaml
//! templates: templates          # folder of template overrides (read by `render`)
//! delegations: delegations.yaml # added or renamed delegations (read by the endorsement commands)
//! check:                        # `decl check`
//!   rules:                      # per rule, by code or name: off | error | warning | info
//!     D306: off
//!     double-space: error
//!   spelling:                   # extra misspellings, wrong: right
//!     recieve: receive
//!   public:                     # folders (from the root) whose versions are for publication
//!     - declarations/published
//! ```
//!
//! `templates` and `delegations` belong to the modules that read them; this module only keeps
//! their values. An unknown key gets a warning naming the closest known one; `decl check`
//! reports it as a diagnostic.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::check::diagnostic::Severity;
use crate::error::Result;
use crate::model::Warning;
use crate::repo::SETTINGS;
use crate::source::Source;
use crate::text::closest;
use crate::yaml;

/// The top-level keys of `decl.yaml`.
pub const KEYS: &[&str] = &["templates", "delegations", "check"];
/// The keys under `check:`.
pub const CHECK_KEYS: &[&str] = &["rules", "spelling", "public"];

/// The settings of a repository; all defaults when there is no `decl.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The settings file, when there is one.
    pub path: Option<PathBuf>,
    /// `templates`: the folder of template overrides, as written.
    pub templates: Option<String>,
    /// `delegations`: as written, for the endorsement module to interpret.
    pub delegations: Option<Value>,
    pub check: CheckSettings,
    /// The file's text, so that diagnostics about it can point into it.
    pub source: Option<Source>,
}

/// The `check:` section.
#[derive(Debug, Clone, Default)]
pub struct CheckSettings {
    /// Rule overrides in file order; the rule is named as written (a code or a name), to be
    /// resolved by the check registry.
    pub rules: Vec<RuleSetting>,
    /// Extra misspellings: (wrong, right), lowercase.
    pub spelling: Vec<(String, String)>,
    /// Folders, relative to the repository root, whose versions are for publication.
    pub public: Vec<String>,
}

/// One line of `check.rules`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetting {
    /// The rule's code or name as written.
    pub rule: String,
    /// `None` turns the rule off.
    pub severity: Option<Severity>,
    /// Byte offset of the line in `decl.yaml`.
    pub at: usize,
}

impl Settings {
    /// Read `decl.yaml` in `root`, if there is one. Unknown keys are warnings; malformed YAML
    /// or values of the wrong shape are errors.
    pub fn load(root: &Path) -> Result<(Settings, Vec<Warning>)> {
        let path = root.join(SETTINGS);
        if !path.is_file() {
            return Ok((Settings::default(), Vec::new()));
        }
        Settings::read(&path)
    }

    /// Read a settings file.
    pub fn read(path: &Path) -> Result<(Settings, Vec<Warning>)> {
        let source = Source::read(path)?;
        let map = yaml::parse_map(&source, 0, source.text.len(), false)?;
        let mut settings = Settings {
            path: Some(path.to_path_buf()),
            ..Settings::default()
        };
        let mut warnings = Vec::new();
        for entry in map.0 {
            match entry.key.as_str() {
                "templates" => settings.templates = yaml::typed(&source, &entry)?,
                "delegations" => {
                    settings.delegations = (!entry.value.is_null()).then(|| entry.value.clone());
                }
                "check" => {
                    settings.check = read_check(&source, &entry, &mut warnings)?;
                }
                other => warnings.push(unknown(&source, entry.key_at, other, KEYS, "")),
            }
        }
        settings.source = Some(source);
        Ok((settings, warnings))
    }

    /// The byte offset of `needle` in the settings file (after `from`), for diagnostics.
    #[must_use]
    pub fn offset_of(&self, needle: &str, from: usize) -> usize {
        self.source
            .as_ref()
            .and_then(|s| s.text.get(from..).and_then(|t| t.find(needle)))
            .map_or(from, |i| from + i)
    }
}

fn read_check(
    source: &Source,
    entry: &yaml::Entry,
    warnings: &mut Vec<Warning>,
) -> Result<CheckSettings> {
    let mut out = CheckSettings::default();
    let Value::Object(map) = &entry.value else {
        if entry.value.is_null() {
            return Ok(out);
        }
        return Err(source.error(
            entry.value_at..entry.value_at,
            "`check` is a mapping with `rules`, `spelling` and `public`",
        ));
    };
    let find = |key: &str| {
        let from = entry.key_at;
        source.text[from..]
            .find(&format!("{key}:"))
            .map_or(from, |i| from + i)
    };
    for (key, value) in map {
        let at = find(key);
        let err = |message: String| source.error(at..at + key.len(), message);
        match key.as_str() {
            "rules" => {
                let Value::Object(rules) = value else {
                    if value.is_null() {
                        continue;
                    }
                    return Err(err(
                        "`check.rules` maps rule codes or names to `off`, `error`, `warning` or `info`".into(),
                    ));
                };
                for (rule, level) in rules {
                    let rule_at = source.text[at..].find(rule.as_str()).map_or(at, |i| at + i);
                    let severity = match level {
                        Value::String(s) if s == "off" => None,
                        Value::Bool(false) => None,
                        Value::String(s) => Some(Severity::parse(s).ok_or_else(|| {
                            source.error(
                                rule_at..rule_at + rule.len(),
                                format!(
                                    "`{s}` for rule `{rule}` is none of `off`, `error`, `warning`, `info`"
                                ),
                            )
                        })?),
                        _ => {
                            return Err(source.error(
                                rule_at..rule_at + rule.len(),
                                format!(
                                    "rule `{rule}` takes `off`, `error`, `warning` or `info`"
                                ),
                            ));
                        }
                    };
                    out.rules.push(RuleSetting {
                        rule: rule.clone(),
                        severity,
                        at: rule_at,
                    });
                }
            }
            "spelling" => {
                let Value::Object(pairs) = value else {
                    if value.is_null() {
                        continue;
                    }
                    return Err(err(
                        "`check.spelling` maps misspellings to their correct spelling, `recieve: receive`".into(),
                    ));
                };
                for (wrong, right) in pairs {
                    let Value::String(right) = right else {
                        return Err(err(format!(
                            "the correct spelling of `{wrong}` must be text"
                        )));
                    };
                    out.spelling.push((wrong.to_lowercase(), right.clone()));
                }
            }
            "public" => {
                out.public = match value {
                    Value::Null => Vec::new(),
                    Value::String(s) => vec![s.clone()],
                    Value::Array(items) => items
                        .iter()
                        .map(|v| match v {
                            Value::String(s) => Ok(s.clone()),
                            _ => Err(err("`check.public` is a list of folders".into())),
                        })
                        .collect::<Result<_>>()?,
                    _ => return Err(err("`check.public` is a list of folders".into())),
                };
            }
            other => warnings.push(unknown(source, at, other, CHECK_KEYS, "check.")),
        }
    }
    Ok(out)
}

fn unknown(source: &Source, at: usize, key: &str, known: &[&str], prefix: &str) -> Warning {
    let (line, column) = source.line_col(at);
    let hint = match closest(key, known.iter().copied()).first() {
        Some(best) => format!("; did you mean `{prefix}{best}`?"),
        None => format!(
            "; known keys: {}",
            known
                .iter()
                .map(|k| format!("`{prefix}{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Warning {
        path: source.name.clone(),
        line,
        column,
        message: format!("unknown setting `{prefix}{key}`{hint}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_check_settings_and_warns_on_unknown_keys() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join(SETTINGS),
            "templates: t\ncheck:\n  rules:\n    D306: off\n    doubled-word: error\n  spelling:\n    Recieve: receive\n  public: [declarations/pub]\n  publc: x\ntemplats: y\n",
        )
        .expect("write");
        let (s, warnings) = Settings::load(dir.path()).expect("reads");
        assert_eq!(s.templates.as_deref(), Some("t"));
        assert_eq!(s.check.rules.len(), 2);
        assert_eq!(s.check.rules[0].severity, None);
        assert_eq!(s.check.rules[1].severity, Some(Severity::Error));
        assert_eq!(
            s.check.spelling,
            [("recieve".to_string(), "receive".to_string())]
        );
        assert_eq!(s.check.public, ["declarations/pub"]);
        let messages: Vec<_> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown setting `check.publc`; did you mean `check.public`?",
                "unknown setting `templats`; did you mean `templates`?"
            ]
        );
        assert_eq!((warnings[0].line, warnings[1].line), (9, 10));
    }
}
