"""Investigation and outcomes (recommendations 12, 17, 18, 25): allocation against risk,
multi-agency panels for high-risk cases (contract v2), arrests and their timeliness,
interviews, s.18 searches without an indictable offence, victim personal statements and
outcomes. A v2 measure not yet in the catalogue is left out rather than shown empty; a table
never supplied says "no data"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, data, navigation, widgets, words
from queries import api
from queries.catalogue import INVESTIGATION, SPEC_ORDER

PANEL = [m for m in ("high_risk_to_panel",) if m in SPEC_ORDER]

f = st.session_state["filters"]
st.title("Investigation and outcomes")
st.caption(
    "Are stalking cases allocated in line with College guidance (recommendation 17), and are "
    "investigations suspect-focused and victim-centred (recommendation 18)?"
)

totals, previous = widgets.totals_now_and_before(f)
widgets.kpi_grid(totals, previous, INVESTIGATION)


def allocation_against_risk() -> None:
    """Allocation against risk."""
    allocation = data.get(api.brk_allocation, f.period, f.areas, by=["risk_level", "unit_type"])
    units = data.get(api.brk_allocation, f.period, f.areas, by=["allocated_unit"])
    if allocation.empty:
        widgets.no_data("no stalking case in the chosen period and areas.")
    else:
        left, right = st.columns(2)
        with left:
            allocation["unit"] = allocation["unit_type"].map(words.labeller("unit_type"))
            risk = words.labeller("risk_level")
            allocation["risk"] = allocation["risk_level"].map(risk)
            widgets.chart(
                charts.bars(
                    allocation,
                    "risk",
                    "cases",
                    color="unit",
                    text="cases",
                    title="Cases by current risk level and the kind of unit they are with",
                    order=[risk(r) for r in ("high", "medium", "standard", "not recorded")],
                ),
                source="brk_allocation",
                measures=["allocated_specialist"],
            )
        with right:
            units["unit"] = units["allocated_unit"].map(words.labeller("allocated_unit"))
            widgets.chart(
                charts.bars(
                    units.sort_values("cases", ascending=False),
                    "unit",
                    "cases",
                    horizontal=True,
                    text="cases",
                    title="Cases by allocated unit",
                ),
                source="brk_allocation",
            )


def panels() -> None:
    """Multi-agency panels for high-risk cases."""
    st.caption(
        "Is every high-risk stalking case referred to a multi-agency panel (MARAC, MAPPA, a "
        "stalking panel), as recommendations 12 and 25 ask? A case referred to two panels counts "
        "under each."
    )
    if PANEL and "high_risk_to_panel" not in INVESTIGATION:  # its theme may be risk's
        widgets.kpi_grid(totals, previous, PANEL)
    if widgets.supplied("panels"):
        left, right = st.columns(2)
        with left:
            referred = data.get(api.brk_panels, f.period, f.areas)
            high = referred[referred["risk_level"] == "high"].copy()
            if high.empty:
                widgets.no_data("no high-risk stalking case in the chosen period and areas.")
            else:
                panel = words.labeller("panel")
                high["rank"] = [1 if p == "none" else 0 for p in high["panel"]]
                high["panel referral"] = [
                    "no panel" if p == "none" else panel(p) for p in high["panel"]
                ]
                widgets.chart(
                    charts.bars(
                        high.sort_values(["rank", "cases"], ascending=[True, False]),
                        "panel referral",
                        "cases",
                        horizontal=True,
                        text="cases",
                        title="High-risk cases by the panel they were referred to",
                        height=340,
                    ),
                    source="brk_panels",
                    measures=PANEL,
                )
        with right:
            if PANEL:
                widgets.spc("high_risk_to_panel", f)


def arrests() -> None:
    """Arrests."""
    if widgets.supplied("suspects"):
        left, right = st.columns(2)
        with left:
            delays = data.get(
                api.brk_arrest_delay,
                f.period,
                f.areas,
                by=["band_order", "delay_band", "risk_level"],
            )
            if delays.empty:
                widgets.no_data("no stalking case with a suspect in the chosen period and areas.")
            else:
                delays["risk"] = delays["risk_level"].map(words.labeller("risk_level"))
                widgets.chart(
                    charts.delay_bands(
                        delays,
                        "cases",
                        color="risk",
                        title="Cases with a suspect by time from report to first arrest",
                    ),
                    source="brk_arrest_delay",
                    measures=["suspect_arrested"],
                )
        with right:
            widgets.spc("high_risk_arrest_timely", f)


def s18_searches() -> None:
    """Searches under s.18 PACE without an indictable offence."""
    st.caption(
        "An s.18 search follows arrest for an indictable offence only: a case whose only stalking "
        "offence is s.2A (summary) should not have one (s.2B gives a warrant route instead). "
        "These cases need review."
    )
    if widgets.supplied("suspects") and widgets.case_level():
        s18 = data.get(api.case_list, f.period, f.areas, s18_without_indictable=True)
        if s18.empty:
            st.success(
                "No s.18 search without an indictable offence in the period.",
                icon=":material/check_circle:",
            )
        else:
            widgets.case_table(s18)
            widgets.case_download(s18, "stalking-s18-without-indictable", f, key="s18-csv")


def outcomes() -> None:
    """Outcomes of closed cases."""
    closed = data.get(api.brk_outcomes, f.period, f.areas)
    if closed.empty:
        widgets.no_data("no closed stalking case in the chosen period and areas.")
    else:
        closed["group"] = closed["outcome_group"].map(words.labeller("outcome_group"))
        closed["outcome"] = [
            f"{int(c)}: {o}" if pd.notna(c) else o
            for c, o in zip(closed["outcome_code"], closed["outcome"], strict=True)
        ]
        widgets.chart(
            charts.bars(
                closed.sort_values("cases", ascending=False),
                "outcome",
                "cases",
                color="group",
                horizontal=True,
                text="cases",
                title="Closed stalking cases by Home Office outcome",
                height=max(320, 34 * len(closed) + 120),
            ),
            source="brk_outcomes",
            measures=["charged"],
        )
        widgets.aggregate_downloads({"outcomes": closed}, "stalking-outcomes", f, key="outcomes")


widgets.sections(
    navigation.page("Investigation and outcomes").parts,
    {
        "Allocation against risk": allocation_against_risk,
        "Multi-agency panels": panels,
        "Arrests": arrests,
        "s.18 searches": s18_searches,
        "Outcomes": outcomes,
    },
)
