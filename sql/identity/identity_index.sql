-- identity_index(records)
SELECT s.* EXCLUDE (idx, is_new), identity_block_keys(s) AS block_keys FROM signals s ORDER BY s.idx
