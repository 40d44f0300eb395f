//! `crm_ehr_version()`: what is loaded.

use duckdb_neo::{
    extension::Extension,
    macro_function::{MacroBody, MacroFunctionBuilder},
    signature::SignatureBuilder,
};

use super::Doc;

/// The extension version, from `extension_config.toml` via build.rs.
pub const EXTENSION_VERSION: &str = env!("CRM_EHR_EXTENSION_VERSION");
/// The DuckDB release this binary was built for.
pub const DUCKDB_VERSION: &str = env!("CRM_EHR_DUCKDB_VERSION");

const VERSION_DOC: Doc = Doc {
    description: "The crm_ehr extension version that is loaded.",
    examples: &["crm_ehr_version()"],
    category: "crm_ehr.meta",
};

pub fn register(extension: &Extension) -> duckdb_neo::Result<()> {
    MacroFunctionBuilder::new(
        "crm_ehr_version",
        SignatureBuilder::new().documentation(VERSION_DOC.builder()),
        MacroBody::Scalar(format!("'{EXTENSION_VERSION}'")),
    )
    .register(extension)
}
