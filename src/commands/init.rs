use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::Date;
use crate::output::Context;
use crate::{Outcome, fsio, repo};

/// Create a declaration repository: settings, one declaration with a first draft, a templates
/// folder. Never overwrites a file.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  decl init my-declarations\n  decl init . --id summit-2026 --title \"Joint Declaration of the 2026 Summit\""
)]
pub struct Args {
    /// Folder to create the repository in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Id (folder name) of the first declaration.
    #[arg(long, default_value = "my-declaration")]
    pub id: String,
    /// Title of the first declaration.
    #[arg(long, default_value = "Joint Declaration")]
    pub title: String,
}

const SETTINGS: &str = "\
# decl repository settings. Every key is optional.
#
# templates: templates        # folder of template overrides (default: templates)
";

const TEMPLATES_README: &str = "\
Templates placed here override decl's built-in templates file by file.
";

pub fn cmd_init(ctx: &mut Context, args: &Args) -> Result<Outcome> {
    if !crate::text::is_valid_id(&args.id) {
        return Err(
            Error::new(format!("`{}` is not a usable declaration id", args.id))
                .hint("use letters, digits and hyphens, e.g. `summit-2026`"),
        );
    }
    let dir = &args.dir;
    let decl_dir = dir.join("declarations").join(&args.id);
    let today = Date::today();
    let version_name = format!("{today}-draft");
    let manifest = format!(
        "# The declaration's versions, oldest first; metadata here applies to every version.\nlanguage: en\nversions:\n  - versions/{version_name}.md\n"
    );
    let title = crate::text::collapse_whitespace(&args.title);
    let draft = format!(
        "---\ndate: {today}\nclassification: LIMITE\nstatus: draft\n---\n\n# {title}\n\n[Place], [date]\n\nWe, representatives of [list of countries], gathered in [place] on [date];\n\n## [First commitment, we:]\n\nCommit to [text under negotiation];\n"
    );
    let files: [(PathBuf, &str); 4] = [
        (dir.join(repo::SETTINGS), SETTINGS),
        (decl_dir.join(repo::MANIFEST), &manifest),
        (
            decl_dir.join("versions").join(format!("{version_name}.md")),
            &draft,
        ),
        (dir.join("templates").join("README.md"), TEMPLATES_README),
    ];
    // All the files or none: a full disk, a refusal or a kill never leaves half a repository.
    let made_dir = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let result = (|| {
        let lock = fsio::Lock::for_file(&dir.join(repo::SETTINGS))?;
        let mut batch = fsio::Batch::new();
        for (path, contents) in &files {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Error::file(
                    path,
                    "already exists; `decl init` never overwrites a file",
                ));
            }
            batch.create(path, (*contents).to_string());
        }
        batch.commit(&lock)
    })();
    if let Err(e) = result {
        if made_dir {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(e);
    }
    ctx.note(&format!(
        "created a declaration repository in {} with declaration `{}`; try `decl show {}`",
        crate::error::display_path(dir),
        args.id,
        crate::error::display_path(&decl_dir)
    ));
    Ok(Outcome::Clean)
}
