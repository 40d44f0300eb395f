//! The PHI scanner: `phi_detect`, `phi_assess_column`, and the table macros `phi_scan` and
//! `phi_assert_clean` (SQL in `sql/phi_*.sql`).

use duckdb_neo::{
    AsDuckDB, DuckDBType,
    connection::Context,
    data_chunk::VectorCollection,
    extension::Extension,
    scalar::{ScalarCallbacks, ScalarFunctionBuilder},
    signature::{FunctionParameter, SignatureBuilder},
    types::List,
    vector::{Unknown, Vector},
};

use super::{Doc, sql_error, table_macro};
use crate::domain::phi::detect::{ALL, detect};
use crate::domain::phi::verdict::{ColumnProfile, assess};

/// `phi_detect(value)`: kinds found in one value, packed (kinds in bits 0-15, a date's year above).
struct Detect;

impl ScalarCallbacks for Detect {
    type BindData = ();
    type InitData = ();

    fn exec(
        &self,
        _bind: Option<&()>,
        _init: Option<&mut ()>,
        _context: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        let rows = vectors.row_count()?;
        let values = vectors.get_vector_at::<String>(0)?.reader()?;
        let mut output = output.cast::<u64>()?;
        output.set_size(rows)?;
        let mut writer = output.writer()?;
        for row in 0..rows {
            writer.set(row, values.get(row)?.map(|v| detect(v).packed()))?;
        }
        Ok(())
    }
}

/// The verdict on one column.
#[derive(Debug, AsDuckDB)]
struct ColumnVerdict {
    verdict: String,
    kinds: List<String>,
    reason: String,
}

/// `phi_assess_column(name, type, non_null, distinct, hits, year_low, year_high)`.
struct AssessColumn;

impl ScalarCallbacks for AssessColumn {
    type BindData = ();
    type InitData = ();

    fn exec(
        &self,
        _bind: Option<&()>,
        _init: Option<&mut ()>,
        _context: &Context,
        vectors: &mut VectorCollection,
        output: Vector<'_, Unknown>,
    ) -> duckdb_neo::Result<()> {
        const NAME: &str = "phi_assess_column";
        let rows = vectors.row_count()?;
        let names = vectors.get_vector_at::<String>(0)?.reader()?;
        let types = vectors.get_vector_at::<String>(1)?.reader()?;
        let non_null = vectors.get_vector_at::<i64>(2)?.reader()?;
        let distinct = vectors.get_vector_at::<i64>(3)?.reader()?;
        let hits = vectors.get_vector_at::<List<i64>>(4)?.reader()?;
        let year_low = vectors.get_vector_at::<i32>(5)?.reader()?;
        let year_high = vectors.get_vector_at::<i32>(6)?.reader()?;
        let count = |v: Option<&i64>| v.copied().and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
        let mut verdicts = Vec::with_capacity(rows);
        for row in 0..rows {
            let (Some(name), Some(column_type)) = (names.get(row)?, types.get(row)?) else {
                verdicts.push(None);
                continue;
            };
            let mut counts = [0u64; ALL.len()];
            if let Some(list) = hits.get(row)? {
                if list.len() != ALL.len() {
                    return Err(sql_error(NAME, format!("hits must list {} counts", ALL.len())));
                }
                for (slot, value) in counts.iter_mut().zip(list.iter()) {
                    *slot = count(value);
                }
            }
            let profile = ColumnProfile {
                name,
                column_type,
                non_null: count(non_null.get(row)?),
                distinct: count(distinct.get(row)?),
                hits: counts,
                year_low: year_low.get(row)?.copied(),
                year_high: year_high.get(row)?.copied(),
            };
            let assessment = assess(&profile);
            verdicts.push(Some(ColumnVerdict {
                verdict: assessment.verdict.label().to_string(),
                kinds: List(assessment.kinds.iter().map(|k| Some(k.to_string())).collect()),
                reason: assessment.reason,
            }));
        }
        let kinds_total = verdicts.iter().flatten().map(|v| v.kinds.0.len()).sum();
        let mut output = output.cast::<ColumnVerdict>()?;
        output.set_size(rows)?;
        if let Some(mut children) = output.children_mut() {
            let mut kinds = children.get_vector_at_mut::<List<String>>(1)?;
            // SAFETY: the writes below fill exactly `kinds_total` elements, one per kind of each verdict.
            unsafe { kinds.set_child_size(kinds_total)? };
        }
        let mut writer = output.writer()?;
        for (row, verdict) in verdicts.into_iter().enumerate() {
            writer.set(row, verdict)?;
        }
        Ok(())
    }
}

