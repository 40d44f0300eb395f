//! Column verdicts: from per-column hit counts to `identifier`, `possible_identifier`, `token`
//! or `clean`, with the kinds found and a short reason (never a value).
//!
//! Precision comes from rates, not single hits, where a kind also occurs innocently: a column is
//! a names column when most of its values are names and they are many (a location column of
//! North/South/East/West is not); dates are birth-date-like when they are dates without a time
//! and span decades. Kinds that never occur innocently (an email address, a dashed SSN, a phone
//! number in text, an IP address, a ZIP+4) flag a column on the first hit.

use super::detect::{ALL, Finding};
use super::hints;

/// The per-column numbers `phi_scan` aggregates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnProfile<'a> {
    pub name: &'a str,
    /// DuckDB type name, e.g. `VARCHAR`, `BIGINT`, `UHUGEINT`.
    pub column_type: &'a str,
    pub non_null: u64,
    pub distinct: u64,
    /// Hits per [`Finding`], in bit order.
    pub hits: [u64; ALL.len()],
    /// 10th and 90th percentile of the years of date-valued rows.
    pub year_low: Option<i32>,
    pub year_high: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Identifier,
    PossibleIdentifier,
    Token,
    Clean,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Identifier => "identifier",
            Verdict::PossibleIdentifier => "possible_identifier",
            Verdict::Token => "token",
            Verdict::Clean => "clean",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub verdict: Verdict,
    pub kinds: Vec<&'static str>,
    pub reason: String,
}

impl ColumnProfile<'_> {
    fn hits(&self, finding: Finding) -> u64 {
        self.hits.get(finding as usize).copied().unwrap_or(0)
    }

    fn rate(&self, finding: Finding) -> f64 {
        if self.non_null == 0 { 0.0 } else { self.hits(finding) as f64 / self.non_null as f64 }
    }

    fn is_text(&self) -> bool {
        let t = self.column_type.to_ascii_uppercase();
        t == "VARCHAR" || t.starts_with("VARCHAR(") || t == "TEXT" || t == "STRING" || t == "JSON"
    }

    fn describe(&self, finding: Finding, what: &str) -> String {
        let hits = self.hits(finding);
        format!("{hits} of {} values {what} ({:.1}%)", self.non_null, 100.0 * self.rate(finding))
    }
}

