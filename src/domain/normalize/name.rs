//! Person names: `Dr. José Núñez Jr.` → `JOSE NUNEZ`, `Łukasz` → `LUKASZ`, `O'Brien-Smith` → `OBRIEN SMITH`.
//!
//! Rules, in order:
//! 1. Unicode NFKC (full-width and compatibility forms fold to their plain letters).
//! 2. Transliteration to ASCII with the `deunicode` table (pinned, since its output is hashed):
//!    `Ł`→`L`, `Ø`→`O`, `Æ`→`AE`, `ß`→`ss`, `ñ`→`n`. Characters with no transliteration are
//!    dropped; letters are never silently removed from otherwise Latin names.
//! 3. Upper case. Apostrophes and quotes join (`O'Brien` → `OBRIEN`); every other non-letter,
//!    digits included, separates words (`Smith-Jones` → `SMITH JONES`).
//! 4. Leading titles (`DR`, `MRS`, ...) and trailing suffixes (`JR`, `III`, `MD`, ...) are removed
//!    as whole words while another word remains; a name that is only a title or suffix is empty.
//! 5. Placeholders (`UNKNOWN`, `BABY BOY`, `FNU`, `TEST PATIENT`, `XXX`, ...) and empty results
//!    give `None`.

use std::borrow::Cow;

use super::{is_repeated_char, nfkc};

/// Bump when any input would normalize differently.
pub const RULES_VERSION: u32 = 1;

/// Removed from the front while another word remains (`HON` and `COL` can be surnames on their own).
const TITLES: &[&str] = &[
    "DR",
    "DOCTOR",
    "MR",
    "MRS",
    "MS",
    "MISS",
    "MX",
    "PROF",
    "PROFESSOR",
    "REV",
    "FR",
    "SIR",
    "DAME",
    "SR",
    "SRA",
    "SRTA",
    "HON",
    "CAPT",
    "SGT",
    "LT",
    "COL",
    "MAJ",
    "GEN",
];

/// Removed from the end while another word remains. `DO` is left out: it is a common Vietnamese surname.
const SUFFIXES: &[&str] =
    &["JR", "SR", "II", "III", "IV", "MD", "PHD", "DDS", "DMD", "DVM", "RN", "NP", "ESQ", "CPA", "MBA", "JNR", "SNR"];

/// A value that is nothing but one of these is not a name.
const TITLE_OR_SUFFIX_ONLY: &[&str] =
    &["DR", "MR", "MRS", "MS", "MISS", "MX", "PROF", "REV", "JR", "SR", "II", "III", "IV", "MD", "PHD", "ESQ"];

/// Whole normalized values that stand for "no name".
const PLACEHOLDERS: &[&str] = &[
    "UNKNOWN",
    "UNK",
    "UNKN",
    "NONE",
    "N A",
    "NULL",
    "NIL",
    "TEST",
    "TESTING",
    "TEST PATIENT",
    "PATIENT",
    "PT",
    "BABY",
    "BABY BOY",
    "BABY GIRL",
    "BABYBOY",
    "BABYGIRL",
    "BB",
    "BG",
    "BOY",
    "GIRL",
    "INFANT",
    "NEWBORN",
    "NB",
    "FNU",
    "LNU",
    "NFN",
    "NLN",
    "NMN",
    "NO NAME",
    "NONAME",
    "NO FIRST NAME",
    "NO LAST NAME",
    "ANONYMOUS",
    "ANON",
    "DECEASED",
    "DO NOT USE",
    "DONOTUSE",
    "TBD",
    "TEMP",
    "NOT GIVEN",
    "NOT PROVIDED",
    "NOT AVAILABLE",
    "REFUSED",
    "DECLINED",
    "DUMMY",
    "FAKE",
    "SAMPLE",
    "ASDF",
    "QWERTY",
    "JOHN DOE",
    "JANE DOE",
    "TRAUMA",
    "UNIDENTIFIED",
];

/// Normalize one name field (first, middle, last or a full name).
pub fn normalize(raw: &str) -> Option<String> {
    let ascii = transliterate(raw);
    let mut cleaned = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        match c {
            'a'..='z' => cleaned.push(c.to_ascii_uppercase()),
            'A'..='Z' => cleaned.push(c),
            '\'' | '`' | '"' => {}
            _ => cleaned.push(' '),
        }
    }
    let mut words: Vec<&str> = cleaned.split_ascii_whitespace().collect();
    while words.len() > 1 && words.first().is_some_and(|w| TITLES.contains(w)) {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        words.pop();
    }
    if let [only] = words.as_slice()
        && TITLE_OR_SUFFIX_ONLY.contains(only)
    {
        return None;
    }
    let joined = words.join(" ");
    if joined.is_empty() || PLACEHOLDERS.contains(&joined.as_str()) || is_repeated_char(&joined, 3) {
        return None;
    }
    Some(joined)
}

/// NFKC, then the ASCII transliteration table; ASCII input passes through untouched.
pub(crate) fn transliterate(raw: &str) -> Cow<'_, str> {
    match nfkc(raw) {
        Cow::Borrowed(ascii) => Cow::Borrowed(ascii),
        Cow::Owned(folded) if folded.is_ascii() => Cow::Owned(folded),
        Cow::Owned(folded) => Cow::Owned(deunicode::deunicode_with_tofu(&folded, "")),
    }
}
