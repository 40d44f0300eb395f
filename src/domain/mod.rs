//! Pure Rust logic, free of DuckDB types, so `cargo test` covers it directly.
//!
//! - [`normalize`]: versioned normalizers that turn raw identifiers into canonical matching signals.
//! - [`identity`]: record comparison, nicknames, Soundex, the Fellegi-Sunter model, safeguarded clustering.
//! - [`instant`]: UTC instants and the instant text forms exports use.
//! - [`keyring`]: keys loaded by name from `env:`/`file:` locators, HKDF per purpose, zeroized on drop.
//! - [`phi`]: content detectors, name dictionaries and column verdicts for `phi_scan`.
//! - [`status`]: the canonical status vocabulary and the built-in FHIR / HL7 v2 / label mapping.
//! - [`token`]: keyed-hash tokens (HMAC-SHA256) over domain-separated, versioned messages.

pub mod identity;
pub mod instant;
pub mod keyring;
pub mod normalize;
pub mod phi;
pub mod status;
pub mod token;