/// Decide one column.
pub fn assess(p: &ColumnProfile<'_>) -> Assessment {
    let hinted = hints::name_hints(p.name);
    let hint = |f: Finding| hinted & f.bit() != 0;
    let mut found: Vec<(Verdict, &'static str, String)> = Vec::new();
    macro_rules! flag {
        ($verdict:expr, $kind:expr, $reason:expr $(,)?) => {
            found.push(($verdict, $kind, $reason))
        };
    }
    use Verdict::{Identifier, PossibleIdentifier};

    let token_type = matches!(p.column_type.to_ascii_uppercase().as_str(), "UHUGEINT" | "BLOB");
    if (token_type && p.hits(Finding::Phone) == 0 && p.hits(Finding::BareSsn) == 0) || p.rate(Finding::Token) >= 0.9 {
        let why = if token_type {
            format!("{} values of a keyed-token type", p.column_type.to_ascii_uppercase())
        } else {
            p.describe(Finding::Token, "are keyed tokens in text form")
        };
        return Assessment { verdict: Verdict::Token, kinds: vec!["token"], reason: why };
    }

    if p.hits(Finding::Email) > 0 {
        flag!(Identifier, "email", p.describe(Finding::Email, "contain an email address"));
    }
    let phone_rate_needed = if p.is_text() { 0.0 } else { 0.5 };
    if p.hits(Finding::Phone) > 0 && p.rate(Finding::Phone) > phone_rate_needed {
        flag!(Identifier, "phone", p.describe(Finding::Phone, "contain a phone number"));
    } else if p.hits(Finding::Phone) > 0 {
        flag!(PossibleIdentifier, "phone", p.describe(Finding::Phone, "look like phone numbers"));
    }
    if p.hits(Finding::Ssn) > 0 {
        flag!(Identifier, "ssn", p.describe(Finding::Ssn, "contain an SSN"));
    } else if p.rate(Finding::BareSsn) >= 0.5 || (hint(Finding::Ssn) && p.hits(Finding::BareSsn) > 0) {
        flag!(Identifier, "ssn", p.describe(Finding::BareSsn, "are nine-digit numbers valid as SSNs"));
    } else if p.is_text() && p.hits(Finding::BareSsn) > 0 && p.rate(Finding::BareNumber) < 0.5 {
        flag!(PossibleIdentifier, "ssn", p.describe(Finding::BareSsn, "are nine-digit numbers valid as SSNs"));
    }

    let dated = p.rate(Finding::DateOnly);
    let span = match (p.year_low, p.year_high) {
        (Some(low), Some(high)) => high - low,
        _ => 0,
    };
    if hint(Finding::DateOnly) && p.hits(Finding::DateOnly) + p.hits(Finding::DateTime) > 0 {
        flag!(
            Identifier,
            "birth_date",
            format!("column name suggests birth dates; {}", p.describe(Finding::DateOnly, "are dates"))
        );
    } else if dated >= 0.5 && span >= 10 {
        flag!(
            Identifier,
            "birth_date",
            format!(
                "{}, spanning {span} years between the 10th and 90th percentile: birth-date-like",
                p.describe(Finding::DateOnly, "are dates without a time")
            ),
        );
    }
    if p.is_text() && p.hits(Finding::DateInText) > 0 {
        flag!(PossibleIdentifier, "date", p.describe(Finding::DateInText, "mention a date in text"));
    }

    if p.rate(Finding::Address) >= 0.05
        || p.hits(Finding::Address) >= 3
        || (hint(Finding::Address) && p.hits(Finding::Address) > 0)
    {
        flag!(Identifier, "street_address", p.describe(Finding::Address, "contain a street address"));
    } else if p.hits(Finding::Address) > 0 {
        flag!(PossibleIdentifier, "street_address", p.describe(Finding::Address, "look like a street address"));
    }

    let names_many = p.distinct >= 10 || (p.non_null < 20 && p.distinct * 2 >= p.non_null && p.distinct >= 3);
    if (p.rate(Finding::Name) >= 0.5 && names_many) || (hint(Finding::Name) && p.rate(Finding::Name) >= 0.2) {
        flag!(
            Identifier,
            "person_name",
            format!("{}, {} distinct", p.describe(Finding::Name, "are person names"), p.distinct)
        );
    } else if p.rate(Finding::Name) >= 0.5 {
        flag!(
            PossibleIdentifier,
            "person_name",
            format!("{}, but only {} distinct", p.describe(Finding::Name, "read as person names"), p.distinct)
        );
    }

    let numeric_ids = p.rate(Finding::BareNumber) >= 0.8 && p.distinct as f64 >= 0.9 * p.non_null as f64;
    if p.rate(Finding::Mrn) >= 0.5 || (hint(Finding::Mrn) && p.rate(Finding::Mrn) + p.rate(Finding::BareNumber) >= 0.5)
    {
        let what = if p.hits(Finding::Mrn) >= p.hits(Finding::BareNumber) { Finding::Mrn } else { Finding::BareNumber };
        flag!(Identifier, "mrn", p.describe(what, "look like medical record numbers"));
    } else if p.is_text() && numeric_ids && !found.iter().any(|(_, kind, _)| *kind == "ssn") {
        flag!(PossibleIdentifier, "mrn", p.describe(Finding::BareNumber, "are distinct numeric ids stored as text"));
    }

    if p.hits(Finding::Ip) > 0 {
        flag!(Identifier, "ip_address", p.describe(Finding::Ip, "contain an IP address"));
    }
    if p.hits(Finding::Zip4) > 0 {
        flag!(Identifier, "zip_plus_4", p.describe(Finding::Zip4, "contain a ZIP+4 code"));
    }
    if p.hits(Finding::Url) > 0 {
        flag!(
            PossibleIdentifier,
            "url",
            p.describe(Finding::Url, "contain a URL (an identifier when it points at a person)")
        );
    }

    for (finding, kind) in [
        (Finding::Email, "email"),
        (Finding::Phone, "phone"),
        (Finding::Ssn, "ssn"),
        (Finding::DateOnly, "birth_date"),
        (Finding::Name, "person_name"),
        (Finding::Address, "street_address"),
        (Finding::Mrn, "mrn"),
        (Finding::Ip, "ip_address"),
        (Finding::Url, "url"),
        (Finding::Zip4, "zip_code"),
    ] {
        let covered = |k: &str| k == kind || (kind == "zip_code" && k == "zip_plus_4");
        if hint(finding) && !found.iter().any(|(_, k, _)| covered(k)) {
            let seen = if p.non_null == 0 { "no values to check" } else { "no matching values in the scan" };
            flag!(PossibleIdentifier, kind, format!("column name suggests {}; {seen}", kind.replace('_', " ")));
        }
    }

    let verdict = if found.iter().any(|(v, ..)| *v == Identifier) {
        Identifier
    } else if found.is_empty() {
        Verdict::Clean
    } else {
        PossibleIdentifier
    };
    let reason = if found.is_empty() {
        format!("no direct identifier in {} values", p.non_null)
    } else {
        found.iter().map(|(_, _, r)| r.as_str()).collect::<Vec<_>>().join("; ")
    };
    Assessment { verdict, kinds: found.iter().map(|(_, k, _)| *k).collect(), reason }
}
