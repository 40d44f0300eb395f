-- The three layers end to end, from the repository root after `make`:
--
--   export CRM_EHR_DEMO_KEY=$(openssl rand -hex 32)
--   duckdb -unsigned -c ".read examples/walkthrough.sql"
--
-- (or `.venv/bin/python examples/run_sql.py examples/walkthrough.sql`, which is what `make
-- examples` runs). Raw identifiers live only in examples/out/restricted.duckdb; the published
-- database, examples/out/analytics.duckdb, gets keys, events and the mart.

LOAD 'build/release/crm_ehr.duckdb_extension';
PRAGMA crm_ehr_load_key('demo_2026', 'env:CRM_EHR_DEMO_KEY');

-- 1. Source exports land in the restricted zone (here: fabricated ones, 20,000 leads).
ATTACH 'examples/out/restricted.duckdb' AS restricted;
ATTACH 'examples/out/analytics.duckdb' AS analytics;
USE restricted;
SET VARIABLE demo_leads = 20000;
.read examples/demo_data.sql

-- 2. Layer 1, inside the restricted zone: fit the match model, review it, resolve people.
CREATE OR REPLACE TABLE restricted.identity_model AS SELECT * FROM identity_model('restricted.person_records');
SELECT fingerprint, candidate_pairs, records FROM restricted.identity_model;
CREATE OR REPLACE TABLE restricted.identity_bridge AS
FROM resolve_identity('restricted.person_records', key_name := 'demo_2026',
                      model := (SELECT model FROM restricted.identity_model));
SELECT match_rule, count(*) AS records, count(DISTINCT person_key) AS people
FROM restricted.identity_bridge GROUP BY match_rule ORDER BY records DESC;

-- 3. Layer 2, published: governed events, no PHI.
USE analytics;
CREATE OR REPLACE TABLE analytics.fct_patient_access_events AS
FROM status_progression(bridge := 'restricted.identity_bridge', key_name := 'demo_2026',
                        appointments := 'restricted.appointment_events',
                        encounters := 'restricted.encounter_events',
                        leads := 'restricted.crm_leads');
SELECT entity_type, canonical_status, count(*) AS events
FROM analytics.fct_patient_access_events GROUP BY ALL ORDER BY entity_type, events DESC;

-- 4. Layer 3, published: did each lead become a kept visit, as of a date we can reproduce.
CREATE OR REPLACE TABLE analytics.mart_lead_conversion AS
FROM lead_conversion('analytics.fct_patient_access_events', as_of := TIMESTAMP '2026-07-31 23:59:59');
SELECT channel, leads, lead_to_scheduled_rate, lead_to_completed_rate, no_show_rate, median_days_to_completed_visit
FROM lead_conversion_kpis('analytics.mart_lead_conversion', group_by := ['channel'], period := 'all')
ORDER BY leads DESC;

-- 5. The proof: what is published carries no direct identifiers (an error here stops a pipeline).
SELECT column_name, verdict, kinds FROM phi_scan('analytics.mart_lead_conversion');
SELECT 'fct_patient_access_events' AS published_table, count(*) AS identifier_findings
FROM phi_assert_clean('analytics.fct_patient_access_events')
UNION ALL
SELECT 'mart_lead_conversion', count(*) FROM phi_assert_clean('analytics.mart_lead_conversion');
