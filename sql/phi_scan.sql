-- phi_scan(table_name, sample := 100000)
--
-- Per column: what phi_detect finds in the values (a repeatable reservoir sample, or every row
-- with sample := 0), what the column name suggests, and phi_assess_column's verdict. The hit
-- list and labels follow the detector's bit order; {hit_counts}, {labels} and {zero_hits} are
-- filled in from Rust at registration.
WITH
described AS (
    SELECT d.column_name, d.column_type, row_number() OVER () AS position
    FROM (DESCRIBE SELECT * FROM query_table(table_name)) d
),
rows_in AS (
    FROM query('SELECT * FROM ' || table_name
               || CASE WHEN coalesce(sample::BIGINT, 100000) > 0
                       THEN ' USING SAMPLE reservoir(' || coalesce(sample::BIGINT, 100000) || ' ROWS) REPEATABLE (7)'
                       ELSE '' END)
),
scanned AS (SELECT count(*) AS rows_scanned FROM rows_in),
cells AS (
    -- Values as text. DuckDB 2.0 renders UHUGEINT (our tokens) as text about 40 us a value, so
    -- they go through HUGEINT (fast); the upper half keeps a '~' mark, which no pattern matches
    -- (a 39-digit number is no identifier either way) and which keeps values distinct.
    UNPIVOT (
        SELECT CASE WHEN typeof(COLUMNS(*)) = 'UHUGEINT'
                    THEN CASE WHEN COLUMNS(*)::UHUGEINT < 170141183460469231731687303715884105728::UHUGEINT
                              THEN COLUMNS(*)::UHUGEINT::HUGEINT::VARCHAR
                              ELSE '~' || (COLUMNS(*)::UHUGEINT
                                           - 170141183460469231731687303715884105728::UHUGEINT)::HUGEINT::VARCHAR END
                    ELSE COLUMNS(*)::VARCHAR END
        FROM rows_in)
    ON COLUMNS(*) INTO NAME column_name VALUE value
),
-- Each distinct value once per column (weighted by its count): most published columns repeat
-- few values, and grouping costs less than detecting (1.6x faster on an event table). The year
-- spread (birth dates span decades, events do not) is over distinct values.
detected AS (
    SELECT c.column_name, c.value, count(*) AS n, phi_detect(c.value) AS packed
    FROM cells c
    GROUP BY c.column_name, c.value
),
profiles AS (
    SELECT d.column_name, sum(d.n)::BIGINT AS non_null, count(*) AS distinct_values,
           {hit_counts} AS hits,
           approx_quantile((d.packed >> 16)::INTEGER, 0.1) FILTER (WHERE d.packed >> 16 > 0) AS year_low,
           approx_quantile((d.packed >> 16)::INTEGER, 0.9) FILTER (WHERE d.packed >> 16 > 0) AS year_high
    FROM detected d
    GROUP BY d.column_name
),
assessed AS (
    SELECT c.position, c.column_name, c.column_type, s.rows_scanned,
           coalesce(p.non_null, 0) AS non_null, coalesce(p.distinct_values, 0) AS distinct_values,
           coalesce(p.hits, {zero_hits}) AS hits,
           phi_assess_column(c.column_name, c.column_type, coalesce(p.non_null, 0), coalesce(p.distinct_values, 0),
                             coalesce(p.hits, {zero_hits}), p.year_low, p.year_high) AS assessment
    FROM described c
    CROSS JOIN scanned s
    LEFT JOIN profiles p ON p.column_name = c.column_name
)
SELECT a.column_name, a.column_type, a.rows_scanned, a.non_null, a.distinct_values,
       a.assessment.verdict AS verdict,
       a.assessment.kinds AS kinds,
       map_from_entries(list_filter(list_zip({labels}, a.hits), lambda e: e[2] > 0)) AS hits,
       a.assessment.reason AS reason
FROM assessed a
ORDER BY a.position
