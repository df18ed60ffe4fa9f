"""The global filters every page honours (period, areas, what a change is measured against)
and the "as at" banner.

The widgets live in the sidebar, drawn once by app.py; their values are kept in
st.session_state so each page reads the same choice. Default period: the last 12
complete months before the as-at month; default comparison: the same months a year before.

The choice lives in the address too (share.py), so a link or a reload shows the same view:
?period=2025-06:2026-05&areas=E07000241,E07000243&compare=previous.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import streamlit as st

from queries import api, privacy

from . import data, safe, share


@dataclass(frozen=True)
class Filters:
    period: api.Period
    areas: list[str] | None  # None: all areas
    area_names: dict[str, str]
    compare: str = "year"  # a key of api.COMPARISONS
    first_month: date | None = None  # the first month the database holds (None: nothing)
    as_at: datetime | None = None

    @property
    def part_month(self) -> date | None:
        """The period's last month when it is the as-at month: its figures run only to the
        as-at moment (None when every month of the period is complete)."""
        if self.as_at is None or self.period.end != date(self.as_at.year, self.as_at.month, 1):
            return None
        return self.period.end

    def part_month_words(self) -> str:
        """'Nov 2026 to 21 Nov only' when the period ends with the part month, else ''."""
        if self.part_month is None:
            return ""
        return f"{self.part_month:%b %Y} to {self.as_at.day} {self.as_at:%b} only"

    def period_words(self) -> str:
        """'Jun 2025 to Nov 2026 (Nov 2026 to 21 Nov only)'."""
        words = f"{self.period.start:%b %Y} to {self.period.end:%b %Y}"
        return words + (f" ({self.part_month_words()})" if self.part_month else "")

    @property
    def comparison(self) -> api.Period | None:
        """The months the change is measured against, or None when the database holds no
        data for all of them (they start before its first month): then no change is shown."""
        before = api.comparison_period(self.period, self.compare)
        return before if api.has_data_for(before, self.first_month) else None

    def comparison_words(self) -> str:
        """What the tiles' change is against: 'the same months a year before (Jun 2024 to
        May 2025)'."""
        before = api.comparison_period(self.period, self.compare)
        return f"{api.COMPARISONS[self.compare]} ({before.start:%b %Y} to {before.end:%b %Y})"

    def comparison_sentence(self) -> str:
        """The change in a sentence: what it is against, or why none is shown."""
        if self.comparison is not None:
            return f"Changes against {self.comparison_words()}."
        first = f"{self.first_month:%b %Y}" if self.first_month else "any month"
        return (
            f"No change shown: {self.comparison_words()} start before the first month the "
            f"database holds ({first})."
        )

    def areas_markdown(self) -> str:
        """The chosen areas by name for a sentence of Markdown ('all areas' when none)."""
        if not self.areas:
            return "all areas"
        return ", ".join(safe.md(self.area_names.get(a, a)) for a in self.areas)

    def financial_year_words(self, year: str) -> str:
        """A financial year ('2025/26', April to March) as a column of the period's figures
        heads it: marked when the period covers only part of it, or ends with the part month
        ('2025/26 (Apr to 21 Nov only)')."""
        first = int(year[:4])
        whole = api.Period(date(first, 4, 1), date(first + 1, 3, 1))
        covered = [m for m in whole.months() if self.period.start <= m <= self.period.end]
        if not covered or (len(covered) == 12 and self.part_month is None):
            return year
        last = f"{covered[-1]:%b}"
        if self.part_month is not None and covered[-1] == self.part_month:
            last = f"{self.as_at.day} {self.as_at:%b}"
        if len(covered) == 1:  # '2026/27 (Nov only)', or '(1 to 21 Nov only)' for the part month
            one = f"{covered[0]:%b}"
            return f"{year} ({one} only)" if last == one else f"{year} (1 to {last} only)"
        return f"{year} ({covered[0]:%b} to {last} only)"

    def foi_columns(self, frame):
        """api.foi_answers' columns with the part financial years and the part month marked."""
        total = f"{self.period.start:%b %Y} to {self.period.end:%b %Y}"
        end = self.as_at if self.part_month else self.period.end
        to = f"{end.day} {end:%b %Y}" if self.part_month else f"{end:%b %Y}"  # '21 Nov 2026'
        names = {
            c: f"{self.period.start:%b %Y} to {to}" if c == total else self.financial_year_words(c)
            for c in frame.columns
            if c == total or (len(c) == 7 and c[4] == "/" and c[:4].isdigit())
        }
        return frame.rename(columns=names)

    def describe(self) -> dict[str, str]:
        """The filters in words, written into every export."""
        scope = self.areas or data.access().areas  # a restricted person's "all" is theirs
        chosen = ", ".join(self.area_names.get(a, a) for a in scope) if scope else "all"
        return {
            "period": self.period_words(),
            "areas": chosen,
            "compared with": self.comparison_words()
            + ("" if self.comparison else ": no comparison, before the data"),
            "as at": f"{data.get(api.status)['as_at']:%d %b %Y %H:%M}",
        }


def month_options(as_at) -> list[date]:
    """Every month from the first case to the as-at month."""
    months = data.get(api.months_available)
    last = date(as_at.year, as_at.month, 1)
    return api.Period(months[0] if months else last, last).months()


def default_period(options: list[date], as_at) -> tuple[date, date]:
    end = min(max(api.last_complete_month(as_at), options[0]), options[-1])
    start_index = max(0, options.index(end) - 11)
    return options[start_index], end


def sidebar() -> Filters:
    """Draw the period, area and comparison filters in the sidebar and return the choice
    (read from the address first, written back to it after: share.py)."""
    status = data.get(api.status)
    options = month_options(status["as_at"])
    months = data.get(api.months_available)
    areas = data.get(api.areas)
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    default = default_period(options, status["as_at"])
    share.read(options, names, default)
    with st.sidebar:
        st.subheader("Filters")
        start, end = st.select_slider(
            "Period (months of report)",
            options=options,
            value=default,  # a range (the value in session state, set by share.read, wins)
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
        compare = st.radio(
            "Compare with",
            list(api.COMPARISONS),
            key="compare",
            format_func=lambda c: api.COMPARISONS[c].removeprefix("the ").capitalize(),
        )
        chosen_filters = Filters(
            api.Period(start, end),
            chosen or None,
            names,
            compare,
            months[0] if months else None,
            status["as_at"],
        )
        part = chosen_filters.part_month_words()
        st.caption(
            f"{chosen_filters.period_words().split(' (')[0]}"
            + (f": :material/schedule: {part}, the as-at moment" if part else "")
            + ". "
            + chosen_filters.comparison_sentence()
        )
        share.show_notes()
    share.write(chosen_filters.period, chosen_filters.areas, compare)
    return chosen_filters


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
