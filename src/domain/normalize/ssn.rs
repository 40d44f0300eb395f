//! US Social Security numbers: `123-45-6788` → `123456788`.
//!
//! Accepts nine digits, optionally grouped `AAA-GG-SSSS` with dashes, spaces or dots. Rejects
//! what the SSA never issues: area `000`, `666` or `900`-`999`, group `00`, serial `0000`; and
//! the well-known test and advertising numbers (`078-05-1120`, `219-09-9999`, `123-45-6789`)
//! and numbers of one repeated digit. Values that lost leading zeros in a numeric column are not
//! padded: pad them in SQL (`lpad(ssn::VARCHAR, 9, '0')`) when the column is known to be numeric.

use super::{digits_only, is_repeated_char, trim};

/// Bump when any input would normalize differently.
pub const RULES_VERSION: u32 = 1;

const KNOWN_INVALID: &[&str] = &["078051120", "219099999", "123456789", "987654320", "111223333"];

/// Normalize an SSN to its nine digits.
pub fn normalize(raw: &str) -> Option<String> {
    let text = trim(raw);
    let digits = digits_only(text, &['-', ' ', '.'])?;
    if digits.len() != 9 || !grouping_ok(text) {
        return None;
    }
    let (area, group, serial) = (digits.get(..3)?, digits.get(3..5)?, digits.get(5..)?);
    let area_ok = area != "000" && area != "666" && !area.starts_with('9');
    let valid = area_ok && group != "00" && serial != "0000";
    (valid && !KNOWN_INVALID.contains(&digits.as_str()) && !is_repeated_char(&digits, 9)).then_some(digits)
}

/// Separators, when present, must sit between the 3-2-4 groups.
fn grouping_ok(text: &str) -> bool {
    let groups: Vec<&str> = text.split(['-', ' ', '.']).filter(|g| !g.is_empty()).collect();
    match groups.as_slice() {
        [_] => true,
        [a, b, c] => a.len() == 3 && b.len() == 2 && c.len() == 4,
        _ => false,
    }
}
