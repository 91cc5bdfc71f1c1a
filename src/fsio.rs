//! Reading and writing files: what `decl` reads is a regular file of bounded size, and what it
//! writes is written whole, never lost to a concurrent writer, and all or nothing.
//!
//! - **Reading** ([`read`]): regular files only, following symbolic links; a device, pipe or
//!   socket is refused before it is opened (a FIFO would block, `/dev/zero` never ends), and
//!   no more than [`MAX_FILE_BYTES`] is ever read.
//! - **Writing** ([`write_atomic`], [`Batch`]): a temporary file beside the target is written
//!   and fsynced, then renamed over it (atomic-write-file), so a crash leaves the old or the new
//!   file. Through a symbolic link the link's *target* is written: the link stays a link and
//!   the target keeps its mode and owner; a new file gets mode 0666 less the umask. A device or
//!   pipe named as an output (`-o /dev/null`, a FIFO) is written to as it is.
//! - **Read-modify-write** (`fmt`, `ids --write`, the manifest line of `import --into`, the
//!   ledger): the command takes the file's [`Lock`], a sidecar lock file (locking the file that
//!   is renamed over would lose updates), reads the file again under it, and writes with a
//!   [`Batch`] that refuses to replace a file whose bytes changed since they were read (an
//!   editor saving meanwhile): the change is reported, never silently overwritten.
//! - **All or nothing**: a [`Batch`] of several files (an endorsement by several delegations,
//!   an imported version with its manifest line, a new repository) first writes every file
//!   beside its target (a full disk fails here, and nothing has changed), then records the
//!   batch in a journal beside its lock, then renames the files into place and removes the
//!   journal. A process killed during the renames leaves the journal: whoever takes the lock
//!   next finishes the batch, and [`pending`] lets readers see the batch whole meanwhile.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::hash::Hasher as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::source::MAX_FILE_BYTES;

/// Read a whole regular file of at most [`MAX_FILE_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    if meta.is_dir() {
        return Err(Error::file(path, "is a directory, expected a file")
            .hint("name a version file (`.md` or `.yaml`) inside it, or use `DECL@VERSION`"));
    }
    if !meta.is_file() {
        return Err(Error::file(
            path,
            "is not a regular file (a device, pipe or socket); decl reads only files",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(path, meta.len()));
    }
    let file = open_for_reading(path).map_err(|e| Error::io(path, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // One byte more than the limit: a file that grew since `metadata` is still refused.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(path, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_big(path: &Path, len: u64) -> Error {
    Error::file(
        path,
        format!(
            "file is {} MiB, over the limit of {} MiB",
            len / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Open for reading without blocking: a file swapped for a FIFO after `metadata` must not hang.
fn open_for_reading(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(
            "is not a regular file (a device, pipe or socket)",
        ));
    }
    Ok(file)
}

/// Whether `path`, once symbolic links are followed, is inside `folder` (a path that does not
/// exist yet is where it says). Files a folder owns (a ledger's, a template folder's) are read
/// only when they are in it, so that a link cannot make decl print a file from elsewhere.
#[must_use]
pub fn stays_in(path: &Path, folder: &Path) -> bool {
    match (std::fs::canonicalize(path), std::fs::canonicalize(folder)) {
        (Ok(real), Ok(folder)) => real.starts_with(folder),
        _ => std::fs::symlink_metadata(path).is_err(),
    }
}

/// What a file held when it was read for an update: a digest of its bytes, or no file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot(Option<u64>);

impl Snapshot {
    /// There was no file.
    pub const ABSENT: Snapshot = Snapshot(None);

    /// The snapshot of bytes just read.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Snapshot {
        // SipHash with fixed keys: the same bytes give the same digest within a run, which is
        // all a change check needs.
        let mut hasher = std::hash::DefaultHasher::new();
        hasher.write(bytes);
        Snapshot(Some(hasher.finish()))
    }

    /// What `path` holds now.
    pub fn current(path: &Path) -> Result<Snapshot> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Snapshot::ABSENT),
            Err(e) => Err(Error::io(path, &e)),
            Ok(_) => Ok(Snapshot::of(&read(path)?)),
        }
    }
}

