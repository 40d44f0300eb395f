//! Birth dates: `02/03/1985`, `1985-02-03`, `19850203`, `03-FEB-1985`, `Feb 3, 1985` → `1985-02-03`.
//!
//! Accepted forms (the `order` decides numeric dates whose year comes last):
//! - year first: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`, optionally followed by a
//!   time (`1985-02-03 00:00:00`, `1985-02-03T00:00:00Z`) that is ignored;
//! - year last: `MM/DD/YYYY` and `MM-DD-YYYY` in [`DateOrder::Mdy`] (the default, US exports),
//!   `DD/MM/YYYY` in [`DateOrder::Dmy`]; `DD.MM.YYYY` is always day first;
//! - month names: `03-FEB-1985`, `3 Feb 1985`, `Feb 3, 1985`, `February 3 1985`.
//!
//! Two-digit years are rejected (the century of a birth year cannot be guessed). The date must
//! exist in the Gregorian calendar (`2001-02-29` does not), fall between 1900-01-01 and today,
//! and not be a filler value (`1900-01-01`, `1901-01-01`).

use std::fmt;

use super::trim;

/// Bump when any input would normalize differently.
pub const RULES_VERSION: u32 = 1;

/// The earliest birth date accepted.
const MIN_YEAR: i32 = 1900;

/// Dates systems write when the real one is unknown.
const FILLER_DATES: &[Date] = &[Date { year: 1900, month: 1, day: 1 }, Date { year: 1901, month: 1, day: 1 }];

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// How to read an all-numeric date whose year comes last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Month first (`02/03/1985` is February 3rd), as US exports write.
    #[default]
    Mdy,
    /// Day first (`02/03/1985` is March 2nd).
    Dmy,
}

impl DateOrder {
    /// Parse `MDY` or `DMY` (any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_uppercase().as_str() {
            "MDY" => Some(DateOrder::Mdy),
            "DMY" => Some(DateOrder::Dmy),
            _ => None,
        }
    }
}

impl Date {
    /// A date when it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Days since 1970-01-01 (DuckDB's `DATE` representation).
    pub fn to_epoch_days(self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        i32::try_from(era * 146_097 + doe - 719_468).unwrap_or(i32::MAX)
    }

    /// The date `days` after 1970-01-01.
    pub fn from_epoch_days(days: i32) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = i64::from(days) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today in UTC, by the system clock.
    pub fn today_utc() -> Self {
        let secs =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
        Date::from_epoch_days(i32::try_from(secs / 86_400).unwrap_or(i32::MAX))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Normalize birth-date text; `today` bounds the plausible range.
pub fn normalize(raw: &str, order: DateOrder, today: Date) -> Option<Date> {
    parse(trim(raw), order).and_then(|date| plausible(date, today))
}

/// Parse any accepted date form without the birth-date plausibility checks (the PHI scanner
/// wants to see every date).
pub fn parse_any(raw: &str) -> Option<Date> {
    parse(trim(raw), DateOrder::Mdy)
}

/// Check a typed date against the plausible birth-date range and the filler values.
pub fn plausible(date: Date, today: Date) -> Option<Date> {
    (date.year >= MIN_YEAR && date <= today && !FILLER_DATES.contains(&date)).then_some(date)
}

fn parse(text: &str, order: DateOrder) -> Option<Date> {
    if text.len() < 8 || text.len() > 40 {
        return None;
    }
    if text.bytes().any(|b| b.is_ascii_alphabetic()) && !looks_like_iso_with_time(text) {
        return parse_month_name(text);
    }
    let date_part = iso_date_part(text);
    let fields: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    match fields.as_slice() {
        [compact] if compact.len() == 8 && compact.bytes().all(|b| b.is_ascii_digit()) => {
            Date::new(number(compact.get(..4)?)?, number(compact.get(4..6)?)?, number(compact.get(6..)?)?)
        }
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => Date::new(number(y)?, number(m)?, number(d)?),
        [a, b, y] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => {
            let day_first = date_part.contains('.') || order == DateOrder::Dmy;
            let (m, d) = if day_first { (b, a) } else { (a, b) };
            Date::new(number(y)?, number(m)?, number(d)?)
        }
        _ => None,
    }
}

/// `1985-02-03T00:00:00Z` and `1985-02-03 00:00:00` carry a date in their first ten characters.
fn looks_like_iso_with_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() > 10
        && bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && matches!(bytes.get(10), Some(b'T' | b' '))
}

fn iso_date_part(text: &str) -> &str {
    if looks_like_iso_with_time(text) { text.get(..10).unwrap_or(text) } else { text }
}

fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const MONTH_NAMES: [&str; 12] = [
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
];

fn month_number(word: &str) -> Option<u32> {
    let upper = word.to_ascii_uppercase();
    let upper = upper.trim_end_matches('.');
    let found = MONTHS.iter().position(|m| *m == upper).or_else(|| MONTH_NAMES.iter().position(|m| *m == upper));
    let found = found.or_else(|| (upper == "SEPT").then_some(8));
    found.and_then(|i| u32::try_from(i + 1).ok())
}

/// `03-FEB-1985`, `3 Feb 1985`, `Feb 3, 1985`, `February 3 1985`.
fn parse_month_name(text: &str) -> Option<Date> {
    let words: Vec<&str> = text.split([' ', '-', ',', '/']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [d, m, y] if d.bytes().all(|b| b.is_ascii_digit()) => {
            (y.len() == 4).then_some(())?;
            Date::new(number(y)?, month_number(m)?, number(d)?)
        }
        [m, d, y] => {
            (y.len() == 4).then_some(())?;
            let d = d.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            Date::new(number(y)?, month_number(m)?, number(d)?)
        }
        _ => None,
    }
}
