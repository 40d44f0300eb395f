{{ config(enabled=var('leaky', false)) }}
select * from phi_assert_clean('{{ ref("leaky_lead_list") }}')
