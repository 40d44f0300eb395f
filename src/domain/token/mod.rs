//! Keyed-hash tokens: HMAC-SHA256 under a keyring key, over a versioned, domain-separated message.
//!
//! The message for a single identifier is a header, zero-padded to a whole 64-byte block, then
//! the normalized value:
//!
//! ```text
//! "crm_ehr.token.v1" 0x1F <kind label> 0x1F "r" <rules version> 0x1F 0x00... | <normalized value>
//! ```
//!
//! so the same text as an email and as a phone gives unrelated tokens, and a change of
//! normalization rules opens a new namespace. Labels and versions never contain 0x1F or 0x00, and
//! the value starts at the first block boundary after the header, so the encoding is
//! unambiguous. The padding lets the header be absorbed once per key and kind: a value of up to
//! 55 bytes then costs two SHA-256 compressions. Values that normalize to nothing give no token:
//! a missing value must never link two people.
//!
//! Composite person tokens ([`PersonRule`], e.g. `LAST|FIRST[0]|SEX|DOB`) use the label
//! `person:<canonical rule>`, the rules `r1/<each field's rules version>`, and encode their fields
//! with a 4-byte big-endian length prefix each, so no choice of field values can collide with
//! another split of the same bytes.
//!
//! Forms: the full 32 bytes ([`Token`]), the join form (the first 16 bytes as a big-endian
//! `u128`, DuckDB's `UHUGEINT`: the fastest safe join key), and text (unpadded URL-safe base64,
//! 43 characters).

mod hmac;
mod person;

pub use hmac::{PrimedHmac, hmac_sha256};
pub use person::{PersonField, PersonFields, PersonRule, PersonTokenizer};

use std::borrow::Cow;

use base64::Engine as _;
use phonenumber::country;

use super::normalize::date::{self, Date, DateOrder};
use super::normalize::{address, email, mrn, name, phone, postal, sex, ssn};
use crate::error::{Error, Result};

/// Version of the message layout; part of every message.
pub const MESSAGE_VERSION: &str = "crm_ehr.token.v1";
const SEPARATOR: u8 = 0x1f;

/// A full-width token.
pub type Token = [u8; 32];

/// The join form: the first 128 bits, big-endian.
pub fn join_form(token: &Token) -> u128 {
    let mut head = [0u8; 16];
    head.copy_from_slice(token.get(..16).unwrap_or(&[0u8; 16]));
    u128::from_be_bytes(head)
}

/// The text form: unpadded URL-safe base64 of all 32 bytes.
pub fn text_form(token: &Token) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token)
}

/// What a value is; decides its normalizer and its domain in the message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    Email,
    Phone,
    Ssn,
    BirthDate,
    FirstName,
    MiddleName,
    LastName,
    Zip5,
    Zip3,
    Sex,
    Mrn,
    StreetAddress,
    /// An opaque identifier in a caller-chosen namespace (`id:appointment`): trimmed, else as is.
    Id(String),
}

/// The fixed kinds, in documentation order.
pub const BUILTIN_KINDS: &[Kind] = &[
    Kind::Email,
    Kind::Phone,
    Kind::Ssn,
    Kind::BirthDate,
    Kind::FirstName,
    Kind::MiddleName,
    Kind::LastName,
    Kind::Zip5,
    Kind::Zip3,
    Kind::Sex,
    Kind::Mrn,
    Kind::StreetAddress,
];

impl Kind {
    /// Parse a kind label such as `email` or `id:appointment`.
    pub fn parse(text: &str) -> Result<Kind> {
        let label = text.trim().to_ascii_lowercase();
        if let Some(namespace) = label.strip_prefix("id:") {
            let ok = !namespace.is_empty()
                && namespace.len() <= 64
                && namespace.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
            return if ok {
                Ok(Kind::Id(namespace.to_string()))
            } else {
                Err(Error::invalid(format!(
                    "token kind '{text}': the namespace after 'id:' must be 1-64 letters, digits, '_', '-' or '.'"
                )))
            };
        }
        BUILTIN_KINDS.iter().find(|k| k.label() == label).cloned().ok_or_else(|| Error::UnknownKind(text.to_string()))
    }

