//! [`Text`]: a clause's plain text, shared with the file it was read from when it can be.
//!
//! Most clauses are one line of unmarked words, so their plain text is a range of the source
//! file exactly. Such a clause points into the file's text instead of holding a copy: a large
//! version then takes about half the memory, and reading it copies nothing. Texts that differ
//! from their source (markup removed, lines joined) own their string.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::Arc;

/// An immutable string: a range of a shared buffer (the source file) or a string of its own.
/// It reads as a `&str` everywhere; compare, hash and order it as one.
#[derive(Clone)]
pub struct Text {
    buf: Arc<String>,
    start: usize,
    end: usize,
}

impl Text {
    /// The text of `buf[range]`, sharing `buf`. `None` when the range is out of bounds or not
    /// on character boundaries.
    #[must_use]
    pub fn shared(buf: &Arc<String>, range: Range<usize>) -> Option<Text> {
        buf.get(range.clone())?;
        Some(Text {
            buf: Arc::clone(buf),
            start: range.start,
            end: range.end,
        })
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        // In bounds and on boundaries: checked when the text was made, and `buf` never changes.
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    /// Whether this text is a range of a larger buffer (rather than a string of its own).
    #[must_use]
    pub fn is_shared(&self) -> bool {
        self.end - self.start != self.buf.len()
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from(String::new())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        let end = s.len();
        Text {
            buf: Arc::new(s),
            start: 0,
            end,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::from(s.to_string())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        if t.is_shared() {
            t.as_str().to_string()
        } else {
            Arc::unwrap_or_clone(t.buf)
        }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_and_owned_read_alike() {
        let buf = Arc::new("Reaffirm the need; Highlight".to_string());
        let shared = Text::shared(&buf, 0..18).unwrap();
        let owned = Text::from("Reaffirm the need;");
        assert_eq!(shared, owned);
        assert_eq!(shared, "Reaffirm the need;");
        assert!(shared.is_shared() && !owned.is_shared());
        assert_eq!(String::from(shared), String::from(owned));
        assert!(Text::shared(&buf, 0..99).is_none());
        let accented = Arc::new("é".to_string());
        assert!(Text::shared(&accented, 0..1).is_none());
        assert_eq!(Text::default().len(), 0);
    }
}
