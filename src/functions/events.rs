//! The governed event layer: `status_progression`, `status_as_of`, `status_unmapped`, the
//! vocabulary macros, and `utc_instant`, the scalar that reads any instant as UTC.
//!
//! The relational work is SQL in `sql/status_*.sql`, registered as table macros so DuckDB plans,
//! parallelizes and spills it in the caller's transaction.

use duckdb_neo::{
    DuckDBType,
    connection::Context,
    data_chunk::VectorCollection,
    extension::Extension,
    scalar::{ScalarBindCallbacks, ScalarCallbacks, ScalarFunctionBuilder},
    signature::{FunctionParameter, SignatureBuilder},
    types::{Any, TimestampValue},
    vector::{Unknown, Vector},
};

use super::cells::{Cell, CellType, Column};
use super::{Doc, sql_error, table_macro};
use crate::domain::instant::{self, MICROS_PER_DAY};
use crate::domain::status;

const UTC_INSTANT: &str = "utc_instant";

/// `utc_instant(value)`: TIMESTAMP (taken as UTC), TIMESTAMPTZ, DATE or ISO 8601 text → TIMESTAMP (UTC).
struct UtcInstant;

impl ScalarBindCallbacks for UtcInstant {
    fn bind(
        &self,
        _context: &Context,
        arguments: duckdb_neo::bind_arguments::BindArguments<'_>,
    ) -> duckdb_neo::Result<CellType> {
        let cell_type = CellType::of(UTC_INSTANT, "value", &arguments.logical_type(0)?)?;
        if matches!(
            cell_type,
            CellType::I8
                | CellType::I16
                | CellType::I32
                | CellType::I64
                | CellType::U8
                | CellType::U16
                | CellType::U32
                | CellType::U64
        ) {
            return Err(sql_error(
                UTC_INSTANT,
                "value is a number; pass TIMESTAMP, TIMESTAMPTZ, DATE or ISO 8601 text",
            ));
        }
        Ok(cell_type)
    }
}

impl ScalarCallbacks for UtcInstant {
    type BindData = CellType;
    type InitData = ();

    fn exec(
        &self,
        bind: Option<&CellType>,
        _init: Option<&mut ()>,
        _context: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let cell_type = *bind.ok_or_else(|| sql_error(UTC_INSTANT, "called without being bound"))?;
        let rows = vectors.row_count()?;
        let mut values = Column::new(vectors, 0, cell_type)?;
        let mut output = output.cast::<TimestampValue>()?;
        output.set_size(rows)?;
        let mut writer = output.writer()?;
        for row in 0..rows {
            let micros = match values.get(row)? {
                None => None,
                Some(Cell::Instant(micros)) => Some(micros),
                Some(Cell::Date(date)) => Some(i64::from(date.to_epoch_days()) * MICROS_PER_DAY),
                Some(Cell::Text(text)) => instant::parse(text),
            };
            writer.set(row, micros.map(TimestampValue))?;
        }
        Ok(())
    }
}

const UTC_DOC: Doc = Doc {
    description: "The instant a value names, as a UTC TIMESTAMP: TIMESTAMP values are taken to be UTC already, \
                  TIMESTAMPTZ values are converted, DATE means midnight UTC, and text is read as ISO 8601 \
                  (YYYY-MM-DD[ HH:MM[:SS[.f]]][Z|UTC|+HH[:MM]]). NULL for text in any other form. Independent of the \
                  session TimeZone.",
    examples: &["utc_instant('2026-03-08 09:30:00-05:00')", "utc_instant(TIMESTAMPTZ '2026-03-08 09:30:00+01')"],
    category: "crm_ehr.events",
};

const VOCABULARY_DOC: Doc = Doc {
    description: "The canonical status vocabulary of the event layer: per entity type (lead, appointment, encounter) \
                  each canonical status with its category (open, booked, shown, terminal_success, terminal_fail, void) \
                  and lifecycle rank (the order of same-instant events).",
    examples: &["FROM status_vocabulary() WHERE entity_type = 'appointment'"],
    category: "crm_ehr.events",
};

const MAPPING_DOC: Doc = Doc {
    description: "The built-in mapping from source statuses (FHIR R4/R5 Appointment and Encounter status, HL7 v2 SIU \
                  triggers and filler status, ADT triggers, common EHR and CRM labels) to canonical statuses, keyed by \
                  the status in lower case with only letters and digits kept.",
    examples: &["FROM status_mapping() WHERE status_key = 'noshow'"],
    category: "crm_ehr.events",
};

const PROGRESSION_DOC: Doc = Doc {
    description: "The governed event layer: one row per distinct appointment, encounter and lead event with the \
                  governed person key, tokenized entity id, source and canonical status (category, lifecycle rank), \
                  UTC event time and knowledge time, sequence, previous status, reschedule-chain root, and the \
                  knowledge times at which the event was superseded or its entity voided. Inputs are table or view \
                  names; no raw identifier or free text is output.",
    examples: &[
        "FROM status_progression(bridge := 'identity_bridge', key_name := 'bridge_2026', appointments := 'appointment_events', encounters := 'encounter_events', leads := 'crm_leads')",
    ],
    category: "crm_ehr.events",
};

const AS_OF_DOC: Doc = Doc {
    description: "The governed events as known at a past instant (known_at) and optionally up to an event time \
                  (as_of): only events known by then, with sequence, previous status, supersession, voiding and \
                  is_latest recomputed among them. Reproducible: appending later events never changes the answer.",
    examples: &["FROM status_as_of('access_events', known_at := TIMESTAMP '2026-06-30 23:59:59')"],
    category: "crm_ehr.events",
};

const UNMAPPED_DOC: Doc = Doc {
    description: "Source statuses in an event table that no mapping covered (category 'unmapped'), with event counts \
                  and first and last event time, to be added to a mapping table.",
    examples: &["FROM status_unmapped('access_events')"],
    category: "crm_ehr.events",
};

pub fn register(extension: &Extension) -> duckdb_neo::Result<()> {
    ScalarFunctionBuilder::new(
        UTC_INSTANT,
        SignatureBuilder::new()
            .param(FunctionParameter::new::<Any>("value"))
            .return_type(TimestampValue::logical_type(extension)?)
            .documentation(UTC_DOC.builder()),
        UtcInstant,
    )
    .with_bind()
    .register(extension)?;
    table_macro(extension, "status_vocabulary", &[], &[], &VOCABULARY_DOC, status::vocabulary_sql())?;
    table_macro(extension, "status_mapping", &[], &[], &MAPPING_DOC, status::mapping_sql())?;
    table_macro(
        extension,
        "status_progression",
        &["bridge", "key_name"],
        &["appointments", "encounters", "leads", "mapping"],
        &PROGRESSION_DOC,
        include_str!("../../sql/status_progression.sql").to_string(),
    )?;
    table_macro(
        extension,
        "status_as_of",
        &["events"],
        &["known_at", "as_of"],
        &AS_OF_DOC,
        include_str!("../../sql/status_as_of.sql").to_string(),
    )?;
    table_macro(
        extension,
        "status_unmapped",
        &["events"],
        &[],
        &UNMAPPED_DOC,
        include_str!("../../sql/status_unmapped.sql").to_string(),
    )
}
