-- api_alert_referrals: the low-referrals alert (Essex 14.5), one row per area with a victim in
-- the 16 weeks it reads: victims of stalking cases who want support (v2: not those who declined
-- it) reported in the last 4 complete weeks (alert_referral_weeks: weeks every report of which is
-- past the referral window, in working days, at the as-at moment) and the share of them referred
-- to support (the referred measure), against the 12 weeks before them. The last complete week is
-- found by the same working-day test as alert_referral_weeks, so a bank holiday cannot make it a
-- week that view leaves out. alert: the share is more than 2 binomial standard deviations below
-- the earlier share (sqrt(p (1 - p) / n), p the earlier share, n the recent victims; an earlier
-- share of 0 or 100 % has none, so any fall alerts), or below the setting referral_floor
-- (percent; no floor when the setting is absent). No victim in the last 4 weeks: no share, no
-- alert. For an aggregate-only role each week and area is a cell randomly rounded first
-- ($protect, fn_protect, keyed by week and area), and the shares come from the rounded counts.
-- params: $areas, $protect
-- grain: area_code
with
bounds as (
    select cast(max(c.week) as date) as last_week
    from (
        select
            n.as_at,
            cast(date_trunc('week', n.as_at) as date) - cast(7 * r.k as integer) as week
        from (select fn_as_at() as as_at) as n
        cross join range(1, 5) as r (k)
    ) as c
    where fn_working_days(c.week + 6, c.as_at) > fn_setting('referral_window_days')
),

cells as (
    select
        w.area_code,
        w.week >= b.last_week - interval 21 day as recent,
        fn_protect(
            w.victims, hash(fn_disclosure_key(), w.week, w.area_code, 'week'), $protect
        ) as victims,
        fn_protect(
            w.referred, hash(fn_disclosure_key(), w.week, w.area_code, 'week'), $protect
        ) as referred
    from alert_referral_weeks as w
    cross join bounds as b
    where
        w.week between b.last_week - interval 105 day and b.last_week
        and fn_in_areas(w.area_code, $areas::varchar[])
),

sums as (
    select
        area_code,
        cast(coalesce(sum(victims) filter (where recent), 0) as bigint) as victims,
        cast(coalesce(sum(referred) filter (where recent), 0) as bigint) as referred,
        cast(coalesce(sum(victims) filter (where not recent), 0) as bigint) as before_victims,
        cast(coalesce(sum(referred) filter (where not recent), 0) as bigint) as before_referred
    from cells
    group by area_code
),

shares as (
    select
        area_code,
        victims,
        referred,
        before_victims,
        before_referred,
        fn_rate(referred, victims) as rate,
        fn_rate(before_referred, before_victims) as before_rate,
        fn_setting('referral_floor') as floor
    from sums
),

spreads as (
    select
        *,
        200.0 * sqrt(
            (before_rate / 100.0) * (1 - before_rate / 100.0) / nullif(victims, 0)
        ) as two_sd_points
    from shares
)

select
    s.area_code,
    coalesce(a.area_name, s.area_code) as area_name,
    cast(b.last_week - interval 21 day as date) as weeks_from,
    cast(b.last_week + interval 6 day as date) as weeks_to,
    s.victims,
    s.referred,
    s.rate,
    s.before_victims,
    s.before_referred,
    s.before_rate,
    s.two_sd_points,
    s.floor,
    coalesce(s.rate < s.before_rate - s.two_sd_points, false) as below_before,
    coalesce(s.rate < s.floor, false) as below_floor,
    coalesce(s.rate < s.before_rate - s.two_sd_points or s.rate < s.floor, false) as alert
from spreads as s
cross join bounds as b
left join areas as a on s.area_code = a.area_code
order by alert desc, s.rate asc nulls last, area_name asc;
