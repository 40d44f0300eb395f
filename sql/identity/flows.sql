-- Fragment: how records moved between two bridges (`previous` and `current`, each with
-- source_system, source_record_id, person_key). A previous key's main flow is the current key
-- now holding most of its records (ties to the lower key), as resolve_identity assigns them.
current_bridge AS (
    SELECT * FROM (SELECT NULL AS match_rule, NULL AS match_probability, NULL AS matched_with_system,
                          NULL AS matched_with_id, NULL AS refused_reason, NULL AS model_fingerprint,
                          NULL AS resolved_at LIMIT 0)
    UNION ALL BY NAME
    SELECT * FROM query_table("current")
),
previous_bridge AS (
    SELECT p.source_system::VARCHAR AS source_system, p.source_record_id::VARCHAR AS source_record_id,
           p.person_key::UHUGEINT AS person_key
    FROM query_table(previous) p
),
record_flows AS (
    SELECT b.person_key AS previous_key, c.person_key::UHUGEINT AS current_key, c.*
    FROM previous_bridge b
    JOIN current_bridge c ON c.source_system::VARCHAR = b.source_system AND c.source_record_id::VARCHAR = b.source_record_id
),
flows AS (
    SELECT f.previous_key, f.current_key, count(*) AS records,
           row_number() OVER (PARTITION BY f.previous_key ORDER BY count(*) DESC, f.current_key) = 1 AS main
    FROM record_flows f
    GROUP BY f.previous_key, f.current_key
),
previous_sizes AS (
    SELECT b.person_key AS previous_key, count(*) AS records_before FROM previous_bridge b GROUP BY b.person_key
),
