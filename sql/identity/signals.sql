-- Fragment: the input records and their normalized matching signals, one row per record with a
-- dense index `idx` (ordered by source system and record id, so it is stable for the same input).
-- A record-set fragment (records.sql, or link.sql for incremental linking) then defines
-- `signals`, the records being resolved, and `population`, the names term frequencies count.
identity_input AS (
    -- Absent identifier columns read as NULL.
    SELECT * FROM (SELECT NULL AS source_system, NULL AS source_record_id, NULL AS first_name, NULL AS middle_name,
                          NULL AS last_name, NULL AS birth_date, NULL AS sex, NULL AS email, NULL AS phone,
                          NULL AS postal_code, NULL AS street_address, NULL AS mrn, NULL AS ssn
                   LIMIT 0)
    UNION ALL BY NAME
    SELECT * FROM query_table(records)
),
input_signals AS (
    SELECT row_number() OVER by_id AS idx,
           CASE WHEN i.source_system IS NULL OR i.source_record_id IS NULL
                THEN error('identity: every record needs source_system and source_record_id (the column is missing '
                           || 'or NULL in a row)')
                WHEN i.source_system::VARCHAR = lag(i.source_system::VARCHAR) OVER by_id
                     AND i.source_record_id::VARCHAR = lag(i.source_record_id::VARCHAR) OVER by_id
                THEN error('identity: (source_system, source_record_id) must identify one record; two or more '
                           || 'rows share one')
                ELSE i.source_system::VARCHAR END AS source_system,
           i.source_record_id::VARCHAR AS source_record_id,
           phi_normalize_name(i.first_name::VARCHAR) AS first_name,
           phi_normalize_name(i.last_name::VARCHAR) AS last_name,
           phi_normalize_birth_date(
               CASE WHEN typeof(i.birth_date) IN ('VARCHAR', 'DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', '"NULL"', 'NULL')
                    THEN i.birth_date
                    ELSE error('resolve_identity: birth_date has type ' || typeof(i.birth_date)
                               || '; pass DATE, TIMESTAMP or text') END)::VARCHAR AS birth_date,
           phi_normalize_sex(i.sex::VARCHAR) AS sex,
           phi_normalize_email(i.email::VARCHAR) AS email,
           phi_normalize_phone(i.phone::VARCHAR) AS phone,
           phi_normalize_zip5(i.postal_code::VARCHAR) AS postal_code,
           phi_normalize_address(i.street_address::VARCHAR) AS street_address,
           phi_normalize_mrn(i.mrn::VARCHAR) AS mrn,
           phi_normalize_ssn(i.ssn::VARCHAR) AS ssn
    FROM identity_input i
    WINDOW by_id AS (ORDER BY i.source_system::VARCHAR, i.source_record_id::VARCHAR)
),
