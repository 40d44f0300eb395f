-- lead_attribution(events, as_of := ..., known_at := ..., attribution := 'last_touch',
--                  lookback := INTERVAL 90 DAY)
--
-- The attribution facts behind lead_conversion(): one row per lead, per booking (a reschedule
-- chain counts once) and per completed visit, as the events were known at `known_at` (default
-- `as_of`) and happened by `as_of`. Each booking and each walk-in visit is credited to exactly
-- one lead of the same person: the last (or first) lead created at or before it within the
-- lookback, ties to the lower lead token. Visits through an appointment follow their booking's
-- lead. Uncredited rows keep a NULL lead_token and say why.
--
-- Every column is qualified with its relation: the parameters share names with columns.
WITH
cutoff AS (
    SELECT utc_instant(as_of) AS as_of_at,
           coalesce(utc_instant(known_at), utc_instant(as_of)) AS known_at_at,
           CASE WHEN coalesce(attribution, 'last_touch') IN ('last_touch', 'first_touch')
                THEN coalesce(attribution, 'last_touch')
                ELSE error('lead_conversion: attribution must be ''last_touch'' or ''first_touch'', not '''
                           || attribution::VARCHAR || '''')
           END AS mode
),
-- Cutoffs and the lookback are written as constant expressions (not read from `cutoff`) so that
-- DuckDB folds them into scan filters and join conditions.
visible AS NOT MATERIALIZED (
    SELECT e.*
    FROM query_table(events) e
    WHERE ((known_at IS NULL AND as_of IS NULL) OR e.known_at <= coalesce(utc_instant(known_at), utc_instant(as_of)))
      AND (as_of IS NULL OR e.event_at <= utc_instant(as_of))
),
lead_rows AS (
    SELECT v.entity_token AS lead_token, max(v.person_key) AS person_key, min(v.event_at) AS lead_created_at,
           arg_min(v.channel, v.event_at) AS channel, arg_min(v.campaign, v.event_at) AS campaign
    FROM visible v
    WHERE v.entity_type = 'lead' AND v.canonical_status = 'lead_created'
    GROUP BY v.entity_token
),
-- Per entity: latest visible status (the event order of the event layer), void, booking and visit times.
entity_state AS (
    SELECT v.entity_type, v.entity_token,
           max(v.person_key) AS person_key,
           any_value(v.chain_root_token) AS chain_root_token,
           any_value(v.appointment_token) AS appointment_token,
           arg_max(v.canonical_status, (v.event_at, coalesce(v.lifecycle_rank, 99), v.known_at, v.source_status))
               AS latest_status,
           bool_or(v.canonical_status = 'entered_in_error') AS voided,
           -- "scheduled" is the first booked event; a shown or final event implies a booking
           coalesce(min(v.event_at) FILTER (WHERE v.category = 'booked'),
                    min(v.event_at) FILTER (WHERE v.category IN ('shown', 'terminal_success', 'terminal_fail')))
               AS scheduled_at,
           min(v.event_at) FILTER (WHERE v.category IN ('shown', 'terminal_success')) AS visit_at
    FROM visible v
    WHERE v.entity_type <> 'lead'
    GROUP BY v.entity_type, v.entity_token
),
encounters AS (
    SELECT s.* FROM entity_state s WHERE s.entity_type = 'encounter' AND NOT s.voided
),
appointments AS (
    SELECT s.*,
           CASE WHEN s.latest_status IN ('checked_in', 'fulfilled', 'left_without_being_seen')
                     OR s.entity_token IN (SELECT x.appointment_token FROM encounters x
                                           WHERE x.visit_at IS NOT NULL AND x.appointment_token IS NOT NULL)
                    THEN 'attended'   -- a real encounter outweighs a (late) no-show
                WHEN s.latest_status = 'no_show' THEN 'no_show'
                WHEN s.latest_status = 'canceled' THEN 'canceled'
                ELSE 'open'           -- unresolved appointments are open, never no-shows
           END AS outcome
    FROM entity_state s
    WHERE s.entity_type = 'appointment' AND NOT s.voided AND s.scheduled_at IS NOT NULL
),
-- One booking per reschedule chain: started when the chain was first booked, ending in the
-- outcome of its last appointment.
bookings AS (
    SELECT a.chain_root_token AS touch_token, max(a.person_key) AS person_key, min(a.scheduled_at) AS touch_at,
           arg_max(a.outcome, (a.scheduled_at, a.entity_token)) AS outcome, count(*) AS appointments_in_chain
    FROM appointments a
    GROUP BY a.chain_root_token
),
-- Completed visits: encounters whose latest status is completed.
visits AS (
    SELECT x.entity_token AS touch_token, x.person_key, coalesce(x.visit_at, x.scheduled_at) AS touch_at,
           a.chain_root_token AS booking_token
    FROM encounters x
    LEFT JOIN appointments a ON a.entity_token = x.appointment_token
    WHERE x.latest_status = 'completed'
),
-- Bookings and walk-in visits are credited directly; appointment visits follow their booking.
touches AS (
    SELECT 'booking' AS touch_type, b.touch_token, b.person_key, b.touch_at FROM bookings b
    UNION ALL
    SELECT 'visit', w.touch_token, w.person_key, w.touch_at FROM visits w WHERE w.booking_token IS NULL
),
credits AS (
    SELECT t.touch_type, t.touch_token,
           arg_min(l.lead_token, (CASE WHEN c.mode = 'first_touch' THEN epoch_us(l.lead_created_at)
                                       ELSE -epoch_us(l.lead_created_at) END, l.lead_token)) AS lead_token
    FROM touches t
    CROSS JOIN cutoff c
    JOIN lead_rows l ON l.person_key = t.person_key AND l.lead_created_at <= t.touch_at
                    AND l.lead_created_at >= t.touch_at - coalesce(CAST(lookback AS INTERVAL), INTERVAL 90 DAY)
    GROUP BY t.touch_type, t.touch_token
),
uncredited AS (
    SELECT t.* FROM touches t ANTI JOIN credits k USING (touch_type, touch_token)
),
credited AS (
    SELECT t.touch_type, t.touch_token, t.person_key, t.touch_at, k.lead_token, NULL AS unattributed_reason
    FROM touches t JOIN credits k USING (touch_type, touch_token)
    UNION ALL
    SELECT u.touch_type, u.touch_token, u.person_key, u.touch_at, NULL,
           CASE WHEN u.person_key IS NULL THEN 'person_not_in_bridge'
                WHEN EXISTS (SELECT 1 FROM lead_rows l
                             WHERE l.person_key = u.person_key AND l.lead_created_at <= u.touch_at)
                    THEN 'outside_lookback'
                ELSE 'no_lead_before'
           END
    FROM uncredited u
),
facts AS (
    SELECT 'lead' AS touch_type, l.lead_token AS touch_token, l.person_key, l.lead_created_at AS touch_at,
           l.lead_token, l.lead_created_at, l.channel, l.campaign, NULL AS outcome, NULL AS visit_path,
           NULL::BIGINT AS appointments_in_chain, NULL AS unattributed_reason
    FROM lead_rows l
    UNION ALL
    SELECT r.touch_type, r.touch_token, r.person_key, r.touch_at, r.lead_token, l.lead_created_at, l.channel,
           l.campaign, b.outcome, CASE WHEN r.touch_type = 'visit' THEN r.visit_path END, b.appointments_in_chain,
           r.unattributed_reason
    FROM (
        SELECT c.*, 'walk_in' AS visit_path FROM credited c
        UNION ALL
        -- appointment visits take their booking's lead
        SELECT 'visit', w.touch_token, w.person_key, w.touch_at, c.lead_token, c.unattributed_reason, 'appointment'
        FROM visits w JOIN credited c ON c.touch_type = 'booking' AND c.touch_token = w.booking_token
    ) r
    LEFT JOIN bookings b ON r.touch_type = 'booking' AND b.touch_token = r.touch_token
    LEFT JOIN lead_rows l ON l.lead_token = r.lead_token
)
SELECT f.*, c.as_of_at AS as_of, c.known_at_at AS known_at
FROM facts f
CROSS JOIN cutoff c
