//! Keyring management: `PRAGMA crm_ehr_load_key`, `PRAGMA crm_ehr_unload_key`, `crm_ehr_keys()`.
//!
//! Keys come only from `env:` and `file:` locators; the pragma arguments carry names, never
//! material, so statement logs and EXPLAIN never see a key. Keys live in the keyring of the
//! database instance that loaded the extension and vanish with it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use duckdb_neo::{
    DuckDBType, FromValue,
    bind_arguments::{BindArgument, BindArguments},
    connection::Context,
    data_chunk::DataChunkRef,
    extension::Extension,
    pragma_function::{PragmaExecCallbacks, PragmaFunctionBuilder},
    signature::{FunctionParameter, FunctionParameterKind, SignatureBuilder},
    table_function::{
        BindFunctionHandle, ExecColumnInfo, InitColumnData, TableFunctionBuilder, TableFunctionCallbacks,
    },
    types::TimestampValue,
};

use super::{Doc, constant_text, sql_error};
use crate::domain::keyring::{Keyring, LoadedKey};

const LOAD: &str = "crm_ehr_load_key";
const UNLOAD: &str = "crm_ehr_unload_key";
const LIST: &str = "crm_ehr_keys";

const LOAD_DOC: Doc = Doc {
    description: "Load a secret key into this database's keyring from 'env:VARIABLE' or 'file:PATH' (hex, base64 or \
                  raw bytes; at least 32 bytes). Optional purpose = '...' (default: the key name) and version = n \
                  (default 1) select the HKDF-derived token key. Reloading identical material is a no-op.",
    examples: &["PRAGMA crm_ehr_load_key('bridge_2026', 'env:CRM_EHR_BRIDGE_KEY')"],
    category: "crm_ehr.keys",
};

const UNLOAD_DOC: Doc = Doc {
    description: "Remove a key ('name' for every version, 'name@version' for one) from this database's keyring; its \
                  derived key is zeroed once no running query holds it.",
    examples: &["PRAGMA crm_ehr_unload_key('bridge_2026@1')"],
    category: "crm_ehr.keys",
};

const LIST_DOC: Doc = Doc {
    description: "The keys loaded in this database: name, version, purpose, fingerprint (an HMAC of a fixed label, \
                  equal across sessions exactly when tokens are), source kind, locator and load time (UTC). Never \
                  the key material.",
    examples: &["FROM crm_ehr_keys()"],
    category: "crm_ehr.keys",
};

struct LoadKey {
    keyring: Arc<Keyring>,
}

impl PragmaExecCallbacks for LoadKey {
    fn exec(&self, _context: &Context, arguments: BindArguments<'_>) -> duckdb_neo::Result<()> {
        let name = constant_text(&arguments, 0, LOAD, "name")?;
        let locator = constant_text(&arguments, 1, LOAD, "locator")?;
        let purpose = match arguments.value(2)? {
            Some(value) => String::from_value(&value)?,
            None => None,
        };
        let version = match arguments.value(3)? {
            Some(value) => i64::from_value(&value)?.unwrap_or(1),
            None => 1,
        };
        let version = u32::try_from(version).map_err(|_| sql_error(LOAD, "version must be a positive integer"))?;
        self.keyring.load(&name, &locator, purpose.as_deref(), version).map(|_| ()).map_err(|e| sql_error(LOAD, e))
    }
}

struct UnloadKey {
    keyring: Arc<Keyring>,
}

impl PragmaExecCallbacks for UnloadKey {
    fn exec(&self, _context: &Context, arguments: BindArguments<'_>) -> duckdb_neo::Result<()> {
        let reference = constant_text(&arguments, 0, UNLOAD, "key")?;
        self.keyring.unload(&reference).map(|_| ()).map_err(|e| sql_error(UNLOAD, e))
    }
}

struct ListKeys {
    keyring: Arc<Keyring>,
}

/// The keys as listed when the scan started; handed out once.
struct KeySnapshot {
    keys: Vec<Arc<LoadedKey>>,
    done: AtomicBool,
}

/// Reads one text column of the listing.
type KeyText = fn(&LoadedKey) -> &str;

