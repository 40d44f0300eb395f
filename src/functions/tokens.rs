//! Keyed-hash token scalars: `phi_token`, `phi_person_token` in join (`UHUGEINT`), `_blob` and
//! `_text` forms, and `phi_token_kinds()`.
//!
//! Kind, rule and key must be constants: they are resolved once per query at bind time, so a
//! missing key fails the query before it reads a row (fail closed), and the per-row work is one
//! normalization and one HMAC. Each chunk re-checks that the key is still loaded, so a cached
//! plan cannot outlive `crm_ehr_unload_key`.

use std::sync::Arc;

use duckdb_neo::{
    DuckDBType,
    bind_arguments::BindArguments,
    connection::Context,
    data_chunk::VectorCollection,
    enums::{FunctionProperty, FunctionPropertyStability},
    extension::Extension,
    macro_function::{MacroBody, MacroFunctionBuilder},
    scalar::{ScalarBindCallbacks, ScalarCallbacks, ScalarFunctionBuilder},
    signature::{FunctionParameter, FunctionParameterKind, SignatureBuilder},
    types::{Any, BlobValue, UHugeInt},
    vector::{Unknown, Vector},
};

use super::cells::{Cell, CellType, Column, Identifier};
use super::{Doc, constant_text, sql_error};
use crate::domain::keyring::{Keyring, LoadedKey};
use crate::domain::token::{
    BUILTIN_KINDS, Kind, NormalizeContext, PersonFields, PersonRule, PersonTokenizer, Token, Tokenizer, join_form,
    text_form,
};

/// The three shapes a token is returned in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenForm {
    /// First 128 bits as `UHUGEINT`: the join key.
    Join,
    /// All 32 bytes as `BLOB`.
    Blob,
    /// All 32 bytes as unpadded URL-safe base64 `VARCHAR`.
    Text,
}

impl TokenForm {
    const ALL: [TokenForm; 3] = [TokenForm::Join, TokenForm::Blob, TokenForm::Text];

    fn function_name(self, base: &str) -> String {
        match self {
            TokenForm::Join => base.to_string(),
            TokenForm::Blob => format!("{base}_blob"),
            TokenForm::Text => format!("{base}_text"),
        }
    }

    fn return_type(self, extension: &Extension) -> duckdb_neo::Result<duckdb_neo::logical_type::LogicalType> {
        match self {
            TokenForm::Join => UHugeInt::logical_type(extension),
            TokenForm::Blob => BlobValue::logical_type(extension),
            TokenForm::Text => String::logical_type(extension),
        }
    }

    /// Write `rows` tokens, asking `token_of` for each row.
    fn write(
        self,
        output: Vector<'_, Unknown>,
        rows: usize,
        mut token_of: impl FnMut(usize) -> duckdb_neo::Result<Option<Token>>,
    ) -> duckdb_neo::Result<()> {
        match self {
            TokenForm::Join => {
                let mut output = output.cast::<UHugeInt>()?;
                output.set_size(rows)?;
                let mut writer = output.writer()?;
                for row in 0..rows {
                    let value = token_of(row)?.map(|t| {
                        let joined = join_form(&t);
                        UHugeInt { lower: joined as u64, upper: (joined >> 64) as u64 }
                    });
                    writer.set(row, value)?;
                }
            }
            TokenForm::Blob => {
                let mut output = output.cast::<BlobValue>()?;
                output.set_size(rows)?;
                let mut writer = output.writer()?;
                for row in 0..rows {
                    let token = token_of(row)?;
                    writer.set(row, token.as_ref().map(|t| t.as_slice()))?;
                }
            }
            TokenForm::Text => {
                let mut output = output.cast::<String>()?;
                output.set_size(rows)?;
                let mut writer = output.writer()?;
                for row in 0..rows {
                    let text = token_of(row)?.map(|t| text_form(&t));
                    writer.set(row, text.as_deref())?;
                }
            }
        }
        Ok(())
    }
}

/// Resolve a constant key argument, failing closed.
fn bind_key(
    keyring: &Keyring,
    function: &str,
    arguments: &BindArguments<'_>,
    index: usize,
) -> duckdb_neo::Result<Arc<LoadedKey>> {
    let reference = constant_text(arguments, index, function, "key")?;
    keyring.resolve(&reference).map_err(|e| sql_error(function, e))
}

