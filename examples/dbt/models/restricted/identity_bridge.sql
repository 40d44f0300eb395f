-- Layer 1: one governed person key per source record.
select * from resolve_identity('{{ ref("person_records") }}', key_name := '{{ var("key_name") }}',
                               model := (select model from {{ ref("identity_model") }}))
