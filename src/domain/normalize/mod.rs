//! Normalizers: raw identifier text in, canonical text out, or `None` when the value is empty,
//! invalid or a placeholder (`UNKNOWN`, `test@test.com`, `000-000-0000`, `1900-01-01`, ...).
//!
//! Every normalizer has a `RULES_VERSION`. Tokens hash that version together with the kind, so
//! a change of rules opens a new token namespace instead of silently breaking joins: bump the
//! version whenever any input would normalize differently.
//!
//! All normalizers are idempotent on their own output: `normalize(normalize(x)) == normalize(x)`.

pub mod address;
pub mod date;
pub mod email;
pub mod mrn;
pub mod name;
pub mod phone;
pub mod postal;
pub mod sex;
pub mod ssn;

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Unicode NFKC, skipped for ASCII input (where it is the identity).
///
/// NFKC folds compatibility forms such as full-width letters (`ＪＯＨＮ` → `JOHN`) and ligatures
/// before anything else looks at the text.
pub(crate) fn nfkc(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() { Cow::Borrowed(raw) } else { Cow::Owned(raw.nfkc().collect()) }
}

/// Trim Unicode whitespace and the invisible characters exports leave behind (BOM, zero-width).
pub(crate) fn trim(raw: &str) -> &str {
    raw.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}')
    })
}

/// Keep only ASCII digits; `None` when any other character than digits and `allowed` occurs.
pub(crate) fn digits_only(text: &str, allowed: &[char]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if !allowed.contains(&c) {
            return None;
        }
    }
    Some(out)
}

/// A string made of one character repeated (`XXX`, `0000`), the commonest kind of filler.
pub(crate) fn is_repeated_char(text: &str, min_len: usize) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => text.len() >= min_len && chars.all(|c| c == first),
        None => false,
    }
}

#[cfg(test)]
mod tests;
