-- resolve_identity(records, key_name, model := NULL, threshold := 0.95, max_block_size := 100,
--                  deduplicated_sources := [], strong_weight := 20.0, max_cluster_size := 50,
--                  resolved_at := now())
SELECT p.source_system,
       p.source_record_id,
       phi_token('id:person', a.anchor, key_name) AS person_key,
       a.cluster_size,
       CASE WHEN a.cluster_size = 1 THEN 'singleton'
            WHEN d.approved_rule IS NOT NULL THEN 'rule:' || d.approved_rule
            ELSE 'score' END AS match_rule,
       d.match_probability,
       identity_agreeing(d.model_document, d.pattern, d.tf_first, d.tf_last) AS agreeing_signals,
       p.refused_links,
       p.refused_reason,
       (SELECT left(sha256(m.model_document), 16) FROM active_model m) AS model_fingerprint,
       coalesce(utc_instant(resolved_at), utc_instant(now())) AS resolved_at
FROM placed p
JOIN cluster_anchors a ON a.cluster = p.cluster
LEFT JOIN decided d ON d.idx_a = least(p.idx, p.best_partner) AND d.idx_b = greatest(p.idx, p.best_partner)
ORDER BY p.source_system, p.source_record_id
