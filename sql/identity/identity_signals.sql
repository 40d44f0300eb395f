-- identity_signals(records)
SELECT s.* EXCLUDE (idx, is_new) FROM signals s ORDER BY s.idx
