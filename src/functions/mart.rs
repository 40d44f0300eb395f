//! The PHI-minimized mart: `lead_attribution`, `lead_conversion`, `lead_conversion_kpis`.
//!
//! All three are table macros over the event layer (SQL in `sql/lead_*.sql`).

use duckdb_neo::extension::Extension;

use super::{Doc, table_macro};

const ATTRIBUTION_DOC: Doc = Doc {
    description: "The attribution facts behind lead_conversion: one row per lead, per booking (a reschedule chain \
                  counts once, with the outcome of its last appointment) and per completed visit, as known at \
                  known_at (default as_of) and happened by as_of. Bookings and walk-in visits are credited to one lead \
                  of the same person (last_touch or first_touch within lookback, default 90 days; ties to the lower \
                  lead token); appointment visits follow their booking; uncredited rows give unattributed_reason.",
    examples: &["FROM lead_attribution('access_events', as_of := TIMESTAMP '2026-06-30 23:59:59')"],
    category: "crm_ehr.mart",
};

const CONVERSION_DOC: Doc = Doc {
    description: "Lead conversion mart (Limited Data Set level: tokens and full dates): one row per lead with \
                  channel, campaign, lead_created_at, first_scheduled_at, first_appointment_outcome (attended, \
                  no_show, canceled, open), first_completed_visit_at, first_visit_path (appointment, walk_in), \
                  conversion_outcome (completed_visit, scheduled_only, no_visit_yet), lags in days, counts, unmatched \
                  flag and the as_of / known_at used. Reproducible for any past known_at.",
    examples: &[
        "FROM lead_conversion('access_events', as_of := TIMESTAMP '2026-06-30 23:59:59', attribution := 'last_touch', lookback := INTERVAL 90 DAY)",
    ],
    category: "crm_ehr.mart",
};

const KPI_DOC: Doc = Doc {
    description: "Conversion KPIs over a lead_conversion table by any of channel and campaign (group_by) and lead \
                  creation period (month, week, all): leads, lead-to-scheduled and lead-to-completed rates, no-show \
                  rate after the first appointment over resolved appointments (attended + no-show) next to the naive \
                  share over all first appointments, median days to completed visit, unmatched leads; every rate with \
                  its numerator and denominator. disclosure := 'deidentified' reports months only and suppresses \
                  counts below min_cell (default 11) and everything derived from them.",
    examples: &[
        "FROM lead_conversion_kpis('mart_lead_conversion', group_by := ['channel', 'campaign'], period := 'month')",
    ],
    category: "crm_ehr.mart",
};

pub fn register(extension: &Extension) -> duckdb_neo::Result<()> {
    let options = ["as_of", "known_at", "attribution", "lookback"];
    table_macro(
        extension,
        "lead_attribution",
        &["events"],
        &options,
        &ATTRIBUTION_DOC,
        include_str!("../../sql/lead_attribution.sql").to_string(),
    )?;
    table_macro(
        extension,
        "lead_conversion",
        &["events"],
        &options,
        &CONVERSION_DOC,
        include_str!("../../sql/lead_conversion.sql").to_string(),
    )?;
    table_macro(
        extension,
        "lead_conversion_kpis",
        &["conversions"],
        &["group_by", "period", "disclosure", "min_cell"],
        &KPI_DOC,
        include_str!("../../sql/lead_conversion_kpis.sql").to_string(),
    )
}
