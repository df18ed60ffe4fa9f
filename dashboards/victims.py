"""Victims (recommendation 14): needs assessments, Victims' Code rights, referral to support
and its timeliness, specialist services, repeat victims and who the victims and suspects are."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, widgets, words
from queries import api
from queries.catalogue import VICTIMS

f = st.session_state["filters"]
st.title("Victims")
st.caption(
    "Every victim of a stalking case (one per crime and victim): were their needs assessed, "
    "their Victims' Code rights given, and were they referred to specialist support in time?"
)

totals, previous = widgets.totals_now_and_before(f)
widgets.kpi_grid(totals, previous, VICTIMS, per_row=3)

left, right = st.columns(2)
with left:
    widgets.spc("vna_completed", f)
with right:
    widgets.spc("referred_timely", f)

st.header("Referral to support")
if widgets.supplied("referrals"):
    left, right = st.columns(2)
    with left:
        widgets.referral_timeliness(f)
    with right:
        services = data.get(api.brk_referral_services, f.period, f.areas)
        if services.empty:
            widgets.no_data("no referral of a victim of a stalking case in the period.")
        else:
            services["service"] = services["service"].map(words.labeller("service"))
            services["outcome"] = services["outcome"].map(words.labeller("referral_outcome"))
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
widgets.share_by_area(
    "repeat_victim",
    f,
    "Cases whose victim was on another stalking case in the year before (%)",
)

st.header("Victims and suspects")
left, right = st.columns(2)
with left:
    victims = widgets.age_and_sex(api.brk_victim_profile, "victims", "victims", f)
with right:
    suspects = widgets.age_and_sex(api.brk_suspect_profile, "suspects", "suspects", f)
relationships = data.get(api.brk_relationship, f.period, f.areas, by=["relationship"])
if not relationships.empty:
    relationships["relationship"] = relationships["relationship"].map(
        words.labeller("relationship")
    )
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
