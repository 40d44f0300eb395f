//! The single list of everything crm_ehr registers on `LOAD`.

use std::sync::Arc;

use duckdb_neo::extension::Extension;

use crate::domain::keyring::Keyring;
use crate::functions;

/// Register every function, macro and pragma. Runs once per database instance that loads the
/// extension, so each instance gets its own keyring.
pub fn register_all(extension: &Extension) -> duckdb_neo::Result<()> {
    let keyring = Arc::new(Keyring::new());
    functions::meta::register(extension)?;
    functions::keys::register(extension, &keyring)?;
    functions::normalizers::register(extension)?;
    functions::tokens::register(extension, &keyring)?;
    functions::events::register(extension)?;
    functions::mart::register(extension)?;
    functions::phi::register(extension)?;
    functions::identity::register(extension)?;
    Ok(())
}