/// Refuse to hash with a key that was unloaded after the query was planned.
fn check_still_loaded(keyring: &Keyring, function: &str, key: &LoadedKey) -> duckdb_neo::Result<()> {
    if keyring.is_loaded(key.id) {
        Ok(())
    } else {
        Err(sql_error(function, format!("key '{}' was unloaded while the query ran", key.reference())))
    }
}

// ---------------------------------------------------------------------------------------------
// phi_token(kind, value, key)

struct PhiToken {
    keyring: Arc<Keyring>,
    form: TokenForm,
    name: String,
}

struct TokenBind {
    key: Arc<LoadedKey>,
    tokenizer: Tokenizer,
    value_type: CellType,
}

impl PartialEq for TokenBind {
    fn eq(&self, other: &Self) -> bool {
        self.key.id == other.key.id
            && self.tokenizer.kind() == other.tokenizer.kind()
            && self.value_type == other.value_type
    }
}

impl ScalarCallbacks for PhiToken {
    type BindData = TokenBind;
    type InitData = ();

    fn exec(
        &self,
        bind: Option<&TokenBind>,
        _init: Option<&mut ()>,
        _context: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let bind = bind.ok_or_else(|| sql_error(&self.name, "called without being bound"))?;
        check_still_loaded(&self.keyring, &self.name, &bind.key)?;
        let rows = vectors.row_count()?;
        let mut values = Column::new(vectors, 1, bind.value_type)?;
        self.form.write(output, rows, |row| {
            Ok(match values.get(row)?.map(Cell::identifier) {
                None => None,
                Some(Identifier::Text(text)) => bind.tokenizer.token(text),
                Some(Identifier::Date(date)) => bind.tokenizer.date_token(date),
            })
        })
    }
}

impl ScalarBindCallbacks for PhiToken {
    fn bind(&self, _context: &Context, arguments: BindArguments<'_>) -> duckdb_neo::Result<TokenBind> {
        let kind =
            Kind::parse(&constant_text(&arguments, 0, &self.name, "kind")?).map_err(|e| sql_error(&self.name, e))?;
        let value_type = CellType::of(&self.name, "value", &arguments.logical_type(1)?)?;
        let key = bind_key(&self.keyring, &self.name, &arguments, 2)?;
        let tokenizer = Tokenizer::new(key.token_key(), kind, NormalizeContext::current());
        Ok(TokenBind { key, tokenizer, value_type })
    }
}

const TOKEN_DOCS: [Doc; 3] = [
    Doc {
        description: "Keyed-hash token of one identifier: HMAC-SHA256 under a loaded key over the kind, its rules version \
                      and the normalized value, as UHUGEINT (first 128 bits, the join key). NULL when the value is NULL, \
                      empty, invalid or a placeholder. Fails when the key is not loaded. Kinds: phi_token_kinds().",
        examples: &[
            "phi_token('email', ' Jane.Doe+news@GMAIL.com', 'bridge_2026')",
            "phi_token('id:appointment', 'A-1001', 'bridge_2026')",
        ],
        category: "crm_ehr.tokens",
    },
    Doc {
        description: "Keyed-hash token of one identifier as a 32-byte BLOB (the full HMAC-SHA256); see phi_token.",
        examples: &["phi_token_blob('phone', '(617) 253-1000', 'bridge_2026')"],
        category: "crm_ehr.tokens",
    },
    Doc {
        description: "Keyed-hash token of one identifier as 43 characters of unpadded URL-safe base64 (the full \
                      HMAC-SHA256), for exports and the restricted zone; see phi_token.",
        examples: &["phi_token_text('birth_date', DATE '1985-02-03', 'bridge_2026')"],
        category: "crm_ehr.tokens",
    },
];

// ---------------------------------------------------------------------------------------------
// phi_person_token(rule, key, first_name := ..., ...)

/// The named inputs of a person token, in argument order after `rule` and `key`.
const PERSON_INPUTS: [&str; 9] =
    ["first_name", "middle_name", "last_name", "sex", "birth_date", "postal_code", "email", "phone", "ssn"];

struct PhiPersonToken {
    keyring: Arc<Keyring>,
    form: TokenForm,
    name: String,
}

