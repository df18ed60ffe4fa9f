"""The Performance board's Alerts and "How we compare" sections, and the same sections of the
board pack (packs/): one builder each, so the pack shows what the screen shows.

The builders take `get`, the door a caller reads through (`data.get` on a page,
`queries.door.Door(store, who)` in a pack: the same call, the same access and rounding) and
return frames and figures; they import no Streamlit, so the packs can use them. The two widget
functions at the end draw them on a page (and import Streamlit when called).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from queries import api
from queries.catalogue import catalogue, measure

from . import charts, spc

Get = Callable  # get(api.<query>, *args, **kwargs), as the person may see it

ALERTS_ABOUT = (
    "SPC signal: the latest month of a targeted measure's SPC chart (the chosen period's "
    "months, as the Trends charts draw it; none from fewer than {months} months) breaks a rule: "
    "a point beyond the 3-sigma "
    "limits, a run of 7 on one side of the mean or a trend of 6. Low referrals (Essex 14.5): "
    "an area whose share of victims of stalking cases referred to support over the last 4 "
    "complete weeks of reports is more than 2 binomial standard deviations below its share over "
    "the 12 weeks before, or below the floor of {floor} the force has set. A week counts "
    "once every report in it is older than the referral window. The share is the referred "
    "measure's (victims referred of all victims): whether a victim wanted support is not in the "
    "extract yet."
)
COMPARE_ABOUT = (
    "Offences the Home Office recorded (police recorded crime open data tables by police force "
    "area, Open Government Licence), per 1,000 residents (the force's reference populations: as "
    "shipped, the 2011 Census). "
    "England and Wales: the territorial forces ({forces} of them). Most similar group: the "
    "average rate of the forces the force lists as its most similar group ({members}). Stalking "
    "is offence 8Q; harassment 8L and 8M; malicious communications 8R. Counting rules changed in "
    "April 2018 (course of conduct recorded in addition to the most serious offence) and April "
    "2020 (ex-partner course of conduct recorded as stalking): years from 2020/21 are not "
    "comparable with earlier ones, and dotted lines mark the breaks. These are the Home "
    "Office's figures, not the force's extract: its cases are counted differently."
)
GROUPS = {
    "stalking": "Stalking",
    "harassment": "Harassment",
    "malicious_communications": "Malicious communications",
}


# --- alerts ------------------------------------------------------------------------------------


def spc_alerts(get: Get, period: api.Period, areas: list[str] | None) -> list[dict]:
    """A row for each targeted measure whose SPC chart over the period (as the Trends charts
    draw it) signals in the period's last month; none from fewer than spc.MIN_POINTS months
    with figures, too few for limits worth reading."""
    found = []
    series = get(api.measure_trends, period, areas)  # every measure's months in one query
    for m in (m for m in catalogue() if m.target_setting):
        trend = series[series["measure_id"] == m.id].drop(columns="measure_id")
        trend = trend.reset_index(drop=True)
        if len(trend) < spc.MIN_POINTS:
            continue
        if pd.Timestamp(trend["month"].iloc[-1]).date() != period.end:
            continue
        signals = charts.latest_signals(trend, ratio=m.is_ratio)
        if not signals:
            continue
        chart = charts.spc_of(trend, ratio=m.is_ratio)
        last = trend.iloc[-1]
        scale = 100.0 if m.is_ratio else 1.0
        side = "above" if chart.values[-1] > chart.centre else "below"
        value = (
            charts.ratio_label(last["value"], last["numerator"], last["denominator"])
            if m.is_ratio
            else charts.fmt_value(last["value"], False)
        )
        found.append(
            {
                "alert": "SPC signal",
                "about": m.label,
                "when": f"{period.end:%b %Y}",
                "detail": f"{value}, {side} the mean of "
                f"{charts.fmt_value(chart.centre * scale, m.is_ratio)}: {', '.join(signals)}",
            }
        )
    return found


def referral_alerts(get: Get, areas: list[str] | None) -> list[dict]:
    """A row for each area whose share of victims referred is low (api.alert_referrals)."""
    found = []
    for row in get(api.alert_referrals, areas).itertuples():
        if not row.alert:
            continue
        why = []
        if row.below_before and row.two_sd_points > 0:
            why.append(f"more than 2 standard deviations ({row.two_sd_points:.1f} points) below")
        elif row.below_before:
            why.append("below the 12 weeks before, when every victim was referred")
        if row.below_floor:
            why.append(f"below the floor of {row.floor:g}%")
        found.append(
            {
                "alert": "Low referrals",
                "about": row.area_name,
                "when": f"{row.weeks_from:%d %b} to {row.weeks_to:%d %b %Y}",
                "detail": f"{charts.ratio_label(row.rate, row.referred, row.victims)} referred; "
                f"12 weeks before: "
                f"{charts.ratio_label(row.before_rate, row.before_referred, row.before_victims)}"
                f" ({'; '.join(why)})",
            }
        )
    return found


def alert_rows(get: Get, period: api.Period, areas: list[str] | None) -> pd.DataFrame:
    """Every alert for the period and areas: SPC signals, then low referrals."""
    rows = spc_alerts(get, period, areas) + referral_alerts(get, areas)
    return pd.DataFrame(rows, columns=["alert", "about", "when", "detail"])


def league_matrix(rows: pd.DataFrame) -> pd.DataFrame:
    """Areas against target (api.measure_league's rows): an Area column, then each targeted
    measure's value and RAG by area, in the catalogue's order ("no cases" where an area has
    none in a ratio's denominator, "no data" where its table was never supplied). The page
    and the board pack show this same table."""
    targeted = [m.id for m in catalogue() if m.target_setting]
    shown = rows[rows["measure_id"].isin(targeted)].copy()
    if shown.empty:
        return pd.DataFrame()
    shown["cell"] = [
        f"{charts.fmt_value(v, True)} {charts.rag_text(r)}".strip() if s else "no data"
        for v, r, s in zip(shown["value"], shown["rag"], shown["supplied"], strict=True)
    ]
    matrix = shown.pivot(index="area_name", columns="label", values="cell").fillna("no cases")
    labels = [measure(i).label for i in targeted]
    matrix = matrix[[label for label in labels if label in matrix.columns]]
    return matrix.reset_index().rename(columns={"area_name": "Area"})


def nothing_alerted(period: api.Period) -> str:
    """What to say when no alert is raised: that none is, or that SPC alerts were not looked
    for (too few months in the period to read limits from)."""
    if len(period.months()) < spc.MIN_POINTS:
        return (
            f"No low-referrals alert. SPC alerts need a period of at least {spc.MIN_POINTS} "
            "months: choose a longer one to see them."
        )
    return f"No alert for {period.end:%B %Y}."


def alerts_about(get: Get) -> str:
    """How the alerts are raised, with the floor the force has set."""
    floor = get(api.settings).get("referral_floor")
    return ALERTS_ABOUT.format(
        months=spc.MIN_POINTS, floor="none set" if floor is None else f"{floor:g}%"
    )


# --- how we compare ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """The force's national context (api.context_rates' rows)."""

    rates: pd.DataFrame

    @property
    def force(self) -> str:
        return str(self.rates["force"].iloc[0])

    @property
    def newest(self) -> str:
        """The newest financial year loaded, with its quarters when a part year."""
        last = self.rates.iloc[-1]
        quarters = int(last["quarters"])
        return last["financial_year"] + ("" if quarters >= 4 else f" (Q1-Q{quarters} only)")

    def figure(self, group: str = "stalking", height: int = 380) -> go.Figure:
        """Rates per 1,000 by year for one offence group, the newest year in its title."""
        rows = self.rates[self.rates["offence_group"] == group].reset_index(drop=True)
        title = (
            f"{GROUPS[group]} offences per 1,000 residents (Home Office), "
            f"newest figures {self.newest}"
        )
        return charts.national_context(rows, force=self.force, title=title, height=height)

    def table(self) -> pd.DataFrame:
        """The newest year, one row per offence group, as a table shows it."""
        newest = self.rates[self.rates["financial_year"] == self.rates["financial_year"].max()]
        return pd.DataFrame(
            {
                "Offences": [GROUPS[g] for g in newest["offence_group"]],
                f"{self.force}: recorded": [f"{int(n):,}" for n in newest["offences"]],
                "per 1,000 residents": [_rate(v) for v in newest["rate"]],
                "Most similar group": [_rate(v) for v in newest["msg_rate"]],
                "England and Wales": [_rate(v) for v in newest["ew_rate"]],
                "Rank (1 = highest rate)": [
                    "" if charts.missing(r) else f"{int(r)} of {int(n)}"
                    for r, n in zip(newest["ew_rank"], newest["ew_forces"], strict=True)
                ],
            }
        )

    def about(self) -> str:
        """Where the figures come from and how far they compare."""
        forces = self.rates["ew_forces"].dropna()
        members = self.rates["msg_forces"].dropna()
        return COMPARE_ABOUT.format(
            forces=int(forces.iloc[-1]) if len(forces) else "none",
            members=f"{int(members.max())} forces" if len(members) else "none listed",
        )


def _rate(value) -> str:
    return "" if charts.missing(value) else f"{value:.2f}"


def comparison(get: Get) -> Comparison | None:
    """The national context of the force the dashboard serves; None when none is loaded."""
    rates = get(api.context_rates)
    return None if rates.empty else Comparison(rates)


# --- on the page ---------------------------------------------------------------------------------


def alerts(f) -> None:
    """The Alerts section of the Performance board, for the filters in force."""
    import streamlit as st

    from . import data, widgets

    st.header("Alerts")
    rows = alert_rows(data.get, f.period, f.areas)
    if rows.empty:
        st.success(nothing_alerted(f.period), icon=":material/check_circle:")
    else:
        widgets.table(rows.rename(columns=str.capitalize))
    st.caption(alerts_about(data.get))


def how_we_compare(f) -> None:
    """The Performance board's "How we compare" part (under a tab of that name): the Home
    Office's figures for the force beside England and Wales and its most similar group
    (force-wide: the area filter does not apply)."""
    import streamlit as st

    from . import data, widgets

    found = comparison(data.get)
    if found is None:
        widgets.no_data(
            "no national figures are loaded: `python -m pipelines context FILE --db PATH` loads "
            "the Home Office's recorded crime by force (docs/outputs.md)."
        )
        return
    widgets.chart(found.figure(), source="ctx_rates")
    widgets.table(found.table())
    st.caption(found.about())
