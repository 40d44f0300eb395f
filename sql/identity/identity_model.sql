-- identity_model(records, max_block_size := 100, training_pairs := 5000000)
SELECT t.model AS model, left(sha256(t.model), 16) AS fingerprint,
       (SELECT count(*) FROM candidate_pairs) AS candidate_pairs,
       (SELECT n FROM record_count) AS records
FROM trained t
