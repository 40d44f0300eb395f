-- The tables the examples in duckdb_functions() refer to, in miniature. Needs the key
-- 'bridge_2026' loaded (PRAGMA crm_ehr_load_key('bridge_2026', 'env:CRM_EHR_BRIDGE_KEY')).
CREATE TABLE person_records AS SELECT * FROM (VALUES
    ('crm', 'L-1', 'Bob', 'Stone', NULL, 'bob.stone@gmail.com', '617-555-0202'),
    ('scheduling', 'P-1', 'Robert', 'Stone', '11/20/1975', 'bob.stone@gmail.com', '(617) 555-0202'),
    ('ehr', 'P-1', 'ROBERT', 'STONE', '1975-11-20', NULL, '6175550202')
) t(source_system, source_record_id, first_name, last_name, birth_date, email, phone);
CREATE TABLE identity_index AS FROM identity_index('person_records');
CREATE TABLE identity_bridge AS SELECT * FROM (VALUES
    ('crm', 'L-1', 1::UHUGEINT), ('scheduling', 'P-1', 1::UHUGEINT), ('ehr', 'P-1', 1::UHUGEINT)
) t(source_system, source_record_id, person_key);
CREATE TABLE crm_leads AS SELECT * FROM (VALUES
    ('L-1', TIMESTAMP '2026-05-01 10:00:00', 'web', 'spring_checkup')
) t(lead_id, created_at, channel, campaign);
CREATE TABLE appointment_events AS SELECT * FROM (VALUES
    ('A-1', 'P-1', 'Booked', TIMESTAMP '2026-05-02 09:00:00'),
    ('A-1', 'P-1', 'Arrived', TIMESTAMP '2026-05-09 08:55:00')
) t(appointment_id, patient_id, status, status_at);
CREATE TABLE encounter_events AS SELECT * FROM (VALUES
    ('E-1', 'P-1', 'A-1', 'finished', TIMESTAMP '2026-05-09 09:40:00')
) t(encounter_id, patient_id, appointment_id, status, encounter_at);
CREATE TABLE access_events AS FROM status_progression(bridge := 'identity_bridge', key_name := 'bridge_2026',
    appointments := 'appointment_events', encounters := 'encounter_events', leads := 'crm_leads');
CREATE TABLE mart_lead_conversion AS FROM lead_conversion('access_events');
