//! Writing files: atomically, so a crash or a concurrent writer never leaves a half-written file.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Replace `path` with `contents` atomically (write a temporary file beside it, fsync, rename).
/// A device or pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written to as it is, not replaced.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(mut special) = open_special(path)? {
        special
            .write_all(contents)
            .map_err(|e| Error::io(path, &e))?;
        return Ok(());
    }
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .map_err(|e| Error::io(path, &e))?;
    file.write_all(contents).map_err(|e| Error::io(path, &e))?;
    file.commit().map_err(|e| Error::io(path, &e))?;
    Ok(())
}

/// Replace `path` atomically with what `write` writes, streamed (no copy of it in memory).
/// If `write` fails, the file is left as it was. A device or pipe is written to as it is.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    if let Some(special) = open_special(path)? {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, special);
        write(&mut buffered).map_err(|e| Error::io(path, &e))?;
        buffered.flush().map_err(|e| Error::io(path, &e))?;
        return Ok(());
    }
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .map_err(|e| Error::io(path, &e))?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut file);
        write(&mut buffered).map_err(|e| Error::io(path, &e))?;
        buffered.flush().map_err(|e| Error::io(path, &e))?;
    }
    file.commit().map_err(|e| Error::io(path, &e))?;
    Ok(())
}

/// `path` opened for writing when it is a device, pipe or socket: replacing one of those with
/// a regular file (renaming over `/dev/null`) is never what was meant.
fn open_special(path: &Path) -> Result<Option<std::fs::File>> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map(Some)
            .map_err(|e| Error::io(path, &e)),
        _ => Ok(None),
    }
}

/// Create a new file; refuse to replace one that exists.
pub fn create_new(path: &Path, contents: &[u8]) -> Result<()> {
    if path.exists() {
        return Err(Error::file(path, "already exists; not overwriting it"));
    }
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    }
    write_atomic(path, contents)
}
