-- A labelled corpus for phi_scan: realistic mart columns that must pass, and leaky columns that
-- must be flagged. 300 rows each; all values fabricated. phi_corpus_labels names every column
-- with its expected verdict ('clean' = anything but 'identifier') and, for leaky columns, the
-- kind that must be reported.
CREATE TABLE phi_corpus_clean AS
SELECT
    ['web', 'referral', 'paid_search', 'social', 'email', 'events'][1 + i % 6] AS channel,
    ['spring_promo_2026', 'jordan_river_5k', 'cardiology_awareness', 'flu_shot_drive', 'new_mover_mailer',
     'heart_month'][1 + i % 6] AS campaign,
    ['Summer Wellness', 'Jordan Valley Outreach', 'Heart Health Month', 'Back to School Physicals', 'Jordan',
     'Senior Care Week', 'Diabetes Prevention', 'Mobile Mammography', 'Women''s Health Day',
     'Telehealth Launch'][1 + i % 10] AS campaign_name,
    hash(i)::UHUGEINT * 7919 AS lead_token,
    hash(i * 3)::UHUGEINT * 104729 AS person_key,
    phi_token_text('id:lead', 'L' || i, 'corpus_key') AS lead_token_text,
    date_trunc('month', TIMESTAMP '2025-01-01' + INTERVAL (i % 20) MONTH)::DATE AS lead_created_month,
    TIMESTAMP '2025-03-01 08:15:00' + INTERVAL (i * 37) MINUTE AS event_at,
    TIMESTAMP '2025-03-02 09:30:00' + INTERVAL (i * 53) MINUTE AS first_scheduled_at,
    i % 5 AS appointments,
    i % 3 AS completed_visits,
    round((i % 97) / 3.0, 2) AS days_to_completed_visit,
    ['completed_visit', 'scheduled_only', 'no_visit_yet'][1 + i % 3] AS conversion_outcome,
    ['North', 'South', 'East', 'West'][1 + i % 4] AS location,
    ['Cardiology', 'Primary Care', 'Orthopedics', 'Dermatology'][1 + i % 4] AS service_line,
    ['AMB', 'EMER', 'IMP'][1 + i % 3] AS encounter_class,
    (i * 1931 + 1000000)::BIGINT AS lead_count,
    round((i % 100) / 100.0, 3) AS conversion_rate,
    ['Booked', 'No Show', 'S12', 'Arrived', 'Checked Out'][1 + i % 5] AS source_status,
    ['scheduled', 'no_show', 'fulfilled', 'canceled'][1 + i % 4] AS canonical_status,
    ['021', '100', '606', '941', '303'][1 + i % 5] AS zip3,
    1990 + i % 37 AS cohort_year,
    (i * 12.5)::DECIMAL(10, 2) AS revenue,
    i % 7 = 0 AS unmatched,
    date_trunc('week', TIMESTAMP '2025-06-02' + INTERVAL (i % 30) WEEK)::DATE AS period_start,
    'v' || (i % 4) || '.' || (i % 9) AS model_version,
    ['open', 'booked', 'shown', 'terminal_fail'][1 + i % 4] AS category
FROM range(300) t(i);

