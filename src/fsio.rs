//! Writing files: atomically, so a crash or a concurrent writer never leaves a half-written file.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Replace `path` with `contents` atomically (write a temporary file beside it, fsync, rename).
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .map_err(|e| Error::io(path, &e))?;
    file.write_all(contents).map_err(|e| Error::io(path, &e))?;
    file.commit().map_err(|e| Error::io(path, &e))?;
    Ok(())
}

/// Replace `path` atomically with what `write` writes, streamed (no copy of it in memory).
/// If `write` fails, the file is left as it was.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
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
