"""Online stalking (recommendation 20): how much stalking has an online element, by area and
over time, through which methods and platforms, in which relationships; down to the cases."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, widgets, words
from queries import api

f = st.session_state["filters"]
st.title("Online stalking")
st.caption(
    "Stalking cases whose record carries an online or digital element, and the methods and "
    "platforms recorded for them (a case can have several)."
)

totals, previous = widgets.totals_now_and_before(f)
left, right = st.columns([1, 3])
with left:
    widgets.kpi_grid(totals, previous, ["online_element", "stalking_cases"], per_row=1)
with right:
    widgets.spc("online_element", f)

st.header("By area")
widgets.share_by_area("online_element", f, "Share of stalking cases with an online element (%)")

st.header("Methods and platforms")
method_codes = []  # the case list's choices
if widgets.supplied("online_methods"):
    methods = data.get(api.brk_online_methods, f.period, f.areas, by=["method"])
    platforms = data.get(api.brk_online_methods, f.period, f.areas, by=["platform"])
    if methods.empty:
        widgets.no_data("no online method recorded for a case in the chosen period and areas.")
    else:
        method_codes = list(methods["method"])
        methods["method"] = methods["method"].map(words.labeller("online_method"))
        left, right = st.columns(2)
        with left:
            widgets.chart(
                charts.bars(
                    methods.sort_values("cases", ascending=False),
                    "method",
                    "cases",
                    horizontal=True,
                    text="cases",
                    title="Cases by online method",
                ),
                source="brk_online_methods",
            )
        with right:
            widgets.chart(
                charts.bars(
                    platforms.sort_values("cases", ascending=False).head(15),
                    "platform",
                    "cases",
                    horizontal=True,
                    text="cases",
                    title="Cases by platform (top 15)",
                ),
                source="brk_online_methods",
            )

st.header("Relationship and domestic abuse")
split = data.get(api.brk_online, f.period, f.areas, by=["relationship", "online"])
abuse = data.get(api.brk_online, f.period, f.areas, by=["domestic_abuse", "online"])
relationship_codes = list(dict.fromkeys(split["relationship"]))  # in order, as the query sorts
if split.empty:
    widgets.no_data("no stalking case in the chosen period and areas.")
else:
    left, right = st.columns(2)
    with left:
        split["relationship"] = split["relationship"].map(words.labeller("relationship"))
        widgets.chart(
            charts.bars(
                split,
                "relationship",
                "cases",
                order=list(
                    split.groupby("relationship")["cases"].sum().sort_values(ascending=False).index
                ),
                color="online",
                horizontal=True,
                title="Relationship, with and without an online element",
            ),
            source="brk_online",
        )
    with right:
        flagged = {"yes": "Domestic abuse", "no": "Not domestic abuse"}
        abuse["domestic abuse"] = abuse["domestic_abuse"].map(lambda v: flagged.get(v, v))
        widgets.chart(
            charts.bars(
                abuse,
                "domestic abuse",
                "cases",
                color="online",
                title="Domestic abuse, with and without an online element",
            ),
            source="brk_online",
        )

st.header("Cases")
if widgets.case_level():
    left, middle, right = st.columns(3)
    method = left.selectbox(
        "Online method",
        [None, *method_codes],
        format_func=words.labeller("online_method"),
        key="online-method",
        bind="query-params",  # in the address: a link shows the same list
    )
    relationship = middle.selectbox(
        "Relationship",
        [None, *relationship_codes],
        format_func=words.labeller("relationship"),
        key="online-relationship",
        bind="query-params",
    )
    only_online = right.toggle(
        "Online element only", value=True, key="online-only", bind="query-params"
    )
    cases = data.get(
        api.case_list,
        f.period,
        f.areas,
        online=True if only_online else None,
        method=method,
        relationship=relationship,
    )
    st.caption(f"{len(cases):,} cases.")
    widgets.case_table(cases)
    widgets.case_download(cases, "stalking-online-cases", f, key="online-csv")
