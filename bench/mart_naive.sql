-- The seed article's query on the same event layer: visit outcomes per person joined to every
-- lead of that person (no attribution window, no as-of, no reschedule chains, no voids).
CREATE TEMP TABLE naive AS
WITH lead_events AS (
    SELECT person_key AS analytics_person_id, entity_token AS crm_lead_id, event_at AS lead_created_at, channel,
           campaign AS campaign_name
    FROM src.events WHERE entity_type = 'lead' AND person_key IS NOT NULL
),
visit_outcomes AS (
    SELECT person_key AS analytics_person_id,
           min(CASE WHEN entity_type = 'appointment' AND canonical_status = 'scheduled' THEN event_at END) AS first_scheduled_at,
           min(CASE WHEN entity_type = 'encounter' AND canonical_status = 'completed' THEN event_at END) AS first_completed_visit_at
    FROM src.events GROUP BY 1
)
SELECT l.analytics_person_id, l.crm_lead_id, l.channel, l.campaign_name, l.lead_created_at, v.first_scheduled_at,
       v.first_completed_visit_at,
       CASE WHEN v.first_completed_visit_at IS NOT NULL THEN 'completed_visit'
            WHEN v.first_scheduled_at IS NOT NULL THEN 'scheduled_only' ELSE 'no_visit_yet' END AS conversion_outcome
FROM lead_events l LEFT JOIN visit_outcomes v ON l.analytics_person_id = v.analytics_person_id;
