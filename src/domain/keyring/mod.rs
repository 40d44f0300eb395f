//! The keyring: secret keys loaded by name, per database instance, never from SQL text.
//!
//! A key is read from a locator, `env:VARIABLE` or `file:/path`, whose content is decoded as
//! (first match wins, on the content with surrounding ASCII whitespace removed):
//! 1. hex, when every character is a hex digit and the count is even (`openssl rand -hex 32`);
//! 2. base64, standard or URL-safe alphabet, padding optional (`openssl rand -base64 32`);
//! 3. otherwise the raw bytes, untrimmed (`head -c 32 /dev/urandom > key`).
//!
//! The decoded material must be at least [`MIN_KEY_BYTES`] long. It is used once, to derive the
//! token key with HKDF-SHA256 (info = purpose and version), and then zeroed; only the derived key
//! is kept, itself zeroed when the last user drops it. Distinct purposes or versions derive
//! unrelated keys from the same material, so a bridge token never joins an export token.
//!
//! A key is identified by `name` and `version`; references are `name` (when one version is
//! loaded) or `name@version`. Listing shows a fingerprint, an HMAC of a fixed label under the
//! token key, which tells two sessions whether their tokens agree without revealing the key.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use base64::Engine as _;
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The shortest key material accepted, in bytes (the HMAC-SHA256 block security level).
pub const MIN_KEY_BYTES: usize = 32;
/// Key files larger than this are not key files.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;
const HKDF_SALT: &[u8] = b"crm_ehr.keyring.v1";
const FINGERPRINT_LABEL: &[u8] = b"crm_ehr.fingerprint.v1";

/// Where a key's material came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Env,
    File,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Env => "env",
            SourceKind::File => "file",
        }
    }
}

/// A parsed `env:VARIABLE` or `file:PATH` locator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    pub kind: SourceKind,
    pub target: String,
}

impl Locator {
    /// Parse a locator; `key` names the key in error messages.
    pub fn parse(key: &str, text: &str) -> Result<Self> {
        let source = |reason: String| Error::KeySource { name: key.to_string(), reason };
        let (kind, target) = match text.split_once(':') {
            Some(("env", target)) => (SourceKind::Env, target),
            Some(("file", target)) => (SourceKind::File, target),
            _ => {
                return Err(source(
                    "the locator must be 'env:VARIABLE' or 'file:PATH'; key material is never accepted in SQL text"
                        .into(),
                ));
            }
        };
        if target.trim().is_empty() {
            return Err(source(format!("the {} locator names no {}", kind.as_str(), target_noun(kind))));
        }
        Ok(Locator { kind, target: target.to_string() })
    }

    /// Read the material (not yet decoded). Errors name the variable or path, never content.
    fn read(&self, key: &str) -> Result<Zeroizing<Vec<u8>>> {
        let source = |reason: String| Error::KeySource { name: key.to_string(), reason };
        match self.kind {
            SourceKind::Env => {
                let value = std::env::var_os(&self.target)
                    .ok_or_else(|| source(format!("environment variable '{}' is not set", self.target)))?;
                Ok(Zeroizing::new(value.into_encoded_bytes()))
            }
            SourceKind::File => {
                let path = std::path::Path::new(&self.target);
                let size = std::fs::metadata(path)
                    .map_err(|e| source(format!("cannot read key file '{}': {}", self.target, e.kind())))?
                    .len();
                if size > MAX_KEY_FILE_BYTES {
                    return Err(source(format!(
                        "key file '{}' is {size} bytes, too large for a key file",
                        self.target
                    )));
                }
                std::fs::read(path)
                    .map(Zeroizing::new)
                    .map_err(|e| source(format!("cannot read key file '{}': {}", self.target, e.kind())))
            }
        }
    }
}

fn target_noun(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Env => "variable",
        SourceKind::File => "path",
    }
}

