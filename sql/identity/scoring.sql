-- Fragment: every candidate pair scored. A reviewer's decision accepts or rejects a pair
-- whatever else holds; approved rules accept a pair whatever the model says;
-- otherwise the match probability must reach the threshold and no conflict may hold: a
-- different SSN; without a matching SSN, a different first name, birth date or sex (households
-- share surnames, phones, addresses, even email).
first_name_frequency AS (
    SELECT s.first_name, count(*) / any_value(c.n) AS tf FROM population s, record_count c
    WHERE s.first_name IS NOT NULL GROUP BY s.first_name
),
last_name_frequency AS (
    SELECT s.last_name, count(*) / any_value(c.n) AS tf FROM population s, record_count c
    WHERE s.last_name IS NOT NULL GROUP BY s.last_name
),
scored AS (
    SELECT p.idx_a, p.idx_b, p.rule_mask, p.pattern, ff.tf AS tf_first, lf.tf AS tf_last,
           identity_weight(m.model_document, p.pattern, ff.tf, lf.tf) AS match_weight,
           identity_agreeing(m.model_document, p.pattern, ff.tf, lf.tf) AS agreeing,
           md.same_person AS manual,
           CASE
               WHEN md.same_person THEN 'manual'
               WHEN {lvl:ssn} = {top:ssn} AND {lvl:birth_date} = {top:birth_date} THEN 'ssn+birth_date'
               WHEN {lvl:email} = {top:email} AND {lvl:birth_date} = {top:birth_date} THEN 'email+birth_date'
               WHEN {lvl:email} = {top:email} AND {lvl:last_name} = {top:last_name}
                    AND {lvl:first_name} >= 3 AND {lvl:first_name} <> 15
                    AND ({lvl:birth_date} >= 2) AND {lvl:ssn} <> 0 AND {lvl:sex} <> 0 THEN 'email+name'
               WHEN a.source_system = b.source_system AND a.mrn = b.mrn THEN 'same_source_mrn'
           END AS approved_rule,
           CASE
               WHEN NOT md.same_person THEN 'a reviewer decided these are different people'
               WHEN {lvl:ssn} = 0 THEN 'different SSNs'
               WHEN {lvl:ssn} = {top:ssn} THEN NULL
               WHEN {lvl:first_name} = 0 THEN 'different first names'
               WHEN {lvl:birth_date} = 0 THEN 'different birth dates'
               WHEN {lvl:sex} = 0 AND {lvl:birth_date} <> {top:birth_date} THEN 'different sex'
           END AS conflict
    FROM scored_patterns p
    CROSS JOIN active_model m
    JOIN signals a ON a.idx = p.idx_a
    JOIN signals b ON b.idx = p.idx_b
    LEFT JOIN first_name_frequency ff ON ff.first_name = a.first_name AND a.first_name = b.first_name
    LEFT JOIN last_name_frequency lf ON lf.last_name = a.last_name AND a.last_name = b.last_name
    LEFT JOIN manual_decisions md ON md.idx_a = p.idx_a AND md.idx_b = p.idx_b
),
decided AS (
    SELECT s.*,
           1 / (1 + pow(2, -s.match_weight)) AS match_probability,
           coalesce(s.manual,
                    s.approved_rule IS NOT NULL
                    OR (1 / (1 + pow(2, -s.match_weight)) >= coalesce(threshold::DOUBLE, 0.95) AND s.conflict IS NULL))
               AS accepted
    FROM scored s
),
