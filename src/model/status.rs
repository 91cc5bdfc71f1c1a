//! The status of a paragraph in the negotiation: open, agreed ad referendum, or agreed.
//!
//! It is written in the clause's id comment, after the id: `<!-- id: returns; status: agreed -->`.
//! A clause without a status is open; `status: open` may be written too, and is kept as written.

/// Where a paragraph stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClauseStatus {
    /// Still under negotiation (the default).
    Open,
    /// Agreed by the delegations in the room, subject to confirmation by their capitals.
    AgreedAdRef,
    /// Agreed.
    Agreed,
}

impl ClauseStatus {
    pub const ALL: [ClauseStatus; 3] = [
        ClauseStatus::Open,
        ClauseStatus::AgreedAdRef,
        ClauseStatus::Agreed,
    ];

    /// The value as written in the id comment and in the YAML body format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ClauseStatus::Open => "open",
            ClauseStatus::AgreedAdRef => "agreed-ad-ref",
            ClauseStatus::Agreed => "agreed",
        }
    }

    /// For people: `open`, `agreed ad ref`, `agreed`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ClauseStatus::Open => "open",
            ClauseStatus::AgreedAdRef => "agreed ad ref",
            ClauseStatus::Agreed => "agreed",
        }
    }

    /// Whether the delegations agreed the words (ad referendum or finally).
    #[must_use]
    pub fn is_agreed(self) -> bool {
        self != ClauseStatus::Open
    }

    /// A written value; an error says which values there are.
    pub fn parse(word: &str) -> Result<ClauseStatus, String> {
        ClauseStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == word)
            .ok_or_else(|| {
                format!("unknown paragraph status `{word}`; a status is `open`, `agreed-ad-ref` or `agreed`")
            })
    }

    /// The status a clause has: the one written, else open.
    #[must_use]
    pub fn of(written: Option<ClauseStatus>) -> ClauseStatus {
        written.unwrap_or(ClauseStatus::Open)
    }
}

impl std::fmt::Display for ClauseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
