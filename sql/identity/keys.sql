-- Fragment: person keys. Without a previous bridge, a person's key is the keyed hash of its
-- first record id. With one (`previous`: source_system, source_record_id, person_key), keys
-- carry over:
-- - each previous key goes to the person now holding most of its records (after a split the
--   larger part keeps it; ties to the person whose first record comes first);
-- - a person receiving several keeps the one covering most of its records (ties: the key that
--   had more records, then the lower key); the others are merged into it;
-- - a person receiving none gets a new key, the keyed hash of its first record id, re-derived
--   with a counter when that value already was a key in the previous bridge.
previous_sizes AS (
    SELECT k.person_key, count(*) AS records_before FROM previous_keys k GROUP BY k.person_key
),
placed_keys AS (
    SELECT p.idx, p.cluster, k.person_key AS previous_key
    FROM placed p
    LEFT JOIN previous_keys k ON k.source_system = p.source_system AND k.source_record_id = p.source_record_id
),
key_claims AS (
    SELECT c.previous_key, c.cluster, c.records
    FROM (SELECT k.previous_key, k.cluster, count(*) AS records FROM placed_keys k
          WHERE k.previous_key IS NOT NULL GROUP BY k.previous_key, k.cluster) c
    QUALIFY row_number() OVER (PARTITION BY c.previous_key ORDER BY c.records DESC, c.cluster) = 1
),
surviving_keys AS (
    SELECT c.cluster, c.previous_key AS person_key
    FROM key_claims c JOIN previous_sizes z ON z.person_key = c.previous_key
    QUALIFY row_number() OVER (PARTITION BY c.cluster ORDER BY c.records DESC, z.records_before DESC, c.previous_key) = 1
),
-- Clusters without a surviving key whose natural new key was already a key: re-derived.
collided_keys AS (
    SELECT a.cluster, a.anchor
    FROM cluster_anchors a
    JOIN previous_sizes z ON z.person_key = phi_token('id:person', a.anchor, key_name)
    WHERE NOT EXISTS (SELECT 1 FROM surviving_keys s WHERE s.cluster = a.cluster)
),
reissued_keys AS (
    SELECT c.cluster, arg_min(phi_token('id:person', c.anchor || chr(31) || 'reissue ' || g.n, key_name), g.n)
               FILTER (WHERE phi_token('id:person', c.anchor || chr(31) || 'reissue ' || g.n, key_name)
                             NOT IN (SELECT z.person_key FROM previous_sizes z)) AS person_key
    FROM collided_keys c, range(1, 9) g(n)
    GROUP BY c.cluster
),
