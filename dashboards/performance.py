"""Performance board (monthly, chief officers and partners): every catalogue measure against
its target, the alerts, each targeted measure over time as SPC charts, by area, the SPO
pipeline, referral timeliness, how the force compares nationally and the four figures every
stalking FOI request asks for."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, navigation, outputs, widgets
from queries import api
from queries.catalogue import THEMES, catalogue, measure

f = st.session_state["filters"]
st.title("Performance board")
st.caption(
    f"Stalking cases reported {f.period_words()}, "
    f"{f.areas_markdown()}. "
    "Each tile: the figure, its RAG against the force's target (icon and word), and "
    + (
        f"the change against {f.comparison_words()}."
        if f.comparison
        else f"the change where there is one. {f.comparison_sentence()}"
    )
    + " The ? beside a name gives its definition."
)


def scorecard() -> None:
    """Every measure as a tile, by theme, and the alerts."""
    totals, previous = widgets.totals_now_and_before(f)
    for theme, ids in THEMES.items():
        st.subheader(theme)
        widgets.kpi_grid(totals, previous, ids)
    outputs.alerts(f)


def trends() -> None:
    """Two measures over time as SPC charts, each chosen (in the address)."""
    left, right = st.columns(2)
    for column, default, key in (
        (left, "spo_considered_timely", "l"),
        (right, "vna_completed", "r"),
    ):
        with column:
            chosen = st.selectbox(
                "Measure",
                [m.id for m in catalogue()],
                index=[m.id for m in catalogue()].index(default),
                format_func=lambda i: measure(i).label,
                key=f"trend-{key}",
                bind="query-params",  # in the address: a link shows the same charts
            )
            widgets.spc(chosen, f, key=f"spc-{key}")  # both may show one measure


def areas() -> None:
    """Every targeted measure by area against its target, and the cases behind a cell."""
    targeted = [m.id for m in catalogue() if m.target_setting]
    league = data.get(api.measure_league, f.period, f.areas)
    if league.empty:
        widgets.no_data("no stalking case in the chosen period and areas.")
    else:
        matrix = outputs.league_matrix(league)
        shown = league[league["measure_id"].isin(targeted)]
        widgets.table(  # the Area column pinned: the measures scroll past it on a narrow screen
            matrix,
            column_config={"Area": st.column_config.TextColumn("Area", pinned=True)},
        )
        if data.access().case_level:
            left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
            cell_area = left.selectbox(
                "Open the cases behind a cell: area",
                list(shown.drop_duplicates("area_code")["area_code"]),
                format_func=lambda a: f.area_names.get(a, a),
                key="league-area",
                bind="query-params",
            )
            cell_measure = middle.selectbox(
                "measure",
                targeted,
                format_func=lambda i: measure(i).label,
                key="league-measure",
                bind="query-params",
            )
            with right:
                widgets.cases_behind(cell_measure, "Open", area=cell_area)
        st.caption(
            "✔ on target · ▲ within the amber margin · ✖ off target. Areas' counts are small: "
            "read a single month's red against the SPC chart before acting on it."
        )


def spo_and_referral() -> None:
    """The SPO pipeline and the time from report to first referral."""
    left, right = st.columns(2)
    with left:
        st.subheader("SPO pipeline")
        if widgets.supplied("spo"):
            stages = data.get(api.brk_spo_pipeline, f.period, f.areas)
            if stages.empty:
                widgets.no_data("no SPO consideration recorded in the period.")
            else:
                widgets.chart(charts.funnel(stages), source="brk_spo_pipeline")
    with right:
        st.subheader("Time from report to first referral")
        widgets.referral_timeliness(f)


def freedom_of_information() -> None:
    """The four FOI answers by financial year, with how the breach figures differ."""
    st.caption(
        "The four questions every stalking FOI request asks (offences recorded; charges and "
        "positive outcomes; SPO applications; SPO breaches), for the chosen period and areas, by "
        "financial year (April to March). The export carries the filters it was made with."
    )
    totals, _ = widgets.totals_now_and_before(f)
    foi = f.foi_columns(data.get(api.foi_answers, f.period, f.areas))
    if foi.empty:
        widgets.no_data("no stalking case in the chosen period and areas.")
    else:
        widgets.table(foi.rename(columns={"question": "Question"}))
        widgets.about_view("brk_foi", "How each answer is counted")
        st.caption(
            "Three breach figures on this board answer three questions. The Scorecard's tile "
            "*Breaches of protective orders* counts breaches of every kind of order (restraining "
            "and non-molestation orders too) in the month of the breach; the FOI answer *SPO "
            "breaches* counts breaches of Stalking Protection Orders and interim ones only, also "
            "by month of breach; the SPO pipeline's *breached* stage (under SPO and referral) "
            "counts the stalking cases reported in the period whose own SPO was breached."
        )
        widgets.aggregate_downloads(
            {"FOI answers": foi, "measures": totals.drop(columns=["is_ratio"])},
            "stalking-foi",
            f,
            key="foi",
        )


widgets.sections(
    navigation.page("Performance board").parts,
    {
        "Scorecard": scorecard,
        "Trends": trends,
        "Areas against target": areas,
        "SPO and referral": spo_and_referral,
        "How we compare": lambda: outputs.how_we_compare(f),
        "Freedom of information": freedom_of_information,
    },
)
