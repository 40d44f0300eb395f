-- identity_pairs(records, model := NULL, threshold := 0.95, max_block_size := 100,
--                training_pairs := 5000000)
SELECT a.source_system AS source_system_a, a.source_record_id AS source_record_id_a,
       b.source_system AS source_system_b, b.source_record_id AS source_record_id_b,
       list_filter((SELECT list(r.rule ORDER BY r.bit) FROM block_rules r), lambda rule, i: (d.rule_mask >> (i - 1)) & 1 = 1)
           AS blocking_rules,
       d.pattern, d.match_weight, d.match_probability,
       CASE WHEN NOT d.accepted THEN NULL
            WHEN d.manual THEN 'manual'
            WHEN d.approved_rule IS NOT NULL THEN 'rule:' || d.approved_rule
            ELSE 'score' END AS accepted_by,
       d.conflict,
       identity_explain((SELECT m.model_document FROM active_model m), d.pattern, d.tf_first, d.tf_last) AS explanation
FROM decided d
JOIN signals a ON a.idx = d.idx_a
JOIN signals b ON b.idx = d.idx_b
ORDER BY d.match_weight DESC, a.source_system, a.source_record_id, b.source_system, b.source_record_id
