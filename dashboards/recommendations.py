"""Recommendations: each super-complaint recommendation to chief constables, with the
measures that evidence it, their current value, target and RAG."""

from __future__ import annotations

import streamlit as st

from dashboards import widgets
from queries.api import recommendation_status
from queries.catalogue import RECOMMENDATIONS, measures_for

f = st.session_state["filters"]
st.title("Recommendations")
st.caption(
    "The recommendations the 2024 stalking super-complaint report (HMICFRS, IOPC, College of "
    "Policing) made to every chief constable, and what the force's crime records show for "
    f"{f.period_words()}. Each measure's definition is behind "
    "the ? beside its name; targets are the force's own (settings)."
)

totals, previous = widgets.totals_now_and_before(f)
st.subheader("At a glance")
widgets.table(
    recommendation_status(totals),  # RAGs as the tiles below show them
    height="content",
    column_config={  # widths in pixels: the whole table fits 1366 px without scrolling
        "recommendation": st.column_config.NumberColumn("Rec.", format="%d", width=45),
        "subject": st.column_config.TextColumn("Subject", width=360),
        "due": st.column_config.TextColumn("Due", width=165),
        "measures": st.column_config.NumberColumn("Measures", width=80),
        "on_target": st.column_config.NumberColumn("✔ On target", width=90),
        "close": st.column_config.NumberColumn("▲ Close", width=70),
        "off_target": st.column_config.NumberColumn("✖ Off target", width=90),
    },
)

for rec in RECOMMENDATIONS:
    measures = measures_for(rec.number)
    st.subheader(f"{rec.number}. {rec.subject}")
    st.caption(f"Due {rec.due}.")
    if not measures:
        st.markdown(
            ":gray[:material/description: Not measurable from crime records: evidence is in "
            f"{rec.evidence}.]"
        )
        continue
    widgets.kpi_grid(totals, previous, [m.id for m in measures])
