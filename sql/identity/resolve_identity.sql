-- resolve_identity(records, key_name, model := NULL, threshold := 0.95, max_block_size := 100,
--                  training_pairs := 5000000,
--                  deduplicated_sources := [], strong_weight := 20.0, max_cluster_size := 50,
--                  decisions := NULL, previous := NULL, resolved_at := now())
-- and identity_link(records, key_name, previous := ..., signals_index := ..., model := ..., ...):
-- one row per record resolved; people carried in by identity_link appear only where their key,
-- size or members changed, with their audit columns as the previous bridge had them unless a
-- pair with a new record now places them.
SELECT p.source_system,
       p.source_record_id,
       coalesce(s.person_key, r.person_key, phi_token('id:person', a.anchor, key_name)) AS person_key,
       k.person_key AS previous_key,
       CASE WHEN k.person_key IS NULL THEN CASE WHEN s.person_key IS NOT NULL THEN 'joined' ELSE 'new' END
            WHEN k.person_key = s.person_key THEN 'kept'
            WHEN m.cluster IS NOT NULL THEN 'merged'
            ELSE 'split' END AS key_event,
       a.cluster_size,
       CASE WHEN NOT (p.is_new OR d.idx_a IS NOT NULL) THEN k.match_rule
            WHEN a.cluster_size = 1 THEN 'singleton'
            WHEN d.manual THEN 'manual'
            WHEN d.approved_rule IS NOT NULL THEN 'rule:' || d.approved_rule
            ELSE 'score' END AS match_rule,
       CASE WHEN p.is_new OR d.idx_a IS NOT NULL THEN d.match_probability ELSE k.match_probability END
           AS match_probability,
       CASE WHEN p.is_new OR d.idx_a IS NOT NULL THEN d.agreeing ELSE k.agreeing_signals END AS agreeing_signals,
       CASE WHEN p.is_new OR d.idx_a IS NOT NULL THEN w.source_system ELSE k.matched_with_system END
           AS matched_with_system,
       CASE WHEN p.is_new OR d.idx_a IS NOT NULL THEN w.source_record_id ELSE k.matched_with_id END
           AS matched_with_id,
       p.refused_links,
       p.refused_reason,
       (SELECT left(sha256(f.model_document), 16) FROM active_model f) AS model_fingerprint,
       coalesce(utc_instant(resolved_at), utc_instant(now())) AS resolved_at
FROM placed p
JOIN cluster_anchors a ON a.cluster = p.cluster
LEFT JOIN surviving_keys s ON s.cluster = p.cluster
LEFT JOIN reissued_keys r ON r.cluster = p.cluster
LEFT JOIN previous_keys k ON k.source_system = p.source_system AND k.source_record_id = p.source_record_id
LEFT JOIN key_claims m ON m.previous_key = k.person_key AND m.cluster = p.cluster
LEFT JOIN decided d ON d.idx_a = least(p.idx, p.best_partner) AND d.idx_b = greatest(p.idx, p.best_partner)
LEFT JOIN placed w ON w.idx = p.best_partner
WHERE p.is_new OR s.person_key IS DISTINCT FROM k.person_key OR a.cluster_size IS DISTINCT FROM k.cluster_size
ORDER BY p.source_system, p.source_record_id
