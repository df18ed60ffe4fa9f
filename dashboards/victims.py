"""Victims (recommendation 14): needs assessments, Victims' Code rights, referral to support
and its timeliness, specialist services, repeat victims and who the victims and suspects are."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, widgets
from pipelines.contract import AGE_BANDS

f = st.session_state["filters"]
st.title("Victims")
st.caption(
    "Every victim of a stalking case (one per crime and victim): were their needs assessed, "
    "their Victims' Code rights given, and were they referred to specialist support in time?"
)

totals, previous = widgets.totals_now_and_before(f)
widgets.kpi_grid(
    totals,
    previous,
    [
        "vna_completed",
        "rights_explained",
        "referred",
        "referred_timely",
        "referred_specialist",
        "repeat_victim",
    ],
    per_row=3,
)

left, right = st.columns(2)
with left:
    widgets.spc("vna_completed", f)
with right:
    widgets.spc("referred_timely", f)

st.header("Referral to support")
if widgets.supplied("referrals"):
    left, right = st.columns(2)
    with left:
        delays = data.get("breakdown", "brk_referral_delay", f.period, f.areas)
        if delays.empty:
            widgets.no_data("no victim of a stalking case in the chosen period and areas.")
        else:
            window = data.get("settings")["referral_window_days"]
            widgets.chart(
                charts.bars(
                    delays,
                    "delay_band",
                    "victims",
                    color="timeliness",
                    text="victims",
                    title=f"Victims by days to first referral (window {window:g} days)",
                ),
                source="brk_referral_delay",
                measures=["referred_timely"],
            )
    with right:
        services = data.get("breakdown", "brk_referral_services", f.period, f.areas)
        if services.empty:
            widgets.no_data("no referral of a victim of a stalking case in the period.")
        else:
            services["service"] = services["service"].map(charts.words)
            widgets.chart(
                charts.bars(
                    services,
                    "service",
                    "victims",
                    color="outcome",
                    horizontal=True,
                    title="Victims referred, by service and what came of it",
                ),
                source="brk_referral_services",
                measures=["referred_specialist"],
            )

st.header("Repeat victims by area")
repeat = data.get("measure_by_area", "repeat_victim", f.period, f.areas)
if repeat.empty:
    widgets.no_data("no stalking case with a victim in the chosen period and areas.")
else:
    repeat["share"] = repeat["value"].round(1)
    repeat["label"] = [
        widgets.ratio_label(v, n, d)
        for v, n, d in zip(repeat["value"], repeat["numerator"], repeat["denominator"], strict=True)
    ]
    widgets.chart(
        charts.bars(
            repeat.sort_values("value", ascending=False),
            "area_name",
            "share",
            horizontal=True,
            text="label",
            title="Cases whose victim was on another stalking case in the year before (%)",
        ),
        measures=["repeat_victim"],
    )

st.header("Victims and suspects")
left, right = st.columns(2)
with left:
    victims = data.get("breakdown", "brk_victim_profile", f.period, f.areas)
    if widgets.supplied("victims") and not victims.empty:
        widgets.chart(
            charts.bars(
                victims.assign(age=victims["age_band"].map(charts.age_label)),
                "age",
                "victims",
                color="sex",
                title="Victims by age and sex",
                order=[charts.age_label(a) for a in AGE_BANDS],
            ),
            source="brk_victim_profile",
        )
with right:
    suspects = data.get("breakdown", "brk_suspect_profile", f.period, f.areas)
    if widgets.supplied("suspects") and not suspects.empty:
        widgets.chart(
            charts.bars(
                suspects.assign(age=suspects["age_band"].map(charts.age_label)),
                "age",
                "suspects",
                color="sex",
                title="Suspects by age and sex",
                order=[charts.age_label(a) for a in AGE_BANDS],
            ),
            source="brk_suspect_profile",
        )
relationships = data.get("breakdown", "brk_relationship", f.period, f.areas, by=["relationship"])
if not relationships.empty:
    relationships["relationship"] = relationships["relationship"].map(charts.words)
    widgets.chart(
        charts.bars(
            relationships.sort_values("cases", ascending=False),
            "relationship",
            "cases",
            horizontal=True,
            text="cases",
            title="Cases by the suspect's relationship to the victim",
            height=360,
        ),
        source="brk_relationship",
    )
widgets.aggregate_downloads(
    {"victims": victims, "suspects": suspects, "relationships": relationships},
    "stalking-victims",
    f,
    key="victims",
)
