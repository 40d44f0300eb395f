//! Identifier arguments of any supported type, read row by row as text or as a date.
//!
//! Identifier parameters are declared `ANY` so a user can pass what their export has: `VARCHAR`,
//! an integer column (ZIP codes, MRNs and lead ids often arrive numeric), `DATE`, or `TIMESTAMP`
//! (a birth date exported with a midnight time). Integers are read as their decimal text and
//! timestamps as instants (UTC; a `TIMESTAMP` without zone is taken to be UTC already).

use duckdb_neo::{
    data_chunk::VectorCollection,
    error::DuckDBError,
    logical_type::{LogicalType, LogicalTypeID},
    types::{DateValue, TimestampMsValue, TimestampNsValue, TimestampSecValue, TimestampTzValue, TimestampValue},
    vector::{VectorElement, VectorReader},
};

use crate::domain::instant::{self, MICROS_PER_SECOND};
use crate::domain::normalize::date::Date;

/// The supported argument types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    Text,
    Date,
    Timestamp,
    TimestampTz,
    TimestampSec,
    TimestampMs,
    TimestampNs,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    /// A `NULL` literal: every row is NULL.
    Null,
}

impl CellType {
    /// Classify an argument's type, or explain what is accepted.
    pub fn of(function: &str, parameter: &str, logical_type: &LogicalType) -> duckdb_neo::Result<Self> {
        use LogicalTypeID as T;
        Ok(match logical_type.id()? {
            T::Varchar => CellType::Text,
            T::Date => CellType::Date,
            T::Timestamp => CellType::Timestamp,
            T::TimestampTz => CellType::TimestampTz,
            T::TimestampSec => CellType::TimestampSec,
            T::TimestampMs => CellType::TimestampMs,
            T::TimestampNs => CellType::TimestampNs,
            T::TinyInt => CellType::I8,
            T::SmallInt => CellType::I16,
            T::Integer => CellType::I32,
            T::BigInt => CellType::I64,
            T::UTinyInt => CellType::U8,
            T::USmallInt => CellType::U16,
            T::UInteger => CellType::U32,
            T::UBigInt => CellType::U64,
            T::SqlNull => CellType::Null,
            // A prepared-statement parameter: DuckDB binds again once the parameter's type is known.
            T::Unknown => {
                return Err(duckdb_neo::Error {
                    code: DuckDBError::QueryParameterNotResolved,
                    message: format!("{function}: {parameter} is a parameter of unknown type"),
                });
            }
            _ => {
                let shown = logical_type.to_text().unwrap_or_else(|_| "this type".into());
                return Err(super::sql_error(
                    function,
                    format!(
                        "{parameter} has type {shown}; pass VARCHAR, an integer, DATE or TIMESTAMP (cast it if needed)"
                    ),
                ));
            }
        })
    }
}

/// One row's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(&'a str),
    Date(Date),
    /// Microseconds since the epoch, UTC.
    Instant(i64),
}

/// What identifier arguments see: text, or a calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier<'a> {
    Text(&'a str),
    Date(Date),
}

impl<'a> Cell<'a> {
    /// The value as an identifier sees it: instants become their UTC date.
    pub fn identifier(self) -> Identifier<'a> {
        match self {
            Cell::Text(text) => Identifier::Text(text),
            Cell::Date(date) => Identifier::Date(date),
            Cell::Instant(micros) => Identifier::Date(instant::date_of(micros)),
        }
    }

    /// The value as text (dates and instants as `YYYY-MM-DD`), formatted into `buffer` when needed.
    pub fn into_text(self, buffer: &'a mut String) -> &'a str {
        let date = match self {
            Cell::Text(text) => return text,
            Cell::Date(date) => date,
            Cell::Instant(micros) => instant::date_of(micros),
        };
        buffer.clear();
        use std::fmt::Write as _;
        let _ = write!(buffer, "{date}");
        buffer
    }
}

