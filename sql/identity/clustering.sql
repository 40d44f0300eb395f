-- Fragment: accepted pairs clustered into people with safeguards, and each record's place.
edge_list AS (
    SELECT list({'a': d.idx_a, 'b': d.idx_b, 'weight': d.match_weight, 'by_rule': d.approved_rule IS NOT NULL,
                 'manual': coalesce(d.manual, false), 'ssn_a': a.ssn, 'ssn_b': b.ssn, 'birth_a': a.birth_date, 'birth_b': b.birth_date,
                 'source_a': a.source_system, 'source_b': b.source_system}) AS edges
    FROM (SELECT d.idx_a, d.idx_b, d.match_weight, d.approved_rule, d.manual FROM decided d WHERE d.accepted
          UNION ALL
          -- people carried in whole (incremental linking): their records stay together
          SELECT c.a, c.b, 0.0, NULL, true FROM carried_edges c) d
    JOIN signals a ON a.idx = d.idx_a
    JOIN signals b ON b.idx = d.idx_b
),
placements AS MATERIALIZED (
    SELECT unnest(identity_cluster(coalesce(e.edges, []), coalesce(deduplicated_sources::VARCHAR[], []),
                                   coalesce(strong_weight::DOUBLE, 20.0), coalesce(max_cluster_size::BIGINT, 50),
                                   coalesce((SELECT list({'a': m.idx_a, 'b': m.idx_b}) FROM manual_decisions m
                                             WHERE NOT m.same_person), [])),
                  recursive := true)
    FROM edge_list e
),
placed AS MATERIALIZED (
    SELECT s.idx, s.is_new, s.source_system, s.source_record_id, coalesce(p.cluster, s.idx) AS cluster, p.best_partner,
           coalesce(p.refused, 0) AS refused_links, p.refused_reason
    FROM signals s LEFT JOIN placements p ON p.record = s.idx
),
cluster_anchors AS (
    SELECT p.cluster, min(p.source_system || chr(31) || p.source_record_id) AS anchor, count(*) AS cluster_size
    FROM placed p GROUP BY p.cluster
),
