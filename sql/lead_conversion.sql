-- lead_conversion(events, as_of := ..., known_at := ..., attribution := 'last_touch',
--                 lookback := INTERVAL 90 DAY)
--
-- The PHI-minimized mart: one row per lead, as known at `known_at` (default `as_of`), with the
-- bookings and completed visits lead_attribution() credits to it. Disclosure level: Limited
-- Data Set (tokens and full dates); publish lead_conversion_kpis(..., disclosure :=
-- 'deidentified') to wider audiences.
WITH facts AS MATERIALIZED (
    SELECT a.touch_type, a.touch_token, a.touch_at, a.lead_token, a.outcome, a.visit_path,
           a.person_key, a.channel, a.campaign, a.lead_created_at
    FROM lead_attribution(events, as_of := as_of, known_at := known_at, attribution := attribution,
                          lookback := lookback) a
    WHERE a.lead_token IS NOT NULL
),
first_bookings AS (
    SELECT f.lead_token, min(f.touch_at) AS first_scheduled_at,
           arg_min(f.outcome, (f.touch_at, f.touch_token)) AS first_appointment_outcome, count(*) AS appointments
    FROM facts f WHERE f.touch_type = 'booking'
    GROUP BY f.lead_token
),
first_visits AS (
    SELECT f.lead_token, min(f.touch_at) AS first_completed_visit_at,
           arg_min(f.visit_path, (f.touch_at, f.touch_token)) AS first_visit_path, count(*) AS completed_visits
    FROM facts f WHERE f.touch_type = 'visit'
    GROUP BY f.lead_token
)
SELECT l.lead_token, l.channel, l.campaign, l.lead_created_at, b.first_scheduled_at, b.first_appointment_outcome,
       v.first_completed_visit_at, v.first_visit_path,
       CASE WHEN v.first_completed_visit_at IS NOT NULL THEN 'completed_visit'
            WHEN b.first_scheduled_at IS NOT NULL THEN 'scheduled_only'
            ELSE 'no_visit_yet'
       END AS conversion_outcome,
       (epoch_us(b.first_scheduled_at) - epoch_us(l.lead_created_at)) / 86400e6 AS days_to_scheduled,
       (epoch_us(v.first_completed_visit_at) - epoch_us(l.lead_created_at)) / 86400e6 AS days_to_completed_visit,
       coalesce(b.appointments, 0) AS appointments,
       coalesce(v.completed_visits, 0) AS completed_visits,
       l.person_key IS NULL AS unmatched,
       utc_instant(as_of) AS as_of, coalesce(utc_instant(known_at), utc_instant(as_of)) AS known_at
FROM facts l
LEFT JOIN first_bookings b ON b.lead_token = l.lead_token
LEFT JOIN first_visits v ON v.lead_token = l.lead_token
WHERE l.touch_type = 'lead'
