use proptest::prelude::*;

use super::*;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

/// RFC 4231, test cases 1-7 (case 5 checks the first 128 bits only, as the RFC does).
#[test]
fn hmac_sha256_matches_rfc_4231() {
    let long_key = vec![0xaa_u8; 131];
    let cases: [(Vec<u8>, Vec<u8>, &str); 7] = [
        (vec![0x0b; 20], b"Hi There".to_vec(), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (vec![0xaa; 20], vec![0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), vec![0xcd; 50], "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (vec![0x0c; 20], b"Test With Truncation".to_vec(), "a3b6167473100ee06e0c796c2955552b"),
        (long_key.clone(), b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (long_key, b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ];
    for (i, (key, message, want)) in cases.iter().enumerate() {
        let got = hex(&hmac_sha256(key, message));
        assert!(got.starts_with(want), "RFC 4231 case {}: {got} != {want}", i + 1);
    }
}

const KEY: [u8; 32] = [7; 32];

fn tokenizer(kind: &str) -> Tokenizer {
    Tokenizer::new(&KEY, Kind::parse(kind).unwrap(), NormalizeContext::current())
}

#[test]
fn token_is_hmac_of_the_documented_message() {
    let token = tokenizer("email").token(" Jane.Doe+x@GMAIL.com ").unwrap();
    let mut message = b"crm_ehr.token.v1\x1femail\x1fr1\x1f".to_vec();
    message.resize(64, 0);
    message.extend_from_slice(b"janedoe@gmail.com");
    assert_eq!(token, hmac_sha256(&KEY, &message));
}

/// Pins the message layout: if this changes, every stored token changes with it.
#[test]
fn known_answer() {
    let token = tokenizer("phone").token("(617) 253-1000").unwrap();
    assert_eq!(text_form(&token).len(), 43);
    let mut message = b"crm_ehr.token.v1\x1fphone\x1fr1\x1f".to_vec();
    message.resize(64, 0);
    message.extend_from_slice(b"+16172531000");
    assert_eq!(hex(&hmac_sha256(&KEY, &message)), hex(&token));
    assert_eq!(hex(&token), "099ff649da6cad23b7d2bbf4197d9def185b8a06e96f36323592d075cc49cab8");
    assert_eq!(join_form(&token), u128::from_be_bytes(token[..16].try_into().unwrap()));
}

#[test]
fn same_text_in_two_kinds_gives_two_tokens() {
    let text = "6172531000";
    let as_id = tokenizer("id:lead").token(text).unwrap();
    let as_other_id = tokenizer("id:appointment").token(text).unwrap();
    let as_mrn = tokenizer("mrn").token(text).unwrap();
    assert_ne!(as_id, as_other_id);
    assert_ne!(as_id, as_mrn);
    assert_eq!(as_id, tokenizer("ID:Lead").token(" 6172531000 ").unwrap());
}

#[test]
fn missing_and_placeholder_values_give_no_token() {
    for (kind, value) in [
        ("email", "test@test.com"),
        ("phone", "000-000-0000"),
        ("first_name", "UNKNOWN"),
        ("birth_date", "1900-01-01"),
        ("ssn", "123-45-6789"),
        ("id:lead", "   "),
        ("email", ""),
    ] {
        assert_eq!(tokenizer(kind).token(value), None, "{kind}({value:?})");
    }
}

#[test]
fn long_headers_pad_to_whole_blocks() {
    assert_eq!(header("email", "r1").len(), 64);
    let long_label = format!("person:{}", "LAST|".repeat(12));
    let h = header(&long_label, "r1/1.1");
    assert_eq!(h.len(), 128);
    assert!(h.ends_with(&[0]));
}

#[test]
fn kinds_parse_and_label() {
    for kind in BUILTIN_KINDS {
        assert_eq!(&Kind::parse(&kind.label()).unwrap(), kind);
        assert!(!kind.description().is_empty());
    }
    assert!(matches!(Kind::parse("emial"), Err(Error::UnknownKind(_))));
    assert!(Kind::parse("id:").is_err());
    assert!(Kind::parse("id:has space").is_err());
    assert_eq!(Kind::parse("id:appointment").unwrap().label(), "id:appointment");
}

#[test]
fn person_rules_parse_to_canonical_form() {
    let rule = PersonRule::parse(" last | First[0] |sex|DOB").unwrap();
    assert_eq!(rule.canonical(), "LAST|FIRST[0]|SEX|DOB");
    assert_eq!(PersonRule::parse("surname|given[:1]|birth_date|zip3").unwrap().canonical(), "LAST|FIRST[0]|DOB|ZIP3");
    assert_eq!(PersonRule::parse("LAST|FIRST[:4]").unwrap().canonical(), "LAST|FIRST[:4]");
    for bad in ["LAST", "LAST|NICKNAME", "LAST|FIRST[", "LAST|FIRST[2]", "LAST|FIRST[:0]", "SEX|ZIP3", "LAST|LAST", ""]
    {
        assert!(matches!(PersonRule::parse(bad), Err(Error::InvalidRule { .. })), "{bad}");
    }
}

fn person_tokenizer(rule: &str) -> PersonTokenizer {
    PersonTokenizer::new(&KEY, PersonRule::parse(rule).unwrap(), NormalizeContext::current())
}

#[test]
fn person_tokens_normalize_each_field() {
    let t = person_tokenizer("LAST|FIRST[0]|SEX|DOB");
    let a = PersonFields {
        first: Some("José"),
        last: Some("Núñez Jr."),
        sex: Some("male"),
        birth_date: Some("02/03/1985"),
        ..Default::default()
    };
    let b = PersonFields {
        first: Some("JOSEPH"),
        last: Some("NUNEZ"),
        sex: Some("M"),
        birth_date: Some("1985-02-03"),
        ..Default::default()
    };
    assert_eq!(t.token(&a), t.token(&b));
    assert!(t.token(&a).is_some());
    let missing_sex = PersonFields { sex: Some("unknown"), ..b };
    assert_eq!(t.token(&missing_sex), None);
}

#[test]
fn person_token_fields_are_length_prefixed() {
    let t = person_tokenizer("LAST|FIRST");
    let a = PersonFields { last: Some("AB"), first: Some("C"), ..Default::default() };
    let b = PersonFields { last: Some("A"), first: Some("BC"), ..Default::default() };
    assert_ne!(t.token(&a), t.token(&b));
}

#[test]
fn person_rules_are_separate_domains() {
    let fields = PersonFields {
        last: Some("Smith"),
        first: Some("Ann"),
        birth_date: Some("1985-02-03"),
        postal_code: Some("02134"),
        ..Default::default()
    };
    assert_ne!(person_tokenizer("LAST|FIRST|DOB").token(&fields), person_tokenizer("FIRST|LAST|DOB").token(&fields));
    assert_ne!(
        person_tokenizer("LAST|FIRST|DOB").token(&fields),
        person_tokenizer("LAST|FIRST|DOB|ZIP3").token(&fields)
    );
    let one = PersonFields { last: Some("Smith"), ssn: Some("123-45-6788"), ..Default::default() };
    let other = PersonFields { ssn: Some("321-54-6788"), ..one };
    let (ssn4, ssn) = (person_tokenizer("LAST|SSN4"), person_tokenizer("LAST|SSN"));
    assert!(ssn4.token(&one).is_some());
    assert_eq!(ssn4.token(&one), ssn4.token(&other));
    assert_ne!(ssn.token(&one), ssn.token(&other));
}

proptest! {
    /// The primed implementation equals the reference `hmac` crate for any key, prefix and split.
    #[test]
    fn primed_hmac_matches_reference(key in proptest::collection::vec(any::<u8>(), 0..200),
                                     prefix in proptest::collection::vec(any::<u8>(), 0..150),
                                     a in proptest::collection::vec(any::<u8>(), 0..150),
                                     b in proptest::collection::vec(any::<u8>(), 0..80)) {
        use ::hmac::{KeyInit, Mac};
        let mut reference = <::hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key).unwrap();
        reference.update(&prefix);
        reference.update(&a);
        reference.update(&b);
        let want: [u8; 32] = reference.finalize().into_bytes().into();
        prop_assert_eq!(PrimedHmac::new(&key, &prefix).finish(&[&a, &b]), want);
    }

    #[test]
    fn tokens_never_panic_and_are_deterministic(kind_index in 0..BUILTIN_KINDS.len(), raw in any::<String>()) {
        let kind = BUILTIN_KINDS[kind_index].clone();
        let t = Tokenizer::new(&KEY, kind, NormalizeContext::current());
        prop_assert_eq!(t.token(&raw), t.token(&raw));
    }

    #[test]
    fn rule_and_kind_parsing_never_panics(text in any::<String>()) {
        let _ = PersonRule::parse(&text);
        let _ = Kind::parse(&text);
        let _ = Kind::parse(&format!("id:{text}"));
    }

    #[test]
    fn person_tokens_never_panic(first in any::<String>(), last in any::<String>(), dob in any::<String>(), n in 1usize..6) {
        let t = person_tokenizer(&format!("LAST[:{n}]|FIRST[0]|DOB|SSN4"));
        let fields = PersonFields { first: Some(&first), last: Some(&last), birth_date: Some(&dob), ssn: Some(&dob), ..Default::default() };
        prop_assert_eq!(t.token(&fields), t.token(&fields));
    }
}
