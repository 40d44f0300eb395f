//! Pure Rust logic, free of DuckDB types, so `cargo test` covers it directly.
//!
//! - [`normalize`]: versioned normalizers that turn raw identifiers into canonical matching signals.
//! - [`keyring`]: keys loaded by name from `env:`/`file:` locators, HKDF per purpose, zeroized on drop.
//! - [`token`]: keyed-hash tokens (HMAC-SHA256) over domain-separated, versioned messages.

pub mod keyring;
pub mod normalize;
pub mod token;
