-- status_as_of(events, known_at := ..., as_of := ...)
--
-- The governed events as they were known at `known_at` (knowledge time) and, optionally, up to
-- `as_of` (event time): only events known by then are visible, and sequence, previous status,
-- supersession and voiding are recomputed among them. The answer for a past `known_at` never
-- changes when later events are appended.
WITH visible AS (
    SELECT * FROM query_table(events) e
    WHERE (known_at IS NULL OR e.known_at <= utc_instant(known_at))
      AND (as_of IS NULL OR e.event_at <= utc_instant(as_of))
)
SELECT r.person_key, r.entity_type, r.entity_token, r.source_system, r.source_status, r.canonical_status,
       r.category, r.lifecycle_rank, r.event_at, r.known_at, r.seq, r.previous_status, r.chain_root_token,
       r.appointment_token,
       CASE WHEN r.later_known_at IS NOT NULL THEN greatest(r.known_at, r.later_known_at) END AS superseded_at,
       r.voided_at, r.slot_start_at, r.location, r.service_line, r.encounter_class, r.channel, r.campaign,
       r.is_latest
FROM (
    SELECT v.* EXCLUDE (seq, previous_status, superseded_at, voided_at),
           row_number() OVER entity_order AS seq,
           lag(v.canonical_status) OVER entity_order AS previous_status,
           min(v.known_at) OVER (entity_order ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS later_known_at,
           min(v.known_at) FILTER (WHERE v.canonical_status = 'entered_in_error')
               OVER (PARTITION BY v.entity_type, v.entity_token) AS voided_at,
           row_number() OVER entity_order = count(*) OVER (PARTITION BY v.entity_type, v.entity_token) AS is_latest
    FROM visible v
    WINDOW entity_order AS (PARTITION BY v.entity_type, v.entity_token
                            ORDER BY v.event_at, v.lifecycle_rank NULLS LAST, v.known_at, v.source_status)
) r