    /// The label hashed into the message.
    pub fn label(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Ssn => "ssn",
            Kind::BirthDate => "birth_date",
            Kind::FirstName => "first_name",
            Kind::MiddleName => "middle_name",
            Kind::LastName => "last_name",
            Kind::Zip5 => "zip5",
            Kind::Zip3 => "zip3",
            Kind::Sex => "sex",
            Kind::Mrn => "mrn",
            Kind::StreetAddress => "street_address",
            Kind::Id(namespace) => return Cow::Owned(format!("id:{namespace}")),
        })
    }

    /// The version of the normalization rules this kind hashes.
    pub fn rules_version(&self) -> u32 {
        match self {
            Kind::Email => email::RULES_VERSION,
            Kind::Phone => phone::RULES_VERSION,
            Kind::Ssn => ssn::RULES_VERSION,
            Kind::BirthDate => date::RULES_VERSION,
            Kind::FirstName | Kind::MiddleName | Kind::LastName => name::RULES_VERSION,
            Kind::Zip5 | Kind::Zip3 => postal::RULES_VERSION,
            Kind::Sex => sex::RULES_VERSION,
            Kind::Mrn => mrn::RULES_VERSION,
            Kind::StreetAddress => address::RULES_VERSION,
            Kind::Id(_) => 1,
        }
    }

    /// One line on what the kind normalizes, for `phi_token_kinds()`.
    pub fn description(&self) -> &'static str {
        match self {
            Kind::Email => "email address: case-folded, gmail dots and +tags folded, placeholders dropped",
            Kind::Phone => {
                "phone number: E.164 via libphonenumber metadata, default region US, fictional numbers dropped"
            }
            Kind::Ssn => "US SSN: nine digits, never-issued and test numbers dropped",
            Kind::BirthDate => "birth date: YYYY-MM-DD from ISO, US month-first, dotted day-first and month-name forms",
            Kind::FirstName => {
                "first name: NFKC, ASCII transliteration, upper case, titles/suffixes and placeholders dropped"
            }
            Kind::MiddleName => "middle name: same rules as first_name",
            Kind::LastName => "last name: same rules as first_name",
            Kind::Zip5 => "US ZIP code, five digits (ZIP+4 truncated)",
            Kind::Zip3 => "first three digits of the US ZIP code",
            Kind::Sex => "administrative sex: F, M or X",
            Kind::Mrn => "record number: upper case, separators and leading zeros removed",
            Kind::StreetAddress => {
                "street address line: upper-case ASCII, punctuation removed, USPS suffix abbreviations"
            }
            Kind::Id(_) => "opaque identifier in a caller-chosen namespace: trimmed",
        }
    }

    /// The canonical text that is hashed, or `None` when the value is empty, invalid or a
    /// placeholder.
    pub fn normalize<'a>(&self, raw: &'a str, context: &NormalizeContext) -> Option<Cow<'a, str>> {
        let owned = match self {
            Kind::Email => email::normalize(raw),
            Kind::Phone => phone::normalize(raw, context.phone_region),
            Kind::Ssn => ssn::normalize(raw),
            Kind::BirthDate => date::normalize(raw, DateOrder::Mdy, context.today).map(|d| d.to_string()),
            Kind::FirstName | Kind::MiddleName | Kind::LastName => name::normalize(raw),
            Kind::Zip5 => postal::zip5(raw),
            Kind::Zip3 => postal::zip3(raw),
            Kind::Sex => return sex::normalize(raw).map(Cow::Borrowed),
            Kind::Mrn => mrn::normalize(raw),
            Kind::StreetAddress => address::normalize(raw),
            Kind::Id(_) => {
                let trimmed = super::normalize::trim(raw);
                return (!trimmed.is_empty()).then_some(Cow::Borrowed(trimmed));
            }
        };
        owned.map(Cow::Owned)
    }

    /// The canonical text of a typed date: birth dates pass the plausibility check, other kinds
    /// see the date as `YYYY-MM-DD` text.
    pub fn normalize_date(&self, value: Date, context: &NormalizeContext) -> Option<Cow<'static, str>> {
        match self {
            Kind::BirthDate => date::plausible(value, context.today).map(|d| Cow::Owned(d.to_string())),
            _ => self.normalize(&value.to_string(), context).map(|text| Cow::Owned(text.into_owned())),
        }
    }
}

/// What normalization depends on besides the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormalizeContext {
    /// Birth dates after this day are implausible.
    pub today: Date,
    /// Region for phone numbers without a country code.
    pub phone_region: country::Id,
}

impl NormalizeContext {
    /// Today's date and the default phone region.
    pub fn current() -> Self {
        NormalizeContext { today: Date::today_utc(), phone_region: country::Id::US }
    }
}

/// SHA-256's block size: the header is padded to a multiple of it.
const HEADER_BLOCK: usize = 64;

/// The message header `MESSAGE_VERSION 0x1F label 0x1F rules 0x1F`, zero-padded to whole blocks.
fn header(label: &str, rules: &str) -> Vec<u8> {
    let mut header = Vec::with_capacity(HEADER_BLOCK * 2);
    for part in [MESSAGE_VERSION, label, rules] {
        header.extend_from_slice(part.as_bytes());
        header.push(SEPARATOR);
    }
    header.resize(header.len().div_ceil(HEADER_BLOCK) * HEADER_BLOCK, 0);
    header
}

/// The HMAC primed with the header; values are finished per row.
fn primed_mac(token_key: &[u8; 32], label: &str, rules: &str) -> PrimedHmac {
    PrimedHmac::new(token_key, &header(label, rules))
}

/// Tokens of one kind under one key.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    kind: Kind,
    context: NormalizeContext,
    mac: PrimedHmac,
}

impl Tokenizer {
    pub fn new(token_key: &[u8; 32], kind: Kind, context: NormalizeContext) -> Self {
        let mac = primed_mac(token_key, &kind.label(), &format!("r{}", kind.rules_version()));
        Tokenizer { kind, context, mac }
    }

    pub fn kind(&self) -> &Kind {
        &self.kind
    }

    /// Normalize and hash a raw value; `None` when it normalizes to nothing.
    pub fn token(&self, raw: &str) -> Option<Token> {
        self.kind.normalize(raw, &self.context).map(|canonical| self.hash_canonical(canonical.as_bytes()))
    }

    /// Normalize and hash a value that arrives typed as a date (see [`Kind::normalize_date`]).
    pub fn date_token(&self, value: Date) -> Option<Token> {
        self.kind.normalize_date(value, &self.context).map(|canonical| self.hash_canonical(canonical.as_bytes()))
    }

    /// Hash text that is already canonical for this kind.
    pub fn hash_canonical(&self, canonical: &[u8]) -> Token {
        self.mac.finish(&[canonical])
    }
}

#[cfg(test)]
mod tests;