const LIST_COLUMNS: [&str; 7] = ["name", "version", "purpose", "fingerprint", "source_kind", "locator", "loaded_at"];

impl TableFunctionCallbacks for ListKeys {
    type BindData = ();
    type LocalState = ();
    type GlobalState = KeySnapshot;

    fn bind(
        &self,
        context: &Context,
        _arguments: Vec<BindArgument>,
        bind: BindFunctionHandle<'_>,
    ) -> duckdb_neo::Result<()> {
        for column in LIST_COLUMNS {
            let logical_type = match column {
                "version" => i32::logical_type(context)?,
                "loaded_at" => TimestampValue::logical_type(context)?,
                _ => String::logical_type(context)?,
            };
            bind.add_result_column(column, &logical_type)?;
        }
        Ok(())
    }

    fn init_global_state(
        &self,
        _bind: &(),
        _context: &Context,
        _columns: InitColumnData<'_>,
    ) -> duckdb_neo::Result<(Option<KeySnapshot>, Option<usize>)> {
        Ok((Some(KeySnapshot { keys: self.keyring.list(), done: AtomicBool::new(false) }), Some(1)))
    }

    fn exec(
        &self,
        _bind: &(),
        snapshot: Option<&KeySnapshot>,
        _local: Option<&mut ()>,
        _context: &Context,
        mut output: DataChunkRef<'_>,
        _columns: ExecColumnInfo<'_>,
    ) -> duckdb_neo::Result<()> {
        let snapshot = snapshot.ok_or_else(|| sql_error(LIST, "scan started without its state"))?;
        let rows = if snapshot.done.swap(true, Ordering::SeqCst) { 0 } else { snapshot.keys.len() };
        let keys = snapshot.keys.get(..rows).unwrap_or_default();
        let text_columns: [(usize, KeyText); 5] = [
            (0, |k| &k.name),
            (2, |k| &k.purpose),
            (3, |k| &k.fingerprint),
            (4, |k| k.source_kind.as_str()),
            (5, |k| &k.locator),
        ];
        for (index, field) in text_columns {
            let mut vector = output.get_vector_at_mut::<String>(index)?;
            vector.set_size(rows)?;
            let mut writer = vector.writer()?;
            for (row, key) in keys.iter().enumerate() {
                writer.set(row, Some(field(key)))?;
            }
        }
        let mut versions = output.get_vector_at_mut::<i32>(1)?;
        versions.set_size(rows)?;
        let mut writer = versions.writer()?;
        for (row, key) in keys.iter().enumerate() {
            writer.set(row, Some(i32::try_from(key.version).unwrap_or(i32::MAX)))?;
        }
        let mut loaded_at = output.get_vector_at_mut::<TimestampValue>(6)?;
        loaded_at.set_size(rows)?;
        let mut writer = loaded_at.writer()?;
        for (row, key) in keys.iter().enumerate() {
            writer.set(row, Some(TimestampValue(key.loaded_at_micros)))?;
        }
        Ok(())
    }
}

pub fn register(extension: &Extension, keyring: &Arc<Keyring>) -> duckdb_neo::Result<()> {
    let named = |parameter: FunctionParameter| parameter.kind(FunctionParameterKind::Named);
    PragmaFunctionBuilder::exec(
        LOAD,
        SignatureBuilder::new()
            .param(FunctionParameter::new::<String>("name"))
            .param(FunctionParameter::new::<String>("locator"))
            .param(named(FunctionParameter::new::<String>("purpose").default_value(None::<String>)))
            .param(named(FunctionParameter::with_default("version", 1_i64)))
            .documentation(LOAD_DOC.builder()),
        LoadKey { keyring: Arc::clone(keyring) },
    )
    .register(extension)?;
    PragmaFunctionBuilder::exec(
        UNLOAD,
        SignatureBuilder::new().param(FunctionParameter::new::<String>("key")).documentation(UNLOAD_DOC.builder()),
        UnloadKey { keyring: Arc::clone(keyring) },
    )
    .register(extension)?;
    TableFunctionBuilder::new(
        LIST,
        SignatureBuilder::new().documentation(LIST_DOC.builder()),
        ListKeys { keyring: Arc::clone(keyring) },
    )
    .register(extension)
}
