//! Thin SQL adapters: one module per family of functions, each with its docs and `register`.
//!
//! Logic lives in [`crate::domain`]; these modules only move values between DuckDB vectors and
//! Rust, resolve constant arguments at bind time, and turn [`crate::Error`] into a DuckDB
//! invalid-input error prefixed with the function name.

pub mod cells;
pub mod events;
pub mod identity;
pub mod keys;
pub mod mart;
pub mod meta;
pub mod normalizers;
pub mod phi;
pub mod tokens;

use duckdb_neo::{
    FromValue,
    bind_arguments::BindArguments,
    extension::Extension,
    macro_function::{MacroBody, MacroFunctionBuilder},
    signature::{FunctionDocumentationBuilder, FunctionParameter, SignatureBuilder},
    types::Any,
};

/// The documentation every crm_ehr function carries into `duckdb_functions()`.
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    /// One or two sentences: what the function returns and when to use it.
    pub description: &'static str,
    /// Runnable SQL expressions or queries (without a trailing semicolon).
    pub examples: &'static [&'static str],
    /// The `duckdb_functions()` category, e.g. `crm_ehr.tokens`.
    pub category: &'static str,
}

impl Doc {
    pub(crate) fn builder(&self) -> FunctionDocumentationBuilder {
        self.examples.iter().fold(
            FunctionDocumentationBuilder::new().description(self.description).add_category(self.category),
            |docs, example| docs.add_example("", *example),
        )
    }
}

/// Prefix a domain error with the SQL function's name, as DuckDB users see it.
pub(crate) fn sql_error(function: &str, error: impl std::fmt::Display) -> duckdb_neo::Error {
    duckdb_neo::Error::invalid_input(format!("{function}: {error}"))
}

/// A bind-time constant text argument; NULL and non-constant arguments are errors.
pub(crate) fn constant_text(
    arguments: &BindArguments<'_>,
    index: usize,
    function: &str,
    parameter: &str,
) -> duckdb_neo::Result<String> {
    let value = arguments
        .value(index)?
        .ok_or_else(|| sql_error(function, format!("{parameter} must be a constant, not a column")))?;
    String::from_value(&value)?.ok_or_else(|| sql_error(function, format!("{parameter} must not be NULL")))
}

/// A table macro with required parameters and optional ones defaulting to NULL.
pub(crate) fn table_macro(
    extension: &Extension,
    name: &str,
    required: &[&str],
    optional: &[&str],
    doc: &Doc,
    sql: String,
) -> duckdb_neo::Result<()> {
    sql_macro(extension, name, required, optional, doc, MacroBody::Table(sql))
}

/// A scalar SQL macro: a single expression over its parameters.
pub(crate) fn scalar_macro(
    extension: &Extension,
    name: &str,
    required: &[&str],
    doc: &Doc,
    sql: String,
) -> duckdb_neo::Result<()> {
    sql_macro(extension, name, required, &[], doc, MacroBody::Scalar(sql))
}

fn sql_macro(
    extension: &Extension,
    name: &str,
    required: &[&str],
    optional: &[&str],
    doc: &Doc,
    body: MacroBody,
) -> duckdb_neo::Result<()> {
    let signature = required.iter().fold(SignatureBuilder::new(), |s, p| s.param(FunctionParameter::new::<Any>(*p)));
    let signature = optional
        .iter()
        .fold(signature, |s, p| s.param(FunctionParameter::new::<Any>(*p).default_value(None::<String>)))
        .documentation(doc.builder());
    MacroFunctionBuilder::new(name, signature, body).register(extension)
}
