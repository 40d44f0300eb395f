-- lead_conversion_kpis(conversions, group_by := ['channel'], period := 'month',
--                      disclosure := 'limited', min_cell := 11)
--
-- Conversion KPIs over a lead_conversion() table, grouped by any of channel and campaign
-- (`group_by`) and the lead's creation period ('month', 'week' or 'all'). Every rate comes with its numerator
-- and denominator. disclosure := 'deidentified' is for wide audiences: periods are months (a
-- 'week' request is an error), and every count below min_cell is suppressed (NULL) together
-- with the rates and medians computed from it (zero counts are kept).
WITH
settings AS (
    SELECT coalesce(group_by::VARCHAR[], ['channel']) AS dims,
           CASE WHEN coalesce(disclosure, 'limited') IN ('limited', 'deidentified') THEN coalesce(disclosure, 'limited')
                ELSE error('lead_conversion_kpis: disclosure must be ''limited'' or ''deidentified''') END AS level,
           CASE WHEN coalesce(period, 'month') IN ('month', 'week', 'all') THEN coalesce(period, 'month')
                ELSE error('lead_conversion_kpis: period must be ''month'', ''week'' or ''all''') END AS grain,
           coalesce(min_cell::INTEGER, 11) AS threshold
),
checked AS (
    SELECT s.*,
           CASE WHEN s.level = 'deidentified' AND s.grain = 'week'
                THEN error('lead_conversion_kpis: a de-identified level reports months, not weeks')
                WHEN len(list_filter(s.dims, lambda d: d NOT IN ('channel', 'campaign'))) = 0 THEN true
                ELSE error('lead_conversion_kpis: group_by takes channel and/or campaign') END AS ok
    FROM settings s
),
grouped AS (
    SELECT CASE WHEN list_contains(s.dims, 'channel') THEN c.channel END AS channel,
           CASE WHEN list_contains(s.dims, 'campaign') THEN c.campaign END AS campaign,
           CASE s.grain WHEN 'month' THEN date_trunc('month', c.lead_created_at)
                        WHEN 'week' THEN date_trunc('week', c.lead_created_at) END::DATE AS period_start,
           count(*) AS leads,
           count(c.first_scheduled_at) AS scheduled_leads,
           count(c.first_completed_visit_at) AS completed_leads,
           count(*) FILTER (WHERE c.first_appointment_outcome = 'no_show') AS first_no_shows,
           count(*) FILTER (WHERE c.first_appointment_outcome IN ('no_show', 'attended')) AS first_appointments_resolved,
           count(c.first_appointment_outcome) AS first_appointments,
           median(c.days_to_completed_visit) AS median_days_to_completed_visit,
           count(*) FILTER (WHERE c.unmatched) AS unmatched_leads,
           any_value(s.level) = 'deidentified' AS deidentified,
           any_value(s.threshold) AS threshold
    FROM query_table(conversions) c, checked s
    WHERE s.ok
    GROUP BY 1, 2, 3
),
-- In the de-identified level, counts from 1 to min_cell - 1 are suppressed (zero reveals no
-- person); rates and medians computed from a suppressed count are suppressed with it.
suppressed AS (
    SELECT g.channel, g.campaign, g.period_start,
           CASE WHEN g.deidentified AND g.leads BETWEEN 1 AND g.threshold - 1 THEN NULL ELSE g.leads END AS leads,
           CASE WHEN g.deidentified AND g.scheduled_leads BETWEEN 1 AND g.threshold - 1 THEN NULL ELSE g.scheduled_leads END
               AS scheduled_leads,
           CASE WHEN g.deidentified AND g.completed_leads BETWEEN 1 AND g.threshold - 1 THEN NULL ELSE g.completed_leads END
               AS completed_leads,
           CASE WHEN g.deidentified AND g.first_no_shows BETWEEN 1 AND g.threshold - 1 THEN NULL ELSE g.first_no_shows END
               AS first_no_shows,
           CASE WHEN g.deidentified AND g.first_appointments_resolved BETWEEN 1 AND g.threshold - 1 THEN NULL
                ELSE g.first_appointments_resolved END AS first_appointments_resolved,
           CASE WHEN g.deidentified AND g.first_appointments BETWEEN 1 AND g.threshold - 1 THEN NULL ELSE g.first_appointments END
               AS first_appointments,
           CASE WHEN g.deidentified AND g.completed_leads BETWEEN 1 AND g.threshold - 1 THEN NULL
                ELSE g.median_days_to_completed_visit END AS median_days_to_completed_visit,
           CASE WHEN g.deidentified AND g.unmatched_leads BETWEEN 1 AND g.threshold - 1 THEN NULL ELSE g.unmatched_leads END
               AS unmatched_leads
    FROM grouped g
)
SELECT s.channel, s.campaign, s.period_start,
       s.leads, s.scheduled_leads, s.completed_leads,
       s.scheduled_leads / s.leads AS lead_to_scheduled_rate,
       s.completed_leads / s.leads AS lead_to_completed_rate,
       s.first_no_shows, s.first_appointments_resolved,
       s.first_no_shows / nullif(s.first_appointments_resolved, 0) AS no_show_rate,
       s.first_appointments,
       s.first_no_shows / nullif(s.first_appointments, 0) AS naive_no_show_share,
       s.median_days_to_completed_visit,
       s.unmatched_leads
FROM suppressed s
ORDER BY s.channel NULLS FIRST, s.campaign NULLS FIRST, s.period_start NULLS FIRST