struct PersonBind {
    key: Arc<LoadedKey>,
    rule: PersonRule,
    tokenizer: PersonTokenizer,
    input_types: [CellType; 9],
}

impl PartialEq for PersonBind {
    fn eq(&self, other: &Self) -> bool {
        self.key.id == other.key.id && self.rule == other.rule && self.input_types == other.input_types
    }
}

impl ScalarCallbacks for PhiPersonToken {
    type BindData = PersonBind;
    type InitData = ();

    fn exec(
        &self,
        bind: Option<&PersonBind>,
        _init: Option<&mut ()>,
        _context: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let bind = bind.ok_or_else(|| sql_error(&self.name, "called without being bound"))?;
        check_still_loaded(&self.keyring, &self.name, &bind.key)?;
        let rows = vectors.row_count()?;
        let mut columns = Vec::with_capacity(PERSON_INPUTS.len());
        for (offset, cell_type) in bind.input_types.iter().enumerate() {
            columns.push(Column::new(vectors, 2 + offset, *cell_type)?);
        }
        let mut buffers: [String; 9] = Default::default();
        self.form.write(output, rows, |row| {
            let mut texts: [Option<&str>; 9] = [None; 9];
            for ((column, buffer), text) in columns.iter_mut().zip(buffers.iter_mut()).zip(texts.iter_mut()) {
                *text = column.get(row)?.map(|cell| cell.into_text(buffer));
            }
            let [first, middle, last, sex, birth_date, postal_code, email, phone, ssn] = texts;
            let fields = PersonFields { first, middle, last, sex, birth_date, postal_code, email, phone, ssn };
            Ok(bind.tokenizer.token(&fields))
        })
    }
}

impl ScalarBindCallbacks for PhiPersonToken {
    fn bind(&self, _context: &Context, arguments: BindArguments<'_>) -> duckdb_neo::Result<PersonBind> {
        let rule_text = constant_text(&arguments, 0, &self.name, "rule")?;
        let rule = PersonRule::parse(&rule_text).map_err(|e| sql_error(&self.name, e))?;
        let key = bind_key(&self.keyring, &self.name, &arguments, 1)?;
        let mut input_types = [CellType::Null; 9];
        for (offset, (parameter, slot)) in PERSON_INPUTS.iter().zip(input_types.iter_mut()).enumerate() {
            let constant_null = arguments.value(2 + offset)?.map(|v| v.is_null()).transpose()?.unwrap_or(false);
            *slot = if constant_null {
                CellType::Null
            } else {
                CellType::of(&self.name, parameter, &arguments.logical_type(2 + offset)?)?
            };
        }
        for field in rule.fields() {
            let input = person_input(field);
            let given = PERSON_INPUTS.iter().position(|p| *p == input).and_then(|i| input_types.get(i));
            if given.is_none_or(|t| *t == CellType::Null) {
                return Err(sql_error(
                    &self.name,
                    format!(
                        "rule '{}' reads {input}, which was not passed (add {input} := <column>)",
                        rule.canonical()
                    ),
                ));
            }
        }
        let tokenizer = PersonTokenizer::new(key.token_key(), rule.clone(), NormalizeContext::current());
        Ok(PersonBind { key, rule, tokenizer, input_types })
    }
}

/// The named argument a rule field reads.
fn person_input(field: crate::domain::token::PersonField) -> &'static str {
    use crate::domain::token::PersonField as F;
    match field {
        F::First => "first_name",
        F::Middle => "middle_name",
        F::Last => "last_name",
        F::Sex => "sex",
        F::BirthDate => "birth_date",
        F::Zip5 | F::Zip3 => "postal_code",
        F::Email => "email",
        F::Phone => "phone",
        F::Ssn | F::Ssn4 => "ssn",
    }
}

