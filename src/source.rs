//! Reading input files safely and pointing into them.
//!
//! Every file `decl` reads goes through [`Source::read`]: it refuses directories, binary data,
//! invalid UTF-8 and files over [`MAX_FILE_BYTES`] with a one-line error naming the file (and the
//! line where known), strips a byte-order mark, and keeps a line index so that any byte offset can
//! be turned into `line:column` and a rustc-style snippet.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::error::{Error, Result, display_path};

/// The largest file `decl` reads: well above any real declaration (the 100,000-clause benchmark
/// pair is 43 MB a side), well below what would exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The text of one input, with its name and a line index.
#[derive(Debug, Clone)]
pub struct Source {
    /// How the source is named in messages (a path as given, or `REV:PATH`).
    pub name: String,
    /// The file path, when the source is a file on disk.
    pub path: Option<PathBuf>,
    /// The text, without a byte-order mark; line endings as in the file, except that a lone
    /// `\r` is read as `\n` (see [`Source::lone_cr`]). Shared: clause texts
    /// that read exactly as written point into it (see [`crate::model::Text`]).
    pub text: Arc<String>,
    /// Whether the file ended lines with a lone `\r` (classic Mac), read as `\n`: what `fmt`
    /// writes back with `\n`.
    pub lone_cr: bool,
    line_starts: Vec<usize>,
    /// Characters before every [`CHAR_BLOCK`]-th byte, built on the first column asked of a
    /// text that is not ASCII (`None` for ASCII, where a column is a byte count): a column then
    /// costs a short count, not a walk from the line start, so that many findings on one long
    /// line stay linear.
    char_index: OnceLock<Option<Vec<u32>>>,
}

/// The stride of [`Source`]'s character index, in bytes.
const CHAR_BLOCK: usize = 256;

impl Source {
    /// Read a file from disk with all the checks described in the module docs.
    pub fn read(path: &Path) -> Result<Source> {
        let bytes = crate::fsio::read(path)?;
        let mut source = Source::from_bytes(&display_path(path), bytes)?;
        source.path = Some(path.to_path_buf());
        Ok(source)
    }

