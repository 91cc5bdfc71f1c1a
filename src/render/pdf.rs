//! Printing HTML to PDF with headless Chromium.
//!
//! Chromium is found as `DECL_CHROMIUM`, else as `chromium`, `chromium-browser`,
//! `google-chrome` or `google-chrome-stable` on `PATH`. It runs headless, without a sandbox
//! (containers and CI run as root), with a fresh temporary profile and no background networking,
//! so it contacts nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long a print may take before it is given up, unless `DECL_PDF_TIMEOUT` (seconds) says.
const TIMEOUT: Duration = Duration::from_secs(120);

fn timeout() -> Result<Duration> {
    match std::env::var("DECL_PDF_TIMEOUT") {
        Err(_) => Ok(TIMEOUT),
        Ok(s) => s
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|&n| n > 0)
            .map(Duration::from_secs)
            .ok_or_else(|| {
                Error::new(format!(
                    "`DECL_PDF_TIMEOUT` is `{s}`; give a number of seconds, e.g. 120"
                ))
            }),
    }
}

/// The Chromium executable to use.
pub fn find_chromium() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("DECL_CHROMIUM").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(Error::new(format!(
                "`DECL_CHROMIUM` names `{}`, which is not a file",
                path.display()
            )))
        };
    }
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path_var) {
        for name in CANDIDATES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(Error::new("PDF output needs Chromium, and none was found")
        .hint("install it (Debian/Ubuntu: `apt-get install chromium`), or set `DECL_CHROMIUM` to its path")
        .hint("or render `--to html` and print that"))
}

/// Print `html` to PDF bytes.
pub fn html_to_pdf(html: &str) -> Result<Vec<u8>> {
    let chromium = find_chromium()?;
    let tmp = tempfile::Builder::new()
        .prefix("decl-pdf-")
        .tempdir()
        .map_err(|e| Error::new(format!("cannot create a temporary folder: {e}")))?;
    let page = tmp.path().join("document.html");
    std::fs::write(&page, html).map_err(|e| Error::io(&page, &e))?;
    let pdf = tmp.path().join("document.pdf");
    let profile = tmp.path().join("profile");
    let log = tmp.path().join("chromium.log");
    run(&chromium, &page, &pdf, &profile, &log)?;
    std::fs::read(&pdf).map_err(|_| {
        Error::new(format!(
            "`{}` finished without writing a PDF",
            chromium.display()
        ))
    })
}

fn run(chromium: &Path, page: &Path, pdf: &Path, profile: &Path, log: &Path) -> Result<()> {
    let timeout = timeout()?;
    // Chromium's messages go to a file: a pipe nobody reads could fill and stall it.
    let log_file = std::fs::File::create(log).map_err(|e| Error::io(log, &e))?;
    let mut command = Command::new(chromium);
    // Its own process group, so that a timeout ends the renderer and GPU processes it starts
    // too, not only the one decl started.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-quic",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log_file))
        .spawn()
        .map_err(|e| Error::new(format!("cannot run `{}`: {e}", chromium.display())))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let stderr = std::fs::read_to_string(log).unwrap_or_default();
                let last = stderr
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("");
                return Err(Error::new(format!(
                    "`{}` failed ({status}) while printing the PDF: {last}",
                    chromium.display()
                )));
            }
            Ok(None) if started.elapsed() > timeout => {
                kill_group(&mut child);
                return Err(Error::new(format!(
                    "`{}` did not finish printing within {} s",
                    chromium.display(),
                    timeout.as_secs()
                ))
                .hint("set `DECL_PDF_TIMEOUT` (seconds) to wait longer"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(Error::new(format!("waiting for Chromium: {e}"))),
        }
    }
}

/// End a child and every process in its group.
pub(crate) fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}
