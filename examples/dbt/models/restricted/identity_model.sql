-- The match model, fitted without labels; review it, and pin it for reproducible rebuilds.
select * from identity_model('{{ ref("person_records") }}')
