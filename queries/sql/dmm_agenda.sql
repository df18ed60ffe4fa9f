-- dmm_agenda: the daily meeting's agenda (spec meetings.md): every dmm_cases case, with the
-- meeting's latest decision on it and why it needs the meeting today. decided_ names a relation
-- of the latest decision per case (crime_ref, decision_id, action, owner, review_on,
-- recorded_at, in UK local time), which the API reads from the decisions store beside the
-- database (decisions are typed in, so they live outside this file) and registers for the
-- query. agenda_reasons, in this order, those that hold:
--   new_breach: a breach of an order against a suspect of the case after the latest decision;
--   now_high_risk: a risk assessment graded high completed after the latest decision;
--   review_due: the latest decision's review_on is on or before the as-at date;
--   no_decision: no decision recorded for the case.
-- A case with none is in hand (on_agenda false): shown apart, with its latest decision.
-- grain: crime_ref
create or replace macro dmm_agenda(decided_) as table
    with
    latest as (
        select
            l.crime_ref,
            l.decision_id,
            l.action,
            l.owner,
            l.review_on,
            l.recorded_at
        -- the macro's parameter, not a column:
        from query_table(decided_) as l  -- noqa: RF03
    ),

    reasons as (
        select
            d.*,
            l.decision_id,
            l.action as decided_action,
            l.owner as decided_owner,
            l.review_on as decided_review_on,
            l.recorded_at as decided_at,
            list_filter(
                [
                    case when d.last_breach_at > l.recorded_at then 'new_breach' end,
                    case when d.last_high_risk_at > l.recorded_at then 'now_high_risk' end,
                    case when l.review_on <= cast(fn_as_at() as date) then 'review_due' end,
                    case when l.crime_ref is null then 'no_decision' end
                ],
                lambda r: r is not null  -- noqa: RF02
            ) as agenda_reasons
        from dmm_cases as d
        left join latest as l on d.crime_ref = l.crime_ref
    )

    select
        *,
        len(agenda_reasons) > 0 as on_agenda
    from reasons;