const DETECT_DOC: Doc = Doc {
    description: "The kinds of direct identifier one value contains, packed as bits (0 email, 1 phone, 2 SSN, 3 \
                  date, 4 street address, 5 person name, 6 MRN, 7 IPv4, 8 URL, 9 ZIP+4, 10 keyed token, 11 date with \
                  time, 12 nine-digit SSN, 13 bare 6-10 digit number, 14 date in text) with a date's year in bits \
                  16-31. The per-value detector behind phi_scan.",
    examples: &["phi_detect('call 617-253-1000 or jane@acme-health.com') & 3"],
    category: "crm_ehr.phi",
};

const ASSESS_DOC: Doc = Doc {
    description: "The verdict on one column from phi_scan's counts: STRUCT(verdict identifier | possible_identifier | \
                  token | clean, kinds, reason). Reasons give counts and rates, never values.",
    examples: &[
        "phi_assess_column('notes', 'VARCHAR', 100, 100, [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], NULL, NULL)",
    ],
    category: "crm_ehr.phi",
};

const SCAN_DOC: Doc = Doc {
    description: "Per column of a table or view: the direct identifiers found by content (email, phone, SSN, \
                  birth-date-like dates, street address, person names, MRN-like ids, IP, URL, ZIP+4) and by column name, \
                  hit counts, a verdict (identifier, possible_identifier, token, clean) and a reason. Scans a repeatable \
                  reservoir sample of 100,000 rows by default; sample := 0 scans every row.",
    examples: &["FROM phi_scan('mart_lead_conversion')", "FROM phi_scan('access_events', sample := 0)"],
    category: "crm_ehr.phi",
};

const ASSERT_DOC: Doc = Doc {
    description: "Fails with a message naming every column phi_scan judges to hold direct identifiers (never their \
                  values); returns no rows when the table is clean, so it works as a dbt test or CI gate. Scans every \
                  row unless sample := N is given.",
    examples: &["FROM phi_assert_clean('mart_lead_conversion')"],
    category: "crm_ehr.phi",
};

/// `phi_scan`'s SQL with the per-kind hit counts and labels filled in from the detector's list.
fn scan_sql() -> String {
    let counts: Vec<String> = ALL
        .iter()
        .map(|f| format!("coalesce(sum(d.n) FILTER (WHERE d.packed & {} <> 0), 0)::BIGINT", f.bit()))
        .collect();
    let labels: Vec<String> = ALL.iter().map(|f| format!("'{}'", f.label())).collect();
    include_str!("../../sql/phi_scan.sql")
        .replace("{hit_counts}", &format!("[{}]", counts.join(", ")))
        .replace("{labels}", &format!("[{}]", labels.join(", ")))
        .replace("{zero_hits}", &format!("[{}]", vec!["0"; ALL.len()].join(", ")))
}

pub fn register(extension: &Extension) -> duckdb_neo::Result<()> {
    ScalarFunctionBuilder::new(
        "phi_detect",
        SignatureBuilder::new()
            .param(FunctionParameter::new::<String>("value"))
            .return_type(u64::logical_type(extension)?)
            .documentation(DETECT_DOC.builder()),
        Detect,
    )
    .register(extension)?;
    ScalarFunctionBuilder::new(
        "phi_assess_column",
        SignatureBuilder::new()
            .param(FunctionParameter::new::<String>("column_name"))
            .param(FunctionParameter::new::<String>("column_type"))
            .param(FunctionParameter::new::<i64>("non_null"))
            .param(FunctionParameter::new::<i64>("distinct_values"))
            .param(FunctionParameter::new::<List<i64>>("hits"))
            .param(FunctionParameter::new::<i32>("year_low"))
            .param(FunctionParameter::new::<i32>("year_high"))
            .return_type(ColumnVerdict::logical_type(extension)?)
            .documentation(ASSESS_DOC.builder()),
        AssessColumn,
    )
    .register(extension)?;
    table_macro(extension, "phi_scan", &["table_name"], &["sample"], &SCAN_DOC, scan_sql())?;
    table_macro(
        extension,
        "phi_assert_clean",
        &["table_name"],
        &["sample"],
        &ASSERT_DOC,
        include_str!("../../sql/phi_assert_clean.sql").to_string(),
    )
}
