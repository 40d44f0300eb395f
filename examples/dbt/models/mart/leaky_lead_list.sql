-- A mistake on purpose, built only with `--vars '{leaky: true}'`: a "mart" that copies contact
-- details out of the restricted zone. tests/phi_clean_leaky_lead_list.sql must fail on it.
{{ config(enabled=var('leaky', false)) }}
select m.lead_token, m.conversion_outcome, l.email, l.phone
from {{ ref("mart_lead_conversion") }} m
join {{ source('raw', 'crm_leads') }} l on m.lead_token = phi_token('id:lead', l.lead_id, '{{ var("key_name") }}')