enum Reader<'a> {
    Text(VectorReader<'a, String>),
    Date(VectorReader<'a, DateValue>),
    Timestamp(VectorReader<'a, TimestampValue>),
    TimestampTz(VectorReader<'a, TimestampTzValue>),
    TimestampSec(VectorReader<'a, TimestampSecValue>),
    TimestampMs(VectorReader<'a, TimestampMsValue>),
    TimestampNs(VectorReader<'a, TimestampNsValue>),
    I8(VectorReader<'a, i8>),
    I16(VectorReader<'a, i16>),
    I32(VectorReader<'a, i32>),
    I64(VectorReader<'a, i64>),
    U8(VectorReader<'a, u8>),
    U16(VectorReader<'a, u16>),
    U32(VectorReader<'a, u32>),
    U64(VectorReader<'a, u64>),
    Null,
}

/// A column of identifier values in one input chunk.
pub struct Column<'a> {
    reader: Reader<'a>,
    /// Integer text, reused across rows.
    buffer: String,
}

fn reader<T: VectorElement>(vectors: &VectorCollection, index: usize) -> duckdb_neo::Result<VectorReader<'_, T>> {
    vectors.get_vector_at::<T>(index)?.reader()
}

impl<'a> Column<'a> {
    pub fn new(vectors: &'a VectorCollection, index: usize, cell_type: CellType) -> duckdb_neo::Result<Self> {
        let reader = match cell_type {
            CellType::Text => Reader::Text(reader(vectors, index)?),
            CellType::Date => Reader::Date(reader(vectors, index)?),
            CellType::Timestamp => Reader::Timestamp(reader(vectors, index)?),
            CellType::TimestampTz => Reader::TimestampTz(reader(vectors, index)?),
            CellType::TimestampSec => Reader::TimestampSec(reader(vectors, index)?),
            CellType::TimestampMs => Reader::TimestampMs(reader(vectors, index)?),
            CellType::TimestampNs => Reader::TimestampNs(reader(vectors, index)?),
            CellType::I8 => Reader::I8(reader(vectors, index)?),
            CellType::I16 => Reader::I16(reader(vectors, index)?),
            CellType::I32 => Reader::I32(reader(vectors, index)?),
            CellType::I64 => Reader::I64(reader(vectors, index)?),
            CellType::U8 => Reader::U8(reader(vectors, index)?),
            CellType::U16 => Reader::U16(reader(vectors, index)?),
            CellType::U32 => Reader::U32(reader(vectors, index)?),
            CellType::U64 => Reader::U64(reader(vectors, index)?),
            CellType::Null => Reader::Null,
        };
        Ok(Column { reader, buffer: String::new() })
    }

    /// The value of `row`, or `None` for SQL NULL.
    pub fn get(&mut self, row: usize) -> duckdb_neo::Result<Option<Cell<'_>>> {
        fn integer<'b, T: std::fmt::Display>(buffer: &'b mut String, value: Option<&T>) -> Option<Cell<'b>> {
            use std::fmt::Write as _;
            let value = value?;
            buffer.clear();
            let _ = write!(buffer, "{value}");
            Some(Cell::Text(buffer))
        }
        Ok(match &self.reader {
            Reader::Text(r) => r.get(row)?.map(Cell::Text),
            Reader::Date(r) => r.get(row)?.map(|d| Cell::Date(Date::from_epoch_days(d.0))),
            Reader::Timestamp(r) => r.get(row)?.map(|t| Cell::Instant(t.0)),
            Reader::TimestampTz(r) => r.get(row)?.map(|t| Cell::Instant(t.0)),
            Reader::TimestampSec(r) => r.get(row)?.map(|t| Cell::Instant(t.0.saturating_mul(MICROS_PER_SECOND))),
            Reader::TimestampMs(r) => r.get(row)?.map(|t| Cell::Instant(t.0.saturating_mul(1_000))),
            Reader::TimestampNs(r) => r.get(row)?.map(|t| Cell::Instant(t.0.div_euclid(1_000))),
            Reader::I8(r) => integer(&mut self.buffer, r.get(row)?),
            Reader::I16(r) => integer(&mut self.buffer, r.get(row)?),
            Reader::I32(r) => integer(&mut self.buffer, r.get(row)?),
            Reader::I64(r) => integer(&mut self.buffer, r.get(row)?),
            Reader::U8(r) => integer(&mut self.buffer, r.get(row)?),
            Reader::U16(r) => integer(&mut self.buffer, r.get(row)?),
            Reader::U32(r) => integer(&mut self.buffer, r.get(row)?),
            Reader::U64(r) => integer(&mut self.buffer, r.get(row)?),
            Reader::Null => None,
        })
    }
}
