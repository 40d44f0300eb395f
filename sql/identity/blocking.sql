-- Fragment: candidate pairs. Each blocking rule groups records by a key; records sharing a key
-- are compared. Blocks larger than max_block_size (common names, shared family phones, data
-- errors) are skipped and reported by identity_blocks(), so work grows near-linearly. Keys are
-- hashed (a rare collision only adds a pair to score); a pair's rules are a bit mask over
-- block_rules.
block_rules AS (
    SELECT * FROM (VALUES (0, 'email'), (1, 'phone'), (2, 'ssn'), (3, 'birth_date+surname_sound'),
                          (4, 'birth_date+first_name_root'), (5, 'names+zip3'), (6, 'birth_date+zip5'),
                          (7, 'street+zip5'), (8, 'source_mrn')) t(bit, rule)
),
block_keys AS (
    SELECT s.idx, 0 AS bit, hash(s.email) AS block_key FROM signals s WHERE s.email IS NOT NULL
    UNION ALL
    SELECT s.idx, 1, hash(s.phone) FROM signals s WHERE s.phone IS NOT NULL
    UNION ALL
    SELECT s.idx, 2, hash(s.ssn) FROM signals s WHERE s.ssn IS NOT NULL
    UNION ALL
    SELECT s.idx, 3, hash(s.birth_date, identity_soundex(s.last_name))
    FROM signals s WHERE s.birth_date IS NOT NULL AND s.last_name IS NOT NULL
    UNION ALL
    SELECT s.idx, 4, hash(s.birth_date, identity_name_root(s.first_name))
    FROM signals s WHERE s.birth_date IS NOT NULL AND s.first_name IS NOT NULL
    UNION ALL
    SELECT s.idx, 5, hash(identity_name_root(s.first_name), s.last_name, left(s.postal_code, 3))
    FROM signals s WHERE s.first_name IS NOT NULL AND s.last_name IS NOT NULL AND s.postal_code IS NOT NULL
    UNION ALL
    SELECT s.idx, 6, hash(s.birth_date, s.postal_code)
    FROM signals s WHERE s.birth_date IS NOT NULL AND s.postal_code IS NOT NULL
    UNION ALL
    SELECT s.idx, 7, hash(s.street_address, s.postal_code)
    FROM signals s WHERE s.street_address IS NOT NULL AND s.postal_code IS NOT NULL
    UNION ALL
    SELECT s.idx, 8, hash(s.source_system, s.mrn) FROM signals s WHERE s.mrn IS NOT NULL
),
block_sizes AS (
    SELECT k.bit, k.block_key, count(*) AS block_size FROM block_keys k GROUP BY k.bit, k.block_key
),
usable_keys AS (
    SELECT k.idx, k.bit, k.block_key
    FROM block_keys k
    JOIN block_sizes z ON z.bit = k.bit AND z.block_key = k.block_key
    WHERE z.block_size BETWEEN 2 AND coalesce(max_block_size::BIGINT, 100)
),
candidate_pairs AS (
    SELECT a.idx AS idx_a, b.idx AS idx_b, bit_or(1 << a.bit) AS rule_mask
    FROM usable_keys a
    JOIN usable_keys b ON b.bit = a.bit AND b.block_key = a.block_key AND a.idx < b.idx
    GROUP BY a.idx, b.idx
),
candidate_patterns AS (
    SELECT p.idx_a, p.idx_b, p.rule_mask, identity_compare(a.sig, b.sig) AS pattern
    FROM candidate_pairs p
    JOIN signal_structs a ON a.idx = p.idx_a
    JOIN signal_structs b ON b.idx = p.idx_b
),
