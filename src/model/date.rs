//! Calendar dates as declarations write them in metadata: `YYYY-MM-DD`.

use std::fmt;

/// A valid Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parse `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(input: &str) -> Result<Date, String> {
        let err = || format!("`{input}` is not a date in the form YYYY-MM-DD");
        let b = input.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let year: u16 = input[0..4].parse().map_err(|_| err())?;
        let month: u8 = input[5..7].parse().map_err(|_| err())?;
        let day: u8 = input[8..10].parse().map_err(|_| err())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!("`{input}` is not a day of the calendar"));
        }
        Ok(Date { year, month, day })
    }

    /// Parse a date as written in prose: `18 July 2025`.
    #[must_use]
    pub fn parse_long(input: &str) -> Option<Date> {
        let mut words = input.split_whitespace();
        let day: u8 = words.next()?.parse().ok()?;
        let month_word = words.next()?;
        let month = MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(month_word))?;
        let year: u16 = words.next()?.parse().ok()?;
        if words.next().is_some() {
            return None;
        }
        let month = u8::try_from(month + 1).ok()?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// `18 July 2025`, as dates appear in Council documents.
    #[must_use]
    pub fn long(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    /// Today's date (UTC) from the system clock, or from `DECL_TODAY` for reproducible runs.
    #[must_use]
    pub fn today() -> Date {
        if let Some(d) = std::env::var("DECL_TODAY")
            .ok()
            .and_then(|s| Date::parse(&s).ok())
        {
            return d;
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    #[must_use]
    pub fn days_since_epoch(&self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Days from `earlier` to this date (negative when it is later).
    #[must_use]
    pub fn days_since(&self, earlier: Date) -> i64 {
        self.days_since_epoch() - earlier.days_since_epoch()
    }

    fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil-from-days algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year).unwrap_or(1970),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch_round_trip() {
        for days in [0, 59, 60, 365, 10_957, 20_287, 20_437] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        let a = Date::parse("2025-07-18").unwrap();
        let b = Date::parse("2025-12-10").unwrap();
        assert_eq!(b.days_since(a), 145);
    }

    #[test]
    fn parses_valid_and_rejects_impossible_dates() {
        assert_eq!(Date::parse("2025-07-18").unwrap().long(), "18 July 2025");
        assert!(Date::parse("2024-02-29").is_ok());
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-7-18",
            "18 July 2025",
            "2025-00-10",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Date::parse_long("10 December 2025"),
            Some(Date::parse("2025-12-10").unwrap())
        );
    }

    #[test]
    fn civil_from_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_415).to_string(),
            "2025-11-23"
        );
    }
}
