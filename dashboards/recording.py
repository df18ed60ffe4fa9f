"""Recording and screening (recommendations 7, 23): stalking hidden as an included
classification, how crimes move between classifications, the crimes to screen early for
stalking that has not been recognised, and (contract v2) whether course-of-conduct crimes were
screened, in time, and what screening found. A v2 measure not yet in the catalogue is left out
rather than shown empty; a table never supplied says "no data"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, data, navigation, widgets, words
from queries import api
from queries.catalogue import SPEC_ORDER

SCREENING = [
    m for m in ("screened", "screened_timely", "screening_found_stalking") if m in SPEC_ORDER
]
OUTCOME_ORDER = ("stalking_identified", "further_enquiry", "not_stalking", "not recorded")

f = st.session_state["filters"]
st.title("Recording and screening")
st.caption(
    "Is stalking found when it is recorded only as an included classification under another "
    "crime (recommendation 7), and are harassment, malicious communications, coercive control "
    "and breaches of orders screened early for stalking (recommendation 23)?"
)

totals, previous = widgets.totals_now_and_before(f)
widgets.kpi_grid(
    totals,
    previous,
    [
        "stalking_hidden",
        "stalking_reclassified",
        "stalking_recognised_timely",
        "screening_candidates",
    ],
)


def hidden() -> None:
    """Stalking under another principal crime."""
    left, right = st.columns(2)
    with left:
        groups = data.get(api.brk_offence_group, f.period, f.areas)
        if groups.empty:
            widgets.no_data("no stalking case in the chosen period and areas.")
        else:
            groups["principal crime"] = groups["current_principal_group"].map(
                words.labeller("offence_group")
            )
            widgets.chart(
                charts.bars(
                    groups,
                    "principal crime",
                    "cases",
                    color="stalking_position",
                    horizontal=True,
                    text="cases",
                    title="Stalking cases by their current principal crime",
                ),
                source="brk_offence_group",
                measures=["stalking_hidden"],
            )
    with right:
        widgets.spc("stalking_hidden", f)


def reclassification() -> None:
    """Reclassification."""
    flows = data.get(api.brk_reclassification, f.period, f.areas)
    if flows.empty:
        widgets.no_data("no crime with a stalking classification in the chosen period and areas.")
    else:
        flows = flows.dropna(subset=["crimes"])  # suppressed flows are not drawn
        flows["from"] = flows["first_group"].map(words.labeller("offence_group"))
        flows["to"] = [
            words.label("offence_group", g) + ("" if is_case else " (stalking removed)")
            for g, is_case in zip(flows["current_group"], flows["is_case"], strict=True)
        ]
        widgets.chart(
            charts.sankey(
                flows,
                "from",
                "to",
                "crimes",
                title="Crimes that have carried a stalking classification: first principal crime "
                "(left) to current (right)",
            ),
            source="brk_reclassification",
            measures=["stalking_reclassified"],
        )


def to_screen() -> None:
    """Crimes to screen for hidden stalking."""
    st.caption(
        "Harassment, malicious communications, coercive control and breach crimes with no stalking "
        "classification that meet a trigger: a breach of an order, an ex-partner relationship "
        "(since April 2020 recorded as stalking unless harassment only), or the same suspect and "
        "victim on another crime in the repeat window before."
    )
    triggers = data.get(api.screening_triggers, f.period, f.areas)
    if triggers.empty:
        widgets.no_data("no crime to screen in the chosen period and areas.")
    else:
        left, right = st.columns([1, 2])
        with left:
            triggers["trigger"] = triggers["trigger"].map(words.labeller("trigger"))
            widgets.chart(
                charts.bars(
                    triggers,
                    "trigger",
                    "crimes",
                    horizontal=True,
                    text="crimes",
                    title="Crimes per trigger",
                    height=300,
                ),
                source="screening_candidates",
                measures=["screening_candidates"],
            )
        with right:
            listed = widgets.case_level()
            if listed:
                chosen = st.multiselect(
                    "Show crimes with any of these triggers",
                    ["breach_of_order", "ex_partner", "repeat_pair"],
                    format_func=words.labeller("trigger"),
                    key="screen-triggers",
                    bind="query-params",  # in the address: a link shows the same list
                    placeholder="All triggers",
                )
                shown = data.get(api.screening, f.period, f.areas, triggers=chosen or None)
                st.metric(
                    "Crimes to screen" + (" with these triggers" if chosen else ""),
                    f"{len(shown):,}",
                )
        if listed:
            widgets.case_table(shown)
            widgets.case_download(shown, "stalking-screening-candidates", f, key="screen-csv")


def screening() -> None:
    """Screening and what it found."""
    hours = data.get(api.settings).get("screening_window_hours")
    st.caption(
        "Crimes first recorded as harassment, malicious communications, coercive control or a "
        "breach of an order (whatever they became): did a supervisor screen them for hidden "
        "stalking"
        + (f", within {hours:g} hours of the report" if pd.notna(hours) else "")
        + ", and what did screening find (recommendation 23)?"
    )
    if SCREENING:
        widgets.kpi_grid(totals, previous, SCREENING, per_row=3)
    if widgets.supplied("screenings"):
        found = data.get(
            api.brk_screening_outcomes, f.period, f.areas, by=["first_group", "outcome"]
        )
        left, right = st.columns(2)
        with left:
            if found.empty:
                widgets.no_data("no such crime reported in the chosen period and areas.")
            else:
                outcome = words.labeller("screening_outcome")
                found["first recorded as"] = found["first_group"].map(
                    words.labeller("offence_group")
                )
                found["screening found"] = found["outcome"].map(outcome)
                found["rank"] = [
                    OUTCOME_ORDER.index(o) if o in OUTCOME_ORDER else len(OUTCOME_ORDER)
                    for o in found["outcome"]
                ]
                widgets.chart(
                    charts.bars(
                        found.sort_values(["rank", "first recorded as"]),
                        "first recorded as",
                        "crimes",
                        color="screening found",
                        horizontal=True,
                        title="What screening found, by what the crime was first recorded as",
                        height=340,
                    ),
                    source="brk_screening_outcomes",
                    measures=[m for m in SCREENING if m != "screened_timely"],
                )
        with right:
            if "screened_timely" in SCREENING:
                widgets.spc("screened_timely", f)


def case_lists() -> None:
    """The cases hidden under another principal crime, or reclassified to stalking (for the
    roles that may see cases)."""
    kind = st.radio(
        "Cases",
        ["hidden under another principal crime", "reclassified to stalking"],
        horizontal=True,
        key="recording-kind",
        bind="query-params",
    )
    cases = data.get(
        api.case_list,
        f.period,
        f.areas,
        hidden=True if kind.startswith("hidden") else None,
        reclassified=True if kind.startswith("reclassified") else None,
    )
    widgets.case_table(cases)
    widgets.case_download(cases, "stalking-cases-" + kind.split()[0], f, key="recording-csv")


widgets.sections(
    navigation.page("Recording and screening").parts,
    {
        "Hidden under another crime": hidden,
        "Reclassification": reclassification,
        "Crimes to screen": to_screen,
        "Screening": screening,
        **({"Case lists": case_lists} if widgets.case_level() else {}),
    },
)
