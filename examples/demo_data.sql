-- Fabricated source exports for the walkthrough and the end-to-end benchmark: a CRM, a
-- scheduling system and an EHR, with the messiness real exports have. Deterministic: every
-- random choice is a hash of a row number, so a size always gives the same data.
--
--   SET VARIABLE demo_leads = 10000;   -- 1k to 10M
--   .read examples/demo_data.sql       -- run from the repository root (reads the Census name lists)
--
-- Creates, in the current schema: crm_leads, scheduling_patients, appointment_events,
-- ehr_patients, encounter_events, and the view person_records (the identity bridge's input);
-- and the temporary table demo_truth (who each person record really is).
-- Every name, email, phone number, address and SSN is made up: names come from the Census
-- frequency lists, the rest from hashes: phone numbers and SSNs are random digits in valid
-- ranges (the matchers reject invalid ones), so any likeness to a real number is chance and
-- carries nothing else real with it.
--
-- What is messy, and how often:
-- - people come back: 15% of leads are a second lead of someone who already was one;
-- - the CRM lacks birth dates (60%) and sex, writes names in title case, nicknames (15%);
-- - scheduling writes MM/DD/YYYY birth dates and formats phones; the EHR writes ISO dates, SSNs
--   (60%) and street addresses; one-character name typos (3%), day/month swaps (2%);
-- - placeholders instead of values (1%): test@test.com, 000-000-0000, UNKNOWN;
-- - 45% of leads book an appointment within three weeks; 12% of bookings are rescheduled (a
--   new appointment replacing the old); outcomes kept 60%, no-show 15%, canceled 15%, still
--   open 10%; no-shows are recorded up to five days late;
-- - statuses in three vocabularies (booked / Scheduled / S12 ...); 2% of appointment events are
--   delivered twice; 1% arrive out of order (recorded before the booking was);
-- - kept appointments have an EHR encounter; 5% of people walk in without an appointment.

-- One 64-bit draw per (row, purpose). Not hash(i, 'purpose'): DuckDB combines per-argument
-- hashes, so two purposes would differ by a constant XOR and their draws would be correlated.
CREATE OR REPLACE TEMP MACRO demo_draw(i, purpose) AS hash(i::VARCHAR || ':' || purpose);

CREATE OR REPLACE TEMP TABLE demo_first_names AS
SELECT row_number() OVER () - 1 AS i, name FROM read_csv('src/domain/phi/data/first_names.txt', header = false, columns = {'name': 'VARCHAR'});
CREATE OR REPLACE TEMP TABLE demo_surnames AS
SELECT row_number() OVER () - 1 AS i, name FROM read_csv('src/domain/phi/data/surnames.txt', header = false, columns = {'name': 'VARCHAR'});

SET VARIABLE demo_first_name_count = (SELECT count(*) FROM demo_first_names);
SET VARIABLE demo_surname_count = (SELECT count(*) FROM demo_surnames);

-- People: Zipf-like name choice (u^3 of a uniform u leans to the common names). Email addresses
-- carry the person number: two people never share a mailbox, however common their name.
CREATE OR REPLACE TEMP TABLE demo_people AS
WITH p AS (
    SELECT pid,
           (demo_draw(pid, 'first') >> 1) / 9223372036854775807.0 AS u_first,
           (demo_draw(pid, 'last') >> 1) / 9223372036854775807.0 AS u_last,
           (demo_draw(pid, 'misc') >> 1)::BIGINT AS h
    FROM range((getvariable('demo_leads') * 0.85)::BIGINT + 1) t(pid)
)
SELECT p.pid,
       f.name AS first_name,
       s.name AS last_name,
       CASE WHEN p.h % 2 = 0 THEN 'F' ELSE 'M' END AS sex,
       DATE '1940-01-01' + (p.h % 24000)::INTEGER AS birth_date,
       lower(f.name) || '.' || lower(s.name) || '.' || p.pid || '@' || ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'][1 + (p.h >> 8) % 4] AS email,
       ['617', '508', '781', '978', '413', '212', '312', '415'][1 + (p.h >> 12) % 8]
           || (200 + demo_draw(p.pid, 'exchange') % 800)::VARCHAR || lpad((demo_draw(p.pid, 'line') % 10000)::VARCHAR, 4, '0')
           AS phone,
       lpad((1000 + (p.h >> 20) % 2400 * 41)::VARCHAR, 5, '0') AS postal_code,
       ((p.h >> 24) % 9000 + 1)::VARCHAR || ' ' || ['Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake'][1 + (p.h >> 28) % 8]
           || ' ' || ['St', 'Ave', 'Rd', 'Dr', 'Ln'][1 + (p.h >> 32) % 5] AS street_address,
       lpad((1 + (p.h >> 36) % 665)::VARCHAR, 3, '0') || lpad((1 + (p.h >> 40) % 99)::VARCHAR, 2, '0')
           || lpad((1 + (p.pid % 9999))::VARCHAR, 4, '0') AS ssn
FROM p
JOIN demo_first_names f ON f.i = (p.u_first ** 3 * getvariable('demo_first_name_count'))::BIGINT
JOIN demo_surnames s ON s.i = (p.u_last ** 3 * getvariable('demo_surname_count'))::BIGINT;

SET VARIABLE demo_people = (SELECT count(*) FROM demo_people);

-- Leads: every person at least once, then 15% repeat leads.
CREATE OR REPLACE TEMP TABLE demo_leads AS
SELECT lid,
       CASE WHEN lid < getvariable('demo_people') THEN lid ELSE ((demo_draw(lid, 'again') >> 1)::BIGINT) % getvariable('demo_people') END AS pid,
       TIMESTAMP '2026-01-01' + to_seconds((demo_draw(lid, 'created') % (180 * 86400))::BIGINT) AS created_at,
       (demo_draw(lid, 'lead') >> 1)::BIGINT AS h
FROM range(getvariable('demo_leads')::BIGINT) t(lid);

CREATE OR REPLACE TABLE crm_leads AS
SELECT 'L' || l.lid AS lead_id,
       l.created_at,
       l.created_at + to_seconds((l.h % 600)::BIGINT) AS recorded_at,
       c.channel,
       c.channel || '_' || ['spring', 'summer', 'checkup', 'flu', 'newmover'][1 + (l.h >> 8) % 5] AS campaign,
       CASE WHEN (l.h >> 12) % 100 < 1 THEN 'Unknown'
            WHEN (l.h >> 12) % 100 < 15 THEN upper(coalesce(n.nick, p.first_name)[1]) || lower(coalesce(n.nick, p.first_name)[2:])
            ELSE upper(p.first_name[1]) || lower(p.first_name[2:]) END AS first_name,
       upper(p.last_name[1]) || lower(p.last_name[2:]) AS last_name,
       CASE WHEN (l.h >> 16) % 100 < 40 THEN CASE WHEN (l.h >> 20) % 2 = 0 THEN strftime(p.birth_date, '%Y-%m-%d') ELSE strftime(p.birth_date, '%b %d, %Y') END END AS birth_date,
       CASE WHEN (l.h >> 24) % 100 < 1 THEN 'test@test.com' WHEN (l.h >> 24) % 100 < 95 THEN p.email END AS email,
       CASE WHEN (l.h >> 28) % 100 < 85
            THEN ['(' || p.phone[1:3] || ') ' || p.phone[4:6] || '-' || p.phone[7:], p.phone][1 + (l.h >> 32) % 2] END AS phone,
       p.postal_code
FROM demo_leads l
JOIN demo_people p USING (pid)
CROSS JOIN LATERAL (SELECT ['web', 'paid_search', 'social', 'referral', 'email', 'event'][1 + (l.h >> 4) % 6] AS channel) c
LEFT JOIN (VALUES ('ROBERT', 'BOB'), ('WILLIAM', 'BILL'), ('JAMES', 'JIM'), ('JOHN', 'JACK'), ('MICHAEL', 'MIKE'),
                  ('ELIZABETH', 'LIZ'), ('JENNIFER', 'JEN'), ('MARGARET', 'PEGGY'), ('RICHARD', 'RICK'), ('JOSEPH', 'JOE'),
                  ('THOMAS', 'TOM'), ('PATRICIA', 'PAT'), ('KATHERINE', 'KATE'), ('CHRISTOPHER', 'CHRIS'), ('DANIEL', 'DAN'))
    n(formal, nick) ON n.formal = p.first_name;

-- Appointments: chains of one booking, sometimes rescheduled once; the outcome belongs to the
-- chain's last appointment.
CREATE OR REPLACE TEMP TABLE demo_bookings AS
SELECT l.lid, l.pid, l.h,
       l.created_at + to_seconds((3600 + (l.h >> 36) % (21 * 86400))::BIGINT) AS booked_at,
       (l.h >> 44) % 100 AS outcome,
       (l.h >> 50) % 100 < 12 AS rescheduled
FROM demo_leads l
WHERE (demo_draw(l.lid, 'books') % 100) < 45;

CREATE OR REPLACE TEMP TABLE demo_appointments AS
SELECT 'A' || b.lid AS appointment_id, b.lid, b.pid, b.h, NULL AS replaces, b.booked_at,
       b.booked_at + to_seconds((7 * 86400 + (b.h >> 8) % (14 * 86400))::BIGINT) AS slot,
       NOT b.rescheduled AS last_in_chain, b.outcome
FROM demo_bookings b
UNION ALL
SELECT 'A' || b.lid || 'R', b.lid, b.pid, b.h, 'A' || b.lid, b.booked_at + INTERVAL 3 DAY,
       b.booked_at + to_seconds((17 * 86400 + (b.h >> 8) % (14 * 86400))::BIGINT), true, b.outcome
FROM demo_bookings b WHERE b.rescheduled;

CREATE OR REPLACE TABLE appointment_events AS
WITH events AS (
    SELECT a.appointment_id, 'P' || a.pid AS patient_id,
           ['booked', 'Scheduled', 'S12'][1 + a.h % 3] AS status, a.booked_at AS status_at,
           CASE WHEN (a.h >> 60) % 100 < 1 THEN a.booked_at - INTERVAL 1 HOUR ELSE a.booked_at + INTERVAL 2 MINUTE END AS recorded_at,
           a.slot AS slot_start, a.replaces AS replaces_appointment_id, a.h
    FROM demo_appointments a
    UNION ALL  -- the replaced appointment is canceled when its replacement is booked
    SELECT a.replaces, 'P' || a.pid, ['cancelled', 'Canceled', 'S15'][1 + a.h % 3], a.booked_at, a.booked_at + INTERVAL 5 MINUTE,
           NULL, NULL, a.h
    FROM demo_appointments a WHERE a.replaces IS NOT NULL
    UNION ALL  -- kept (60%): arrival and completion
    SELECT a.appointment_id, 'P' || a.pid, s.status, a.slot + to_minutes(s.offset_minutes), a.slot + to_minutes(s.offset_minutes + 5),
           a.slot, NULL, a.h
    FROM demo_appointments a CROSS JOIN (VALUES ('arrived', -5), ('fulfilled', 40)) s(status, offset_minutes)
    WHERE a.last_in_chain AND a.outcome < 60
    UNION ALL  -- no-show (15%), recorded up to five days late
    SELECT a.appointment_id, 'P' || a.pid, ['noshow', 'No Show', 'S26'][1 + a.h % 3], a.slot + INTERVAL 15 MINUTE,
           a.slot + to_days(((a.h >> 4) % 6)::INTEGER) + INTERVAL 1 HOUR, a.slot, NULL, a.h
    FROM demo_appointments a WHERE a.last_in_chain AND a.outcome BETWEEN 60 AND 74
    UNION ALL  -- canceled (15%)
    SELECT a.appointment_id, 'P' || a.pid, ['cancelled', 'Canceled', 'S15'][1 + a.h % 3], a.slot - INTERVAL 2 DAY,
           a.slot - INTERVAL 2 DAY + INTERVAL 10 MINUTE, a.slot, NULL, a.h
    FROM demo_appointments a WHERE a.last_in_chain AND a.outcome BETWEEN 75 AND 89
)
SELECT e.appointment_id, e.patient_id, e.status, e.status_at, e.recorded_at, e.slot_start, e.replaces_appointment_id,
       ['North Clinic', 'South Clinic', 'Downtown'][1 + (e.h >> 2) % 3] AS location,
       ['primary care', 'cardiology', 'orthopedics', 'dermatology'][1 + (e.h >> 5) % 4] AS service_line
FROM events e
UNION ALL  -- 2% of bookings delivered twice
SELECT e.appointment_id, e.patient_id, e.status, e.status_at, e.recorded_at + INTERVAL 1 HOUR, e.slot_start,
       e.replaces_appointment_id, ['North Clinic', 'South Clinic', 'Downtown'][1 + (e.h >> 2) % 3],
       ['primary care', 'cardiology', 'orthopedics', 'dermatology'][1 + (e.h >> 5) % 4]
FROM events e WHERE e.status IN ('booked', 'Scheduled', 'S12') AND (e.h >> 54) % 100 < 2;

-- Encounters: every kept appointment, plus walk-ins.
CREATE OR REPLACE TABLE encounter_events AS
SELECT 'E' || a.appointment_id AS encounter_id, 'M' || a.pid AS patient_id, a.appointment_id,
       'finished' AS status, a.slot + INTERVAL 40 MINUTE AS encounter_at, a.slot + INTERVAL 2 HOUR AS recorded_at,
       'AMB' AS class
FROM demo_appointments a WHERE a.last_in_chain AND a.outcome < 60
UNION ALL
SELECT 'W' || p.pid, 'M' || p.pid, NULL, 'finished',
       TIMESTAMP '2026-01-01' + to_seconds((demo_draw(p.pid, 'walkin') % (200 * 86400))::BIGINT),
       TIMESTAMP '2026-01-01' + to_seconds((demo_draw(p.pid, 'walkin') % (200 * 86400) + 7200)::BIGINT), 'AMB'
FROM demo_people p WHERE demo_draw(p.pid, 'walks in') % 100 < 5;

-- Person records of the two clinical systems: one per person that appears there.
CREATE OR REPLACE TABLE scheduling_patients AS
SELECT 'P' || p.pid AS patient_id,
       CASE WHEN (h >> 4) % 100 < 3 THEN p.first_name[1:-2] ELSE p.first_name END AS first_name,
       p.last_name,
       CASE WHEN (h >> 8) % 100 < 90 THEN strftime(CASE WHEN (h >> 12) % 100 < 2 AND day(p.birth_date) <= 12
                                                          THEN make_date(year(p.birth_date), day(p.birth_date), month(p.birth_date))
                                                          ELSE p.birth_date END, '%m/%d/%Y') END AS birth_date,
       p.sex,
       CASE WHEN (h >> 16) % 100 < 70 THEN p.email END AS email,
       CASE WHEN (h >> 20) % 100 < 1 THEN '000-000-0000' ELSE p.phone[1:3] || '-' || p.phone[4:6] || '-' || p.phone[7:] END AS phone,
       p.postal_code
FROM (SELECT DISTINCT pid FROM demo_appointments) a
JOIN demo_people p USING (pid)
CROSS JOIN LATERAL (SELECT (demo_draw(p.pid, 'scheduling') >> 1)::BIGINT AS h);

CREATE OR REPLACE TABLE ehr_patients AS
SELECT 'M' || p.pid AS mrn, p.first_name, p.last_name, p.birth_date, p.sex,
       CASE WHEN (h >> 4) % 100 < 60 THEN p.ssn[1:3] || '-' || p.ssn[4:5] || '-' || p.ssn[6:] END AS ssn,
       CASE WHEN (h >> 8) % 100 < 65 THEN p.email END AS email, p.phone, p.street_address, p.postal_code
FROM (SELECT DISTINCT right(patient_id, -1)::BIGINT AS pid FROM encounter_events) e
JOIN demo_people p USING (pid)
CROSS JOIN LATERAL (SELECT (demo_draw(p.pid, 'ehr') >> 1)::BIGINT AS h);

-- The identity bridge's input: one row per source record.
CREATE OR REPLACE VIEW person_records AS
SELECT 'crm' AS source_system, lead_id AS source_record_id, first_name, NULL AS middle_name, last_name, birth_date,
       NULL AS sex, email, phone, postal_code, NULL AS street_address, NULL AS mrn, NULL AS ssn
FROM crm_leads
UNION ALL
SELECT 'scheduling', patient_id, first_name, NULL, last_name, birth_date, sex, email, phone, postal_code, NULL, NULL, NULL
FROM scheduling_patients
UNION ALL
SELECT 'ehr', mrn, first_name, NULL, last_name, birth_date::VARCHAR, sex, email, phone, postal_code, street_address, mrn, ssn
FROM ehr_patients;

-- Who each person record really is: the generator's truth, to score the bridge (bench/e2e.py).
-- A temporary table, gone with the session: it is no export.
CREATE OR REPLACE TEMP TABLE demo_truth AS
SELECT t.* FROM (SELECT 'crm' AS source_system, 'L' || lid AS source_record_id, pid AS person_id FROM demo_leads
                 UNION ALL
                 SELECT 'scheduling', patient_id, right(patient_id, -1)::BIGINT FROM scheduling_patients
                 UNION ALL
                 SELECT 'ehr', mrn, right(mrn, -1)::BIGINT FROM ehr_patients) t
SEMI JOIN person_records r USING (source_system, source_record_id);

DROP TABLE demo_first_names;
DROP TABLE demo_surnames;
DROP TABLE demo_people;
DROP TABLE demo_leads;
DROP TABLE demo_bookings;
DROP TABLE demo_appointments;
DROP MACRO demo_draw;
