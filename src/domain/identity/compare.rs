//! Comparing two person records attribute by attribute into a comparison pattern.
//!
//! Every attribute is compared into a level: `0` disagrees, higher levels agree more strongly,
//! [`MISSING`] when either side has no value (missing values are no evidence either way). A
//! pattern packs the nine levels into 4 bits each, so the patterns of millions of pairs fall into
//! a few thousand distinct values that the model is fitted on.

use strsim::jaro_winkler;

use super::nicknames;

/// The level of an attribute with a value missing on either side.
pub const MISSING: u8 = 15;

/// The attributes compared, in pattern order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attribute {
    FirstName,
    LastName,
    BirthDate,
    Email,
    Phone,
    Postal,
    Street,
    Ssn,
    Sex,
}

pub const ATTRIBUTES: [Attribute; 9] = [
    Attribute::FirstName,
    Attribute::LastName,
    Attribute::BirthDate,
    Attribute::Email,
    Attribute::Phone,
    Attribute::Postal,
    Attribute::Street,
    Attribute::Ssn,
    Attribute::Sex,
];

impl Attribute {
    pub fn name(self) -> &'static str {
        match self {
            Attribute::FirstName => "first_name",
            Attribute::LastName => "last_name",
            Attribute::BirthDate => "birth_date",
            Attribute::Email => "email",
            Attribute::Phone => "phone",
            Attribute::Postal => "postal_code",
            Attribute::Street => "street_address",
            Attribute::Ssn => "ssn",
            Attribute::Sex => "sex",
        }
    }

    /// Level names, from disagreement (0) to the strongest agreement.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Attribute::FirstName => &["different", "similar", "typo", "nickname", "exact"],
            Attribute::LastName => &["different", "similar", "typo or hyphenated", "exact"],
            Attribute::BirthDate => {
                &["different", "same year and one of month or day", "one-digit typo", "day and month swapped", "exact"]
            }
            Attribute::Email => &["different", "near typo", "exact"],
            Attribute::Phone => &["different", "same last seven digits", "exact"],
            Attribute::Postal => &["different", "same ZIP3", "same ZIP5"],
            Attribute::Street => &["different", "similar", "exact"],
            Attribute::Ssn => &["different", "one digit off or transposed", "exact"],
            Attribute::Sex => &["different", "same"],
        }
    }

    pub fn top_level(self) -> u8 {
        u8::try_from(self.levels().len() - 1).unwrap_or(0)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The normalized matching signals of one record (from the `phi_normalize_*` functions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals<'a> {
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    /// ZIP5.
    pub postal_code: Option<&'a str>,
    pub street_address: Option<&'a str>,
    pub ssn: Option<&'a str>,
    pub sex: Option<&'a str>,
}

/// The levels of one compared pair, 4 bits per attribute in [`ATTRIBUTES`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern(pub u64);

impl Pattern {
    pub fn level(self, attribute: Attribute) -> u8 {
        ((self.0 >> (4 * attribute.index())) & 0xf) as u8
    }

    pub fn with(self, attribute: Attribute, level: u8) -> Self {
        let shift = 4 * attribute.index();
        Pattern((self.0 & !(0xf << shift)) | (u64::from(level & 0xf) << shift))
    }

    pub fn is_missing(self, attribute: Attribute) -> bool {
        self.level(attribute) == MISSING
    }

    /// Whether the attribute agrees at its strongest level.
    pub fn is_exact(self, attribute: Attribute) -> bool {
        self.level(attribute) == attribute.top_level()
    }
}

/// Whether `a` becomes `b` in at most `k` single-character edits (Levenshtein distance), in
/// O(k·n): only the diagonal band the distance can stay within is computed, and the scan stops
/// as soon as the whole band exceeds `k`. Bytes are compared (signals are normalized ASCII).
pub fn within_edits(a: &str, b: &str, k: usize) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let over = k + 1;
    // row[j] = distance between a[..i] and b[..j], for j within k of i (others count as over).
    let mut row: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    for i in 1..=a.len() {
        let from = i.saturating_sub(k).max(1);
        let to = (i + k).min(b.len());
        let mut diagonal = row.get(from - 1).copied().unwrap_or(over);
        let mut left = if from == 1 { i.min(over) } else { over };
        if from == 1 {
            if let Some(first) = row.first_mut() {
                *first = i.min(over);
            }
        } else if let Some(cell) = row.get_mut(from - 1) {
            *cell = over;
        }
        let mut best = left;
        for j in from..=to {
            let up = row.get(j).copied().unwrap_or(over);
            let cost = usize::from(a.get(i - 1) != b.get(j - 1));
            let value = (diagonal + cost).min(up + 1).min(left + 1).min(over);
            diagonal = up;
            left = value;
            if let Some(cell) = row.get_mut(j) {
                *cell = value;
            }
            best = best.min(value);
        }
        if to < b.len()
            && let Some(cell) = row.get_mut(to + 1)
        {
            *cell = over;
        }
        if best > k {
            return false;
        }
    }
    row.get(b.len()).is_some_and(|d| *d <= k)
}

