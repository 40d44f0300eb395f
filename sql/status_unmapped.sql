-- status_unmapped(events)
--
-- Source statuses that no mapping covered, with how often and when they occur: add them to a
-- mapping table (entity_type, source_status, canonical_status [, source_system]) and rerun
-- status_progression(mapping := ...). status_progression keeps these events (category
-- 'unmapped') rather than dropping or guessing them.
SELECT e.entity_type, e.source_system, e.source_status,
       count(*) AS event_count, min(e.event_at) AS first_event_at, max(e.event_at) AS last_event_at
FROM query_table(events) e
WHERE e.category = 'unmapped'
GROUP BY e.entity_type, e.source_system, e.source_status
ORDER BY event_count DESC, e.entity_type, e.source_system, e.source_status
