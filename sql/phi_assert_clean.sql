-- phi_assert_clean(table_name, sample := 0)
--
-- A gate: raises an error naming every column phi_scan judges to hold direct identifiers,
-- with the kinds found (never a value); returns no rows when the table is clean. Scans every
-- row unless a sample size is given.
WITH scan AS (
    FROM phi_scan(table_name, sample := coalesce(sample::BIGINT, 0))
),
offending AS (
    SELECT count(*) AS columns,
           string_agg(s.column_name || ' (' || array_to_string(s.kinds, ', ') || ')', '; ' ORDER BY s.column_name)
               AS listing
    FROM scan s WHERE s.verdict = 'identifier'
)
SELECT s.*
FROM scan s, offending o
WHERE s.verdict = 'identifier'
  AND error('phi_assert_clean: ' || table_name || ' holds direct identifiers in ' || o.columns || ' column(s): '
            || o.listing)
