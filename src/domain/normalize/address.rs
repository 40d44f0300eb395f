//! Street addresses for matching: `12 Main Street, Apt. 4` → `12 MAIN ST APT 4`.
//!
//! Upper-case ASCII (transliterated like names), punctuation as spaces, single spaces, and the
//! USPS standard abbreviations for street suffixes and directions (`STREET` → `ST`,
//! `NORTH` → `N`), so that spelling variants of one address compare equal.

use super::name;

/// Bump when any input would normalize differently.
pub const RULES_VERSION: u32 = 1;

const ABBREVIATIONS: &[(&str, &str)] = &[
    ("STREET", "ST"),
    ("AVENUE", "AVE"),
    ("AV", "AVE"),
    ("ROAD", "RD"),
    ("DRIVE", "DR"),
    ("LANE", "LN"),
    ("COURT", "CT"),
    ("BOULEVARD", "BLVD"),
    ("PLACE", "PL"),
    ("TERRACE", "TER"),
    ("CIRCLE", "CIR"),
    ("HIGHWAY", "HWY"),
    ("PARKWAY", "PKWY"),
    ("SQUARE", "SQ"),
    ("NORTH", "N"),
    ("SOUTH", "S"),
    ("EAST", "E"),
    ("WEST", "W"),
    ("APARTMENT", "APT"),
    ("SUITE", "STE"),
    ("NUMBER", "NO"),
];

/// Normalize a street address line.
pub fn normalize(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let ascii = name::transliterate(raw);
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let upper = word.to_ascii_uppercase();
        let word = ABBREVIATIONS.iter().find(|(long, _)| *long == upper).map_or(upper.as_str(), |(_, short)| short);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let placeholder =
        matches!(out.as_str(), "UNKNOWN" | "NONE" | "NA" | "N A" | "HOMELESS" | "UNK" | "TBD" | "NO ADDRESS");
    (!out.is_empty() && !placeholder).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn addresses() {
        for (raw, want) in [
            ("12 Main Street, Apt. 4", Some("12 MAIN ST APT 4")),
            ("12 MAIN ST APT 4", Some("12 MAIN ST APT 4")),
            ("1600 Pennsylvania Avenue North-West", Some("1600 PENNSYLVANIA AVE N W")),
            ("  77  Elm   Rd. ", Some("77 ELM RD")),
            ("Ørsted Vej 3", Some("ORSTED VEJ 3")),
            ("unknown", None),
            ("", None),
        ] {
            assert_eq!(normalize(raw).as_deref(), want, "{raw}");
        }
    }
}
