-- Deterministic source exports for the event-layer benchmark: about {events} events.
-- Appointments (~60% of events) with bookings in mixed vocabularies, reschedule chains
-- through replaces_appointment_id, outcomes (kept, late no-shows, cancellations, open),
-- duplicate deliveries and entered-in-error voids; encounters for kept visits plus walk-ins;
-- CRM leads. Pseudo-randomness is hash() of the row number, so every run sees the same data.
CREATE TABLE appointments AS
WITH base AS (
    SELECT i,
           'A' || i AS appointment_id,
           'P' || (hash(i * 7) % {patients}) AS patient_id,
           TIMESTAMP '2025-01-01' + INTERVAL ((hash(i) % 500 * 86400 + hash(i * 3) % 86400)::BIGINT) SECOND AS booked_at,
           (hash(i * 11) % 100)::INTEGER AS outcome,
           (hash(i * 13) % 100)::INTEGER AS noise
    FROM range({appointments}) t(i)
),
events AS (
    -- booking, in three vocabularies
    SELECT appointment_id, patient_id, ['booked', 'Scheduled', 'S12'][1 + noise % 3] AS status, booked_at AS status_at,
           booked_at + INTERVAL (noise) SECOND AS recorded_at, booked_at + INTERVAL (7 + noise % 20) DAY AS slot_start,
           CASE WHEN noise < 10 AND i > 0 THEN 'A' || (i - 1) END AS replaces_appointment_id, i, outcome, noise
    FROM base
    UNION ALL
    -- duplicate delivery of the booking (2%)
    SELECT appointment_id, patient_id, ['booked', 'Scheduled', 'S12'][1 + noise % 3], booked_at,
           booked_at + INTERVAL (noise + 3600) SECOND, booked_at + INTERVAL (7 + noise % 20) DAY,
           CASE WHEN noise < 10 AND i > 0 THEN 'A' || (i - 1) END, i, outcome, noise
    FROM base WHERE noise >= 98
)
SELECT appointment_id, patient_id, status, status_at, recorded_at, slot_start, replaces_appointment_id,
       ['North', 'South', 'East', 'West'][1 + i % 4] AS location, ['primary', 'cardiology', 'ortho'][1 + i % 3] AS service_line
FROM events
UNION ALL
-- kept visits (60%): arrival and completion
SELECT appointment_id, patient_id, CASE WHEN s.status = 'arrived' AND noise % 2 = 1 THEN 'Checked In' ELSE s.status END,
       slot + INTERVAL (s.offset_minutes) MINUTE,
       slot + INTERVAL (s.offset_minutes + 5) MINUTE, slot, NULL, ['North', 'South', 'East', 'West'][1 + i % 4],
       ['primary', 'cardiology', 'ortho'][1 + i % 3]
FROM (SELECT *, booked_at + INTERVAL (7 + noise % 20) DAY AS slot FROM base WHERE outcome < 60) b
CROSS JOIN (VALUES ('arrived', 0), ('fulfilled', 40)) s(status, offset_minutes)
UNION ALL
-- no-shows (15%), recorded up to five days late
SELECT appointment_id, patient_id, ['noshow', 'No Show', 'S26'][1 + noise % 3],
       booked_at + INTERVAL (7 + noise % 20) DAY + INTERVAL 15 MINUTE,
       booked_at + INTERVAL (7 + noise % 20) DAY + INTERVAL (noise % 6) DAY, NULL, NULL, 'North', 'primary'
FROM base WHERE outcome BETWEEN 60 AND 74
UNION ALL
-- cancellations (15%)
SELECT appointment_id, patient_id, ['cancelled', 'Canceled', 'S15'][1 + noise % 3],
       booked_at + INTERVAL (2 + noise % 4) DAY, booked_at + INTERVAL (2 + noise % 4) DAY, NULL, NULL, 'South', 'ortho'
FROM base WHERE outcome BETWEEN 75 AND 89
UNION ALL
-- voided bookings (0.3%)
SELECT appointment_id, patient_id, 'entered-in-error', booked_at + INTERVAL 1 DAY, booked_at + INTERVAL 1 DAY, NULL, NULL,
       'East', 'primary'
FROM base WHERE (hash(i * 17) % 1000)::INTEGER < 3;

CREATE TABLE encounters AS
WITH kept AS (
    SELECT i, 'E' || i AS encounter_id, 'P' || (hash(i * 7) % {patients}) AS patient_id, 'A' || i AS appointment_id,
           TIMESTAMP '2025-01-01' + INTERVAL ((hash(i) % 500 * 86400 + hash(i * 3) % 86400)::BIGINT) SECOND
               + INTERVAL ((7 + hash(i * 13) % 100 % 20)::BIGINT) DAY AS arrived_at
    FROM range({appointments}) t(i)
    WHERE (hash(i * 11) % 100)::INTEGER < 60
    UNION ALL
    -- walk-ins without an appointment
    SELECT i + {appointments}, 'W' || i, 'P' || (hash(i * 5) % {patients}), NULL,
           TIMESTAMP '2025-01-01' + INTERVAL ((hash(i * 19) % 500 * 86400)::BIGINT) SECOND
    FROM range({walk_ins}) t(i)
)
SELECT encounter_id, patient_id, appointment_id, s.status, arrived_at + INTERVAL (s.offset_minutes) MINUTE AS encounter_at,
       arrived_at + INTERVAL (s.offset_minutes + 30) MINUTE AS recorded_at, 'AMB' AS class
FROM kept CROSS JOIN (VALUES ('arrived', 0), ('finished', 45)) s(status, offset_minutes);

CREATE TABLE leads AS
SELECT 'L' || i AS lead_id,
       TIMESTAMP '2024-12-01' + INTERVAL ((hash(i * 23) % 500 * 86400 + hash(i) % 86400)::BIGINT) SECOND AS created_at,
       ['web', 'paid_search', 'referral', 'social', 'email'][1 + (hash(i) % 5)::INTEGER] AS channel,
       'campaign_' || (hash(i * 29) % 40) AS campaign
FROM range({leads}) t(i);

CREATE TABLE bridge AS
SELECT s.source_system, 'P' || i AS source_record_id, hash(i * 31)::UHUGEINT AS person_key
FROM range({patients}) t(i) CROSS JOIN (VALUES ('scheduling'), ('ehr')) s(source_system)
UNION ALL
SELECT 'crm', 'L' || i, hash((i % {patients}) * 31)::UHUGEINT FROM range({leads}) t(i);