/// Decode key text as hex, then base64, else take the bytes as they are (see the module docs).
pub fn decode_material(raw: &[u8]) -> Zeroizing<Vec<u8>> {
    let trimmed = raw.trim_ascii();
    let is_hex = !trimmed.is_empty() && trimmed.len().is_multiple_of(2) && trimmed.iter().all(u8::is_ascii_hexdigit);
    if is_hex {
        let nibble = |c: &u8| (*c as char).to_digit(16).and_then(|d| u8::try_from(d).ok()).unwrap_or_default();
        let byte = |pair: &[u8]| pair.iter().fold(0u8, |acc, c| acc << 4 | nibble(c));
        return Zeroizing::new(trimmed.chunks_exact(2).map(byte).collect());
    }
    let unpadded: &[u8] = {
        let mut end = trimmed.len();
        while end > 0 && trimmed.get(end - 1) == Some(&b'=') {
            end -= 1;
        }
        trimmed.get(..end).unwrap_or_default()
    };
    if trimmed.is_empty() {
        return Zeroizing::new(raw.to_vec());
    }
    for engine in [&base64::engine::general_purpose::STANDARD_NO_PAD, &base64::engine::general_purpose::URL_SAFE_NO_PAD]
    {
        if let Ok(decoded) = engine.decode(unpadded) {
            return Zeroizing::new(decoded);
        }
    }
    Zeroizing::new(raw.to_vec())
}

/// A reference to a loaded key: `name` or `name@version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRef {
    pub name: String,
    pub version: Option<u32>,
}

impl KeyRef {
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let (name, version) = match text.rsplit_once('@') {
            Some((name, v)) => {
                let version = v.parse::<u32>().map_err(|_| {
                    Error::invalid(format!("key reference '{text}': the part after '@' must be a version number"))
                })?;
                (name, Some(version))
            }
            None => (text, None),
        };
        validate_identifier("key name", name)?;
        Ok(KeyRef { name: name.to_string(), version })
    }
}

impl fmt::Display for KeyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            Some(v) => write!(f, "{}@{v}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Names and purposes: 1-64 of letters, digits, `_`, `-`, `.`.
fn validate_identifier(what: &str, text: &str) -> Result<()> {
    let ok = (1..=64).contains(&text.len())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("{what} '{text}' must be 1-64 letters, digits, '_', '-' or '.'")))
    }
}

/// One loaded key: its metadata and the derived token key. `Debug` never shows the key.
pub struct LoadedKey {
    /// Unique within the process; lets cached users check that the key is still loaded.
    pub id: u64,
    pub name: String,
    pub version: u32,
    pub purpose: String,
    pub fingerprint: String,
    pub source_kind: SourceKind,
    pub locator: String,
    /// Microseconds since the Unix epoch, UTC.
    pub loaded_at_micros: i64,
    token_key: Zeroizing<[u8; 32]>,
}

impl LoadedKey {
    /// The HKDF-derived key that tokens are computed with.
    pub fn token_key(&self) -> &[u8; 32] {
        &self.token_key
    }

    /// `name@version`.
    pub fn reference(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }
}

impl fmt::Debug for LoadedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadedKey")
            .field("name", &self.name)
            .field("version", &self.version)
            .field("purpose", &self.purpose)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

/// Derive the per-purpose, per-version token key from master material.
pub fn derive_token_key(material: &[u8], purpose: &str, version: u32) -> Zeroizing<[u8; 32]> {
    let info = format!("purpose={purpose}\u{1f}version={version}");
    let mut okm = Zeroizing::new([0u8; 32]);
    // 32 bytes is far below HKDF-SHA256's 8160-byte output limit, so expand cannot fail.
    let _ = Hkdf::<Sha256>::new(Some(HKDF_SALT), material).expand(info.as_bytes(), okm.as_mut());
    okm
}

/// HMAC of a fixed label under the token key, hex, 16 characters.
pub fn fingerprint(token_key: &[u8; 32]) -> String {
    crate::domain::token::hmac_sha256(token_key, FINGERPRINT_LABEL).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The keys loaded into one database instance.
#[derive(Debug, Default)]
pub struct Keyring {
    keys: RwLock<Vec<Arc<LoadedKey>>>,
}

static NEXT_KEY_ID: AtomicU64 = AtomicU64::new(1);

/// What a load did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadOutcome {
    Loaded,
    /// The same name, version and material was loaded already; nothing changed.
    AlreadyLoaded,
}

impl Keyring {
    pub fn new() -> Self {
        Self::default()
    }

