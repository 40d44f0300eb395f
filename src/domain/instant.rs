//! Instants as microseconds since 1970-01-01 00:00:00 UTC, and the text forms exports use.
//!
//! Accepted text: `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.fraction]]`,
//! optionally followed by `Z`, ` UTC`, or an offset `+HH`, `+HHMM`, `+HH:MM` (or `-`). Text
//! without an offset is UTC. Fractions beyond microseconds are truncated.

use crate::domain::normalize::date::Date;

pub const MICROS_PER_SECOND: i64 = 1_000_000;
pub const MICROS_PER_DAY: i64 = 86_400 * MICROS_PER_SECOND;

/// The UTC calendar date of an instant.
pub fn date_of(micros: i64) -> Date {
    Date::from_epoch_days(i32::try_from(micros.div_euclid(MICROS_PER_DAY)).unwrap_or(i32::MAX))
}

/// Parse instant text to microseconds since the epoch, UTC; `None` when it is not one of the
/// accepted forms or names an impossible date or time.
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    let date_part = text.get(..10)?;
    let bytes = date_part.as_bytes();
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let date = Date::new(digits(date_part.get(..4)?)?, digits(date_part.get(5..7)?)?, digits(date_part.get(8..10)?)?)?;
    let mut micros = i64::from(date.to_epoch_days()) * MICROS_PER_DAY;
    let mut rest = text.get(10..)?;
    if rest.is_empty() {
        return Some(micros);
    }
    rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, zone) = split_zone(rest)?;
    micros += parse_clock(clock)?;
    micros -= zone;
    Some(micros)
}

fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// `HH:MM[:SS[.fraction]]` to microseconds after midnight.
fn parse_clock(clock: &str) -> Option<i64> {
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let hours: i64 = digits(parts.next()?)?;
    let minutes: i64 = digits(parts.next()?)?;
    let seconds: i64 = match parts.next() {
        Some(s) => digits(s)?,
        None => 0,
    };
    if parts.next().is_some() || hours > 23 || minutes > 59 || seconds > 60 || (fraction.is_some() && hms.len() != 8) {
        return None;
    }
    let mut micros = ((hours * 60 + minutes) * 60 + seconds) * MICROS_PER_SECOND;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let six: String = fraction.chars().chain(std::iter::repeat('0')).take(6).collect();
        micros += digits::<i64>(&six)?;
    }
    Some(micros)
}

/// Split the clock from a trailing zone; the zone is returned as its offset from UTC in µs.
fn split_zone(text: &str) -> Option<(&str, i64)> {
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    if let Some(clock) = text.strip_suffix(" UTC").or_else(|| text.strip_suffix(" GMT")) {
        return Some((clock, 0));
    }
    let Some(sign_at) = text.rfind(['+', '-']) else {
        return Some((text, 0));
    };
    let (clock, zone) = text.split_at(sign_at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let zone = zone.get(1..)?.replace(':', "");
    let (hours, minutes): (i64, i64) = match zone.len() {
        2 => (digits(&zone)?, 0),
        4 => (digits(zone.get(..2)?)?, digits(zone.get(2..)?)?),
        _ => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some((clock.trim_end(), sign * (hours * 3600 + minutes * 60) * MICROS_PER_SECOND))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: i64 = 1_767_225_600 * MICROS_PER_SECOND; // 2026-01-01T00:00:00Z

    #[test]
    fn parses_the_documented_forms() {
        let hour = 3600 * MICROS_PER_SECOND;
        let cases = [
            ("2026-01-01", Some(BASE)),
            ("2026-01-01 10:00", Some(BASE + 10 * hour)),
            ("2026-01-01T10:00:00", Some(BASE + 10 * hour)),
            ("2026-01-01T10:00:00Z", Some(BASE + 10 * hour)),
            ("2026-01-01 10:00:00 UTC", Some(BASE + 10 * hour)),
            ("2026-01-01T10:00:00+02:00", Some(BASE + 8 * hour)),
            ("2026-01-01T10:00:00-0500", Some(BASE + 15 * hour)),
            ("2026-01-01T10:00:00+02", Some(BASE + 8 * hour)),
            ("2026-01-01T10:00:00.5Z", Some(BASE + 10 * hour + 500_000)),
            ("2026-01-01 10:00:00.1234567", Some(BASE + 10 * hour + 123_456)),
            ("  2026-01-01 00:00:01 ", Some(BASE + MICROS_PER_SECOND)),
            ("2026-02-30", None),
            ("2026-01-01 25:00", None),
            ("2026-01-01T10", None),
            ("01/01/2026", None),
            ("2026-01-01T10:00:00+99", None),
            ("", None),
            ("2026-01-01x", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "{text:?}");
        }
    }

    #[test]
    fn dates_of_instants_before_and_after_the_epoch() {
        assert_eq!(date_of(BASE - 1).to_string(), "2025-12-31");
        assert_eq!(date_of(-1).to_string(), "1969-12-31");
        assert_eq!(date_of(0).to_string(), "1970-01-01");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in proptest::prelude::any::<String>()) {
            let _ = parse(&text);
        }
    }
}
