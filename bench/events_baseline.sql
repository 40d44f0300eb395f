-- The same output as status_progression(), hand-written for these exact inputs: columns and
-- types known (so no templates, no query() indirection, no utc_instant: the inputs are already
-- UTC TIMESTAMPs), the built-in mapping inlined as a join on the status key, no user mapping.
CREATE TEMP TABLE out AS
WITH ev AS (
    SELECT 'appointment' AS entity_type, 'scheduling' AS source_system, appointment_id AS entity_id, patient_id,
           status AS source_status, status_at AS event_at, slot_start AS slot_start_at, location, service_line,
           replaces_appointment_id AS replaces_id, NULL::VARCHAR AS appointment_ref, NULL::VARCHAR AS encounter_class,
           NULL::VARCHAR AS channel, NULL::VARCHAR AS campaign, recorded_at AS known_at
    FROM src.appointments
    UNION ALL
    SELECT 'encounter', 'ehr', encounter_id, patient_id, status, encounter_at, NULL, NULL, NULL, NULL, appointment_id,
           class, NULL, NULL, recorded_at
    FROM src.encounters
    UNION ALL
    SELECT 'lead', 'crm', lead_id, lead_id, 'lead_created', created_at, NULL, NULL, NULL, NULL, NULL, NULL, channel,
           campaign, created_at
    FROM src.leads
),
dedup AS (
    SELECT entity_type, source_system, entity_id, patient_id, source_status, event_at, slot_start_at, location,
           service_line, replaces_id, appointment_ref, encounter_class, channel, campaign, min(known_at) AS known_at
    FROM ev GROUP BY ALL
),
status_map AS (
    SELECT s.entity_type, s.source_status, m.canonical_status, v.category, v.lifecycle_rank
    FROM (SELECT DISTINCT entity_type, source_status FROM dedup) s
    LEFT JOIN status_mapping() m
      ON m.entity_type = s.entity_type AND m.status_key = lower(regexp_replace(s.source_status, '[^A-Za-z0-9]', '', 'g'))
    LEFT JOIN status_vocabulary() v ON v.entity_type = s.entity_type AND v.canonical_status = m.canonical_status
),
links AS (
    SELECT DISTINCT entity_id AS id, replaces_id AS parent FROM dedup
    WHERE entity_type = 'appointment' AND replaces_id IS NOT NULL AND replaces_id <> entity_id
),
roots AS (
    WITH RECURSIVE walk(id, ancestor, depth) AS (
        SELECT id, parent, 1 FROM links
        UNION
        SELECT w.id, l.parent, w.depth + 1 FROM walk w JOIN links l ON l.id = w.ancestor WHERE w.depth < 64
    )
    SELECT id, arg_max(ancestor, depth) AS root_id FROM walk GROUP BY id
),
seq AS (
    SELECT d.*, m.canonical_status, coalesce(m.category, 'unmapped') AS category, m.lifecycle_rank,
           CASE WHEN d.entity_type = 'appointment' THEN coalesce(r.root_id, d.entity_id) END AS chain_root_id,
           row_number() OVER w AS seq,
           lag(m.canonical_status) OVER w AS previous_status,
           min(d.known_at) OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS later_known_at,
           min(d.known_at) FILTER (WHERE m.canonical_status = 'entered_in_error')
               OVER (PARTITION BY d.entity_type, d.entity_id) AS voided_at
    FROM dedup d
    JOIN status_map m USING (entity_type, source_status)
    LEFT JOIN roots r ON d.entity_type = 'appointment' AND r.id = d.entity_id
    WINDOW w AS (PARTITION BY d.entity_type, d.entity_id
                 ORDER BY d.event_at, m.lifecycle_rank NULLS LAST, d.known_at, d.source_status)
)
SELECT b.person_key, s.entity_type,
       CASE s.entity_type WHEN 'appointment' THEN phi_token('id:appointment', s.entity_id, 'bench')
                          WHEN 'encounter' THEN phi_token('id:encounter', s.entity_id, 'bench')
                          ELSE phi_token('id:lead', s.entity_id, 'bench') END AS entity_token,
       s.source_system, s.source_status, s.canonical_status, s.category, s.lifecycle_rank, s.event_at, s.known_at,
       s.seq, s.previous_status, phi_token('id:appointment', s.chain_root_id, 'bench') AS chain_root_token,
       phi_token('id:appointment', s.appointment_ref, 'bench') AS appointment_token,
       CASE WHEN s.later_known_at IS NOT NULL THEN greatest(s.known_at, s.later_known_at) END AS superseded_at,
       s.voided_at, s.slot_start_at, s.location, s.service_line, s.encounter_class, s.channel, s.campaign
FROM seq s
LEFT JOIN src.bridge b ON b.source_system = s.source_system AND b.source_record_id = s.patient_id
