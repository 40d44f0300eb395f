//! Medical record numbers and similar account identifiers: ` 00-012 345 ` → `12345`.
//!
//! Upper case, separators (spaces, `-`, `.`, `/`) removed, leading zeros removed (systems pad
//! MRNs to different widths). Anything but ASCII letters and digits after that, an all-zero
//! value, or a placeholder (`UNKNOWN`, `NONE`, `TEST`, `NA`) gives `None`. MRNs are only unique
//! within the system that issued them: tokenize them per source (`id:<system>`) or pair them
//! with the source system when matching across systems.

use super::trim;

/// Bump when any input would normalize differently.
pub const RULES_VERSION: u32 = 1;

const PLACEHOLDERS: &[&str] = &["UNKNOWN", "UNK", "NONE", "NA", "NULL", "TEST", "TBD", "PENDING"];

/// Normalize a record number.
pub fn normalize(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    for c in trim(raw).chars() {
        match c {
            '0'..='9' | 'A'..='Z' => out.push(c),
            'a'..='z' => out.push(c.to_ascii_uppercase()),
            ' ' | '-' | '.' | '/' => {}
            _ => return None,
        }
    }
    let stripped = out.trim_start_matches('0');
    (!stripped.is_empty() && !PLACEHOLDERS.contains(&stripped)).then(|| stripped.to_string())
}
