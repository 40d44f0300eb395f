//! crm_ehr: a DuckDB extension that joins CRM leads to EHR visits without spreading patient
//! identifiers through the warehouse.

pub mod domain;
pub mod error;
pub mod functions;
pub mod registry;

pub use error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/entrypoint.rs"));
