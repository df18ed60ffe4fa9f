"""Shared widgets: KPI tile with RAG, definitions, tables, downloads, 'no data'."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from queries.catalogue import measure

from . import exports
from .filters import Filters

RAG_LABELS = {
    "green": "✔ Green: on target",
    "amber": "▲ Amber: within 10 points",
    "red": "✖ Red: off target",
    None: "– No target",
}


def rag_label(rag: str | None) -> str:
    """RAG as a word and an icon, never colour alone."""
    if rag is None or (isinstance(rag, float) and math.isnan(rag)):
        return RAG_LABELS[None]
    return RAG_LABELS[rag]


def fmt_value(value, is_ratio: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no cases" if is_ratio else "0"
    return f"{value:.1f}%" if is_ratio else f"{value:,.0f}"


def kpi_tile(row: pd.Series, previous: pd.Series | None) -> None:
    """A measure's value, target, RAG and change against the previous period."""
    m = measure(row["measure_id"])
    with st.container(border=True):
        if not row["supplied"]:
            st.metric(m.label, "no data", help=m.definition())
            st.caption("The extract did not supply: " + ", ".join(m.requires))
            return
        delta = None
        if previous is not None and not _missing(row["value"]) and not _missing(previous["value"]):
            change = row["value"] - previous["value"]
            delta = f"{change:+.1f} points" if m.is_ratio else f"{change:+,.0f}"
        colour = "inverse" if m.direction == "lower" else ("normal" if m.direction else "off")
        st.metric(
            m.label,
            fmt_value(row["value"], m.is_ratio),
            delta=delta,
            delta_color=colour,
            help=m.definition(),
        )
        detail = (
            f"{int(row['numerator']):,} of {int(row['denominator']):,}"
            if (m.is_ratio and not _missing(row["denominator"]))
            else ""
        )
        target = "" if _missing(row["target"]) else f"target {row['target']:g}%"
        st.caption(" · ".join(p for p in (rag_label(row["rag"]), target, detail) if p))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def definition(measure_id: str) -> None:
    """The measure's definition behind one click."""
    with st.popover("ⓘ Definition"):
        st.markdown(measure(measure_id).definition())


def no_data(what: str) -> None:
    st.info(f"No data: {what}")


def aggregate_downloads(
    sheets: dict[str, pd.DataFrame], name: str, filters: Filters, key: str
) -> None:
    """CSV (the first sheet) and Excel (all sheets), each carrying the filters."""
    described = filters.describe()
    first = next(iter(sheets.values()))
    left, right = st.columns(2)
    left.download_button(
        "⬇ CSV", exports.to_csv(first, described), f"{name}.csv", "text/csv", key=f"{key}-csv"
    )
    right.download_button(
        "⬇ Excel",
        exports.to_excel(sheets, described),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
    )


def case_download(
    frame: pd.DataFrame, name: str, filters: Filters, key: str, label: str = "⬇ Case list (CSV)"
) -> None:
    """The one way a case-level list leaves the app (the table toolbar's export is off)."""
    st.download_button(
        label, exports.to_csv(frame, filters.describe()), f"{name}.csv", "text/csv", key=key
    )


def table(frame: pd.DataFrame, **kwargs) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", **kwargs)
