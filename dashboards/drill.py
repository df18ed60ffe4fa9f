"""The cases behind a figure: for a measure (and an area, when chosen), the period and areas of
the sidebar, the cases (or victims, or breaches) it counts, split into those that met the
measure and those that did not. Opened from a tile or the areas-against-target table. Case
level: not offered to the board role; each view audited; the list downloads."""

from __future__ import annotations

import streamlit as st

from dashboards import data, safe, widgets
from queries import api
from queries.catalogue import catalogue, measure

f = st.session_state["filters"]
st.title("Cases behind a figure")
ids = [m.id for m in catalogue()]
asked = st.query_params.get("measure")
chosen = st.selectbox(
    "Measure",
    ids,
    index=ids.index(asked) if asked in ids else 0,
    format_func=lambda i: measure(i).label,
    key="drill-measure",
)
m = measure(chosen)
area = st.query_params.get("area")
areas = [area] if area else f.areas
names = ", ".join(safe.md(f.area_names.get(a, a)) for a in areas) if areas else "all areas"
st.subheader(m.label)
st.caption(f"{f.period_words()}, {names}.")
st.markdown(widgets.explain(m.id))

units = data.get(api.measure_cases, chosen, f.period, areas)
if units.empty:
    widgets.no_data("nothing is counted by this measure in the chosen period and areas.")
    st.stop()
met, missed = units[units["met"]], units[~units["met"]]
columns = [c for c in units.columns if c != "met" and (c != "unit_key" or units[c].notna().any())]
if m.is_ratio:
    left, right = st.columns(2)
    left.metric("Met the measure", f"{len(met):,}")
    right.metric("Did not", f"{len(missed):,}")
    st.subheader(f"Did not meet it ({len(missed):,})")
    widgets.case_table(missed[columns])
    st.subheader(f"Met it ({len(met):,})")
    widgets.case_table(met[columns])
else:
    st.metric("Counted", f"{len(units):,}")
    widgets.case_table(units[columns])
widgets.case_download(units, f"cases-behind-{chosen}", f, key="drill-csv")
