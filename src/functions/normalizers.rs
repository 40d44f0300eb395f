//! Normalizer scalars: `phi_normalize(kind, value)` and one `phi_normalize_<kind>` per kind.
//!
//! They return exactly the canonical text that `phi_token` hashes (birth dates as `DATE` from
//! `phi_normalize_birth_date`), so the restricted zone can match on the same signals it tokenizes.

use duckdb_neo::{
    DuckDBType,
    bind_arguments::BindArguments,
    connection::Context,
    data_chunk::VectorCollection,
    enums::{FunctionProperty, FunctionPropertyStability},
    extension::Extension,
    scalar::{ScalarBindCallbacks, ScalarCallbacks, ScalarFunctionBuilder},
    signature::{FunctionParameter, SignatureBuilder},
    types::{Any, DateValue},
    vector::{Unknown, Vector},
};

use super::cells::{Cell, CellType, Column, Identifier};
use super::{Doc, constant_text, sql_error};
use crate::domain::normalize::date::{self, Date, DateOrder};
use crate::domain::normalize::phone;
use crate::domain::token::{Kind, NormalizeContext};

/// What a registered normalizer function normalizes.
#[derive(Debug, Clone)]
enum Target {
    /// `phi_normalize(kind, value)`: the kind is the first argument.
    AnyKind,
    /// `phi_normalize_<kind>(value)`.
    Fixed(Kind),
    /// `phi_normalize_phone(value, region)`.
    Phone,
    /// `phi_normalize_birth_date(value, date_order)`, returning `DATE`.
    BirthDate,
}

struct Normalize {
    name: String,
    target: Target,
}

/// The operation a call site performs, fixed at bind time.
#[derive(Debug, Clone, PartialEq)]
enum Operation {
    Text(Kind, NormalizeContext),
    BirthDate(DateOrder, Date),
}

#[derive(Debug, PartialEq)]
struct NormalizeBind {
    operation: Operation,
    value_index: usize,
    value_type: CellType,
}

impl ScalarBindCallbacks for Normalize {
    fn bind(&self, _context: &Context, arguments: BindArguments<'_>) -> duckdb_neo::Result<NormalizeBind> {
        let mut context = NormalizeContext::current();
        let (operation, value_index) = match &self.target {
            Target::AnyKind => {
                let kind = constant_text(&arguments, 0, &self.name, "kind")?;
                (Operation::Text(Kind::parse(&kind).map_err(|e| sql_error(&self.name, e))?, context), 1)
            }
            Target::Fixed(kind) => (Operation::Text(kind.clone(), context), 0),
            Target::Phone => {
                let region = constant_text(&arguments, 1, &self.name, "region")?;
                context.phone_region = phone::region(&region).ok_or_else(|| {
                    sql_error(
                        &self.name,
                        format!("region '{region}' is not an ISO 3166 region code such as 'US' or 'GB'"),
                    )
                })?;
                (Operation::Text(Kind::Phone, context), 0)
            }
            Target::BirthDate => {
                let order = constant_text(&arguments, 1, &self.name, "date_order")?;
                let order = DateOrder::parse(&order)
                    .ok_or_else(|| sql_error(&self.name, format!("date_order '{order}' must be 'MDY' or 'DMY'")))?;
                (Operation::BirthDate(order, context.today), 0)
            }
        };
        let value_type = CellType::of(&self.name, "value", &arguments.logical_type(value_index)?)?;
        Ok(NormalizeBind { operation, value_index, value_type })
    }
}

impl ScalarCallbacks for Normalize {
    type BindData = NormalizeBind;
    type InitData = ();

    fn exec(
        &self,
        bind: Option<&NormalizeBind>,
        _init: Option<&mut ()>,
        _context: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let bind = bind.ok_or_else(|| sql_error(&self.name, "called without being bound"))?;
        let rows = vectors.row_count()?;
        let mut values = Column::new(vectors, bind.value_index, bind.value_type)?;
        match &bind.operation {
            Operation::Text(kind, context) => {
                let mut output = output.cast::<String>()?;
                output.set_size(rows)?;
                let mut writer = output.writer()?;
                for row in 0..rows {
                    let canonical = match values.get(row)?.map(Cell::identifier) {
                        None => None,
                        Some(Identifier::Text(text)) => kind.normalize(text, context),
                        Some(Identifier::Date(value)) => kind.normalize_date(value, context),
                    };
                    writer.set(row, canonical.as_deref())?;
                }
            }
            Operation::BirthDate(order, today) => {
                let mut output = output.cast::<DateValue>()?;
                output.set_size(rows)?;
                let mut writer = output.writer()?;
                for row in 0..rows {
                    let normalized = match values.get(row)?.map(Cell::identifier) {
                        None => None,
                        Some(Identifier::Text(text)) => date::normalize(text, *order, *today),
                        Some(Identifier::Date(value)) => date::plausible(value, *today),
                    };
                    writer.set(row, normalized.map(|d| DateValue(d.to_epoch_days())))?;
                }
            }
        }
        Ok(())
    }
}

