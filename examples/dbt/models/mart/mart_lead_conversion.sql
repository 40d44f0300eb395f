-- Layer 3: did each lead become a kept visit, as of a reproducible cutoff.
select * from lead_conversion('{{ ref("fct_patient_access_events") }}', as_of := timestamp '{{ var("as_of") }}')