/// Read a file for an update: its text as a [`crate::source::Source`] and its [`Snapshot`].
pub fn read_for_update(path: &Path) -> Result<(crate::source::Source, Snapshot)> {
    let bytes = read(path)?;
    let snapshot = Snapshot::of(&bytes);
    let mut source = crate::source::Source::from_bytes(&crate::error::display_path(path), bytes)?;
    source.path = Some(path.to_path_buf());
    Ok((source, snapshot))
}

/// An exclusive lock on a sidecar lock file, held until dropped. Every `decl` process that
/// reads and rewrites the same file takes the same lock, so their updates queue up instead of
/// overwriting each other.
/// The lock file is removed when the lock is released, so that nothing is left behind (and a
/// refused command changes nothing on disk).
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// The lock that guards updates of `file`: `.NAME.lock` beside it.
    pub fn for_file(file: &Path) -> Result<Lock> {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::file(file, "is not a file name"))?;
        Lock::take(&file.with_file_name(format!(".{name}.lock")))
    }

    /// Take the lock file at `path` (created if missing), waiting while another process holds
    /// it, and finish any batch a killed process left (see the module docs).
    pub fn take(path: &Path) -> Result<Lock> {
        loop {
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(Error::file(
                    path,
                    "is a symbolic link; decl does not follow links for its lock files",
                )
                .hint("remove the link; decl creates the lock file itself"));
            }
            let mut options = OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt as _;
                options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
            }
            let file = options.open(path).map_err(|e| Error::io(path, &e))?;
            file.lock()
                .map_err(|e| Error::file(path, format!("cannot take the lock: {e}")))?;
            // The holder before us may have removed the file while we waited: then our lock is
            // on a file nobody else will open; take the one now at the path.
            if same_file(&file, path) {
                let lock = Lock {
                    path: path.to_path_buf(),
                    _file: file,
                };
                lock.recover()?;
                return Ok(lock);
            }
        }
    }

    /// Where this lock's batches are journaled while they are renamed into place.
    fn journal(&self) -> PathBuf {
        journal_of(&self.path)
    }

    /// Finish a batch that a killed process left in the journal.
    fn recover(&self) -> Result<()> {
        let journal = self.journal();
        let Some(entries) = read_journal(&journal)? else {
            return Ok(());
        };
        for entry in entries {
            let path = PathBuf::from(&entry.path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
            }
            stage(&path, entry.contents.as_bytes())?.commit(&path)?;
        }
        remove_durably(&journal)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held (the file closes after this): a process waiting on it then
        // finds, once it has the lock, that the path names another file, and takes that one.
        let _ = std::fs::remove_file(&self.path);
    }
}

fn journal_of(lock: &Path) -> PathBuf {
    let mut name = lock.file_name().unwrap_or_default().to_os_string();
    name.push(".journal");
    lock.with_file_name(name)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// One file of a journal: where it goes and what it holds.
#[derive(Debug, Serialize, Deserialize)]
struct JournalEntry {
    path: String,
    contents: String,
}

fn read_journal(journal: &Path) -> Result<Option<Vec<JournalEntry>>> {
    if std::fs::symlink_metadata(journal).is_err() {
        return Ok(None);
    }
    let bytes = read(journal)?;
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        Error::file(
            journal,
            format!("unfinished write journal cannot be read: {e}"),
        )
        .hint(
            "it lists files decl was writing when it stopped; compare them and remove the journal",
        )
    })
}

/// The files a killed process was writing under the lock file `lock`, with their new
/// contents: a reader that does not take the lock reads these instead of what is on disk, so it
/// sees a batch whole or not at all.
#[must_use]
pub fn pending(lock: &Path) -> HashMap<PathBuf, String> {
    read_journal(&journal_of(lock))
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .map(|e| (PathBuf::from(e.path), e.contents))
        .collect()
}

/// Writes that happen together or not at all (see the module docs).
#[derive(Debug, Default)]
pub struct Batch {
    writes: Vec<Planned>,
}

