-- The KPIs by channel and month, de-identified for wide audiences (small cells suppressed).
select * from lead_conversion_kpis('{{ ref("mart_lead_conversion") }}', group_by := ['channel'], period := 'month',
                                   disclosure := 'deidentified')
