//! Person-name dictionaries: US Census 1990 first names and surnames (public domain; see
//! `tools/build_name_lists.py`), compiled into the extension.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::domain::normalize::name;

fn dictionary(cell: &'static OnceLock<HashSet<&'static str>>, text: &'static str) -> &'static HashSet<&'static str> {
    cell.get_or_init(|| text.lines().filter(|l| !l.is_empty()).collect())
}

/// Upper-case first names.
pub fn first_names() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    dictionary(&SET, include_str!("data/first_names.txt"))
}

/// Upper-case surnames down to 0.001% of the population.
pub fn surnames() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    dictionary(&SET, include_str!("data/surnames.txt"))
}

/// Whether a value reads as a person's name: one to four words (`Ann Lee`, `LEE, ANN`,
/// `José Núñez Jr.`), no digits, every word a census first name or surname or an initial, and
/// at least one full word. A single common word that is also a surname (`North`) passes here;
/// the column-level rules decide whether a column of them is a names column.
pub fn looks_like_name(text: &str) -> bool {
    if text.len() > 60 || text.bytes().any(|b| b.is_ascii_digit() || matches!(b, b'_' | b'@' | b'/' | b':')) {
        return false;
    }
    let Some(normalized) = name::normalize(text) else {
        return false;
    };
    let words: Vec<&str> = normalized.split(' ').collect();
    if words.len() > 4 {
        return false;
    }
    let (first, last) = (first_names(), surnames());
    let known = |w: &&str| w.len() == 1 || first.contains(w) || last.contains(w);
    words.iter().all(known) && words.iter().any(|w| w.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_load() {
        assert!(first_names().len() > 5_000 && first_names().contains("MARY"));
        assert!(surnames().len() > 18_000 && surnames().contains("SMITH") && surnames().contains("NGUYEN"));
    }

    #[test]
    fn names_and_non_names() {
        for name in ["Ann Lee", "LEE, ANN", "José Núñez Jr.", "Mary J. Smith", "Jordan", "o'brien", "Garcia-Lopez"] {
            assert!(looks_like_name(name), "{name}");
        }
        for text in [
            "spring_promo",
            "Clinic North 2",
            "web",
            "referral",
            "paid search",
            "Cardiology",
            "2026-01-05",
            "Room 12",
            "",
        ] {
            assert!(!looks_like_name(text), "{text}");
        }
    }
}
