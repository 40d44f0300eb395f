-- identity_key_changes(current, previous): the merge history between two bridges, one row per
-- event: 'merge' (a previous key retired into the current key of the person holding most of its
-- records), 'split' (records of a previous key now under another key), 'removed' (none of a
-- previous key's records remain). Evidence says why, with source ids only.
SELECT CASE WHEN f.main THEN 'merge' ELSE 'split' END AS event_type,
       f.previous_key,
       f.current_key,
       f.records,
       CASE WHEN f.main THEN e.strongest.rule
            ELSE coalesce(e.refusal, 'no accepted pair links them to the rest of the person') END AS evidence,
       CASE WHEN f.main THEN e.strongest.probability END AS evidence_probability,
       CASE WHEN f.main THEN e.strongest.pair END AS evidence_pair,
       e.model_fingerprint,
       e.resolved_at
FROM flows f
JOIN (SELECT r.previous_key, r.current_key,
             arg_max({'rule': r.match_rule, 'probability': r.match_probability,
                      'pair': r.source_system || ':' || r.source_record_id || ' ~ ' || r.matched_with_system || ':'
                              || r.matched_with_id},
                     coalesce(r.match_probability, 0)) FILTER (WHERE r.matched_with_id IS NOT NULL) AS strongest,
             mode(r.refused_reason) AS refusal,
             any_value(r.model_fingerprint) AS model_fingerprint,
             any_value(r.resolved_at) AS resolved_at
      FROM record_flows r GROUP BY r.previous_key, r.current_key) e
  ON e.previous_key = f.previous_key AND e.current_key = f.current_key
WHERE f.previous_key <> f.current_key
UNION ALL
SELECT 'removed', z.previous_key, NULL, z.records_before, 'no record of the person remains in the input', NULL, NULL,
       NULL, NULL
FROM previous_sizes z
WHERE NOT EXISTS (SELECT 1 FROM flows f WHERE f.previous_key = z.previous_key)
ORDER BY 1, 2, 3
