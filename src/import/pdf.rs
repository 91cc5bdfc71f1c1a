//! Council notes as PDF: the text `pdftotext -layout` extracts (Debian `poppler-utils`), then
//! the Council-note text importer. `pdftotext` is found as `DECL_PDFTOTEXT`, else on `PATH`; it
//! runs on the file with a time limit, its output written to a temporary file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result, display_path};

/// The magic bytes of a PDF file.
pub const MAGIC: &[u8] = b"%PDF-";

/// How long an extraction may take (a 200-page note takes a second).
const TIMEOUT: Duration = Duration::from_secs(60);

/// The `pdftotext` executable to use.
pub fn find_pdftotext() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("DECL_PDFTOTEXT").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(Error::new(format!(
                "`DECL_PDFTOTEXT` names `{}`, which is not a file",
                path.display()
            )))
        };
    }
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path_var)
        .map(|dir| dir.join("pdftotext"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            Error::new("importing a PDF needs `pdftotext`, and none was found")
                .hint("install it (Debian/Ubuntu: `apt-get install poppler-utils`), or set `DECL_PDFTOTEXT` to its path")
                .hint("or extract the text yourself and import the `.txt`")
        })
}

/// The text of the PDF at `path`, as `pdftotext -layout` lays it out (pages end with a form
/// feed, which the note importer reads as a page break).
pub fn text_of(path: &Path) -> Result<String> {
    let program = find_pdftotext()?;
    let tmp = tempfile::Builder::new()
        .prefix("decl-pdftotext-")
        .tempdir()
        .map_err(|e| Error::new(format!("cannot create a temporary folder: {e}")))?;
    let out = tmp.path().join("text.txt");
    let log = tmp.path().join("pdftotext.log");
    let log_file = std::fs::File::create(&log).map_err(|e| Error::io(&log, &e))?;
    let mut command = Command::new(&program);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log_file))
        .spawn()
        .map_err(|e| Error::new(format!("cannot run `{}`: {e}", program.display())))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(Some(_)) => {
                let stderr = std::fs::read_to_string(&log).unwrap_or_default();
                let last = stderr
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let err = if last.to_lowercase().contains("password") {
                    Error::file(
                        path,
                        "is a password-protected PDF; `pdftotext` cannot read it",
                    )
                    .hint("remove the password, or import the note's text as `.txt`")
                } else {
                    Error::file(
                        path,
                        format!("is not a readable PDF: `pdftotext` says: {last}"),
                    )
                    .hint("open it and save it again, or import the note's text as `.txt`")
                };
                return Err(err);
            }
            Ok(None) if started.elapsed() > TIMEOUT => {
                crate::render::pdf::kill_group(&mut child);
                return Err(Error::file(
                    path,
                    format!("`pdftotext` did not finish within {} s", TIMEOUT.as_secs()),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(Error::new(format!("waiting for `pdftotext`: {e}"))),
        }
    }
    let bytes = std::fs::read(&out).map_err(|e| Error::io(&out, &e))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::file(
            path,
            format!(
                "`pdftotext` gave text that is not UTF-8 ({})",
                display_path(&out)
            ),
        )
    })
}
