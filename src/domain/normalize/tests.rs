//! Tables of real-world inputs for every normalizer, plus properties over arbitrary input:
//! no panic, and idempotence on the normalizer's own output.

use proptest::prelude::*;

use super::date::{Date, DateOrder};
use super::{address, date, email, mrn, name, phone, postal, sex, ssn};

const TODAY: Date = Date { year: 2026, month: 12, day: 4 };

fn check<F: Fn(&str) -> Option<String>>(what: &str, f: F, cases: &[(&str, Option<&str>)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(input, want)| {
            let got = f(input);
            (got.as_deref() != *want).then(|| format!("{what}({input:?}) = {got:?}, want {want:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn names() {
    check(
        "name",
        name::normalize,
        &[
            ("Łukasz", Some("LUKASZ")),
            ("Søren", Some("SOREN")),
            ("Ægir", Some("AEGIR")),
            ("O'Brien-Smith", Some("OBRIEN SMITH")),
            ("Dr. José Núñez Jr.", Some("JOSE NUNEZ")),
            ("ＪＯＨＮ", Some("JOHN")),
            ("  mary   ann  ", Some("MARY ANN")),
            ("Straße", Some("STRASSE")),
            ("Müller", Some("MULLER")),
            ("François", Some("FRANCOIS")),
            ("Zoë", Some("ZOE")),
            ("D'Angelo", Some("DANGELO")),
            ("O\u{2019}Connor", Some("OCONNOR")),
            ("McDonald", Some("MCDONALD")),
            ("van der Berg", Some("VAN DER BERG")),
            ("Smith, Jr.", Some("SMITH")),
            ("John Smith III", Some("JOHN SMITH")),
            ("Mrs. Jane Roe", Some("JANE ROE")),
            ("Nguyễn", Some("NGUYEN")),
            ("Þór", Some("THOR")),
            ("Øyvind", Some("OYVIND")),
            ("Anne-Marie", Some("ANNE MARIE")),
            ("Jean-Luc Picard MD", Some("JEAN LUC PICARD")),
            ("Jose\u{301}", Some("JOSE")),
            ("Ōtani", Some("OTANI")),
            ("\u{fb01}ona", Some("FIONA")),
            ("Smith2", Some("SMITH")),
            ("Mary_Ann", Some("MARY ANN")),
            ("Hon", Some("HON")),
            ("Do", Some("DO")),
            ("Na", Some("NA")),
            ("J", Some("J")),
            ("UNKNOWN", None),
            ("Baby Boy", None),
            ("BABY GIRL 2", None),
            ("FNU", None),
            ("N/A", None),
            ("Test Patient", None),
            ("XXX", None),
            ("John Doe", None),
            ("", None),
            ("   ", None),
            ("123", None),
            ("Dr.", None),
            ("Jr", None),
            ("\u{4e2d}\u{6587}", Some("ZHONG WEN")),
        ],
    );
}

#[test]
fn emails() {
    check(
        "email",
        email::normalize,
        &[
            ("John.Smith@Acme-Health.com", Some("john.smith@acme-health.com")),
            (" JANE.DOE@GMAIL.COM ", Some("janedoe@gmail.com")),
            ("jane.doe+newsletter@gmail.com", Some("janedoe@gmail.com")),
            ("Jane.Doe@googlemail.com", Some("janedoe@gmail.com")),
            ("j.doe+a+b@gmail.com", Some("jdoe@gmail.com")),
            ("jane.doe+tag@outlook.com", Some("jane.doe+tag@outlook.com")),
            ("j.o.h.n@yahoo.com", Some("j.o.h.n@yahoo.com")),
            ("mailto:Maria@Clinic.co.uk", Some("maria@clinic.co.uk")),
            ("<maria@clinic.co.uk>", Some("maria@clinic.co.uk")),
            ("maria@clinic.co.uk.", Some("maria@clinic.co.uk")),
            ("ｍａｒｉａ@clinic.com", Some("maria@clinic.com")),
            ("ÉLODIE@orange.fr", Some("élodie@orange.fr")),
            ("pat.o'reilly@company.com", Some("pat.o'reilly@company.com")),
            ("x@aol.com", Some("x@aol.com")),
            ("first_last-1@sub.domain.health", Some("first_last-1@sub.domain.health")),
            ("test@test.com", None),
            ("noemail@kaiser.org", None),
            ("NoEmail123@gmail.com", None),
            ("none@none.com", None),
            ("user@example.com", None),
            ("patient@hospital.test", None),
            ("declined@cvs.com", None),
            ("aaa@aol.com", None),
            ("a@b", None),
            ("john@@gmail.com", None),
            ("john@gmail@com", None),
            ("john smith@gmail.com", None),
            (".john@gmail.com", None),
            ("john.@aol.com", None),
            ("jo..hn@aol.com", None),
            ("maria@-clinic.com", None),
            ("maria@clinic.c", None),
            ("maria@clinic.123", None),
            ("+tag@gmail.com", None),
            ("", None),
            ("N/A", None),
            ("no-reply@hospital.org", None),
        ],
    );
}

#[test]
fn phones() {
    let us = phone::region("US").expect("US is a region");
    check(
        "phone",
        |raw| phone::normalize(raw, us),
        &[
            ("(617) 253-1000", Some("+16172531000")),
            ("617-253-1000", Some("+16172531000")),
            ("617.253.1000", Some("+16172531000")),
            ("6172531000", Some("+16172531000")),
            ("+1 617 253 1000", Some("+16172531000")),
            ("1-617-253-1000", Some("+16172531000")),
            ("+1 (617) 253-1000 x12", Some("+16172531000")),
            ("617-253-1000 ext. 45", Some("+16172531000")),
            ("(617)2531000", Some("+16172531000")),
            ("  617 253 1000  ", Some("+16172531000")),
            ("tel:+1-617-253-1000", Some("+16172531000")),
            ("６１７-２５３-１０００", Some("+16172531000")),
            ("202-456-1111", Some("+12024561111")),
            ("+1 800 275 2273", Some("+18002752273")),
            ("+44 20 7219 3000", Some("+442072193000")),
            ("+33 1 40 20 50 50", Some("+33140205050")),
            ("011 44 20 7219 3000", Some("+442072193000")),
            ("011 33 1 40 20 50 50", Some("+33140205050")),
            ("+33140205050", Some("+33140205050")),
            ("+1 (555) 010-0123 x12", None),
            ("212-555-0123", None),
            ("1-800-555-0199", None),
            ("555-555-5555", None),
            ("000-000-0000", None),
            ("999-999-9999", None),
            ("111-111-1111", None),
            ("123-456-7890", None),
            ("555-1234", None),
            ("617-253-100", None),
            ("617-253-10000", None),
            ("", None),
            ("N/A", None),
            ("none", None),
            ("abc", None),
        ],
    );
    let gb = phone::region("gb").expect("GB is a region");
    assert_eq!(phone::normalize("020 7219 3000", gb).as_deref(), Some("+442072193000"));
    assert!(phone::region("XX").is_none());
}

#[test]
fn birth_dates() {
    let mdy = |raw: &str| date::normalize(raw, DateOrder::Mdy, TODAY).map(|d| d.to_string());
    let dmy = |raw: &str| date::normalize(raw, DateOrder::Dmy, TODAY).map(|d| d.to_string());
    check(
        "birth_date",
        mdy,
        &[
            ("1985-02-03", Some("1985-02-03")),
            ("02/03/1985", Some("1985-02-03")),
            ("2/3/1985", Some("1985-02-03")),
            ("19850203", Some("1985-02-03")),
            ("1985/02/03", Some("1985-02-03")),
            ("1985.02.03", Some("1985-02-03")),
            ("1985-2-3", Some("1985-02-03")),
            ("03.02.1985", Some("1985-02-03")),
            ("03-FEB-1985", Some("1985-02-03")),
            ("3 Feb 1985", Some("1985-02-03")),
            ("Feb 3, 1985", Some("1985-02-03")),
            ("February 3 1985", Some("1985-02-03")),
            ("Sept 9, 1999", Some("1999-09-09")),
            ("31-DEC-1999", Some("1999-12-31")),
            ("12-31-1999", Some("1999-12-31")),
            ("1985-02-03 00:00:00", Some("1985-02-03")),
            ("1985-02-03T00:00:00Z", Some("1985-02-03")),
            ("  1985-02-03  ", Some("1985-02-03")),
            ("2000-02-29", Some("2000-02-29")),
            ("2026-12-04", Some("2026-12-04")),
            ("2001-02-29", None),
            ("1900-02-29", None),
            ("1900-01-01", None),
            ("1901-01-01", None),
            ("1899-12-31", None),
            ("2030-01-01", None),
            ("2026-12-05", None),
            ("02/03/85", None),
            ("13/02/1985", None),
            ("1985-13-01", None),
            ("1985-02-30", None),
            ("00/00/0000", None),
            ("", None),
            ("unknown", None),
            ("1985-02-03garbage", None),
        ],
    );
    check("birth_date_dmy", dmy, &[("02/03/1985", Some("1985-03-02")), ("13/02/1985", Some("1985-02-13"))]);
}

#[test]
fn epoch_days_round_trip() {
    assert_eq!(Date { year: 1970, month: 1, day: 1 }.to_epoch_days(), 0);
    assert_eq!(Date { year: 2000, month: 3, day: 1 }.to_epoch_days(), 11_017);
    assert_eq!(Date { year: 1900, month: 1, day: 2 }.to_epoch_days(), -25_566);
    for days in (-80_000..80_000).step_by(37) {
        assert_eq!(Date::from_epoch_days(days).to_epoch_days(), days);
    }
}

#[test]
fn ssns() {
    check(
        "ssn",
        ssn::normalize,
        &[
            ("123-45-6788", Some("123456788")),
            ("123456788", Some("123456788")),
            ("123 45 6788", Some("123456788")),
            (" 001-01-0001 ", Some("001010001")),
            ("000-12-3456", None),
            ("666-12-3456", None),
            ("900-12-3456", None),
            ("123-00-4567", None),
            ("123-45-0000", None),
            ("078-05-1120", None),
            ("123-45-6789", None),
            ("111-11-1111", None),
            ("12-345-6788", None),
            ("1234567", None),
            ("XXX-XX-1234", None),
            ("", None),
        ],
    );
}

#[test]
fn postal_codes() {
    check(
        "zip5",
        postal::zip5,
        &[
            ("02134", Some("02134")),
            ("02134-1234", Some("02134")),
            ("02134 1234", Some("02134")),
            ("021341234", Some("02134")),
            ("2134", Some("02134")),
            ("00000", None),
            ("99999", None),
            ("K1A 0B6", None),
            ("123", None),
            ("1-2345-6789", None),
            ("", None),
        ],
    );
    assert_eq!(postal::zip3("02134-1234").as_deref(), Some("021"));
    assert_eq!(postal::zip3("nope"), None);
}

#[test]
fn sexes() {
    let cases = [
        ("F", Some("F")),
        ("female", Some("F")),
        (" Female ", Some("F")),
        ("M", Some("M")),
        ("MALE", Some("M")),
        ("X", Some("X")),
        ("non-binary", Some("X")),
        ("other", Some("X")),
        ("U", None),
        ("unknown", None),
        ("1", None),
        ("", None),
    ];
    for (input, want) in cases {
        assert_eq!(sex::normalize(input), want, "sex({input:?})");
    }
}

#[test]
fn record_numbers() {
    check(
        "mrn",
        mrn::normalize,
        &[
            (" 00-012 345 ", Some("12345")),
            ("a00123", Some("A00123")),
            ("E1234567", Some("E1234567")),
            ("000", None),
            ("unknown", None),
            ("mrn#1", None),
            ("", None),
        ],
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn names_are_idempotent(raw in any::<String>()) {
        if let Some(once) = name::normalize(&raw) {
            prop_assert_eq!(name::normalize(&once), Some(once.clone()));
            prop_assert!(once.bytes().all(|b| b.is_ascii_uppercase() || b == b' '));
        }
    }

    #[test]
    fn emails_are_idempotent(raw in any::<String>()) {
        if let Some(once) = email::normalize(&raw) {
            prop_assert_eq!(email::normalize(&once), Some(once.clone()));
        }
    }

    #[test]
    fn email_like_text_is_idempotent(local in "[A-Za-z0-9.+_-]{1,20}", domain in "[A-Za-z0-9-]{1,10}\\.(com|org|co\\.uk)") {
        let raw = format!("{local}@{domain}");
        if let Some(once) = email::normalize(&raw) {
            prop_assert_eq!(email::normalize(&once), Some(once.clone()));
        }
    }

    #[test]
    fn phones_are_idempotent(raw in any::<String>(), digits in "[2-9][0-9]{2}[2-9][0-9]{6}") {
        let us = phone::region("US").expect("US");
        for text in [raw, digits] {
            if let Some(once) = phone::normalize(&text, us) {
                prop_assert_eq!(phone::normalize(&once, us), Some(once.clone()));
                prop_assert!(once.starts_with('+'));
            }
        }
    }

    /// The NANP fast path and the library path agree on every +1-looking input.
    #[test]
    fn phone_fast_path_matches_library(
        area in prop_oneof![Just(617u32), Just(212), Just(416), Just(787), Just(800), Just(555), Just(911), 100u32..1000],
        exchange in prop_oneof![Just(555u32), Just(253), 100u32..1000],
        line in 0u32..10_000,
        format in 0usize..9,
        extension in proptest::option::of(1u32..100_000),
    ) {
        let digits = format!("{area:03}{exchange:03}{line:04}");
        let (a, e, l) = (&digits[..3], &digits[3..6], &digits[6..]);
        let mut text = match format {
            0 => format!("({a}) {e}-{l}"),
            1 => format!("{a}-{e}-{l}"),
            2 => format!("{a}.{e}.{l}"),
            3 => digits.clone(),
            4 => format!("+1 {a} {e} {l}"),
            5 => format!("1-{a}-{e}-{l}"),
            6 => format!("1{digits}"),
            7 => format!("+1({a}){e}{l}"),
            _ => format!("{a}/{e}-{l}"),
        };
        if let Some(x) = extension {
            text.push_str([" x", " ext. ", "x", " ext "][(x % 4) as usize]);
            text.push_str(&x.to_string());
        }
        let us = phone::region("US").expect("US");
        prop_assert_eq!(phone::normalize(&text, us), phone::normalize_with_library(&text, us), "{}", text);
    }

    #[test]
    fn dates_are_idempotent(raw in any::<String>(), days in -30_000..20_000i32) {
        if let Some(once) = date::normalize(&raw, DateOrder::Mdy, TODAY) {
            prop_assert_eq!(date::normalize(&once.to_string(), DateOrder::Mdy, TODAY), Some(once));
        }
        let d = Date::from_epoch_days(days);
        let parsed = date::normalize(&d.to_string(), DateOrder::Dmy, TODAY);
        prop_assert!(parsed.is_none() || parsed == Some(d));
    }

    #[test]
    fn identifiers_are_idempotent(raw in any::<String>(), numeric in "[0-9 -]{0,12}") {
        for text in [raw.as_str(), numeric.as_str()] {
            if let Some(once) = ssn::normalize(text) {
                prop_assert_eq!(ssn::normalize(&once), Some(once.clone()));
            }
            if let Some(once) = postal::zip5(text) {
                prop_assert_eq!(postal::zip5(&once), Some(once.clone()));
            }
            if let Some(once) = address::normalize(text) {
                prop_assert_eq!(address::normalize(&once), Some(once.clone()));
            }
            if let Some(once) = mrn::normalize(text) {
                prop_assert_eq!(mrn::normalize(&once), Some(once.clone()));
            }
            if let Some(once) = sex::normalize(text) {
                prop_assert_eq!(sex::normalize(once), Some(once));
            }
        }
    }
}
