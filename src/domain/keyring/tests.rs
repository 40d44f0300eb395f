use super::*;

const HEX_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn material() -> Vec<u8> {
    (0u8..32).collect()
}

#[test]
fn decodes_hex_then_base64_then_raw() {
    assert_eq!(*decode_material(HEX_KEY.as_bytes()), material());
    assert_eq!(*decode_material(format!("  {HEX_KEY}\n").as_bytes()), material());
    let b64 = base64::engine::general_purpose::STANDARD.encode(material());
    assert_eq!(*decode_material(b64.as_bytes()), material());
    assert_eq!(*decode_material(format!("{}\n", b64.trim_end_matches('=')).as_bytes()), material());
    let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xfb_u8; 33]);
    assert_eq!(*decode_material(url.as_bytes()), vec![0xfb_u8; 33]);
    let raw = b"not hex, not base64: a long passphrase!!";
    assert_eq!(*decode_material(raw), raw.to_vec());
}

#[test]
fn refuses_short_material_without_echoing_it() {
    let ring = Keyring::new();
    let err = ring.insert("k", b"short-secret-value", SourceKind::Env, "env:K", None, 1).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("18 bytes") && text.contains("at least 32"), "{text}");
    assert!(!text.contains("short-secret-value"));
}

#[test]
fn purpose_and_version_separate_keys() {
    let m = material();
    let base = derive_token_key(&m, "bridge", 1);
    assert_ne!(*base, *derive_token_key(&m, "export", 1));
    assert_ne!(*base, *derive_token_key(&m, "bridge", 2));
    assert_eq!(*base, *derive_token_key(&m, "bridge", 1));
    assert_ne!(base.as_slice(), m.as_slice());
}

#[test]
fn fingerprint_is_stable_and_not_the_key() {
    let key = derive_token_key(&material(), "bridge", 1);
    let fp = fingerprint(&key);
    assert_eq!(fp.len(), 16);
    assert_eq!(fp, fingerprint(&key));
    let key_hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    assert!(!key_hex.contains(&fp));
}

#[test]
fn reload_is_idempotent_and_conflicts_are_refused() {
    let ring = Keyring::new();
    let (first, outcome) = ring.insert("bridge", &material(), SourceKind::Env, "env:A", None, 1).unwrap();
    assert_eq!(outcome, LoadOutcome::Loaded);
    let (again, outcome) = ring.insert("bridge", &material(), SourceKind::File, "file:/k", None, 1).unwrap();
    assert_eq!((outcome, again.id), (LoadOutcome::AlreadyLoaded, first.id));
    let err = ring.insert("bridge", &[7u8; 32], SourceKind::Env, "env:B", None, 1).unwrap_err();
    assert!(matches!(err, Error::KeyConflict { .. }), "{err}");
    assert_eq!(ring.list().len(), 1);
}

#[test]
fn resolves_versions_and_fails_closed() {
    let ring = Keyring::new();
    assert!(matches!(ring.resolve("bridge"), Err(Error::KeyNotLoaded(name)) if name == "bridge"));
    ring.insert("bridge", &material(), SourceKind::Env, "env:A", None, 1).unwrap();
    assert_eq!(ring.resolve("bridge").unwrap().version, 1);
    ring.insert("bridge", &material(), SourceKind::Env, "env:A", None, 2).unwrap();
    let err = ring.resolve("bridge").unwrap_err();
    assert!(err.to_string().contains("versions 1, 2") && err.to_string().contains("'bridge@2'"), "{err}");
    assert_eq!(ring.resolve("bridge@2").unwrap().version, 2);
    assert!(matches!(ring.resolve("bridge@3"), Err(Error::KeyNotLoaded(_))));
    assert!(ring.resolve("bad name").is_err());
    assert!(ring.resolve("bridge@x").is_err());
}

#[test]
fn unload_removes_and_reports() {
    let ring = Keyring::new();
    let (k1, _) = ring.insert("bridge", &material(), SourceKind::Env, "env:A", None, 1).unwrap();
    ring.insert("bridge", &material(), SourceKind::Env, "env:A", None, 2).unwrap();
    assert!(ring.is_loaded(k1.id));
    assert_eq!(ring.unload("bridge@1").unwrap(), 1);
    assert!(!ring.is_loaded(k1.id));
    assert_eq!(ring.unload("bridge").unwrap(), 1);
    assert!(matches!(ring.unload("bridge"), Err(Error::KeyNotLoaded(_))));
}

#[test]
fn locators_read_env_and_files_and_name_what_is_missing() {
    let ring = Keyring::new();
    let var = "CRM_EHR_KEYRING_TEST_KEY";
    // SAFETY: no other test reads or writes this variable.
    unsafe { std::env::set_var(var, HEX_KEY) };
    let (key, _) = ring.load("from_env", &format!("env:{var}"), Some("bridge"), 1).unwrap();
    assert_eq!(key.source_kind, SourceKind::Env);
    assert_eq!(key.token_key(), &*derive_token_key(&material(), "bridge", 1));

    let path = std::env::temp_dir().join(format!("crm_ehr_key_{}", std::process::id()));
    std::fs::write(&path, [9u8; 40]).unwrap();
    let (key, _) = ring.load("from_file", &format!("file:{}", path.display()), None, 1).unwrap();
    assert_eq!(key.token_key(), &*derive_token_key(&[9u8; 40], "from_file", 1));
    std::fs::remove_file(&path).unwrap();

    let err = ring.load("k", "env:CRM_EHR_DEFINITELY_UNSET", None, 1).unwrap_err().to_string();
    assert!(err.contains("'CRM_EHR_DEFINITELY_UNSET' is not set"), "{err}");
    let err = ring.load("k", "file:/nonexistent/crm_ehr.key", None, 1).unwrap_err().to_string();
    assert!(err.contains("cannot read key file '/nonexistent/crm_ehr.key'"), "{err}");
    let err = ring.load("k", HEX_KEY, None, 1).unwrap_err().to_string();
    assert!(err.contains("never accepted in SQL text") && !err.contains(HEX_KEY), "{err}");
}

#[test]
fn debug_output_hides_the_key() {
    let ring = Keyring::new();
    let (key, _) = ring.insert("bridge", &material(), SourceKind::Env, "env:A", None, 1).unwrap();
    let shown = format!("{key:?}");
    let key_hex: String = key.token_key().iter().map(|b| format!("{b:02x}")).collect();
    assert!(!shown.contains(&key_hex) && !shown.contains("token_key"), "{shown}");
}

proptest::proptest! {
    #[test]
    fn parsing_never_panics(text in proptest::prelude::any::<String>(), bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
        let _ = KeyRef::parse(&text);
        let _ = Locator::parse("k", &text);
        let decoded = decode_material(&bytes);
        proptest::prop_assert!(decoded.len() <= bytes.len());
        let ring = Keyring::new();
        let _ = ring.insert(&text, &bytes, SourceKind::Env, "env:X", Some(&text), 1);
        let _ = ring.resolve(&text);
        let _ = ring.unload(&text);
    }
}