fn both<'a>(a: Option<&'a str>, b: Option<&'a str>) -> Option<(&'a str, &'a str)> {
    Some((a.filter(|s| !s.is_empty())?, b.filter(|s| !s.is_empty())?))
}

fn first_name_level(a: &str, b: &str) -> u8 {
    if a == b {
        return 4;
    }
    if nicknames::equivalent(a, b) {
        return 3;
    }
    let similarity = jaro_winkler(a, b);
    if similarity >= 0.92 {
        2
    } else if similarity >= 0.88 || ((a.len() == 1 || b.len() == 1) && a.get(..1) == b.get(..1)) {
        1
    } else {
        0
    }
}

fn last_name_level(a: &str, b: &str) -> u8 {
    if a == b {
        return 3;
    }
    let hyphenated = a.split(' ').any(|part| part == b) || b.split(' ').any(|part| part == a);
    let similarity = jaro_winkler(a, b);
    if similarity >= 0.92 || hyphenated {
        2
    } else if similarity >= 0.80 {
        1
    } else {
        0
    }
}

fn birth_date_level(a: &str, b: &str) -> u8 {
    if a == b {
        return 4;
    }
    fn parts(d: &str) -> Option<(&str, &str, &str)> {
        Some((d.get(..4)?, d.get(5..7)?, d.get(8..10)?))
    }
    let (Some((ya, ma, da)), Some((yb, mb, db))) = (parts(a), parts(b)) else {
        return 0;
    };
    if ya == yb && ma == db && da == mb {
        return 3;
    }
    if within_edits(a, b, 1) {
        return 2;
    }
    if ya == yb && (ma == mb || da == db) {
        return 1;
    }
    0
}

fn email_level(a: &str, b: &str) -> u8 {
    if a == b {
        return 2;
    }
    // The same mailbox at another domain is not evidence: mailboxes are made from names.
    if within_edits(a, b, 2) { 1 } else { 0 }
}

fn phone_level(a: &str, b: &str) -> u8 {
    if a == b {
        return 2;
    }
    let last7 = |p: &str| p.get(p.len().saturating_sub(7)..).map(str::to_owned);
    if last7(a) == last7(b) { 1 } else { 0 }
}

fn postal_level(a: &str, b: &str) -> u8 {
    if a == b {
        2
    } else if a.get(..3) == b.get(..3) {
        1
    } else {
        0
    }
}

fn street_level(a: &str, b: &str) -> u8 {
    if a == b {
        2
    } else if jaro_winkler(a, b) >= 0.88 {
        1
    } else {
        0
    }
}

fn ssn_level(a: &str, b: &str) -> u8 {
    if a == b {
        return 2;
    }
    let transposed = a.len() == b.len()
        && {
            let diffs: Vec<usize> =
                a.bytes().zip(b.bytes()).enumerate().filter(|(_, (x, y))| x != y).map(|(i, _)| i).collect();
            matches!(diffs.as_slice(), [i, j] if *j == i + 1 && a.get(*i..=*j).map(|s| s.chars().rev().collect::<String>()) == b.get(*i..=*j).map(str::to_owned))
        };
    if within_edits(a, b, 1) || transposed { 1 } else { 0 }
}

/// Compare two records. Names swapped between the first and last fields are compared crosswise.
pub fn compare(a: &Signals<'_>, b: &Signals<'_>) -> Pattern {
    let straight =
        (level(a.first_name, b.first_name, first_name_level), level(a.last_name, b.last_name, last_name_level));
    // Crossed, either crossed pair may hold the first name (SUSAN GOLDBERG vs GOLDBERG SUE).
    // Worth reading only when the straight reading is not already exact and some crossed pair
    // shares an initial (typos and nicknames rarely change the first letter).
    let initial = |x: Option<&str>| x.and_then(|v| v.bytes().next());
    let plausible = straight.0 + straight.1 < 7
        && (initial(a.first_name) == initial(b.last_name) || initial(a.last_name) == initial(b.first_name));
    if !plausible {
        return with_names(a, b, straight);
    }
    let crossed = [
        (level(a.first_name, b.last_name, first_name_level), level(a.last_name, b.first_name, last_name_level)),
        (level(a.last_name, b.first_name, first_name_level), level(a.first_name, b.last_name, last_name_level)),
    ]
    .into_iter()
    .max_by_key(|(f, l)| (f + l, *f))
    .unwrap_or(straight);
    // Crosswise only when both crossed names agree at least as typos and beat the straight reading.
    let swapped = crossed.0 >= 2 && crossed.1 >= 2 && crossed.0 + crossed.1 > straight.0 + straight.1;
    with_names(a, b, if swapped { crossed } else { straight })
}

/// The level of one attribute, or [`MISSING`] when either side lacks it.
fn level(x: Option<&str>, y: Option<&str>, f: fn(&str, &str) -> u8) -> u8 {
    both(x, y).map_or(MISSING, |(x, y)| f(x, y))
}

