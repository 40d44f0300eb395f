//! The single list of everything crm_ehr registers on `LOAD`.

use duckdb_neo::extension::Extension;

use crate::functions;

/// Register every function, macro and pragma, in dependency order.
pub fn register_all(extension: &Extension) -> duckdb_neo::Result<()> {
    functions::meta::register(extension)?;
    Ok(())
}
