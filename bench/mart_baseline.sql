-- The same output as lead_conversion('events') (everything known, last touch, 90-day lookback),
-- hand-written as one query over the event layer, followed by the KPIs by channel, campaign
-- and month as lead_conversion_kpis computes them.
CREATE TEMP TABLE mart AS
WITH leads AS (
    SELECT entity_token AS lead_token, max(person_key) AS person_key, min(event_at) AS created_at,
           arg_min(channel, event_at) AS channel, arg_min(campaign, event_at) AS campaign
    FROM src.events WHERE entity_type = 'lead' AND canonical_status = 'lead_created'
    GROUP BY entity_token
),
state AS (
    SELECT entity_type, entity_token, max(person_key) AS person_key, any_value(chain_root_token) AS root,
           any_value(appointment_token) AS appointment_token,
           arg_max(canonical_status, (event_at, coalesce(lifecycle_rank, 99), known_at, source_status)) AS latest,
           bool_or(canonical_status = 'entered_in_error') AS voided,
           coalesce(min(event_at) FILTER (WHERE category = 'booked'),
                    min(event_at) FILTER (WHERE category IN ('shown', 'terminal_success', 'terminal_fail'))) AS scheduled_at,
           min(event_at) FILTER (WHERE category IN ('shown', 'terminal_success')) AS visit_at
    FROM src.events WHERE entity_type <> 'lead'
    GROUP BY entity_type, entity_token
),
seen AS (
    SELECT DISTINCT appointment_token FROM state
    WHERE entity_type = 'encounter' AND NOT voided AND visit_at IS NOT NULL AND appointment_token IS NOT NULL
),
appts AS (
    SELECT s.entity_token, s.root, s.person_key, s.scheduled_at,
           CASE WHEN s.latest IN ('checked_in', 'fulfilled', 'left_without_being_seen') OR x.appointment_token IS NOT NULL
                THEN 'attended' WHEN s.latest = 'no_show' THEN 'no_show' WHEN s.latest = 'canceled' THEN 'canceled'
                ELSE 'open' END AS outcome
    FROM state s LEFT JOIN seen x ON x.appointment_token = s.entity_token
    WHERE s.entity_type = 'appointment' AND NOT s.voided AND s.scheduled_at IS NOT NULL
),
bookings AS (
    SELECT root, max(person_key) AS person_key, min(scheduled_at) AS touch_at,
           arg_max(outcome, (scheduled_at, entity_token)) AS outcome
    FROM appts GROUP BY root
),
visits AS (
    SELECT s.entity_token, s.person_key, s.visit_at AS touch_at, a.root AS booking
    FROM state s LEFT JOIN appts a ON a.entity_token = s.appointment_token
    WHERE s.entity_type = 'encounter' AND NOT s.voided AND s.latest = 'completed'
),
touches AS (
    SELECT 'b' AS kind, root AS token, person_key, touch_at FROM bookings
    UNION ALL SELECT 'w', entity_token, person_key, touch_at FROM visits WHERE booking IS NULL
),
credited AS (
    SELECT t.kind, t.token, arg_min(l.lead_token, (-epoch_us(l.created_at), l.lead_token)) AS lead_token
    FROM touches t JOIN leads l
      ON l.person_key = t.person_key AND l.created_at <= t.touch_at AND l.created_at >= t.touch_at - INTERVAL 90 DAY
    GROUP BY t.kind, t.token
),
lead_bookings AS (
    SELECT c.lead_token, min(b.touch_at) AS first_at, arg_min(b.outcome, (b.touch_at, b.root)) AS outcome, count(*) AS n
    FROM credited c JOIN bookings b ON c.kind = 'b' AND b.root = c.token GROUP BY c.lead_token
),
lead_visits AS (
    SELECT lead_token, min(touch_at) AS first_at, arg_min(path, (touch_at, token)) AS path, count(*) AS n FROM (
        SELECT c.lead_token, v.touch_at, v.entity_token AS token, 'appointment' AS path
        FROM visits v JOIN credited c ON c.kind = 'b' AND c.token = v.booking
        UNION ALL
        SELECT c.lead_token, v.touch_at, v.entity_token, 'walk_in'
        FROM visits v JOIN credited c ON c.kind = 'w' AND c.token = v.entity_token
    ) GROUP BY lead_token
)
SELECT l.lead_token, l.channel, l.campaign, l.created_at AS lead_created_at, b.first_at AS first_scheduled_at,
       b.outcome AS first_appointment_outcome, v.first_at AS first_completed_visit_at, v.path AS first_visit_path,
       CASE WHEN v.first_at IS NOT NULL THEN 'completed_visit' WHEN b.first_at IS NOT NULL THEN 'scheduled_only'
            ELSE 'no_visit_yet' END AS conversion_outcome,
       (epoch_us(b.first_at) - epoch_us(l.created_at)) / 86400e6 AS days_to_scheduled,
       (epoch_us(v.first_at) - epoch_us(l.created_at)) / 86400e6 AS days_to_completed_visit,
       coalesce(b.n, 0) AS appointments, coalesce(v.n, 0) AS completed_visits, l.person_key IS NULL AS unmatched,
       NULL::TIMESTAMP AS as_of, NULL::TIMESTAMP AS known_at
FROM leads l LEFT JOIN lead_bookings b USING (lead_token) LEFT JOIN lead_visits v USING (lead_token);

CREATE TEMP TABLE kpis AS
SELECT channel, campaign, date_trunc('month', lead_created_at)::DATE AS period_start,
       count(*) AS leads, count(first_scheduled_at) AS scheduled_leads, count(first_completed_visit_at) AS completed_leads,
       count(first_scheduled_at) / count(*) AS lead_to_scheduled_rate,
       count(first_completed_visit_at) / count(*) AS lead_to_completed_rate,
       count(*) FILTER (WHERE first_appointment_outcome = 'no_show') AS first_no_shows,
       count(*) FILTER (WHERE first_appointment_outcome IN ('no_show', 'attended')) AS first_appointments_resolved,
       count(*) FILTER (WHERE first_appointment_outcome = 'no_show')
           / nullif(count(*) FILTER (WHERE first_appointment_outcome IN ('no_show', 'attended')), 0) AS no_show_rate,
       count(first_appointment_outcome) AS first_appointments,
       count(*) FILTER (WHERE first_appointment_outcome = 'no_show') / nullif(count(first_appointment_outcome), 0)
           AS naive_no_show_share,
       median(days_to_completed_visit) AS median_days_to_completed_visit,
       count(*) FILTER (WHERE unmatched) AS unmatched_leads
FROM mart GROUP BY ALL ORDER BY channel NULLS FIRST, campaign NULLS FIRST, period_start NULLS FIRST;
