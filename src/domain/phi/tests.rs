use super::detect::{Finding, detect};
use super::verdict::{ColumnProfile, Verdict, assess};

fn kinds(value: &str) -> Vec<&'static str> {
    let found = detect(value);
    super::detect::ALL.iter().filter(|f| found.has(**f)).map(|f| f.label()).collect()
}

#[test]
fn detects_identifiers_in_values() {
    let cases: &[(&str, &[&str])] = &[
        ("jane.doe@gmail.com", &["email"]),
        ("call back at jane@acme-health.com after 5", &["email"]),
        ("(617) 253-1000", &["phone"]),
        ("pt said call 617.253.1000 tomorrow", &["phone"]),
        ("+44 20 7219 3000", &["phone"]),
        ("123-45-6788", &["ssn"]),
        ("ssn 123 45 6788 on file", &["ssn"]),
        ("123456788", &["ssn_digits", "numeric_id"]),
        ("1985-02-03", &["date"]),
        ("02/03/1985", &["date"]),
        ("2026-01-05 09:30:00", &["date_time"]),
        ("seen on 02/03/2026 by dr", &["date_in_text"]),
        ("12 Main St", &["street_address"]),
        ("lives at 1600 Pennsylvania Avenue NW", &["street_address"]),
        ("PO Box 77", &["street_address"]),
        ("Ann Lee", &["person_name"]),
        ("SMITH, JOHN", &["person_name"]),
        ("MRN 0012345", &["mrn"]),
        ("E1234567", &["mrn"]),
        ("10.1.2.254", &["ip_address"]),
        ("see https://portal.example.org/p/77", &["url"]),
        ("02134-1234", &["zip_plus_4"]),
        ("yvKCfMEvf-IdVAWB6KXpt0NIBoeTpj3xX2T1CR2bWWQ", &["token"]),
        ("web", &[]),
        ("spring_promo_2026", &[]),
        ("Cardiology", &[]),
        ("42", &[]),
        ("0.37", &[]),
        ("269763237585647091419268672149468342711", &[]),
        ("2026", &[]),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(value, want)| {
            let got = kinds(value);
            (got != *want).then(|| format!("{value:?}: {got:?}, want {want:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(detect("1985-02-03").year, Some(1985));
    assert_eq!(detect("1985-02-03").packed() >> 16, 1985);
}

fn profile<'a>(
    name: &'a str,
    column_type: &'a str,
    non_null: u64,
    distinct: u64,
    hits: &[(Finding, u64)],
) -> ColumnProfile<'a> {
    let mut counts = [0u64; super::detect::ALL.len()];
    for (finding, n) in hits {
        counts[*finding as usize] = *n;
    }
    ColumnProfile { name, column_type, non_null, distinct, hits: counts, year_low: None, year_high: None }
}

#[test]
fn verdicts() {
    let notes = profile("notes", "VARCHAR", 100, 100, &[(Finding::Email, 3)]);
    assert_eq!(assess(&notes).verdict, Verdict::Identifier);
    assert!(assess(&notes).reason.contains("3 of 100 values contain an email address"));

    let token = profile("lead_token", "UHUGEINT", 100, 100, &[]);
    assert_eq!(assess(&token).verdict, Verdict::Token);

    let locations = profile("location", "VARCHAR", 100, 4, &[(Finding::Name, 100)]);
    assert_eq!(assess(&locations).verdict, Verdict::PossibleIdentifier);

    let names = profile("contact", "VARCHAR", 100, 95, &[(Finding::Name, 90)]);
    assert_eq!(assess(&names).verdict, Verdict::Identifier);

    let mut events = profile("event_at", "TIMESTAMP", 100, 100, &[(Finding::DateTime, 80), (Finding::DateOnly, 20)]);
    events.year_low = Some(2025);
    events.year_high = Some(2026);
    assert_eq!(assess(&events).verdict, Verdict::Clean);

    let mut births = profile("d1", "DATE", 100, 90, &[(Finding::DateOnly, 100)]);
    births.year_low = Some(1950);
    births.year_high = Some(2001);
    assert_eq!(assess(&births).verdict, Verdict::Identifier);

    let counts = profile("appointments", "BIGINT", 100, 7, &[]);
    assert_eq!(assess(&counts).verdict, Verdict::Clean);

    let empty_ssn = profile("ssn", "VARCHAR", 0, 0, &[]);
    let a = assess(&empty_ssn);
    assert_eq!(a.verdict, Verdict::PossibleIdentifier);
    assert!(a.reason.contains("column name suggests ssn; no values to check"), "{}", a.reason);
}

proptest::proptest! {
    #[test]
    fn detection_never_panics(text in proptest::prelude::any::<String>()) {
        let _ = detect(&text);
    }
}
