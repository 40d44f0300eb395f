-- Layer 2: lead, scheduling and encounter events at event grain, canonical statuses, no PHI.
select * from status_progression(bridge := '{{ ref("identity_bridge") }}', key_name := '{{ var("key_name") }}',
                                 appointments := '{{ source("raw", "appointment_events") }}',
                                 encounters := '{{ source("raw", "encounter_events") }}',
                                 leads := '{{ source("raw", "crm_leads") }}')
