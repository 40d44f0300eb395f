-- Fragment: the model. A model document passed in is used as is; otherwise one is fitted here:
-- u from up to 500,000 deterministic pseudo-random record pairs (the exact levels from value
-- frequencies over all records), m by EM over the distinct comparison patterns of the training
-- rules' candidate pairs, the prior from the share of candidates that match. Beyond
-- training_pairs candidates (default 5M) the fit compares a deterministic uniform sample of them
-- and scales its counts back: the estimates stay unbiased and the fit's cost stops growing.
random_pairs AS (
    SELECT s.idx AS idx_a, 1 + (hash(s.idx * 40503 + j.salt) % c.n)::BIGINT AS idx_b
    FROM signals s, record_count c, (VALUES (1), (2)) j(salt)
    WHERE s.idx <= 250000
),
random_patterns AS (
    SELECT identity_compare(a.sig, b.sig) AS pattern
    FROM random_pairs r
    JOIN signal_structs a ON a.idx = r.idx_a
    JOIN signal_structs b ON b.idx = r.idx_b
    WHERE r.idx_a <> r.idx_b
),
value_counts AS (
    SELECT v.attribute, count(*) AS n
    FROM (SELECT unnest(range(9)) AS attribute,
                 unnest([s.first_name, s.last_name, s.birth_date, s.email, s.phone, s.postal_code, s.street_address,
                         s.ssn, s.sex]) AS value
          FROM signals s) v
    WHERE v.value IS NOT NULL
    GROUP BY v.attribute, v.value
),
exact_agreement AS (
    SELECT list(x.p ORDER BY x.attribute) AS shares
    FROM (SELECT a.attribute, sum(c.n * (c.n - 1)) / nullif(sum(c.n) * (sum(c.n) - 1), 0) AS p
          FROM range(9) a(attribute) LEFT JOIN value_counts c ON c.attribute = a.attribute
          GROUP BY a.attribute) x
),
training_rules AS (
    -- Each rule's pairs agree on what it blocks on, matches or not: those attributes are hidden.
    SELECT * FROM (VALUES ('birth_date+surname_sound', {missing:birth_date,last_name}),
                          ('birth_date+first_name_root', {missing:birth_date,first_name}),
                          ('names+zip3', {missing:first_name,last_name,postal_code})) t(rule, hidden)
),
-- The fit compares at most training_pairs candidates: the ones with the smallest pair hashes, a
-- deterministic uniform sample drawn before the comparison (identity_model compares only what it
-- trains on); share scales the counts back.
training_sample AS (
    SELECT p.idx_a, p.idx_b, p.rule_mask
    FROM candidate_pairs p
    ORDER BY hash(p.idx_a::HUGEINT * 4294967296 + p.idx_b), p.idx_a, p.idx_b
    LIMIT CASE WHEN coalesce(training_pairs::BIGINT, 5000000) < 1
               THEN error('training_pairs must be at least 1: it caps the candidate pairs the model fit compares')
               ELSE coalesce(training_pairs::BIGINT, 5000000) END
),
training_share AS (
    SELECT (SELECT count(*) FROM training_sample) / greatest(count(*), 1) AS share FROM candidate_pairs
),
training_candidates AS (
    SELECT p.rule_mask, identity_compare(a.sig, b.sig) AS pattern
    FROM training_sample p
    JOIN signal_structs a ON a.idx = p.idx_a
    JOIN signal_structs b ON b.idx = p.idx_b
),
training_patterns AS (
    SELECT x.rule, x.pattern, round(x.pairs / s.share)::BIGINT AS pairs
    FROM (SELECT t.rule, p.pattern | t.hidden AS pattern, count(*) AS pairs
          FROM training_candidates p
          JOIN (training_rules t JOIN block_rules b USING (rule)) ON (p.rule_mask >> b.bit) & 1 = 1
          GROUP BY t.rule, p.pattern | t.hidden
          UNION ALL
          SELECT NULL, p.pattern, count(*) FROM training_candidates p GROUP BY p.pattern) x,
         training_share s
),
trained AS (
    SELECT identity_fit(
               (SELECT list({'rule': x.rule, 'pattern': x.pattern, 'pairs': x.pairs} ORDER BY x.rule, x.pattern)
                FROM training_patterns x),
               (SELECT list({'rule': NULL::VARCHAR, 'pattern': x.pattern, 'pairs': x.pairs} ORDER BY x.pattern)
                FROM (SELECT r.pattern, count(*) AS pairs FROM random_patterns r GROUP BY r.pattern) x),
               (SELECT e.shares FROM exact_agreement e),
               (SELECT n FROM record_count)) AS model
),
active_model AS (
    SELECT model::VARCHAR AS model_document FROM (SELECT 1) WHERE model IS NOT NULL
    UNION ALL
    SELECT t.model FROM trained t WHERE model IS NULL
),
