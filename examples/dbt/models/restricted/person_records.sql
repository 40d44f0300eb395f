-- The identity bridge's input: one row per source record, identifiers included (restricted).
{{ config(materialized='view') }}
select 'crm' as source_system, lead_id as source_record_id, first_name, last_name, birth_date,
       email, phone, postal_code
from {{ source('raw', 'crm_leads') }}
union all by name
select 'scheduling' as source_system, patient_id as source_record_id, first_name, last_name, birth_date, sex,
       email, phone, postal_code
from {{ source('raw', 'scheduling_patients') }}
union all by name
select 'ehr' as source_system, mrn as source_record_id, first_name, last_name, birth_date::varchar as birth_date, sex,
       email, phone, postal_code, street_address, mrn, ssn
from {{ source('raw', 'ehr_patients') }}
