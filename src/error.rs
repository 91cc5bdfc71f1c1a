//! The one error type of `decl`: every variant maps to exit code 2 and is printed once by `main`.

use std::fmt;
use std::path::Path;

/// An error with where it happened, what went wrong and what to do about it. The details are
/// boxed so that `Result`s stay small on the happy path.
#[derive(Debug)]
pub struct Error(Box<Details>);

/// What an [`Error`] says.
#[derive(Debug)]
pub struct Details {
    /// The file (or other source) the error is about; `None` for usage errors.
    pub path: Option<String>,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// One line, lowercase, user values in backticks.
    pub message: String,
    /// A rendered source snippet pointing at the location, shown below the message.
    pub snippet: Option<String>,
    /// Lines that say what to do next.
    pub hints: Vec<String>,
    /// Output went to a closed pipe (`decl man | head`): not an error for the user.
    pub broken_pipe: bool,
    /// A bug in `decl` (a panic caught), not a problem with the input.
    pub internal: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error(Box::new(Details {
            path: None,
            location: None,
            message: message.into(),
            snippet: None,
            hints: Vec::new(),
            broken_pipe: false,
            internal: false,
        }))
    }

    /// A bug in `decl` met while working on `path` (a panic, caught): exit 2 like any error,
    /// so that a CI gate never passes on it, and never a backtrace.
    #[must_use]
    pub fn internal(path: Option<&str>, what: &str) -> Self {
        let mut e = Error::new(format!("internal error: {what}")).hint(
            "this is a bug in decl, not a problem with the file; please report it with the file",
        );
        if let Some(path) = path {
            e = e.at_path(path);
        }
        e.0.internal = true;
        e
    }

    /// An error about a file as a whole.
    pub fn file(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error::new(message).at_path(path)
    }

    /// An I/O error reading or writing `path`, phrased for a person.
    pub fn io(path: impl AsRef<Path>, err: &std::io::Error) -> Self {
        let path = path.as_ref();
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::IsADirectory => "is a directory, expected a file".to_string(),
            _ => err.to_string(),
        };
        Error::file(path, message)
    }

    /// An error writing the output: a closed pipe is remembered so `main` can exit 0 quietly.
    #[must_use]
    pub fn output(err: &std::io::Error) -> Self {
        let mut e = Error::new(format!("cannot write output: {err}"));
        e.0.broken_pipe = err.kind() == std::io::ErrorKind::BrokenPipe;
        e
    }

    #[must_use]
    pub fn at_path(mut self, path: impl AsRef<Path>) -> Self {
        self.0.path = Some(display_path(path.as_ref()));
        self
    }

    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.0.location = Some((line, column));
        self
    }

    #[must_use]
    pub fn with_snippet(mut self, snippet: String) -> Self {
        self.0.snippet = Some(snippet);
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.0.hints.push(hint.into());
        self
    }
}

impl std::ops::Deref for Error {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.location) {
            (Some(path), Some((line, col))) => write!(f, "{path}:{line}:{col}: {}", self.message),
            (Some(path), None) => write!(f, "{path}: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// A path as users typed it, without a leading `./`.
#[must_use]
pub fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    if shown.as_os_str().is_empty() {
        // `.` itself: say which folder that is.
        return std::env::current_dir()
            .ok()
            .and_then(|d| {
                d.file_name()
                    .map(|n| format!("{} (this folder)", n.to_string_lossy()))
            })
            .unwrap_or_else(|| ".".to_string());
    }
    shown.display().to_string()
}

thread_local! {
    /// What the last panic on this thread said, and where: the hook records it for
    /// [`catch_panic`], which turns it into an [`Error::internal`].
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replace the default panic hook (a message and a backtrace on standard error) with one that
/// only remembers the message: a caught panic is reported once, as an internal error.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = payload_text(info.payload());
        let text = match info.location() {
            Some(at) => format!("{message} (at {}:{})", at.file(), at.line()),
            None => message,
        };
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
    }));
}

/// Run `f`; a panic inside it becomes the text of an internal error instead of unwinding on.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_text(&*payload))
    })
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic".to_string()
    }
}

impl From<std::io::Error> for Error {
    /// I/O errors without a path are errors writing the output.
    fn from(err: std::io::Error) -> Self {
        Error::output(&err)
    }
}
