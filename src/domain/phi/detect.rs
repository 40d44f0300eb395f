//! Content detectors: which kinds of direct identifier one value contains.
//!
//! Each detector is a single pass over the bytes, no regular expressions, so a full scan runs at
//! memory speed. Values are the text form of any column (numbers and dates cast to text).
//! Detectors look for shapes, then validate what they can: phone numbers by NANP structure,
//! SSNs by the SSA's issuing rules, IPv4 octets by range, names by the census dictionaries.

use super::names;
use crate::domain::normalize::ssn;

/// The kinds a value can show, as bits of [`Findings::mask`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Finding {
    /// An email address anywhere in the value.
    Email = 0,
    /// A phone number anywhere in the value (NANP 3-3-4 or 10/11 digits, or `+` international).
    Phone = 1,
    /// A dashed or spaced SSN (`123-45-6789`) anywhere in the value.
    Ssn = 2,
    /// The value is a date or a date-time at midnight (birth-date shaped).
    DateOnly = 3,
    /// A street address (`12 Main St`, `PO Box 7`) anywhere in the value.
    Address = 4,
    /// The value looks like a person's name (every word in the census name lists).
    Name = 5,
    /// The value looks like a medical record number (`MRN 0012345`, `E1234567`).
    Mrn = 6,
    /// An IPv4 address anywhere in the value.
    Ip = 7,
    /// A URL anywhere in the value.
    Url = 8,
    /// A ZIP+4 code anywhere in the value.
    Zip4 = 9,
    /// The value is a keyed token in text form (43 URL-safe base64 characters, or 64 hex digits).
    Token = 10,
    /// The value is a date-time with a time of day (an event time, not a birth date).
    DateTime = 11,
    /// The whole value is nine digits that pass the SSN issuing rules.
    BareSsn = 12,
    /// The whole value is a number of 6 to 10 digits (an id, or just a number).
    BareNumber = 13,
    /// The value contains a date in free text (`seen 02/03/1985`).
    DateInText = 14,
}

/// Every finding, in bit order (the order of `phi_scan`'s hit counts).
pub const ALL: [Finding; 15] = [
    Finding::Email,
    Finding::Phone,
    Finding::Ssn,
    Finding::DateOnly,
    Finding::Address,
    Finding::Name,
    Finding::Mrn,
    Finding::Ip,
    Finding::Url,
    Finding::Zip4,
    Finding::Token,
    Finding::DateTime,
    Finding::BareSsn,
    Finding::BareNumber,
    Finding::DateInText,
];

impl Finding {
    pub fn bit(self) -> u32 {
        1 << (self as u8)
    }

    /// The name used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Finding::Email => "email",
            Finding::Phone => "phone",
            Finding::Ssn => "ssn",
            Finding::DateOnly => "date",
            Finding::Address => "street_address",
            Finding::Name => "person_name",
            Finding::Mrn => "mrn",
            Finding::Ip => "ip_address",
            Finding::Url => "url",
            Finding::Zip4 => "zip_plus_4",
            Finding::Token => "token",
            Finding::DateTime => "date_time",
            Finding::BareSsn => "ssn_digits",
            Finding::BareNumber => "numeric_id",
            Finding::DateInText => "date_in_text",
        }
    }
}

/// What one value shows: a bit per [`Finding`] and the year of its date, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Findings {
    pub mask: u32,
    pub year: Option<i32>,
}

impl Findings {
    pub fn has(&self, finding: Finding) -> bool {
        self.mask & finding.bit() != 0
    }

    fn add(&mut self, finding: Finding) {
        self.mask |= finding.bit();
    }

    /// Packed for SQL: kinds in the low 16 bits, the year (0 when none) above them.
    pub fn packed(&self) -> u64 {
        u64::from(self.mask & 0xffff) | (u64::from(self.year.and_then(|y| u16::try_from(y).ok()).unwrap_or(0)) << 16)
    }
}

/// Examine one value.
pub fn detect(value: &str) -> Findings {
    let text = value.trim();
    let mut found = Findings::default();
    if text.is_empty() {
        return found;
    }
    let bytes = text.as_bytes();
    if is_token(bytes) {
        found.add(Finding::Token);
        return found;
    }
    if let Some((year, timed)) = whole_date(text) {
        found.add(if timed { Finding::DateTime } else { Finding::DateOnly });
        found.year = Some(year);
        return found;
    }
    if bytes.contains(&b'@') && has_email(bytes) {
        found.add(Finding::Email);
    }
    if has_url(bytes) {
        found.add(Finding::Url);
    }
    digit_patterns(bytes, &mut found);
    if has_ipv4(bytes) {
        found.add(Finding::Ip);
    }
    if has_address(text) {
        found.add(Finding::Address);
    }
    if is_mrn(bytes) {
        found.add(Finding::Mrn);
    }
    if names::looks_like_name(text) {
        found.add(Finding::Name);
    }
    found
}