const PERSON_DOCS: [Doc; 3] = [
    Doc {
        description: "Composite person token over normalized fields joined by a rule such as 'LAST|FIRST[0]|SEX|DOB' \
                      (fields FIRST MIDDLE LAST SEX DOB ZIP5 ZIP3 EMAIL PHONE SSN SSN4; [0] first letter, [:n] prefix), \
                      each length-prefixed, as UHUGEINT. NULL when any field of the rule normalizes to nothing.",
        examples: &[
            "phi_person_token('LAST|FIRST[0]|SEX|DOB', 'bridge_2026', first_name := 'José', last_name := 'Núñez', sex := 'M', birth_date := DATE '1985-02-03')",
        ],
        category: "crm_ehr.tokens",
    },
    Doc {
        description: "Composite person token as a 32-byte BLOB; see phi_person_token.",
        examples: &[
            "phi_person_token_blob('LAST|FIRST|DOB|ZIP3', 'bridge_2026', first_name := 'Ann', last_name := 'Lee', birth_date := '02/03/1985', postal_code := '02134')",
        ],
        category: "crm_ehr.tokens",
    },
    Doc {
        description: "Composite person token as unpadded URL-safe base64 text; see phi_person_token.",
        examples: &[
            "phi_person_token_text('LAST|FIRST[0]|DOB', 'bridge_2026', first_name := 'Ann', last_name := 'Lee', birth_date := '1985-02-03')",
        ],
        category: "crm_ehr.tokens",
    },
];

const KINDS_DOC: Doc = Doc {
    description: "The identifier kinds phi_token and phi_normalize accept, with the version of each kind's \
                  normalization rules (hashed into every token) and what the rules do.",
    examples: &["FROM phi_token_kinds()"],
    category: "crm_ehr.tokens",
};

/// `phi_token_kinds()` as a table macro over a VALUES list built from the domain's kind table.
fn kinds_macro_sql() -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let mut rows: Vec<String> = BUILTIN_KINDS
        .iter()
        .map(|k| format!("({}, {}, {})", quote(&k.label()), k.rules_version(), quote(k.description())))
        .collect();
    let opaque = Kind::Id("<namespace>".into());
    rows.push(format!("({}, {}, {})", quote(&opaque.label()), opaque.rules_version(), quote(opaque.description())));
    format!("SELECT * FROM (VALUES {}) AS kinds(kind, rules_version, description)", rows.join(", "))
}

pub fn register(extension: &Extension, keyring: &Arc<Keyring>) -> duckdb_neo::Result<()> {
    for (form, doc) in TokenForm::ALL.into_iter().zip(TOKEN_DOCS) {
        let name = form.function_name("phi_token");
        let signature = SignatureBuilder::new()
            .param(FunctionParameter::new::<String>("kind"))
            .param(FunctionParameter::new::<Any>("value"))
            .param(FunctionParameter::new::<String>("key"))
            .return_type(form.return_type(extension)?)
            .documentation(doc.builder());
        scalar_with_key(name.clone(), signature, PhiToken { keyring: Arc::clone(keyring), form, name })
            .register(extension)?;
    }
    for (form, doc) in TokenForm::ALL.into_iter().zip(PERSON_DOCS) {
        let name = form.function_name("phi_person_token");
        let signature = PERSON_INPUTS.iter().fold(
            SignatureBuilder::new()
                .param(FunctionParameter::new::<String>("rule"))
                .param(FunctionParameter::new::<String>("key")),
            |signature, input| {
                signature.param(
                    FunctionParameter::new::<Any>(*input)
                        .kind(FunctionParameterKind::Named)
                        .default_value(None::<String>),
                )
            },
        );
        let signature = signature.return_type(form.return_type(extension)?).documentation(doc.builder());
        scalar_with_key(name.clone(), signature, PhiPersonToken { keyring: Arc::clone(keyring), form, name })
            .register(extension)?;
    }
    MacroFunctionBuilder::new(
        "phi_token_kinds",
        SignatureBuilder::new().documentation(KINDS_DOC.builder()),
        MacroBody::Table(kinds_macro_sql()),
    )
    .register(extension)
}

/// Token scalars see NULL arguments themselves (a NULL key must fail, not fold to NULL) and
/// depend on today's date (birth dates after it are implausible), so they are not constant-folded
/// across queries.
fn scalar_with_key<T: ScalarBindCallbacks>(
    name: String,
    signature: SignatureBuilder,
    callbacks: T,
) -> ScalarFunctionBuilder<T> {
    ScalarFunctionBuilder::new(name, signature, callbacks)
        .with_bind()
        .set_property(FunctionProperty::HasSpecialNullHandling(true))
        .set_property(FunctionProperty::Stability(FunctionPropertyStability::ConsistentWithinQuery))
}
