//! US postal codes: `02134-1234` → ZIP5 `02134`, ZIP3 `021`.
//!
//! Accepts `NNNNN`, `NNNNN-NNNN`, `NNNNN NNNN` and nine bare digits. Four digits are read as a
//! ZIP5 that lost its leading zero in a numeric column (`2134` → `02134`), which is how New
//! England ZIPs commonly arrive. `00000` and `99999` are filler. Anything else, including
//! non-US postal codes, gives `None`.

use super::{digits_only, trim};

/// Bump when any input would normalize differently.
pub const RULES_VERSION: u32 = 1;

const FILLER: &[&str] = &["00000", "99999"];

/// Normalize to the five-digit ZIP code.
pub fn zip5(raw: &str) -> Option<String> {
    let text = trim(raw);
    let digits = digits_only(text, &['-', ' '])?;
    let zip = match digits.len() {
        4 if !text.contains(['-', ' ']) => format!("0{digits}"),
        5 if digits.len() == text.len() => digits,
        9 => {
            let (head, tail) = text.split_at_checked(5)?;
            let tail = tail.trim_start_matches(['-', ' ']);
            let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
            (head.len() == 5 && all_digits(head) && tail.len() == 4 && all_digits(tail)).then_some(())?;
            digits.get(..5)?.to_string()
        }
        _ => return None,
    };
    (!FILLER.contains(&zip.as_str())).then_some(zip)
}

/// The first three digits of the ZIP5 (the geographic area HIPAA Safe Harbor reasons about).
pub fn zip3(raw: &str) -> Option<String> {
    zip5(raw).and_then(|z| z.get(..3).map(str::to_owned))
}
