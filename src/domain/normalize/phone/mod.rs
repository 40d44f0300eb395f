//! Phone numbers to E.164: `(617) 555-2368 x12` → `+16175552368`.
//!
//! Parsing and validation go through `phonenumber` (a port of Google's libphonenumber, pinned
//! since its metadata decides validity). Numbers without a country code are read in the default
//! region (`US` unless given). Extensions are dropped. Numbers the metadata calls invalid are
//! rejected, and so are fictional and filler numbers the metadata accepts: NANP `555-0100` to
//! `555-0199` (reserved for fiction), and national numbers of one repeated digit or an ascending
//! run (`123-456-7890`).

mod nanp;

use phonenumber::{Mode, country};

use super::{is_repeated_char, nfkc, trim};

/// Bump when any input would normalize differently (including a new `phonenumber` metadata pin).
pub const RULES_VERSION: u32 = 1;

/// The region used when a number carries no country code.
pub const DEFAULT_REGION: &str = "US";

/// Parse a region code such as `US` or `gb`; `None` when it is not an ISO 3166 region the
/// phone metadata knows.
pub fn region(code: &str) -> Option<country::Id> {
    code.trim().to_ascii_uppercase().parse().ok()
}

/// Normalize a phone number to E.164, reading national numbers in `default_region`.
pub fn normalize(raw: &str, default_region: country::Id) -> Option<String> {
    let text = nfkc(trim(raw));
    if text.is_empty() || text.len() > 64 || !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if is_nanp_region(default_region)
        && let Some(national) = nanp::national_number(&text)
        && let Some(valid) = nanp::is_valid(&national)
    {
        let keep = valid && !is_filler(&national) && !is_fictional_nanp(&national);
        return keep.then(|| format!("+1{national}"));
    }
    normalize_with_library(&text, default_region)
}

/// The general path: `phonenumber`'s parser and validator.
pub(crate) fn normalize_with_library(text: &str, default_region: country::Id) -> Option<String> {
    let number = match international_form(text, default_region) {
        Some(international) => phonenumber::parse(None, international.as_str()),
        None => phonenumber::parse(Some(default_region), text),
    }
    .ok()?;
    if !phonenumber::is_valid(&number) {
        return None;
    }
    let national = number.national().to_string();
    if is_filler(&national) || (number.code().value() == 1 && is_fictional_nanp(&national)) {
        return None;
    }
    Some(number.format().mode(Mode::E164).to_string())
}

/// The number in `+CC...` form when it is dialled internationally (`+33 1 ...`, or `011 33 1 ...`
/// from a NANP region), so it is parsed without the default region. `phonenumber` 0.3.10, given a
/// region whose national prefix is `1`, strips a leading `1` from the national number of an
/// international one (`+33 1 40 20 50 50` became `+3340205050`).
fn international_form(text: &str, default_region: country::Id) -> Option<String> {
    if text.starts_with('+') {
        return Some(text.to_string());
    }
    let nanp = is_nanp_region(default_region);
    let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    compact.strip_prefix("011").filter(|_| nanp).map(|rest| format!("+{rest}"))
}

/// Regions dialled with +1.
fn is_nanp_region(region: country::Id) -> bool {
    nanp::is_nanp(region)
}

/// NANP numbers `NPA-555-01XX` are reserved for fiction.
fn is_fictional_nanp(national: &str) -> bool {
    national.len() == 10 && national.get(3..6) == Some("555") && national.get(6..8) == Some("01")
}

fn is_filler(national: &str) -> bool {
    const RUNS: &[&str] = &["1234567890", "0123456789", "9876543210", "123456789", "987654321"];
    is_repeated_char(national, 6) || RUNS.contains(&national)
}
