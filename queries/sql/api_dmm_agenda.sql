-- api_dmm_agenda: the daily meeting's cases on the agenda ($on_agenda true) or in hand (false),
-- most urgent first, with their flags, reasons (fn_cite), why each is on the agenda and the
-- meeting's latest decision. 'decided' is the relation of latest decisions the API registers.
-- params: $areas, $on_agenda, $flags (NULL: every flag; a list: cases carrying one of them)
-- grain: crime_ref
select
    g.crime_ref,
    g.area_code,
    coalesce(a.area_name, g.area_code) as area_name,
    g.reported_at,
    g.risk_level,
    g.current_principal_code,
    g.allocated_unit,
    g.severity,
    array_to_string(g.flags, ', ') as flags,
    fn_cite(g.reasons, g.linked, $areas::varchar[]) as reasons,
    array_to_string(g.agenda_reasons, ', ') as agenda_reasons,
    g.decided_action,
    g.decided_owner,
    g.decided_review_on,
    g.decided_at
from dmm_agenda('decided') as g
left join areas as a on g.area_code = a.area_code
where
    fn_in_areas(g.area_code, $areas::varchar[])
    and g.on_agenda = $on_agenda
    and ($flags::varchar[] is null or list_has_any(g.flags, $flags))
order by g.severity asc, g.reported_at desc, g.crime_ref asc;
