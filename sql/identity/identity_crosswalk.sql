-- identity_crosswalk(current, previous): every previous key and the current key that carries
-- most of its records, to repair tables built with old keys without touching identifiers.
-- change: 'unchanged', 'split' (the key survives; some records left), 'merged' (retired into
-- current_key), 'removed' (current_key NULL).
SELECT z.previous_key,
       f.current_key,
       CASE WHEN f.current_key IS NULL THEN 'removed'
            WHEN f.current_key <> z.previous_key THEN 'merged'
            WHEN f.records < z.records_before THEN 'split'
            ELSE 'unchanged' END AS change,
       z.records_before,
       coalesce(f.records, 0) AS records_following
FROM previous_sizes z
LEFT JOIN flows f ON f.previous_key = z.previous_key AND f.main
ORDER BY z.previous_key
