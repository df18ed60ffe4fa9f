"""Victims (recommendations 11, 14): needs assessments, Victims' Code rights and how they were
given, referral to support against the victims who want it and its timeliness, specialist
services, what victims said of the service and their complaints (contract v2), repeat victims
and who the victims and suspects are. A v2 measure not yet in the catalogue is left out rather
than shown empty; a table never supplied says "no data"."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, navigation, widgets, words
from queries import api
from queries.catalogue import SPEC_ORDER, VICTIMS

# v2 measures of what victims said (their theme may not be this page's): tiles of their own
VOICE = [m for m in ("victim_satisfied", "complaints") if m in SPEC_ORDER and m not in VICTIMS]
SATISFACTION_ORDER = (
    "very_satisfied",
    "fairly_satisfied",
    "neither",
    "fairly_dissatisfied",
    "very_dissatisfied",
    "not recorded",
)


def channels_by_size(rights) -> list[str]:
    """The ways rights were given, most victims first, the missing ones last."""
    missing = ("not recorded", "no needs assessment")
    sizes = rights.groupby("rights_channel")["victims"].sum().sort_values(ascending=False)
    return [c for c in sizes.index if c not in missing] + [c for c in missing if c in sizes]


f = st.session_state["filters"]
st.title("Victims")
st.caption(
    "Every victim of a stalking case (one per crime and victim): were their needs assessed in "
    "time, their Victims' Code rights given, were they referred to specialist support in time, "
    "and what did they say of the service?"
)

totals, previous = widgets.totals_now_and_before(f)
widgets.kpi_grid(totals, previous, VICTIMS, per_row=3)


def needs_and_rights() -> None:
    """Needs assessments over time, and how victims were given their Victims' Code rights."""
    st.caption(
        "Every victim of stalking is persistently targeted, so entitled to enhanced rights under "
        "the Victims' Code: were their needs assessed, were they identified as entitled, and how "
        "were their rights given?"
    )
    left, right = st.columns(2)
    with left:
        widgets.spc("vna_completed", f)
    with right:
        if widgets.supplied("needs_assessments"):
            rights_chart()
    if "enhanced_rights" in SPEC_ORDER:
        left, _ = st.columns(2)
        with left:
            widgets.spc("enhanced_rights", f)


def rights_chart() -> None:
    rights = data.get(api.brk_rights_channel, f.period, f.areas)
    if rights.empty:
        widgets.no_data("no victim of a stalking case in the chosen period and areas.")
        return
    channel = words.labeller("rights_channel")
    rights["how rights were given"] = rights["rights_channel"].map(channel)
    rights["enhanced rights"] = (
        rights["enhanced_rights"]
        .map({"yes": "entitled to enhanced rights", "no": "not identified as entitled"})
        .fillna("not recorded")
    )
    first = {"yes": 0, "no": 1}  # entitled first: its colour the same on every load
    rights = rights.sort_values(
        "enhanced_rights", key=lambda s: s.map(first).fillna(2), kind="stable"
    )
    widgets.chart(
        charts.bars(
            rights,
            "how rights were given",
            "victims",
            color="enhanced rights",
            horizontal=True,
            title="Victims by how their rights were given",
            height=340,
            order=[channel(c) for c in channels_by_size(rights)],
        ),
        source="brk_rights_channel",
        measures=[m for m in ("rights_explained", "enhanced_rights") if m in SPEC_ORDER],
    )


def referral() -> None:
    """Referral to specialist support: in time, to which services, against support wanted."""
    st.caption(
        "Referral is measured against the victims who want support: every victim of a stalking "
        "case except those who declined it at their needs assessment."
    )
    left, right = st.columns(2)
    with left:
        widgets.spc("referred_timely", f)
    if not widgets.supplied("referrals"):
        return
    with right:
        widgets.referral_timeliness(f)
    left, right = st.columns(2)
    with left:
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
    support = data.get(api.brk_support_referral, f.period, f.areas)
    if not support.empty:
        with right:
            widgets.chart(
                charts.bars(
                    support.sort_values(["support", "referral"], ascending=[False, False]),
                    "support",
                    "victims",
                    color="referral",
                    horizontal=True,
                    title="Victims by support wanted and referral",
                    height=260,
                ),
                source="brk_support_referral",
                measures=["referred"],
            )


def what_victims_said() -> None:
    """Satisfaction surveys and complaints."""
    st.caption(
        "Victims' satisfaction surveys (in the month of the survey) and complaints about the "
        "handling of a stalking case (in the month received)."
    )
    if VOICE:
        widgets.kpi_grid(totals, previous, VOICE, per_row=3)
    left, right = st.columns(2)
    with left:
        if widgets.supplied("feedback"):
            answers = data.get(api.brk_satisfaction, f.period, f.areas)
            if answers.empty:
                widgets.no_data("no survey of a victim of a stalking case in the chosen period.")
            else:
                answers["answer"] = answers["satisfaction"].map(words.labeller("satisfaction"))
                widgets.chart(
                    charts.bars(
                        answers,
                        "answer",
                        "victims",
                        horizontal=True,
                        text="victims",
                        title="Victims surveyed, by how satisfied they were",
                        order=[
                            words.label("satisfaction", a, words.labels())
                            for a in SATISFACTION_ORDER
                            if a in set(answers["satisfaction"])
                        ],
                        height=320,
                    ),
                    source="brk_satisfaction",
                    measures=[m for m in ("victim_satisfied",) if m in SPEC_ORDER],
                )
    with right:
        if widgets.supplied("complaints") and "complaints" in SPEC_ORDER:
            widgets.spc("complaints", f)


def repeat_victims() -> None:
    """The share of cases whose victim was a victim of stalking in the year before, by area."""
    widgets.share_by_area(
        "repeat_victim",
        f,
        "Cases whose victim was on another stalking case in the year before (%)",
    )


def victims_and_suspects() -> None:
    """Who the victims and suspects are, and how they are related."""
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


widgets.sections(
    navigation.page("Victims").parts,
    {
        "Needs and rights": needs_and_rights,
        "Referral to support": referral,
        "What victims said": what_victims_said,
        "Repeat victims by area": repeat_victims,
        "Victims and suspects": victims_and_suspects,
    },
)
