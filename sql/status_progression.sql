-- status_progression(bridge := ..., key_name := ..., appointments := ..., encounters := ...,
--                    leads := ..., mapping := ...)
--
-- The governed event layer: one row per distinct lead, appointment and encounter event, with the
-- governed person key and tokenized entity ids, the source status mapped to the canonical
-- vocabulary, event time and knowledge time (both UTC), and the bitemporal bookkeeping that
-- keeps late changes from rewriting history. Input contracts: docs/layers/events.md.
--
-- Parameters are macro parameters: every column below is qualified with its relation so that
-- a column never resolves to a parameter of the same name.
WITH
appointment_rows AS (
    SELECT * FROM (SELECT NULL AS source_system, NULL AS recorded_at, NULL AS slot_start, NULL AS location,
                          NULL AS service_line, NULL AS replaces_appointment_id LIMIT 0)
    UNION ALL BY NAME
    SELECT * FROM query(coalesce('FROM ' || appointments,
        'SELECT NULL::VARCHAR AS appointment_id, NULL::VARCHAR AS patient_id, NULL::VARCHAR AS status, '
        'NULL::TIMESTAMP AS status_at WHERE false'))
),
encounter_rows AS (
    SELECT * FROM (SELECT NULL AS source_system, NULL AS recorded_at, NULL AS appointment_id, NULL AS location,
                          NULL AS service_line, NULL AS class LIMIT 0)
    UNION ALL BY NAME
    SELECT * FROM query(coalesce('FROM ' || encounters,
        'SELECT NULL::VARCHAR AS encounter_id, NULL::VARCHAR AS patient_id, NULL::VARCHAR AS status, '
        'NULL::TIMESTAMP AS encounter_at WHERE false'))
),
lead_rows AS (
    SELECT * FROM (SELECT NULL AS source_system, NULL AS recorded_at, NULL AS patient_id, NULL AS channel,
                          NULL AS campaign, NULL AS status, NULL AS status_at LIMIT 0)
    UNION ALL BY NAME
    SELECT * FROM query(coalesce('FROM ' || leads,
        'SELECT NULL::VARCHAR AS lead_id, NULL::TIMESTAMP AS created_at WHERE false'))
),
raw_events AS (
    SELECT 'appointment' AS entity_type,
           coalesce(a.source_system::VARCHAR, 'scheduling') AS source_system,
           a.appointment_id::VARCHAR AS entity_id,
           a.patient_id::VARCHAR AS patient_id,
           a.status::VARCHAR AS source_status,
           utc_instant(a.status_at) AS event_at,
           coalesce(utc_instant(a.recorded_at), utc_instant(a.status_at)) AS known_at,
           utc_instant(a.slot_start) AS slot_start_at,
           a.location::VARCHAR AS location,
           a.service_line::VARCHAR AS service_line,
           nullif(trim(a.replaces_appointment_id::VARCHAR), '') AS replaces_id,
           NULL::VARCHAR AS appointment_ref,
           NULL::VARCHAR AS encounter_class,
           NULL::VARCHAR AS channel,
           NULL::VARCHAR AS campaign
    FROM appointment_rows a
    UNION ALL
    SELECT 'encounter', coalesce(e.source_system::VARCHAR, 'ehr'), e.encounter_id::VARCHAR, e.patient_id::VARCHAR,
           e.status::VARCHAR, utc_instant(e.encounter_at),
           coalesce(utc_instant(e.recorded_at), utc_instant(e.encounter_at)),
           NULL, e.location::VARCHAR, e.service_line::VARCHAR, NULL,
           nullif(trim(e.appointment_id::VARCHAR), ''), e.class::VARCHAR, NULL, NULL
    FROM encounter_rows e
    UNION ALL
    -- Every lead row records the lead's creation; a status column adds the lead's status event.
    SELECT 'lead', coalesce(l.source_system::VARCHAR, 'crm'), l.lead_id::VARCHAR,
           coalesce(l.patient_id::VARCHAR, l.lead_id::VARCHAR),
           s.source_status,
           CASE WHEN s.is_creation THEN utc_instant(l.created_at) ELSE utc_instant(l.status_at) END,
           coalesce(utc_instant(l.recorded_at),
                    CASE WHEN s.is_creation THEN utc_instant(l.created_at) ELSE utc_instant(l.status_at) END),
           NULL, NULL, NULL, NULL, NULL, NULL, l.channel::VARCHAR, l.campaign::VARCHAR
    FROM lead_rows l
    CROSS JOIN LATERAL (
        SELECT 'lead_created' AS source_status, true AS is_creation
        UNION ALL
        SELECT l.status::VARCHAR, false WHERE l.status IS NOT NULL AND l.status_at IS NOT NULL
    ) s
),
-- Exact duplicate deliveries collapse to one event, known from its first delivery.
events AS (
    SELECT r.entity_type, r.source_system, r.entity_id, r.patient_id, r.source_status, r.event_at,
           r.slot_start_at, r.location, r.service_line, r.replaces_id, r.appointment_ref, r.encounter_class,
           r.channel, r.campaign, min(r.known_at) AS known_at
    FROM raw_events r
    GROUP BY r.entity_type, r.source_system, r.entity_id, r.patient_id, r.source_status, r.event_at, r.slot_start_at,
             r.location, r.service_line, r.replaces_id, r.appointment_ref, r.encounter_class, r.channel, r.campaign
),
user_mapping AS (
    SELECT lower(trim(m.entity_type::VARCHAR)) AS entity_type,
           nullif(trim(m.source_system::VARCHAR), '') AS source_system,
           lower(regexp_replace(m.source_status::VARCHAR, '[^A-Za-z0-9]', '', 'g')) AS status_key,
           -- A mapping to a status the vocabulary does not have is an error, not a silent NULL.
           CASE WHEN v.canonical_status IS NOT NULL THEN v.canonical_status
                ELSE error('status_progression: the mapping table maps ' || coalesce(m.entity_type::VARCHAR, 'NULL')
                           || ' status ''' || coalesce(m.source_status::VARCHAR, 'NULL') || ''' to '''
                           || coalesce(m.canonical_status::VARCHAR, 'NULL')
                           || ''', which is not a canonical status of that entity (see status_vocabulary())')
           END AS canonical_status
    FROM (SELECT * FROM (SELECT NULL AS source_system LIMIT 0)
          UNION ALL BY NAME
          SELECT * FROM query(coalesce('FROM ' || mapping,
              'SELECT NULL::VARCHAR AS entity_type, NULL::VARCHAR AS source_status, '
              'NULL::VARCHAR AS canonical_status WHERE false'))) m
    LEFT JOIN status_vocabulary() v
      ON v.entity_type = lower(trim(m.entity_type::VARCHAR)) AND v.canonical_status = m.canonical_status::VARCHAR
),
user_mapping_unique AS (
    SELECT u.entity_type, u.source_system, u.status_key,
           CASE WHEN count(DISTINCT u.canonical_status) = 1 THEN any_value(u.canonical_status)
                ELSE error('status_progression: the mapping table maps ' || u.entity_type || ' status key '''
                           || u.status_key || ''' to several canonical statuses')
           END AS canonical_status
    FROM user_mapping u
    GROUP BY u.entity_type, u.source_system, u.status_key
),
-- Statuses are mapped once per distinct value, then joined back: user mappings for the source
-- system first, then user mappings for every system, then the built-in mapping.
status_map AS (
    SELECT s.entity_type, s.source_system, s.source_status,
           coalesce(us.canonical_status, ua.canonical_status, b.canonical_status) AS canonical_status
    FROM (SELECT DISTINCT d.entity_type, d.source_system, d.source_status,
                 lower(regexp_replace(d.source_status, '[^A-Za-z0-9]', '', 'g')) AS status_key
          FROM events d) s
    LEFT JOIN user_mapping_unique us
      ON us.entity_type = s.entity_type AND us.source_system = s.source_system AND us.status_key = s.status_key
    LEFT JOIN user_mapping_unique ua
      ON ua.entity_type = s.entity_type AND ua.source_system IS NULL AND ua.status_key = s.status_key
    LEFT JOIN status_mapping() b
      ON b.entity_type = s.entity_type AND b.status_key = s.status_key
),
-- Reschedule chains through replaces_appointment_id fold to their root appointment.
replace_links AS (
    SELECT DISTINCT d.entity_id AS id, d.replaces_id AS parent
    FROM events d
    WHERE d.entity_type = 'appointment' AND d.replaces_id IS NOT NULL AND d.replaces_id <> d.entity_id
),
chain_walk AS (
    WITH RECURSIVE walk(id, ancestor, depth) AS (
        SELECT l.id, l.parent, 1 FROM replace_links l
        UNION
        SELECT w.id, l.parent, w.depth + 1 FROM walk w JOIN replace_links l ON l.id = w.ancestor WHERE w.depth < 64
    )
    SELECT w.id, arg_max(w.ancestor, w.depth) AS root_id FROM walk w GROUP BY w.id
),
classified AS (
    SELECT d.*, m.canonical_status,
           coalesce(v.category, 'unmapped') AS category,
           v.lifecycle_rank,
           CASE WHEN d.entity_type = 'appointment' THEN coalesce(c.root_id, d.entity_id) END AS chain_root_id
    FROM events d
    JOIN status_map m USING (entity_type, source_system, source_status)
    LEFT JOIN status_vocabulary() v ON v.entity_type = d.entity_type AND v.canonical_status = m.canonical_status
    LEFT JOIN chain_walk c ON d.entity_type = 'appointment' AND c.id = d.entity_id
),
-- Order within an entity: event time, lifecycle rank, knowledge time, source status; never arrival.
sequenced AS (
    SELECT o.*,
           row_number() OVER entity_order AS seq,
           lag(o.canonical_status) OVER entity_order AS previous_status,
           min(o.known_at) OVER (entity_order ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS later_known_at,
           min(o.known_at) FILTER (WHERE o.canonical_status = 'entered_in_error')
               OVER (PARTITION BY o.entity_type, o.entity_id) AS voided_at
    FROM classified o
    WINDOW entity_order AS (PARTITION BY o.entity_type, o.entity_id
                            ORDER BY o.event_at, o.lifecycle_rank NULLS LAST, o.known_at, o.source_status)
),
bridge_keys AS (
    SELECT b.source_system::VARCHAR AS source_system, b.source_record_id::VARCHAR AS source_record_id,
           min(b.person_key) AS person_key
    FROM query_table(bridge) b
    GROUP BY 1, 2
)
SELECT k.person_key,
       s.entity_type,
       CASE s.entity_type
           WHEN 'appointment' THEN phi_token('id:appointment', s.entity_id, key_name)
           WHEN 'encounter' THEN phi_token('id:encounter', s.entity_id, key_name)
           WHEN 'lead' THEN phi_token('id:lead', s.entity_id, key_name)
       END AS entity_token,
       s.source_system,
       s.source_status,
       s.canonical_status,
       s.category,
       s.lifecycle_rank,
       s.event_at,
       s.known_at,
       s.seq,
       s.previous_status,
       phi_token('id:appointment', s.chain_root_id, key_name) AS chain_root_token,
       phi_token('id:appointment', s.appointment_ref, key_name) AS appointment_token,
       -- Superseded when the first later event became known, but never before this one was.
       CASE WHEN s.later_known_at IS NOT NULL THEN greatest(s.known_at, s.later_known_at) END AS superseded_at,
       s.voided_at,
       s.slot_start_at,
       s.location,
       s.service_line,
       s.encounter_class,
       s.channel,
       s.campaign
FROM sequenced s
LEFT JOIN bridge_keys k ON k.source_system = s.source_system AND k.source_record_id = s.patient_id
