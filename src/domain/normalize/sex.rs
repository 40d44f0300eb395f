//! Administrative sex to `F`, `M` or `X`.
//!
//! `F`/`female`/`woman`/`W` → `F`; `M`/`male`/`man` → `M`; `X`, `O`/`other`, `nonbinary`,
//! `intersex`, HL7 `A` (ambiguous) → `X`; unknown, declined, HL7 `U`/`N` and anything else → `None`.
//! Numeric codes (`1`/`2`) mean different things in different systems and are rejected.

use super::trim;

/// Bump when any input would normalize differently.
pub const RULES_VERSION: u32 = 1;

/// Normalize a sex or gender code.
pub fn normalize(raw: &str) -> Option<&'static str> {
    let text = trim(raw).to_ascii_lowercase().replace(['-', '_', ' '], "");
    match text.as_str() {
        "f" | "female" | "woman" | "w" | "fem" | "girl" => Some("F"),
        "m" | "male" | "man" | "boy" => Some("M"),
        "x" | "o" | "other" | "nonbinary" | "intersex" | "a" | "ambiguous" | "nb" | "genderqueer" => Some("X"),
        _ => None,
    }
}