/// The fixed-kind functions: (name, kind, description, example).
const FIXED: [(&str, Kind, &str, &str); 8] = [
    (
        "phi_normalize_address",
        Kind::StreetAddress,
        "Normalized street address line: upper-case ASCII, punctuation as spaces, single spaces, USPS abbreviations \
         for suffixes and directions (STREET -> ST, NORTH -> N). NULL for empty and placeholder values.",
        "phi_normalize_address('12 Main Street, Apt. 4')",
    ),
    (
        "phi_normalize_email",
        Kind::Email,
        "Normalized email: trimmed, case-folded, exactly one @, valid domain; dots and +tags folded for gmail.com and \
         googlemail.com only. NULL for invalid or placeholder addresses (noemail@..., test@test.com, example.com).",
        "phi_normalize_email(' Jane.Doe+news@GoogleMail.com ')",
    ),
    (
        "phi_normalize_name",
        Kind::FirstName,
        "Normalized person name: NFKC, ASCII transliteration (Ł→L, Ø→O, Æ→AE, ß→SS), upper case, apostrophes \
         joined, other punctuation as spaces, leading titles and trailing suffixes removed. NULL for placeholders \
         (UNKNOWN, BABY BOY, FNU, TEST PATIENT).",
        "phi_normalize_name('Dr. José Núñez Jr.')",
    ),
    (
        "phi_normalize_ssn",
        Kind::Ssn,
        "Normalized US SSN as nine digits; NULL for area 000/666/9xx, group 00, serial 0000, known test numbers and \
         repeated digits.",
        "phi_normalize_ssn('123-45-6788')",
    ),
    (
        "phi_normalize_zip5",
        Kind::Zip5,
        "Five-digit US ZIP code from ZIP, ZIP+4 or a four-digit value that lost its leading zero; NULL otherwise.",
        "phi_normalize_zip5('02134-1234')",
    ),
    (
        "phi_normalize_zip3",
        Kind::Zip3,
        "First three digits of the US ZIP code; NULL when there is no valid ZIP.",
        "phi_normalize_zip3('02134')",
    ),
    (
        "phi_normalize_sex",
        Kind::Sex,
        "Administrative sex as F, M or X (other, non-binary, intersex); NULL for unknown, declined or numeric codes.",
        "phi_normalize_sex('Female')",
    ),
    (
        "phi_normalize_mrn",
        Kind::Mrn,
        "Normalized record number: upper case, separators and leading zeros removed; NULL for empty, all-zero or \
         placeholder values.",
        "phi_normalize_mrn(' 00-012 345 ')",
    ),
];

const GENERIC_DOC: Doc = Doc {
    description: "The canonical text phi_token hashes for a kind (see phi_token_kinds()), or NULL when the value is \
                  empty, invalid or a placeholder.",
    examples: &["phi_normalize('phone', '+1 (617) 253-1000 x12')", "phi_normalize('birth_date', '03-FEB-1985')"],
    category: "crm_ehr.normalize",
};

const PHONE_DOC: Doc = Doc {
    description: "Phone number in E.164 via libphonenumber metadata; numbers without a country code are read in \
                  region (default 'US'); extensions dropped; invalid, fictional (555-01XX) and filler numbers give NULL.",
    examples: &["phi_normalize_phone('(617) 253-1000 ext. 12')", "phi_normalize_phone('020 7219 3000', 'GB')"],
    category: "crm_ehr.normalize",
};

const BIRTH_DATE_DOC: Doc = Doc {
    description: "Birth date as DATE from ISO, YYYYMMDD, month-name and numeric forms; year-last numeric dates are \
                  read month first unless date_order = 'DMY'. NULL for impossible dates, two-digit years, dates before \
                  1900 or after today, and filler dates (1900-01-01).",
    examples: &["phi_normalize_birth_date('02/03/1985')", "phi_normalize_birth_date('02/03/1985', 'DMY')"],
    category: "crm_ehr.normalize",
};

/// Normalizers depend on today's date (birth dates) but are otherwise pure.
fn scalar(name: &str, signature: SignatureBuilder, target: Target) -> ScalarFunctionBuilder<Normalize> {
    ScalarFunctionBuilder::new(name, signature, Normalize { name: name.to_string(), target })
        .with_bind()
        .set_property(FunctionProperty::Stability(FunctionPropertyStability::ConsistentWithinQuery))
}

pub fn register(extension: &Extension) -> duckdb_neo::Result<()> {
    let varchar = || String::logical_type(extension);
    let value = || FunctionParameter::new::<Any>("value");
    scalar(
        "phi_normalize",
        SignatureBuilder::new()
            .param(FunctionParameter::new::<String>("kind"))
            .param(value())
            .return_type(varchar()?)
            .documentation(GENERIC_DOC.builder()),
        Target::AnyKind,
    )
    .register(extension)?;
    for (name, kind, description, example) in &FIXED {
        let doc = Doc { description, examples: std::slice::from_ref(example), category: "crm_ehr.normalize" };
        let signature = SignatureBuilder::new().param(value()).return_type(varchar()?).documentation(doc.builder());
        scalar(name, signature, Target::Fixed(kind.clone())).register(extension)?;
    }
    scalar(
        "phi_normalize_phone",
        SignatureBuilder::new()
            .param(value())
            .param(FunctionParameter::with_default("region", phone::DEFAULT_REGION.to_string()))
            .return_type(varchar()?)
            .documentation(PHONE_DOC.builder()),
        Target::Phone,
    )
    .register(extension)?;
    scalar(
        "phi_normalize_birth_date",
        SignatureBuilder::new()
            .param(value())
            .param(FunctionParameter::with_default("date_order", "MDY".to_string()))
            .return_type(DateValue::logical_type(extension)?)
            .documentation(BIRTH_DATE_DOC.builder()),
        Target::BirthDate,
    )
    .register(extension)
}
