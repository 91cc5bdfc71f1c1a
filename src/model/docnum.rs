//! Council document numbers: `11767/25`, `11767/1/25 REV 1`, `11767/25 ADD 1`, `… COR 1`.
//!
//! A number is parsed into its parts so that versions can be ordered (base document, then its
//! revisions; addenda and corrigenda after the document they belong to) and named canonically.

use std::cmp::Ordering;
use std::fmt;

/// A parsed Council document number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocNumber {
    /// The running number, `11767`.
    pub number: u32,
    /// The two-digit year, `25`.
    pub year: u16,
    /// `REV n`: the n-th revision of the document.
    pub rev: Option<u32>,
    /// `ADD n`: the n-th addendum.
    pub add: Option<u32>,
    /// `COR n`: the n-th corrigendum.
    pub cor: Option<u32>,
}

impl DocNumber {
    /// Parse a number as printed on Council documents; spacing and case are forgiven.
    ///
    /// `11767/1/25 REV 1` carries the revision twice; both must agree.
    pub fn parse(input: &str) -> Result<DocNumber, String> {
        let words: Vec<&str> = input.split_whitespace().collect();
        let Some((head, rest)) = words.split_first() else {
            return Err("empty document number".into());
        };
        let parts: Vec<&str> = head.split('/').collect();
        let num = |s: &str| s.parse::<u32>().ok();
        let (number, inner_rev, year) = match parts.as_slice() {
            [n, y] => (num(n), None, num(y)),
            [n, r, y] => (num(n), Some(num(r)), num(y)),
            _ => (None, None, None),
        };
        let (Some(number), Some(year)) = (number, year) else {
            return Err(format!(
                "`{input}` is not a Council document number like `11767/25` or `11767/1/25 REV 1`"
            ));
        };
        let year = u16::try_from(year).map_err(|_| format!("`{input}`: year out of range"))?;
        let mut doc = DocNumber {
            number,
            year,
            rev: None,
            add: None,
            cor: None,
        };
        let mut i = 0;
        while i < rest.len() {
            let tag = rest[i].to_ascii_uppercase();
            let n = rest.get(i + 1).and_then(|s| s.parse::<u32>().ok());
            let slot = match tag.as_str() {
                "REV" => &mut doc.rev,
                "ADD" => &mut doc.add,
                "COR" => &mut doc.cor,
                _ => {
                    return Err(format!(
                        "`{input}`: unexpected `{}` after the number",
                        rest[i]
                    ));
                }
            };
            let Some(n) = n else {
                return Err(format!(
                    "`{input}`: `{tag}` needs a number, as in `{tag} 1`"
                ));
            };
            if slot.is_some() {
                return Err(format!("`{input}`: `{tag}` appears twice"));
            }
            *slot = Some(n);
            i += 2;
        }
        match inner_rev {
            Some(Some(r)) if doc.rev != Some(r) => {
                return Err(format!(
                    "`{input}`: the number says revision {r} but {}",
                    doc.rev.map_or("no `REV` follows".to_string(), |x| format!(
                        "`REV {x}` follows"
                    ))
                ));
            }
            Some(None) => return Err(format!("`{input}`: revision part is not a number")),
            _ => {}
        }
        // `11767/25 REV 1` (without the revision inside the number) is read as the Council's
        // `11767/1/25 REV 1`, which is how it is written back.
        Ok(doc)
    }

    /// The base document this one revises, adds to or corrects (`11767/25`).
    #[must_use]
    pub fn base(&self) -> DocNumber {
        DocNumber {
            number: self.number,
            year: self.year,
            rev: None,
            add: None,
            cor: None,
        }
    }

    fn key(&self) -> (u16, u32, u32, u32, u32) {
        (
            self.year,
            self.number,
            self.add.unwrap_or(0),
            self.rev.unwrap_or(0),
            self.cor.unwrap_or(0),
        )
    }
}

impl PartialOrd for DocNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DocNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rev {
            Some(r) => write!(f, "{}/{r}/{:02} REV {r}", self.number, self.year)?,
            None => write!(f, "{}/{:02}", self.number, self.year)?,
        }
        if let Some(a) = self.add {
            write!(f, " ADD {a}")?;
        }
        if let Some(c) = self.cor {
            write!(f, " COR {c}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_council_numbers() {
        let base = DocNumber::parse("11767/25").unwrap();
        let rev1 = DocNumber::parse("11767/1/25 REV 1").unwrap();
        let rev2 = DocNumber::parse("11767/2/25  rev 2").unwrap();
        let add = DocNumber::parse("11767/25 ADD 1").unwrap();
        assert_eq!(rev2.to_string(), "11767/2/25 REV 2");
        assert!(base < rev1 && rev1 < rev2 && rev2 < add);
        assert_eq!(rev1.base(), base);
        let cor = DocNumber::parse("11767/1/25 REV 1 COR 1").unwrap();
        assert!(rev1 < cor && cor < rev2);
    }

    #[test]
    fn rejects_malformed_numbers() {
        assert_eq!(
            DocNumber::parse("11767/25 REV 1").unwrap().to_string(),
            "11767/1/25 REV 1"
        );
        for bad in ["", "11767", "abc/25", "11767/1/25 REV 2", "11767/25 ADD"] {
            assert!(DocNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