fn is_token(bytes: &[u8]) -> bool {
    let b64 = bytes.len() == 43 && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_');
    let hex = bytes.len() == 64 && bytes.iter().all(u8::is_ascii_hexdigit);
    // A token has both letters and digits; 43 letters is a word, not a token.
    (b64 || hex) && bytes.iter().any(u8::is_ascii_digit) && bytes.iter().any(u8::is_ascii_alphabetic)
}

/// The value is a date (`1985-02-03`, `02/03/1985`, `19850203`) or a date-time: (year, has a
/// time of day other than midnight).
fn whole_date(text: &str) -> Option<(i32, bool)> {
    if let Some(micros) = crate::domain::instant::parse(text) {
        let date = crate::domain::instant::date_of(micros);
        let timed = micros.rem_euclid(crate::domain::instant::MICROS_PER_DAY) != 0;
        return Some((date.year, timed));
    }
    let date = crate::domain::normalize::date::parse_any(text)?;
    Some((date.year, false))
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn has_email(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().filter(|(_, b)| **b == b'@').any(|(at, _)| {
        let local = bytes.get(..at).unwrap_or_default().iter().rev().take_while(|b| is_local_byte(**b)).count();
        let domain: Vec<u8> = bytes
            .get(at + 1..)
            .unwrap_or_default()
            .iter()
            .copied()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
            .collect();
        let domain = domain.strip_suffix(b".").unwrap_or(&domain);
        let tld_ok = domain
            .rsplit(|b| *b == b'.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic));
        local >= 1 && domain.contains(&b'.') && tld_ok
    })
}

fn has_url(bytes: &[u8]) -> bool {
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    lower.windows(7).any(|w| w == b"http://")
        || lower.windows(8).any(|w| w == b"https://")
        || lower
            .windows(4)
            .enumerate()
            .any(|(i, w)| w == b"www." && (i == 0 || !lower.get(i - 1).is_some_and(u8::is_ascii_alphanumeric)))
}

/// Phone numbers, SSNs, ZIP+4, dates in text and bare numbers: runs of digit groups joined by
/// single separators.
fn digit_patterns(bytes: &[u8], found: &mut Findings) {
    if bytes.iter().all(u8::is_ascii_digit) {
        if bytes.len() == 9 && ssn::normalize(std::str::from_utf8(bytes).unwrap_or_default()).is_some() {
            found.add(Finding::BareSsn);
        }
        if (6..=10).contains(&bytes.len()) {
            found.add(Finding::BareNumber);
        }
    }
    let mut i = 0;
    while i < bytes.len() {
        let starts_run = bytes.get(i).is_some_and(|b| b.is_ascii_digit() || *b == b'(' || *b == b'+')
            && (i == 0 || !bytes.get(i - 1).is_some_and(|b| b.is_ascii_alphanumeric()));
        if starts_run {
            let run = DigitRun::read(bytes, i);
            run.classify(found);
            i = run.end.max(i + 1);
        } else {
            i += 1;
        }
    }
}

/// Digit groups read from one place in the text.
struct DigitRun {
    groups: Vec<usize>,
    separators: Vec<u8>,
    digits: Vec<u8>,
    plus: bool,
    end: usize,
}

impl DigitRun {
    /// Read digit groups separated by one of ` `, `-`, `.`, `/` (parentheses are skipped).
    fn read(bytes: &[u8], start: usize) -> Self {
        let mut i = start;
        let plus = bytes.get(i) == Some(&b'+');
        if plus {
            i += 1;
        }
        let mut run = DigitRun { groups: Vec::new(), separators: Vec::new(), digits: Vec::new(), plus, end: i };
        loop {
            while matches!(bytes.get(i), Some(b'(' | b')')) {
                i += 1;
            }
            let group: Vec<u8> =
                bytes.get(i..).unwrap_or_default().iter().copied().take_while(u8::is_ascii_digit).collect();
            if group.is_empty() {
                break;
            }
            i += group.len();
            run.groups.push(group.len());
            run.digits.extend(group);
            run.end = i;
            while bytes.get(i) == Some(&b')') {
                i += 1;
            }
            let separator = bytes.get(i).copied().filter(|b| matches!(b, b' ' | b'-' | b'.' | b'/'));
            let next_is_digit =
                bytes.get(i + usize::from(separator.is_some())).is_some_and(|b| b.is_ascii_digit() || *b == b'(');
            match separator {
                Some(s) if next_is_digit => {
                    run.separators.push(s);
                    i += 1;
                }
                None if next_is_digit && bytes.get(i - 1) == Some(&b')') => {}
                _ => break,
            }
        }
        run
    }

    fn classify(&self, found: &mut Findings) {
        let total = self.digits.len();
        let nanp =
            |d: &[u8]| d.len() == 10 && matches!(d.first(), Some(b'2'..=b'9')) && matches!(d.get(3), Some(b'2'..=b'9'));
        let slashes = self.separators.contains(&b'/');
        let is_phone = if self.plus {
            (8..=15).contains(&total)
        } else {
            match self.groups.as_slice() {
                [10] | [3, 3, 4] | [3, 7] => nanp(&self.digits),
                [11] | [1, 3, 3, 4] => {
                    self.digits.first() == Some(&b'1') && nanp(self.digits.get(1..).unwrap_or_default())
                }
                _ => false,
            }
        };
        if is_phone && !slashes {
            found.add(Finding::Phone);
        }
        if self.groups == [3, 2, 4] && self.separators.iter().all(|s| matches!(s, b'-' | b' ')) {
            let text = std::str::from_utf8(&self.digits).unwrap_or_default();
            if ssn::normalize(text).is_some() {
                found.add(Finding::Ssn);
            }
        }
        if self.groups == [5, 4] && self.separators == [b'-'] {
            found.add(Finding::Zip4);
        }
        let date_shape = matches!(self.groups.as_slice(), [1 | 2, 1 | 2, 4] | [4, 1 | 2, 1 | 2]);
        if date_shape && self.separators.len() == 2 && self.separators.iter().all(|s| matches!(s, b'/' | b'-' | b'.')) {
            found.add(Finding::DateInText);
        }
    }
}

fn has_ipv4(bytes: &[u8]) -> bool {
    bytes.split(|b| !(b.is_ascii_digit() || *b == b'.')).any(|chunk| {
        let parts: Vec<&[u8]> = chunk.split(|b| *b == b'.').collect();
        parts.len() == 4
            && parts.iter().all(|p| {
                (1..=3).contains(&p.len())
                    && std::str::from_utf8(p).ok().and_then(|s| s.parse::<u16>().ok()).is_some_and(|n| n <= 255)
            })
    })
}

const STREET_SUFFIXES: &[&str] = &[
    "ST",
    "STREET",
    "AVE",
    "AVENUE",
    "RD",
    "ROAD",
    "BLVD",
    "BOULEVARD",
    "LN",
    "LANE",
    "DR",
    "DRIVE",
    "CT",
    "COURT",
    "WAY",
    "PL",
    "PLACE",
    "TER",
    "TERRACE",
    "HWY",
    "HIGHWAY",
    "PKWY",
    "PARKWAY",
    "CIR",
    "CIRCLE",
    "SQ",
    "SQUARE",
];

/// `<1-6 digit number> <1-4 words> <street suffix>`, or a PO box.
fn has_address(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_ascii_uppercase())
        .collect();
    let po_box = words.windows(3).any(
        |w| matches!(w, [a, b, n] if (a == "PO" || a == "P.O") && b == "BOX" && n.bytes().all(|c| c.is_ascii_digit())),
    );
    po_box
        || words.iter().enumerate().any(|(i, w)| {
            (1..=6).contains(&w.len())
                && w.bytes().all(|b| b.is_ascii_digit())
                && (2..=5).any(|span| {
                    words.get(i + span).is_some_and(|suffix| STREET_SUFFIXES.contains(&suffix.as_str()))
                        && words.get(i + 1..i + span).is_some_and(|middle| {
                            middle.iter().all(|m| m.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'\''))
                        })
                })
        })
}

/// `MRN 0012345`, `MR#12345678`, `E1234567`: up to four letters, an optional separator, then 6
/// to 10 digits, as the whole value.
fn is_mrn(bytes: &[u8]) -> bool {
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let rest = bytes.get(letters..).unwrap_or_default();
    let rest = rest
        .strip_prefix(b" ")
        .or_else(|| rest.strip_prefix(b"-"))
        .or_else(|| rest.strip_prefix(b"#"))
        .or_else(|| rest.strip_prefix(b":"))
        .unwrap_or(rest);
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    (1..=4).contains(&letters) && (6..=10).contains(&rest.len()) && rest.iter().all(u8::is_ascii_digit)
}
