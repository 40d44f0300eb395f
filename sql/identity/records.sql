-- Fragment: resolve every input record (no earlier people are carried in).
signals AS (SELECT i.*, true AS is_new FROM input_signals i),
population AS (SELECT s.first_name, s.last_name FROM signals s),
carried_edges AS (SELECT NULL::BIGINT AS a, NULL::BIGINT AS b LIMIT 0),
