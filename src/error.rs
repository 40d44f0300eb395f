//! The crate's one error type.
//!
//! Domain code returns [`Error`]; the SQL adapters in [`crate::functions`] prefix the message with
//! the function name and hand it to DuckDB as an invalid-input error (never an internal error,
//! which would invalidate the user's database). Messages name keys, columns, kinds and rules, and
//! never carry key material or an identifier value.

/// Result alias for domain code.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in crm_ehr, classified by what the caller has to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// No loaded key answers to this reference.
    #[error(
        "key '{0}' is not loaded in this database; load it first with PRAGMA crm_ehr_load_key('{0}', 'env:VARIABLE')"
    )]
    KeyNotLoaded(String),
    /// Several versions of a key are loaded and the reference did not pick one.
    #[error("key '{name}' is loaded in versions {versions}; name one, e.g. '{name}@{latest}'")]
    KeyVersionAmbiguous { name: String, versions: String, latest: u32 },
    /// The key's source could not provide usable material.
    #[error("key '{name}': {reason}")]
    KeySource { name: String, reason: String },
    /// The same key name and version is loaded already with other material.
    #[error(
        "key '{name}' version {version} is already loaded with different material (fingerprint {fingerprint}); unload it first with PRAGMA crm_ehr_unload_key('{name}@{version}')"
    )]
    KeyConflict { name: String, version: u32, fingerprint: String },
    /// A token kind or composite rule nobody defined.
    #[error("unknown token kind '{0}'; see phi_token_kinds() for the list")]
    UnknownKind(String),
    /// A composite token rule that does not parse.
    #[error("invalid person token rule '{rule}': {reason}")]
    InvalidRule { rule: String, reason: String },
    /// An argument with a wrong value or form (not a data value: those normalize to NULL).
    #[error("{0}")]
    InvalidArgument(String),
}

impl Error {
    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }
}
