//! Composite person tokens: rules such as `LAST|FIRST[0]|SEX|DOB` or `LAST|FIRST|DOB|ZIP3`.
//!
//! A rule lists fields separated by `|`. A field may take a prefix of its normalized value:
//! `FIRST[0]` is the first letter, `LAST[:4]` the first four characters. Field names (any case):
//! `FIRST` (`FIRST_NAME`, `GIVEN`), `MIDDLE`, `LAST` (`LAST_NAME`, `FAMILY`, `SURNAME`), `SEX`
//! (`GENDER`), `DOB` (`BIRTH_DATE`), `ZIP5` (`ZIP`), `ZIP3`, `EMAIL`, `PHONE`, `SSN`, `SSN4` (the
//! last four digits). The token is `NULL` when any field normalizes to nothing.

use super::{Kind, NormalizeContext, PrimedHmac, Token, primed_mac};
use crate::error::{Error, Result};

/// A field a person rule can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonField {
    First,
    Middle,
    Last,
    Sex,
    BirthDate,
    Zip5,
    Zip3,
    Email,
    Phone,
    Ssn,
    Ssn4,
}

impl PersonField {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "FIRST" | "FIRST_NAME" | "GIVEN" => PersonField::First,
            "MIDDLE" | "MIDDLE_NAME" => PersonField::Middle,
            "LAST" | "LAST_NAME" | "FAMILY" | "SURNAME" => PersonField::Last,
            "SEX" | "GENDER" => PersonField::Sex,
            "DOB" | "BIRTH_DATE" => PersonField::BirthDate,
            "ZIP5" | "ZIP" => PersonField::Zip5,
            "ZIP3" => PersonField::Zip3,
            "EMAIL" => PersonField::Email,
            "PHONE" => PersonField::Phone,
            "SSN" => PersonField::Ssn,
            "SSN4" => PersonField::Ssn4,
            _ => return None,
        })
    }

    fn canonical_name(self) -> &'static str {
        match self {
            PersonField::First => "FIRST",
            PersonField::Middle => "MIDDLE",
            PersonField::Last => "LAST",
            PersonField::Sex => "SEX",
            PersonField::BirthDate => "DOB",
            PersonField::Zip5 => "ZIP5",
            PersonField::Zip3 => "ZIP3",
            PersonField::Email => "EMAIL",
            PersonField::Phone => "PHONE",
            PersonField::Ssn => "SSN",
            PersonField::Ssn4 => "SSN4",
        }
    }

    /// The single-identifier kind whose normalizer this field uses.
    fn kind(self) -> Kind {
        match self {
            PersonField::First => Kind::FirstName,
            PersonField::Middle => Kind::MiddleName,
            PersonField::Last => Kind::LastName,
            PersonField::Sex => Kind::Sex,
            PersonField::BirthDate => Kind::BirthDate,
            PersonField::Zip5 => Kind::Zip5,
            PersonField::Zip3 => Kind::Zip3,
            PersonField::Email => Kind::Email,
            PersonField::Phone => Kind::Phone,
            PersonField::Ssn | PersonField::Ssn4 => Kind::Ssn,
        }
    }

    /// Fields that narrow a match to few people; a rule needs at least one.
    fn is_identifying(self) -> bool {
        !matches!(self, PersonField::Sex | PersonField::Zip3 | PersonField::Zip5 | PersonField::Middle)
    }
}

/// One field of a rule, optionally cut to a prefix of its normalized value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FieldSpec {
    field: PersonField,
    prefix: Option<usize>,
}

/// A parsed composite rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRule {
    fields: Vec<FieldSpec>,
    canonical: String,
}

/// Raw values for one person; absent fields are `None`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonFields<'a> {
    pub first: Option<&'a str>,
    pub middle: Option<&'a str>,
    pub last: Option<&'a str>,
    pub sex: Option<&'a str>,
    pub birth_date: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub ssn: Option<&'a str>,
}

impl PersonFields<'_> {
    fn raw(&self, field: PersonField) -> Option<&str> {
        match field {
            PersonField::First => self.first,
            PersonField::Middle => self.middle,
            PersonField::Last => self.last,
            PersonField::Sex => self.sex,
            PersonField::BirthDate => self.birth_date,
            PersonField::Zip5 | PersonField::Zip3 => self.postal_code,
            PersonField::Email => self.email,
            PersonField::Phone => self.phone,
            PersonField::Ssn | PersonField::Ssn4 => self.ssn,
        }
    }
}