    /// Load a key from its locator. `purpose` defaults to the key name.
    pub fn load(
        &self,
        name: &str,
        locator: &str,
        purpose: Option<&str>,
        version: u32,
    ) -> Result<(Arc<LoadedKey>, LoadOutcome)> {
        validate_identifier("key name", name)?;
        let parsed = Locator::parse(name, locator)?;
        let raw = parsed.read(name)?;
        let material = decode_material(&raw);
        self.insert(name, &material, parsed.kind, locator, purpose, version)
    }

    /// Load key material directly (the locator only labels it). Used by `load` and by tests.
    pub fn insert(
        &self,
        name: &str,
        material: &[u8],
        source_kind: SourceKind,
        locator: &str,
        purpose: Option<&str>,
        version: u32,
    ) -> Result<(Arc<LoadedKey>, LoadOutcome)> {
        validate_identifier("key name", name)?;
        let purpose = purpose.unwrap_or(name);
        validate_identifier("key purpose", purpose)?;
        if version == 0 {
            return Err(Error::invalid(format!("key '{name}': versions start at 1")));
        }
        if material.len() < MIN_KEY_BYTES {
            return Err(Error::KeySource {
                name: name.to_string(),
                reason: format!(
                    "the key material is {} bytes after decoding; at least {MIN_KEY_BYTES} are required (e.g. openssl rand -hex 32)",
                    material.len()
                ),
            });
        }
        let token_key = derive_token_key(material, purpose, version);
        let fingerprint = fingerprint(&token_key);
        let mut keys = self.keys.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(existing) = keys.iter().find(|k| k.name == name && k.version == version) {
            if existing.fingerprint == fingerprint && existing.purpose == purpose {
                return Ok((Arc::clone(existing), LoadOutcome::AlreadyLoaded));
            }
            return Err(Error::KeyConflict {
                name: name.to_string(),
                version,
                fingerprint: existing.fingerprint.clone(),
            });
        }
        let key = Arc::new(LoadedKey {
            id: NEXT_KEY_ID.fetch_add(1, Ordering::Relaxed),
            name: name.to_string(),
            version,
            purpose: purpose.to_string(),
            fingerprint,
            source_kind,
            locator: locator.to_string(),
            loaded_at_micros: now_micros(),
            token_key,
        });
        keys.push(Arc::clone(&key));
        Ok((key, LoadOutcome::Loaded))
    }

    /// Unload `name` (every version) or `name@version`; returns how many keys were removed.
    /// The derived key is zeroed once no running query holds it any more.
    pub fn unload(&self, reference: &str) -> Result<usize> {
        let r = KeyRef::parse(reference)?;
        let mut keys = self.keys.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let before = keys.len();
        keys.retain(|k| !(k.name == r.name && r.version.is_none_or(|v| v == k.version)));
        match before - keys.len() {
            0 => Err(Error::KeyNotLoaded(r.to_string())),
            n => Ok(n),
        }
    }

    /// Find the key a reference names; fails closed when it is not loaded or is ambiguous.
    pub fn resolve(&self, reference: &str) -> Result<Arc<LoadedKey>> {
        let r = KeyRef::parse(reference)?;
        let keys = self.keys.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut matching: Vec<&Arc<LoadedKey>> =
            keys.iter().filter(|k| k.name == r.name && r.version.is_none_or(|v| v == k.version)).collect();
        matching.sort_by_key(|k| k.version);
        match matching.as_slice() {
            [] => Err(Error::KeyNotLoaded(r.to_string())),
            [one] => Ok(Arc::clone(one)),
            several => Err(Error::KeyVersionAmbiguous {
                name: r.name.clone(),
                versions: several.iter().map(|k| k.version.to_string()).collect::<Vec<_>>().join(", "),
                latest: several.last().map_or(1, |k| k.version),
            }),
        }
    }

    /// Whether the key with this id is still loaded.
    pub fn is_loaded(&self, id: u64) -> bool {
        self.keys.read().unwrap_or_else(|poisoned| poisoned.into_inner()).iter().any(|k| k.id == id)
    }

    /// Every loaded key, ordered by name and version.
    pub fn list(&self) -> Vec<Arc<LoadedKey>> {
        let mut keys = self.keys.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        keys.sort_by(|a, b| (&a.name, a.version).cmp(&(&b.name, b.version)));
        keys
    }
}

fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
