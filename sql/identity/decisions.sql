-- Fragment: reviewers' decisions, from the optional `decisions` table (source_system_a,
-- source_record_id_a, source_system_b, source_record_id_b, same_person, optionally decided_at).
-- The latest decision about a pair wins ("different people" on a tie); decisions about records
-- not in the input are ignored. A decision binds whatever the model and the rules say.
decision_rows AS (
    SELECT * FROM (SELECT NULL AS decided_at LIMIT 0)
    UNION ALL BY NAME
    SELECT * FROM query(coalesce('FROM ' || decisions,
        'SELECT NULL::VARCHAR AS source_system_a, NULL::VARCHAR AS source_record_id_a, '
        'NULL::VARCHAR AS source_system_b, NULL::VARCHAR AS source_record_id_b, NULL::BOOLEAN AS same_person '
        'WHERE false'))
),
manual_decisions AS (
    SELECT least(a.idx, b.idx) AS idx_a, greatest(a.idx, b.idx) AS idx_b,
           (list(CASE WHEN r.same_person IS NULL
                      THEN error('identity: every decision needs same_person true or false')
                      ELSE r.same_person::BOOLEAN END
                 ORDER BY utc_instant(r.decided_at) NULLS FIRST, r.same_person::BOOLEAN DESC))[-1] AS same_person
    FROM decision_rows r
    JOIN signals a ON a.source_system = r.source_system_a::VARCHAR AND a.source_record_id = r.source_record_id_a::VARCHAR
    JOIN signals b ON b.source_system = r.source_system_b::VARCHAR AND b.source_record_id = r.source_record_id_b::VARCHAR
    WHERE a.idx <> b.idx
    GROUP BY least(a.idx, b.idx), greatest(a.idx, b.idx)
),
-- Pairs a reviewer joined are scored even when no blocking rule paired them.
scored_patterns AS (
    SELECT p.idx_a, p.idx_b, p.rule_mask, p.pattern FROM candidate_patterns p
    UNION ALL
    SELECT m.idx_a, m.idx_b, 0, identity_compare(a.sig, b.sig)
    FROM manual_decisions m
    JOIN signal_structs a ON a.idx = m.idx_a
    JOIN signal_structs b ON b.idx = m.idx_b
    WHERE m.same_person AND NOT EXISTS (SELECT 1 FROM candidate_pairs c WHERE c.idx_a = m.idx_a AND c.idx_b = m.idx_b)
),
