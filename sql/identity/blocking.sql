-- Fragment: candidate pairs. Each blocking rule groups records by a key; records sharing a key
-- are compared. Blocks larger than max_block_size (common names, shared family phones, data
-- errors) are skipped and reported by identity_blocks(), so work grows near-linearly. Keys are
-- hashed (a rare collision only adds a pair to score); a pair's rules are a bit mask over
-- block_rules.
signal_structs AS (
    SELECT s.idx,
           {'first_name': s.first_name, 'last_name': s.last_name, 'birth_date': s.birth_date, 'email': s.email,
            'phone': s.phone, 'postal_code': s.postal_code, 'street_address': s.street_address, 'ssn': s.ssn,
            'sex': s.sex} AS sig
    FROM signals s
),
record_count AS (SELECT count(*) AS n FROM population),
-- The rules, in the order identity_block_keys() returns their keys.
block_rules AS (
    SELECT * FROM (VALUES (0, 'email'), (1, 'phone'), (2, 'ssn'), (3, 'birth_date+surname_sound'),
                          (4, 'birth_date+first_name_root'), (5, 'names+zip3'), (6, 'birth_date+zip5'),
                          (7, 'street+zip5'), (8, 'source_mrn')) t(bit, rule)
),
block_keys AS (
    SELECT k.idx, k.is_new, k.bit, k.block_key
    FROM (SELECT s.idx, s.is_new, unnest(range(9)) AS bit, unnest(identity_block_keys(s)) AS block_key FROM signals s) k
    WHERE k.block_key IS NOT NULL
),
block_sizes AS (
    SELECT k.bit, k.block_key, count(*) AS block_size FROM block_keys k GROUP BY k.bit, k.block_key
),
usable_keys AS (
    SELECT k.idx, k.is_new, k.bit, k.block_key
    FROM block_keys k
    JOIN block_sizes z ON z.bit = k.bit AND z.block_key = k.block_key
    WHERE z.block_size BETWEEN 2 AND coalesce(max_block_size::BIGINT, 100)
),
candidate_pairs AS (
    SELECT a.idx AS idx_a, b.idx AS idx_b, bit_or(1 << a.bit) AS rule_mask
    FROM usable_keys a
    JOIN usable_keys b ON b.bit = a.bit AND b.block_key = a.block_key AND a.idx < b.idx
    WHERE a.is_new OR b.is_new
    GROUP BY a.idx, b.idx
),
candidate_patterns AS (
    SELECT p.idx_a, p.idx_b, p.rule_mask, identity_compare(a.sig, b.sig) AS pattern
    FROM candidate_pairs p
    JOIN signal_structs a ON a.idx = p.idx_a
    JOIN signal_structs b ON b.idx = p.idx_b
),