#[derive(Debug)]
struct Planned {
    path: PathBuf,
    contents: String,
    /// What the file must still hold when the batch is written: [`Snapshot::ABSENT`] for a new
    /// file.
    was: Snapshot,
}

impl Batch {
    #[must_use]
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Create `path` (and its folders); the batch fails if it exists by then.
    pub fn create(&mut self, path: &Path, contents: String) {
        self.write(path, Snapshot::ABSENT, contents);
    }

    /// Replace `path`, which held `was` when it was read; the batch fails if it holds anything
    /// else by then.
    pub fn write(&mut self, path: &Path, was: Snapshot, contents: String) {
        self.writes.push(Planned {
            path: path.to_path_buf(),
            contents,
            was,
        });
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// Write every file, or none, under `lock` (which the caller took before reading them).
    pub fn commit(self, lock: &Lock) -> Result<()> {
        if self.writes.is_empty() {
            return Ok(());
        }
        // Where each file really goes, and whether it still holds what was read.
        let mut targets = Vec::with_capacity(self.writes.len());
        for w in &self.writes {
            let target = write_target(&w.path)?;
            let now = Snapshot::current(&target)?;
            if now != w.was {
                return Err(if w.was == Snapshot::ABSENT {
                    Error::file(&w.path, "already exists; not overwriting it")
                } else if now == Snapshot::ABSENT {
                    Error::file(
                        &w.path,
                        "was removed while decl was working on it; not written",
                    )
                } else {
                    Error::file(
                        &w.path,
                        "changed on disk while decl was working on it; not overwritten",
                    )
                    .hint("run the command again to work on the file as it is now")
                });
            }
            targets.push(target);
        }
        let mut made = Vec::new();
        let staged = (|| -> Result<Vec<Staged>> {
            let mut staged = Vec::with_capacity(targets.len());
            for (w, target) in self.writes.iter().zip(&targets) {
                if let Some(dir) = target.parent() {
                    make_dirs(dir, &mut made)?;
                }
                staged.push(stage(target, w.contents.as_bytes())?);
            }
            Ok(staged)
        })();
        let staged = match staged {
            Ok(staged) => staged,
            Err(e) => {
                // Nothing was renamed into place: take back the folders made for it too.
                for dir in made.iter().rev() {
                    let _ = std::fs::remove_dir(dir);
                }
                return Err(e);
            }
        };
        let journal = lock.journal();
        if staged.len() > 1 {
            let entries: Vec<JournalEntry> = self
                .writes
                .iter()
                .zip(&targets)
                .map(|(w, target)| {
                    Ok(JournalEntry {
                        path: std::path::absolute(target)
                            .map_err(|e| Error::io(target, &e))?
                            .to_str()
                            .ok_or_else(|| Error::file(target, "path is not UTF-8"))?
                            .to_string(),
                        contents: w.contents.clone(),
                    })
                })
                .collect::<Result<_>>()?;
            let json = serde_json::to_vec(&entries)
                .map_err(|e| Error::file(&journal, format!("cannot write the journal: {e}")))?;
            stage(&journal, &json)?.commit(&journal)?;
        }
        for (file, target) in staged.into_iter().zip(&targets) {
            file.commit(target).map_err(|e| {
                if targets.len() > 1 {
                    e.hint("the next decl command that takes the same lock finishes the writes")
                } else {
                    e
                }
            })?;
        }
        if targets.len() > 1 {
            remove_durably(&journal)?;
        }
        Ok(())
    }
}

/// Create `dir` and the folders above it that are missing, remembering which were made.
fn make_dirs(dir: &Path, made: &mut Vec<PathBuf>) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        make_dirs(parent, made)?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => {
            made.push(dir.to_path_buf());
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(Error::io(dir, &e)),
    }
}

/// Where a write to `path` goes: the path itself, or the target of a symbolic link (so the
/// link stays and the target keeps its mode). A link to nothing is refused.
fn write_target(path: &Path) -> Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::canonicalize(path).map_err(|_| {
                Error::file(path, "is a symbolic link to a file that does not exist")
                    .hint("write to the link's target, or remove the link")
            })?;
            if std::fs::metadata(&target).is_ok_and(|m| !m.is_file()) {
                return Err(Error::file(path, "links to something that is not a file"));
            }
            Ok(target)
        }
        Ok(meta) if meta.is_dir() => Err(Error::file(path, "is a directory, expected a file")),
        _ => Ok(path.to_path_buf()),
    }
}

