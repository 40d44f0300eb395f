-- Fragment: the previous bridge (`previous`: source_system, source_record_id, person_key, and
-- the audit columns resolve_identity writes, when present), empty when none is given.
previous_keys AS NOT MATERIALIZED (
    SELECT r.source_system::VARCHAR AS source_system, r.source_record_id::VARCHAR AS source_record_id,
           r.person_key::UHUGEINT AS person_key, r.cluster_size, r.match_rule, r.match_probability,
           r.agreeing_signals, r.matched_with_system, r.matched_with_id
    FROM (SELECT * FROM (SELECT NULL::BIGINT AS cluster_size, NULL AS match_rule, NULL::DOUBLE AS match_probability,
                                NULL::VARCHAR[] AS agreeing_signals, NULL AS matched_with_system,
                                NULL AS matched_with_id LIMIT 0)
          UNION ALL BY NAME
          SELECT * FROM query(coalesce('FROM ' || previous,
              'SELECT NULL::VARCHAR AS source_system, NULL::VARCHAR AS source_record_id, '
              'NULL::UHUGEINT AS person_key WHERE false'))) r
),