impl PersonRule {
    /// Parse a rule such as `LAST|FIRST[0]|SEX|DOB`.
    pub fn parse(text: &str) -> Result<Self> {
        let invalid = |reason: &str| Error::InvalidRule { rule: text.to_string(), reason: reason.to_string() };
        let mut fields = Vec::new();
        for part in text.split('|') {
            let part = part.trim().to_ascii_uppercase();
            let (name, prefix) = match part.split_once('[') {
                None => (part.as_str(), None),
                Some((name, rest)) => {
                    let inner = rest.strip_suffix(']').ok_or_else(|| invalid("a '[' is not closed by ']'"))?;
                    let prefix = match inner {
                        "0" => 1,
                        _ => inner
                            .strip_prefix(':')
                            .and_then(|n| n.parse::<usize>().ok())
                            .filter(|n| (1..=64).contains(n))
                            .ok_or_else(|| {
                                invalid("a prefix is written [0] (first character) or [:n] with n from 1 to 64")
                            })?,
                    };
                    (name, Some(prefix))
                }
            };
            let field =
                PersonField::parse(name.trim()).ok_or_else(|| invalid(&format!("unknown field '{}'", name.trim())))?;
            let spec = FieldSpec { field, prefix };
            if fields.contains(&spec) {
                return Err(invalid("a field is listed twice"));
            }
            fields.push(spec);
        }
        if fields.len() < 2 || fields.len() > 8 {
            return Err(invalid("a rule combines 2 to 8 fields"));
        }
        if !fields.iter().any(|f| f.field.is_identifying()) {
            return Err(invalid("a rule needs at least one of FIRST, LAST, DOB, EMAIL, PHONE, SSN, SSN4"));
        }
        let canonical = fields
            .iter()
            .map(|f| match f.prefix {
                None => f.field.canonical_name().to_string(),
                Some(1) => format!("{}[0]", f.field.canonical_name()),
                Some(n) => format!("{}[:{n}]", f.field.canonical_name()),
            })
            .collect::<Vec<_>>()
            .join("|");
        Ok(PersonRule { fields, canonical })
    }

    /// The rule in canonical spelling; part of the token's domain.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// Which raw inputs the rule reads.
    pub fn fields(&self) -> impl Iterator<Item = PersonField> + '_ {
        self.fields.iter().map(|f| f.field)
    }
}

/// Tokens of one person rule under one key.
#[derive(Debug, Clone)]
pub struct PersonTokenizer {
    rule: PersonRule,
    context: NormalizeContext,
    mac: PrimedHmac,
}

/// The version of the composite encoding; the fields' own rules versions follow it in the message.
const PERSON_ENCODING_VERSION: u32 = 1;

impl PersonTokenizer {
    pub fn new(token_key: &[u8; 32], rule: PersonRule, context: NormalizeContext) -> Self {
        let field_rules: Vec<String> = rule.fields().map(|f| f.kind().rules_version().to_string()).collect();
        let rules = format!("r{PERSON_ENCODING_VERSION}/{}", field_rules.join("."));
        let mac = primed_mac(token_key, &format!("person:{}", rule.canonical), &rules);
        PersonTokenizer { rule, context, mac }
    }

    /// The token, or `None` when any field of the rule normalizes to nothing.
    pub fn token(&self, person: &PersonFields<'_>) -> Option<Token> {
        let mut encoded = Vec::with_capacity(96);
        for spec in &self.rule.fields {
            let canonical = spec.field.kind().normalize(person.raw(spec.field)?, &self.context)?;
            let mut value: &str = &canonical;
            if spec.field == PersonField::Ssn4 {
                value = value.get(value.len().saturating_sub(4)..)?;
            }
            if let Some(n) = spec.prefix {
                value = value.char_indices().nth(n).map_or(value, |(end, _)| value.get(..end).unwrap_or(value));
            }
            let length = u32::try_from(value.len()).ok()?;
            encoded.extend_from_slice(&length.to_be_bytes());
            encoded.extend_from_slice(value.as_bytes());
        }
        Some(self.mac.finish(&[&encoded]))
    }
}