CREATE TABLE phi_corpus_leaky AS
WITH n AS (
    SELECT i,
           ['Mary', 'James', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Maria', 'Jose',
            'Susan', 'Daniel', 'Karen', 'Thomas', 'Lisa', 'Wei', 'Priya', 'Olga', 'Ahmed', 'Grace'][1 + i % 20] AS first,
           ['Smith', 'Johnson', 'Garcia', 'Nguyen', 'Brown', 'Lee', 'Martinez', 'Davis', 'Rodriguez', 'Wilson',
            'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Kim', 'Patel', 'Chen', 'Lopez', 'Hill'][1 + (i * 7) % 20]
               AS last
    FROM range(300) t(i)
)
SELECT
    lower(first) || '.' || lower(last) || i || '@gmail.com' AS email,
    CASE WHEN i % 10 = 0 THEN 'pt asked to be emailed at ' || lower(first) || i || '@yahoo.com'
         ELSE ['left voicemail', 'rescheduled per pt request', 'needs interpreter', 'ok'][1 + i % 4] END AS notes_email,
    CASE WHEN i % 12 = 0 THEN 'call back on ' || format('({:03d}) {:03d}-{:04d}', 212 + i % 700, 555 + i % 300, 1000 + i)
         ELSE ['no answer', 'confirmed', 'declined'][1 + i % 3] END AS notes_phone,
    format('{:03d}-{:03d}-{:04d}', 212 + i % 700, 253 + i % 600, 1000 + i) AS phone,
    (2120000000 + i * 100003 + 2530000)::BIGINT AS contact_number,
    format('{:03d}-{:02d}-{:04d}', 101 + i % 600, 10 + i % 80, 1000 + i) AS ssn_dashed,
    format('{:03d}{:02d}{:04d}', 101 + i % 600, 10 + i % 80, 1000 + i) AS tax_ref,
    ((101 + i % 600) * 1000000 + (10 + i % 80) * 10000 + 1000 + i)::BIGINT AS member_number,
    first AS first_name,
    last AS last_name,
    first || ' ' || last AS attendee,
    upper(last) || ', ' || upper(first) AS guarantor,
    DATE '1940-01-01' + (i * 97)::INTEGER AS dob,
    strftime(DATE '1945-06-01' + (i * 89)::INTEGER, '%m/%d/%Y') AS b,
    strftime(DATE '1950-03-01' + (i * 101)::INTEGER, '%Y-%m-%d') AS d,
    'MRN' || lpad((1000 + i * 37)::VARCHAR, 7, '0') AS record,
    'E' || (1000000 + i * 31) AS chart_ref,
    lpad((500000 + i * 13)::VARCHAR, 8, '0') AS mrn,
    (10 + i) || ' ' || ['Main', 'Oak', 'Maple', 'Elm', 'Washington'][1 + i % 5] || ' ' || ['St', 'Ave', 'Rd', 'Blvd'][1 + i % 4]
        AS home,
    '10.' || (i % 250) || '.' || (i % 200) || '.' || (1 + i % 254) AS client_ip,
    format('{:05d}-{:04d}', 2134 + i, 1000 + i) AS postal,
    CASE WHEN i % 15 = 0 THEN 'verified ssn ' || format('{:03d}-{:02d}-{:04d}', 101 + i % 600, 10 + i % 80, 1000 + i)
         ELSE 'no issues' END AS intake_notes
FROM n;

CREATE TABLE phi_corpus_labels AS SELECT * FROM (VALUES
    ('phi_corpus_leaky', 'email', 'email'),
    ('phi_corpus_leaky', 'notes_email', 'email'),
    ('phi_corpus_leaky', 'notes_phone', 'phone'),
    ('phi_corpus_leaky', 'phone', 'phone'),
    ('phi_corpus_leaky', 'contact_number', 'phone'),
    ('phi_corpus_leaky', 'ssn_dashed', 'ssn'),
    ('phi_corpus_leaky', 'tax_ref', 'ssn'),
    ('phi_corpus_leaky', 'member_number', 'ssn'),
    ('phi_corpus_leaky', 'first_name', 'person_name'),
    ('phi_corpus_leaky', 'last_name', 'person_name'),
    ('phi_corpus_leaky', 'attendee', 'person_name'),
    ('phi_corpus_leaky', 'guarantor', 'person_name'),
    ('phi_corpus_leaky', 'dob', 'birth_date'),
    ('phi_corpus_leaky', 'b', 'birth_date'),
    ('phi_corpus_leaky', 'd', 'birth_date'),
    ('phi_corpus_leaky', 'record', 'mrn'),
    ('phi_corpus_leaky', 'chart_ref', 'mrn'),
    ('phi_corpus_leaky', 'mrn', 'mrn'),
    ('phi_corpus_leaky', 'home', 'street_address'),
    ('phi_corpus_leaky', 'client_ip', 'ip_address'),
    ('phi_corpus_leaky', 'postal', 'zip_plus_4'),
    ('phi_corpus_leaky', 'intake_notes', 'ssn')
) t(table_name, column_name, expected_kind);