/// A file written beside its target, not yet in place.
struct Staged(atomic_write_file::AtomicWriteFile);

/// Write `contents` beside `target` and fsync them.
fn stage(target: &Path, contents: &[u8]) -> Result<Staged> {
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(target)
        .map_err(|e| Error::io(target, &e))?;
    file.write_all(contents)
        .and_then(|()| file.flush())
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| Error::io(target, &e))?;
    Ok(Staged(file))
}

impl Staged {
    /// Rename the file into place (atomic-write-file fsyncs the folder).
    fn commit(self, target: &Path) -> Result<()> {
        self.0.commit().map_err(|e| Error::io(target, &e))
    }
}

fn remove_durably(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(path, &e)),
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Replace `path` with `contents` atomically. A device or pipe (`/dev/null`, `/dev/stdout`, a
/// FIFO) is written to as it is, not replaced; a symbolic link's target is written.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(mut special) = open_special(path)? {
        special
            .write_all(contents)
            .map_err(|e| Error::io(path, &e))?;
        return Ok(());
    }
    let target = write_target(path)?;
    stage(&target, contents)?.commit(&target)
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
    write_staged(path, |buffered| write(buffered))
}

/// Write `path`'s replacement beside it through a buffer (which can also seek: a `BufWriter`
/// flushes before it seeks), then put it in place; if `write` fails, nothing is put in place.
fn write_staged(
    path: &Path,
    write: impl FnOnce(
        &mut std::io::BufWriter<&mut atomic_write_file::AtomicWriteFile>,
    ) -> std::io::Result<()>,
) -> Result<()> {
    let target = write_target(path)?;
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(&target)
        .map_err(|e| Error::io(&target, &e))?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut file);
        write(&mut buffered).map_err(|e| Error::io(path, &e))?;
        buffered.flush().map_err(|e| Error::io(path, &e))?;
    }
    file.commit().map_err(|e| Error::io(path, &e))?;
    Ok(())
}

/// What [`write_atomic_seekable`] writes to: a writer that can also seek.
pub trait WriteSeek: std::io::Write + std::io::Seek {}

impl<T: std::io::Write + std::io::Seek> WriteSeek for T {}

/// Replace `path` atomically with what `write` writes, as [`write_atomic_with`] does, for a
/// writer that goes back over what it wrote (a zip archive sets each entry's size in its header
/// once the entry is written). The file is written as it is made; a device or pipe, which
/// cannot seek, gets the whole of it from memory at the end.
pub fn write_atomic_seekable(
    path: &Path,
    write: impl FnOnce(&mut dyn WriteSeek) -> std::io::Result<()>,
) -> Result<()> {
    if let Some(mut special) = open_special(path)? {
        let mut buffered = std::io::Cursor::new(Vec::new());
        write(&mut buffered).map_err(|e| Error::io(path, &e))?;
        special
            .write_all(buffered.get_ref())
            .map_err(|e| Error::io(path, &e))?;
        return Ok(());
    }
    write_staged(path, |buffered| write(buffered))
}

/// `path` opened for writing when it is a device, pipe or socket: replacing one of those with
/// a regular file (renaming over `/dev/null`) is never what was meant.
fn open_special(path: &Path) -> Result<Option<File>> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => OpenOptions::new()
            .write(true)
            .open(path)
            .map(Some)
            .map_err(|e| Error::io(path, &e)),
        _ => Ok(None),
    }
}

