-- Fragment: incremental linking. The new or changed records (`records`) are matched against
-- the people of the previous bridge through its stored index (`signals_index`, from
-- identity_index): index records sharing a blocking key with a new record take part, with all
-- the records of their people, and those people are carried in whole (their records stay
-- together). Nobody else is read beyond the index scan. The model is the one given.
index_rows AS NOT MATERIALIZED (
    SELECT i.source_system::VARCHAR AS source_system, i.source_record_id::VARCHAR AS source_record_id,
           i.* EXCLUDE (source_system, source_record_id)
    FROM query_table(signals_index) i
    WHERE (previous IS NOT NULL OR error('identity_link: pass the bridge to link into (previous := ...)'))
      AND NOT EXISTS (SELECT 1 FROM input_signals n
                      WHERE n.source_system = i.source_system::VARCHAR AND n.source_record_id = i.source_record_id::VARCHAR)
),
new_block_keys AS (
    SELECT DISTINCT k.bit, k.block_key
    FROM (SELECT unnest(range(9)) AS bit, unnest(identity_block_keys(n)) AS block_key FROM input_signals n) k
    WHERE k.block_key IS NOT NULL
),
touching_records AS (
    SELECT DISTINCT k.source_system, k.source_record_id
    FROM (SELECT i.source_system, i.source_record_id, unnest(range(9)) AS bit, unnest(i.block_keys) AS block_key
          FROM index_rows i) k
    JOIN new_block_keys n ON n.bit = k.bit AND n.block_key = k.block_key
),
carried_records AS (
    SELECT b.source_system, b.source_record_id, b.person_key
    FROM previous_keys b
    WHERE b.person_key IN (SELECT t.person_key FROM previous_keys t
                           JOIN touching_records r ON r.source_system = t.source_system
                                                  AND r.source_record_id = t.source_record_id)
),
signals AS (
    SELECT n.*, true AS is_new FROM input_signals n
    UNION ALL BY NAME
    SELECT (SELECT count(*) FROM input_signals) + row_number() OVER (ORDER BY i.source_system, i.source_record_id) AS idx,
           i.* EXCLUDE (block_keys), false AS is_new
    FROM index_rows i
    WHERE (i.source_system, i.source_record_id) IN (SELECT (c.source_system, c.source_record_id) FROM carried_records c)
),
population AS (
    SELECT i.first_name, i.last_name FROM index_rows i
    UNION ALL
    SELECT n.first_name, n.last_name FROM input_signals n
),
carried_edges AS (
    SELECT e.a, e.b
    FROM (SELECT s.idx AS a, lead(s.idx) OVER (PARTITION BY c.person_key ORDER BY s.idx) AS b
          FROM signals s
          JOIN carried_records c ON c.source_system = s.source_system AND c.source_record_id = s.source_record_id
          WHERE NOT s.is_new) e
    WHERE e.b IS NOT NULL
),
active_model AS (
    SELECT coalesce(model::VARCHAR, error('identity_link: pass the model the bridge was built with (model := ...)'))
               AS model_document
),
