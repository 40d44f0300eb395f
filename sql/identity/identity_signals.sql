-- identity_signals(records)
SELECT s.* EXCLUDE (idx) FROM signals s ORDER BY s.idx