    /// Check and index bytes that came from elsewhere (standard input, `git show`).
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Source> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(Error::new(format!(
                "input is over the limit of {} MiB",
                MAX_FILE_BYTES / (1024 * 1024)
            ))
            .at_path(name));
        }
        if let Some(nul) = memchr_nul(&bytes) {
            let (line, col) = line_col_bytes(&bytes, nul);
            return Err(Error::new("binary data (a NUL byte), expected UTF-8 text")
                .at_path(name)
                .at(line, col));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                let (line, col) = line_col_bytes(err.as_bytes(), at);
                return Err(Error::new("invalid UTF-8, expected UTF-8 text")
                    .at_path(name)
                    .at(line, col)
                    .hint("save the file as UTF-8"));
            }
        };
        Ok(Source::new(name, text))
    }

    /// Index a text that is already known to be valid. A carriage return that ends a line
    /// on its own (classic Mac line endings) is read as the line break it is, as `CommonMark` and
    /// YAML read it: it becomes `\n`, byte for byte, so offsets stay those of the file.
    #[must_use]
    pub fn new(name: &str, mut text: String) -> Source {
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        let mut lone_cr = false;
        if memchr::memchr(b'\r', text.as_bytes()).is_some() {
            (text, lone_cr) = lone_cr_to_lf(text);
        }
        let mut line_starts = Vec::with_capacity(text.len() / 64 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Source {
            name: name.to_string(),
            path: None,
            text: Arc::new(text),
            lone_cr,
            line_starts,
            char_index: OnceLock::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        (
            line,
            self.chars_before(offset) - self.chars_before(start) + 1,
        )
    }

    /// 1-based line of a byte offset: [`Source::line_col`] without the column, which for a
    /// text that is not ASCII first counts the characters of the whole file (at 43 MB, 5 ms
    /// that a reader asking only for lines does not need).
    #[must_use]
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// The number of characters before byte `offset` (a count of the bytes that start one).
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let index = self.char_index.get_or_init(|| {
            (!self.text.is_ascii()).then(|| {
                let mut counts = Vec::with_capacity(bytes.len() / CHAR_BLOCK + 1);
                let mut n = 0u32;
                for block in bytes.chunks(CHAR_BLOCK) {
                    counts.push(n);
                    n += block
                        .iter()
                        .map(|&b| u32::from(!is_continuation(b)))
                        .sum::<u32>();
                }
                // The end of a text whose length is a whole number of blocks starts a block
                // of its own.
                counts.push(n);
                counts
            })
        });
        let Some(counts) = index else {
            return offset;
        };
        let block = offset / CHAR_BLOCK;
        let from = counts.get(block).map_or(0, |&n| n as usize);
        from + bytes[block * CHAR_BLOCK..offset]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count()
    }

    /// The byte range of a 1-based line, without its line ending (`\n` or `\r\n`).
    #[must_use]
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1)
            .max(start);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// Byte offset of the start of a 1-based line.
    #[must_use]
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// An error at a byte range of this source, with a snippet.
    pub fn error(&self, range: std::ops::Range<usize>, message: impl Into<String>) -> Error {
        let message = message.into();
        let (line, col) = self.line_col(range.start);
        let snippet = self.snippet(range, "");
        Error::new(message)
            .at_path(&self.name)
            .at(line, col)
            .with_snippet(snippet)
    }

    /// A rustc-style snippet of the lines around `range`, with a caret and `label`.
    #[must_use]
    pub fn snippet(&self, range: std::ops::Range<usize>, label: &str) -> String {
        let len = self.text.len();
        let mut start = range.start.min(len);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let line = self.line(start);
        let first = self.line_start(line);
        // Show the line the range starts on only: enough context, bounded output on huge lines.
        let mut last = self.text[first..].find('\n').map_or(len, |i| first + i);
        if last - first > 400 {
            last = (start + 200).min(len);
            while !self.text.is_char_boundary(last) {
                last -= 1;
            }
        }
        let mut end = range.end.clamp(start, last);
        if end == start && start < last {
            end = start + self.text[start..].chars().next().map_or(1, char::len_utf8);
        }
        let shown_from = if start - first > 200 {
            let mut from = start - 100;
            while !self.text.is_char_boundary(from) {
                from -= 1;
            }
            from
        } else {
            first
        };
        let line_text = self.text[shown_from..last].trim_end_matches('\r');
        let end = end.min(shown_from + line_text.len());
        let report = &[Level::ERROR.no_name().primary_title("").element(
            Snippet::source(line_text).line_start(line).annotation(
                AnnotationKind::Primary
                    .span(start - shown_from..end - shown_from)
                    .label(label),
            ),
        )];
        let rendered = Renderer::plain().render(report);
        // The empty title renders as a line of its own; the message line already says where.
        rendered
            .lines()
            .skip_while(|l| !l.trim_start().starts_with('|'))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `\r` not followed by `\n` replaced by `\n` (same length, so every offset is kept).
fn lone_cr_to_lf(text: String) -> (String, bool) {
    let mut bytes = text.into_bytes();
    let mut changed = false;
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
            changed = true;
        }
    }
    // Only ASCII bytes changed into ASCII bytes: still UTF-8.
    (String::from_utf8(bytes).unwrap_or_default(), changed)
}

/// Whether a UTF-8 byte continues a character rather than starting one.
fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    // The memchr crate's search is vectorised; the standard library's is a word at a time.
    memchr::memchr(0, bytes)
}

fn line_col_bytes(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.split(|&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_of_every_offset_counts_characters_also_at_the_end_of_a_whole_block() {
        // "é" is two bytes: texts of 255, 256 and 257 bytes, ending inside, at and after a
        // block's end.
        for len in [CHAR_BLOCK - 1, CHAR_BLOCK, CHAR_BLOCK + 1, 2 * CHAR_BLOCK] {
            let mut text = "é\n".to_string();
            while text.len() < len {
                text.push('a');
            }
            let source = Source::new("t.md", text.clone());
            for offset in 0..=text.len() {
                if !text.is_char_boundary(offset) {
                    continue;
                }
                let line = text[..offset].matches('\n').count() + 1;
                let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let column = text[line_start..offset].chars().count() + 1;
                assert_eq!(
                    source.line_col(offset),
                    (line, column),
                    "{len} bytes, at {offset}"
                );
            }
        }
    }
}
