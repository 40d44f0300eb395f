-- Published models carry no direct identifiers: phi_assert_clean returns no rows when clean and
-- raises an error naming the column and the reason otherwise.
select * from phi_assert_clean('{{ ref("fct_patient_access_events") }}')
