"""The global filters every page honours (period, areas) and the "as at" banner.

The widgets live in the sidebar, drawn once by app.py; their values are kept in
st.session_state so each page reads the same choice. Default period: the last 12
complete months before the as-at month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from queries import api, privacy

from . import data, safe


@dataclass(frozen=True)
class Filters:
    period: api.Period
    areas: list[str] | None  # None: all areas
    area_names: dict[str, str]

    def areas_markdown(self) -> str:
        """The chosen areas by name for a sentence of Markdown ('all areas' when none)."""
        if not self.areas:
            return "all areas"
        return ", ".join(safe.md(self.area_names.get(a, a)) for a in self.areas)

    def describe(self) -> dict[str, str]:
        """The filters in words, written into every export."""
        scope = self.areas or data.access().areas  # a restricted person's "all" is theirs
        chosen = ", ".join(self.area_names.get(a, a) for a in scope) if scope else "all"
        return {
            "period": f"{self.period.start:%b %Y} to {self.period.end:%b %Y}",
            "areas": chosen,
            "as at": f"{data.get(api.status)['as_at']:%d %b %Y %H:%M}",
        }


def month_options(as_at) -> list[date]:
    """Every month from the first case to the as-at month."""
    months = data.get(api.months_available)
    last = date(as_at.year, as_at.month, 1)
    return api.Period(months[0] if months else last, last).months()


def default_period(options: list[date], as_at) -> tuple[date, date]:
    end = date(as_at.year, as_at.month, 1)
    end = date(end.year - (end.month == 1), (end.month - 2) % 12 + 1, 1)  # last complete month
    end = min(max(end, options[0]), options[-1])
    start_index = max(0, options.index(end) - 11)
    return options[start_index], end


def sidebar() -> Filters:
    """Draw the period and area filters in the sidebar and return the choice."""
    status = data.get(api.status)
    options = month_options(status["as_at"])
    areas = data.get(api.areas)
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    with st.sidebar:
        st.subheader("Filters")
        start, end = st.select_slider(
            "Period (months of report)",
            options=options,
            value=default_period(options, status["as_at"]),
            key="period",
            format_func=lambda m: f"{m:%b %Y}",
        )
        chosen = st.multiselect(
            "Areas",
            options=list(names),
            key="areas",
            format_func=lambda a: names.get(a, a),
            placeholder="All areas",
        )
    return Filters(api.Period(start, end), chosen or None, names)


def banner() -> None:
    """The as-at moment, and a warning when the newest extract is stale."""
    status = data.get(api.status)
    text = (
        f"As at **{status['as_at']:%A %d %B %Y, %H:%M}** (load {status['load_id']}, "
        f"{'from the extract manifest' if status['extracted_at_source'] == 'manifest' else 'load time: the extract had no manifest'})."
    )
    if status["age_days"] > data.get(api.settings)["stale_extract_days"]:
        st.warning(f"The newest extract is {status['age_days']:.0f} days old. " + text)
    else:
        st.caption(":material/schedule: " + text)
    if data.access().aggregates_only:
        st.caption(":material/shield: " + privacy.note(data.rounding_base()))
    if not status["build_current"]:
        st.warning(
            "The measures in this database were built by another version of the dashboard: "
            "some figures or pages may be missing until it is rebuilt with "
            f"`python -m pipelines rebuild --db {data.db_path()}`.",
            icon=":material/build:",
        )