/// Create a new file (and its folders); refuse to replace one that exists.
pub fn create_new(path: &Path, contents: &[u8]) -> Result<()> {
    let contents = String::from_utf8(contents.to_vec())
        .map_err(|_| Error::file(path, "cannot write: the contents are not UTF-8"))?;
    let lock_dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = lock_dir {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    }
    let lock = Lock::for_file(path)?;
    let mut batch = Batch::new();
    batch.create(path, contents);
    batch.commit(&lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seekable write goes back over what it wrote; one that fails leaves the old file as it
    /// was, and nothing beside it.
    #[test]
    fn a_seekable_write_patches_what_it_wrote_and_a_failed_one_changes_nothing() {
        use std::io::SeekFrom;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.docx");
        write_atomic_seekable(&path, |out| {
            out.write_all(b"size ?, then the data")?;
            out.seek(SeekFrom::Start(5))?;
            out.write_all(b"4")?;
            out.seek(SeekFrom::End(0)).map(drop)
        })
        .expect("writes");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "size 4, then the data"
        );
        let err = write_atomic_seekable(&path, |out| {
            out.write_all(b"half of it")?;
            Err(std::io::Error::other("disk full"))
        })
        .expect_err("fails");
        assert!(err.to_string().contains("out.docx"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "size 4, then the data"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn a_batch_refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v.md");
        std::fs::write(&path, "one\n").expect("write");
        let lock = Lock::for_file(&path).expect("lock");
        let was = Snapshot::current(&path).expect("snapshot");
        std::fs::write(&path, "two\n").expect("someone else writes");
        let mut batch = Batch::new();
        batch.write(&path, was, "three\n".into());
        let err = batch.commit(&lock).expect_err("refused");
        assert!(err.to_string().contains("changed on disk"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two\n");
    }

    #[test]
    fn regression_a_batch_that_fails_midway_changes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = dir.path().join("a").join("first.md");
        // The second file's folder cannot be made: a file is in the way.
        std::fs::write(dir.path().join("blocked"), "").expect("write");
        let second = dir.path().join("blocked").join("second.md");
        let lock = Lock::for_file(&dir.path().join("x")).expect("lock");
        let mut batch = Batch::new();
        batch.create(&first, "one\n".into());
        batch.create(&second, "two\n".into());
        assert!(batch.commit(&lock).is_err());
        drop(lock);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, ["blocked"], "the first file or its folder was left");
    }

    #[test]
    fn a_killed_batch_is_finished_by_the_next_lock_and_read_whole_meanwhile() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        std::fs::write(&a, "old a\n").expect("write");
        let lock_path = dir.path().join(".lock");
        // What a process killed between its renames leaves: the journal, `a` not yet renamed.
        let entries = vec![
            JournalEntry {
                path: a.to_string_lossy().into_owned(),
                contents: "new a\n".into(),
            },
            JournalEntry {
                path: b.to_string_lossy().into_owned(),
                contents: "new b\n".into(),
            },
        ];
        std::fs::write(
            journal_of(&lock_path),
            serde_json::to_vec(&entries).expect("json"),
        )
        .expect("journal");
        let seen = pending(&lock_path);
        assert_eq!(seen.get(&a).map(String::as_str), Some("new a\n"));
        drop(Lock::take(&lock_path).expect("lock"));
        assert_eq!(std::fs::read_to_string(&a).expect("a"), "new a\n");
        assert_eq!(std::fs::read_to_string(&b).expect("b"), "new b\n");
        assert!(!journal_of(&lock_path).exists());
        assert!(pending(&lock_path).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn regression_writing_through_a_symlink_keeps_the_link_and_the_target_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("real.md");
        std::fs::write(&target, "old\n").expect("write");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        write_atomic(&link, b"new\n").expect("writes");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new\n");
        let mode = std::fs::metadata(&target)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn regression_a_lock_file_that_is_a_symlink_is_not_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let elsewhere = dir.path().join("elsewhere");
        let lock = dir.path().join(".lock");
        std::os::unix::fs::symlink(&elsewhere, &lock).expect("symlink");
        let err = Lock::take(&lock).expect_err("refused");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(!elsewhere.exists(), "the link's target was created");
    }

    #[cfg(unix)]
    #[test]
    fn regression_devices_and_pipes_are_not_read() {
        let err = read(Path::new("/dev/zero")).expect_err("refused");
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let dir = tempfile::tempdir().expect("temp dir");
        let link = dir.path().join("zero.md");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        assert!(read(&link).is_err());
    }
}