/// The full pattern, given the (first, last) name levels.
fn with_names(a: &Signals<'_>, b: &Signals<'_>, (first, last): (u8, u8)) -> Pattern {
    let levels = [
        (Attribute::FirstName, first),
        (Attribute::LastName, last),
        (Attribute::BirthDate, level(a.birth_date, b.birth_date, birth_date_level)),
        (Attribute::Email, level(a.email, b.email, email_level)),
        (Attribute::Phone, level(a.phone, b.phone, phone_level)),
        (Attribute::Postal, level(a.postal_code, b.postal_code, postal_level)),
        (Attribute::Street, level(a.street_address, b.street_address, street_level)),
        (Attribute::Ssn, level(a.ssn, b.ssn, ssn_level)),
        (Attribute::Sex, level(a.sex, b.sex, |x, y| u8::from(x == y))),
    ];
    levels.into_iter().fold(Pattern(0), |p, (attribute, level)| p.with(attribute, level))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person<'a>(first: &'a str, last: &'a str, dob: &'a str) -> Signals<'a> {
        Signals { first_name: Some(first), last_name: Some(last), birth_date: Some(dob), ..Default::default() }
    }

    #[test]
    fn levels() {
        let p = compare(&person("ROBERT", "SMITH", "1985-02-03"), &person("BOB", "SMITH", "1985-03-02"));
        assert_eq!(p.level(Attribute::FirstName), 3);
        assert_eq!(p.level(Attribute::LastName), 3);
        assert_eq!(p.level(Attribute::BirthDate), 3);
        assert_eq!(p.level(Attribute::Email), MISSING);
        assert!(p.is_exact(Attribute::LastName));

        let typo = compare(&person("JONATHAN", "SMYTH", "1985-02-03"), &person("JONATHON", "SMITH", "1985-02-08"));
        assert_eq!(typo.level(Attribute::FirstName), 2);
        assert_eq!(typo.level(Attribute::LastName), 1);
        assert_eq!(typo.level(Attribute::BirthDate), 2);

        let twins = compare(&person("ANNA", "LEE", "2001-05-05"), &person("EMMA", "LEE", "2001-05-05"));
        assert_eq!(twins.level(Attribute::FirstName), 0);

        let swapped = compare(&person("LEE", "ANNA", "2001-05-05"), &person("ANNA", "LEE", "2001-05-05"));
        assert_eq!((swapped.level(Attribute::FirstName), swapped.level(Attribute::LastName)), (4, 3));

        let hyphen = compare(&person("MARIA", "GARCIA LOPEZ", "1990-01-01"), &person("MARIA", "LOPEZ", "1990-01-01"));
        assert_eq!(hyphen.level(Attribute::LastName), 2);
    }

    #[test]
    fn bounded_edit_distance_agrees_with_levenshtein() {
        let words = [
            "",
            "A",
            "AB",
            "BA",
            "ABC",
            "ACB",
            "ANNA",
            "ANA",
            "HANNA",
            "JONATHAN",
            "JONATHON",
            "NATHAN",
            "1980-01-02",
            "1980-01-20",
            "1980-10-02",
            "ann@x.com",
            "anne@x.com",
            "an@x.co",
        ];
        for a in words {
            for b in words {
                let d = strsim::levenshtein(a, b);
                for k in 0..4 {
                    assert_eq!(within_edits(a, b, k), d <= k, "{a:?} {b:?} k={k} d={d}");
                }
            }
        }
    }

    #[test]
    fn contact_and_id_levels() {
        let a = Signals {
            email: Some("ann@x.com"),
            phone: Some("+16172531000"),
            postal_code: Some("02134"),
            ssn: Some("123456788"),
            sex: Some("F"),
            ..Default::default()
        };
        let b = Signals {
            email: Some("anm@x.com"),
            phone: Some("+17812531000"),
            postal_code: Some("02139"),
            ssn: Some("123456878"),
            sex: Some("M"),
            ..Default::default()
        };
        let p = compare(&a, &b);
        assert_eq!(p.level(Attribute::Email), 1);
        assert_eq!(p.level(Attribute::Phone), 1);
        assert_eq!(p.level(Attribute::Postal), 1);
        assert_eq!(p.level(Attribute::Ssn), 1);
        assert_eq!(p.level(Attribute::Sex), 0);
        assert_eq!(compare(&a, &a).level(Attribute::Ssn), 2);
        let other_domain = Signals { email: Some("ann@y.org"), ..Default::default() };
        assert_eq!(compare(&a, &other_domain).level(Attribute::Email), 0, "a mailbox name is not a person");
    }

    #[test]
    fn swapped_names_with_a_typo_or_nickname_are_read_crosswise() {
        let p = compare(&person("REED", "DAVID", "1980-01-01"), &person("DAVID", "REE", "1980-01-01"));
        assert_eq!((p.level(Attribute::FirstName), p.level(Attribute::LastName)), (4, 2));
        let p = compare(&person("GOLDBERG", "SUSAN", "1980-01-01"), &person("SUE", "GOLDBERG", "1980-01-01"));
        assert_eq!((p.level(Attribute::FirstName), p.level(Attribute::LastName)), (3, 3));
    }
}
