"""Figures as pure functions: data in, plotly Figure out. One palette, one look.

The palette is Okabe-Ito (safe for the common colour-vision deficiencies); no
figure relies on colour alone: SPC signals are also marked by symbol and named
in the hover text, RAG is always a word and an icon.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from . import safe, spc

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, BLACK = OKABE_ITO
GREY = "#7F7F7F"
FONT = dict(family="sans-serif", size=15)

# Home Office counting-rule changes that break a stalking series.
COUNTING_RULE_BREAKS = {
    date(2014, 4, 1): "April 2014: stalking recorded as its own offence (8Q)",
    date(2018, 4, 1): "April 2018: course of conduct recorded in addition",
    date(2020, 4, 1): "April 2020: ex-partner course of conduct recorded as stalking",
}


def _house(title: str | None, height: int) -> dict:
    """The house layout as a dict: a chart built from a dict in one go.Figure call costs a
    seventh of one built up by update_layout calls (plotly validates every update; 2 ms
    against 14 ms a bar chart, issue 15)."""
    return dict(
        title=title,
        height=height,
        font=FONT,
        colorway=OKABE_ITO,
        margin=dict(l=10, r=10, t=50 if title else 10, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="top", y=-0.14, x=0),
        xaxis=dict(showgrid=False, linecolor=GREY),
        yaxis=dict(gridcolor="#E5E5E5", zeroline=False),
    )


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain dicts in one go.Figure call (see _house)."""
    return go.Figure(dict(data=traces, layout=layout))


def mark_counting_rule_breaks(fig: go.Figure, months: list[date]) -> go.Figure:
    """Vertical dotted lines where the counting rules changed, inside the shown range."""
    if not months:
        return fig
    for when, label in COUNTING_RULE_BREAKS.items():
        if months[0] <= when <= months[-1]:
            mark_break(fig, when, label)
    return fig


def mark_break(fig: go.Figure, x, label: str) -> None:
    """A counting-rule change drawn on a chart: a dotted line at x, its label at the top."""
    fig.add_vline(x=x, line=dict(color=BLACK, dash="dot", width=1))
    fig.add_annotation(
        x=x,
        y=1,
        yref="paper",
        text=label,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font=dict(size=11),
    )


def spc_trend(
    trend: pd.DataFrame, *, ratio: bool, target: float | None = None, title: str | None = None
) -> go.Figure:
    """A monthly SPC chart: values, centre line, control limits, target, signals.

    trend has columns month, numerator, denominator (denominator ignored for counts) and
    value, the measure's value from the SQL (fn_rate): the points are those values. Ratios are
    shown in percent.
    """
    months = [m.date() if hasattr(m, "date") else m for m in trend["month"]]
    numerators = [int(v) for v in trend["numerator"]]
    chart = spc_of(trend, ratio=ratio)
    scale = 100.0 if ratio else 1.0
    values = [v * scale for v in chart.values]
    limit = dict(color=GREY, dash="dash", width=1, shape="hvh")
    traces = [
        dict(y=[u * scale for u in chart.upper], name="upper limit", mode="lines", line=limit),
        dict(y=[v * scale for v in chart.lower], name="lower limit", mode="lines", line=limit),
        dict(
            y=[chart.centre * scale] * len(months),
            name="mean",
            mode="lines",
            line=dict(color=GREY, width=1),
        ),
    ]
    if target is not None and ratio:
        traces.append(
            dict(
                y=[target] * len(months),
                name=f"target {target:g}%",
                mode="lines",
                line=dict(color=GREEN, width=2, dash="dashdot"),
            )
        )
    hover = [
        f"{m:%b %Y}: {_fmt(v, ratio)}"
        + (f" ({n} of {d})" if ratio else "")
        + ("<br>signal: " + ", ".join(sorted(s)) if s else "")
        for m, v, n, d, s in zip(
            months,
            values,
            numerators,
            trend.get("denominator", numerators),
            chart.signals,
            strict=True,
        )
    ]
    traces.append(
        dict(
            y=values,
            name="value",
            mode="lines+markers",
            hovertext=hover,
            hoverinfo="text",
            line=dict(color=BLUE, width=3),
            marker=dict(
                size=[13 if s else 8 for s in chart.signals],
                color=[VERMILION if s else BLUE for s in chart.signals],
                symbol=["diamond" if s else "circle" for s in chart.signals],
            ),
        )
    )
    layout = _house(title, 380)  # one go.Figure call (see _house)
    layout["yaxis"].update(title="%" if ratio else "count", rangemode="tozero")
    fig = _figure([dict(type="scatter", x=months, **t) for t in traces], layout)
    return mark_counting_rule_breaks(fig, months)


def spc_of(trend: pd.DataFrame, *, ratio: bool) -> spc.Chart:
    """The SPC statistics of a monthly trend (api.measure_trend's rows): what spc_trend draws,
    and what the alerts read (latest_signals), so a signal raised is a signal drawn."""
    numerators = [int(v) for v in trend["numerator"]]
    shown = [v / 100.0 for v in trend["value"]] if "value" in trend else None
    if ratio:
        return spc.p_chart(numerators, [int(v) for v in trend["denominator"]], shown)
    return spc.c_chart(numerators)


def latest_signals(trend: pd.DataFrame, *, ratio: bool) -> list[str]:
    """The SPC signals of a trend's last month, as its chart marks them (none for no trend)."""
    if trend.empty:
        return []
    return sorted(spc_of(trend, ratio=ratio).signals[-1])


def _fmt(value: float, ratio: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no cases"
    return f"{value:.1f}%" if ratio else f"{value:,.0f}"


# --- figures as text: the tiles', tables' and packs' words for a value and its RAG ------------

RAG_TEXT = {"green": "✔ on target", "amber": "▲ close to target", "red": "✖ off target", None: ""}


def missing(value) -> bool:
    """No value: None, NaN or pandas' NA."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def rag_text(rag: str | None) -> str:
    """RAG as plain text (an icon and words, never colour alone)."""
    return RAG_TEXT[None if missing(rag) else rag]


def change_text(now, before, is_ratio: bool) -> str | None:
    """A measure's change on its comparison, as tiles, packs and the NPCC update write it:
    '+3.1 points' for a share, '+12' for a count; None when either side has no value."""
    if before is None or missing(now) or missing(before):
        return None
    change = now - before
    return f"{change:+.1f} points" if is_ratio else f"{change:+,.0f}"


def fmt_value(value, is_ratio: bool) -> str:
    """A measure's value as a tile shows it: '12.5%', '1,204', 'no cases'."""
    if missing(value):
        return "no cases" if is_ratio else "0"
    return f"{value:.1f}%" if is_ratio else f"{value:,.0f}"


def ratio_label(value, numerator, denominator) -> str:
    """'12.5% (3 of 24)'; 'no cases' when the denominator is empty."""
    if missing(value) or missing(numerator) or missing(denominator):
        return "no cases"
    return f"{value:.1f}% ({int(numerator)} of {int(denominator)})"


# Colours that carry a meaning keep it on every chart; other categories take the palette
# in turn. Missing values are always grey.
MEANING = {
    "high": VERMILION,
    "medium": ORANGE,
    "standard": SKY,
    "online": BLUE,
    "offline": ORANGE,
    "yes": BLUE,
    "no": ORANGE,
    "female": BLUE,
    "male": ORANGE,
    "specialist": GREEN,
    "generalist": VERMILION,
    "within the window": BLUE,
    "later or not referred": ORANGE,
    "later or not arrested": ORANGE,
    "principal": BLUE,
    "included": ORANGE,
    "engaged": GREEN,
    "pending": SKY,
    "declined": VERMILION,
    "no contact": PINK,
    "no_contact": PINK,
}
# Categories that say a value is missing, drawn grey whatever their case ("Not recorded" once
# labelled): v2 adds the screening, needs-assessment and panel breakdowns' own.
MISSING = (
    "not recorded",
    "unknown",
    "not allocated",
    "no outcome recorded",
    "not screened",
    "no needs assessment",
    "no panel",
)


def colours(names: list[str]) -> dict[str, str]:
    """A colour per category name: its meaning's, grey when missing, else the palette. Names
    are matched whatever their case, so a code and its words ("high", "High") share a colour."""

    def meaning(name) -> str | None:
        return MEANING.get(name, MEANING.get(str(name).lower()))

    free = [c for c in OKABE_ITO if c not in {meaning(n) for n in names}]
    out = {}
    for name in names:
        if str(name).lower() in MISSING:
            out[name] = GREY
        elif meaning(name) is not None:
            out[name] = meaning(name)
        else:
            out[name] = free.pop(0) if free else BLACK
    return out


def bars(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    color: str | None = None,
    horizontal: bool = False,
    title: str | None = None,
    height: int = 380,
    text: str | None = None,
    order: list[str] | None = None,
) -> go.Figure:
    """Bars (stacked by color when given), labelled with their values. Categories of x keep
    the order of the frame's rows (sort it first) unless `order` is given. Text from the data
    reads literally (safe.plot: a label holding HTML is not rendered)."""
    return _figure(
        *_bars(frame, x, y, color, horizontal, title, height, text, order),
    )


def _bars(frame, x, y, color, horizontal, title, height, text, order) -> tuple[list, dict]:
    """bars' traces and layout, as dicts."""
    frame = safe.plot_frame(frame, (x, color, text))
    order = [safe.plot(o) for o in order] if order is not None else None
    groups = [(None, frame)] if color is None else list(frame.groupby(color, sort=False))
    palette = colours([str(name) for name, _ in groups]) if color is not None else {}
    traces = []
    for name, part in groups:
        xs, ys = (part[y], part[x]) if horizontal else (part[x], part[y])
        trace = dict(
            type="bar",
            x=xs,
            y=ys,
            name=str(name) if name is not None else y,
            orientation="h" if horizontal else "v",
            marker=dict(color=palette.get(str(name), BLUE)),
            textposition="auto",
            textangle=0,
        )
        if text:
            trace["text"] = part[text]
        traces.append(trace)
    layout = _house(title, height)
    # A label is readable or absent: plotly would shrink it to fit a thin bar (or, shown at
    # full size, let it overlap the next segment); the axis still gives the value.
    layout.update(
        barmode="stack", showlegend=color is not None, uniformtext=dict(minsize=11, mode="hide")
    )
    whole = pd.api.types.is_integer_dtype(frame[y])
    values, labels = ("xaxis", "yaxis") if horizontal else ("yaxis", "xaxis")
    layout[values].update(tickformat=",d" if whole else None, rangemode="tozero")
    layout[labels].update(
        type="category",  # codes that look like numbers ("2023", "8/65") stay labels
        categoryorder="array",
        categoryarray=order if order is not None else list(dict.fromkeys(frame[x])),
    )
    if horizontal:
        layout["yaxis"]["autorange"] = "reversed"
    return traces, layout


def financial_year_of(when: date) -> str:
    """The UK financial year (April to March) a day falls in: '2018/19'."""
    first = when.year if when.month >= 4 else when.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def national_context(
    rates: pd.DataFrame, *, force: str, title: str | None = None, height: int = 380
) -> go.Figure:
    """One offence group's recorded offences per 1,000 residents by financial year (rows of
    api.context_rates for the group): the force, its most similar group's average and England
    and Wales, side by side. A year the files hold in part is labelled with its quarters, and a
    dotted line before a year marks a counting-rule change (COUNTING_RULE_BREAKS): years either
    side of it are not comparable."""
    years = [
        y if q >= 4 else f"{y} (Q1-Q{q})"
        for y, q in zip(rates["financial_year"], rates["quarters"], strict=True)
    ]
    traces = [
        dict(
            type="bar",
            x=years,
            y=rates[column],
            name=safe.plot(name),
            marker=dict(color=colour),
            text=["" if missing(v) else f"{v:.2f}" for v in rates[column]],
            textposition="outside",
            cliponaxis=False,
        )
        for name, column, colour in (
            (force, "rate", BLUE),
            ("most similar group (average)", "msg_rate", ORANGE),
            ("England and Wales", "ew_rate", GREY),
        )
        if rates[column].notna().any()
    ]
    layout = _house(title, height)
    layout["barmode"] = "group"
    layout["xaxis"].update(type="category", categoryorder="array", categoryarray=years)
    layout["yaxis"].update(title="offences per 1,000 residents", rangemode="tozero")
    fig = _figure(traces, layout)
    for when, label in COUNTING_RULE_BREAKS.items():
        later = [i for i, y in enumerate(rates["financial_year"]) if y >= financial_year_of(when)]
        if later and later[0] > 0:
            mark_break(fig, later[0] - 0.5, label)
    return fig


def age_label(band) -> str:
    """An age band as people write it: '18_24' -> '18-24', '65_plus' -> '65+'."""
    text = str(band)
    if text == "under_18":
        return "under 18"
    return text.replace("_plus", "+").replace("_", "-")


def funnel(stages: pd.DataFrame, title: str | None = None) -> go.Figure:
    """A pipeline of stages (stage, cases), each labelled with its count and its share of
    the stage before, "3 (38%)": how many considered went on to apply, how many applied were
    granted (short, so the label fits beside the bar in half a page)."""
    labels, before = [], None
    for value in stages["cases"]:
        if before is None or pd.isna(before) or before == 0:
            labels.append(f"{int(value):,}")
        else:
            labels.append(f"{int(value):,} ({100 * value / before:.0f}%)")  # of the stage before
        before = value
    layout = _house(title, 340)
    layout["margin"]["r"] = 70
    trace = dict(
        type="funnel",
        y=stages["stage"].map(safe.plot),
        x=stages["cases"].fillna(0),
        text=labels,
        textinfo="text",
        textposition="outside",
        cliponaxis=False,
        connector=dict(line=dict(color=GREY, width=1)),
        marker=dict(color=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(stages))]),
    )
    return _figure([trace], layout)


def referral_delays(delays: pd.DataFrame, window: float) -> go.Figure:
    """Victims who want support by working days from report to first referral
    (api.brk_referral_delay's bands, in order), split at the referral window (working days)."""
    return delay_bands(
        delays,
        "victims",
        color="timeliness",
        text="victims",
        title=f"Working days from report to first referral (in time: up to {window:g})",
    )


def delay_bands(frame: pd.DataFrame, value: str, **kwargs) -> go.Figure:
    """Bars by a breakdown's delay_band ("same day", "1 day", ...: in the query's
    order), the band names on two lines under their bars, never slanted or cut."""
    options = dict(color=None, horizontal=False, title=None, height=380, text=None, order=None)
    options.update(kwargs)
    traces, layout = _bars(frame, "delay_band", value, **options)
    # the bands as bars() wrote them (made literal), each shown on two lines under its bar
    bands = list(dict.fromkeys(safe.plot_frame(frame, ("delay_band",))["delay_band"]))
    layout["xaxis"].update(
        tickangle=0, tickvals=bands, ticktext=[str(b).replace(" ", "<br>", 1) for b in bands]
    )
    layout["legend"]["y"] = -0.22  # below the two-line band names
    return _figure(traces, layout)


def day_hour_heatmap(frame: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Cases by day of week (rows, Monday first) and hour of report (columns). A cell whose
    count was suppressed (missing) is left blank."""
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    grid: list[list[int | None]] = [[0] * 24 for _ in days]
    for row in frame.itertuples():
        day, hour = int(row.day_of_week) - 1, int(row.hour)
        if pd.isna(row.cases) or grid[day][hour] is None:
            grid[day][hour] = None
        else:
            grid[day][hour] += int(row.cases)
    layout = _house(title, 340)
    layout["xaxis"].update(title="hour of report", dtick=2)
    layout["yaxis"].update(autorange="reversed")
    trace = dict(
        type="heatmap",
        z=grid,
        x=list(range(24)),
        y=days,
        colorscale="Cividis",
        colorbar=dict(title="cases"),
        hovertemplate="%{y} %{x}:00 – %{z} cases<extra></extra>",
    )
    return _figure([trace], layout)


def sankey(
    flows: pd.DataFrame, source: str, target: str, value: str, title: str | None = None
) -> go.Figure:
    """Flows from one classification to another (labels are prefixed 'from'/'now')."""
    left = [safe.plot(f"from {v}") for v in flows[source]]
    right = [safe.plot(f"now {v}") for v in flows[target]]
    labels = list(dict.fromkeys(left + right))
    index = {label: i for i, label in enumerate(labels)}
    node_colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(labels))]
    trace = dict(
        type="sankey",
        node=dict(label=labels, color=node_colours, pad=18, thickness=18),
        link=dict(
            source=[index[v] for v in left],
            target=[index[v] for v in right],
            value=list(flows[value]),
            color="rgba(0,114,178,0.25)",
        ),
    )
    return _figure([trace], _house(title, 420))


# --- maps: drawn with our own boundaries on a blank style, so nothing is fetched -------------


def hexagon_geojson(cells: list[str]) -> dict:
    """GeoJSON polygons for H3 cells (id = cell)."""
    import h3

    features = []
    for cell in cells:
        ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(cell)]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "id": cell,
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_bounds(geojson: dict) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of every coordinate in a FeatureCollection."""
    lons, lats = [], []

    def walk(c):
        if isinstance(c[0], (int, float)):
            lons.append(c[0])
            lats.append(c[1])
        else:
            for part in c:
                walk(part)

    for feature in geojson["features"]:
        walk(feature["geometry"]["coordinates"])
    return min(lons), min(lats), max(lons), max(lats)


def _view(geojson: dict, height: int) -> dict:
    """Centre and zoom that fit the boundaries (no tile server: we set them ourselves)."""
    west, south, east, north = geojson_bounds(geojson)
    span = max(east - west, (north - south) * 1.6, 1e-3)
    zoom = math.log2(360 / span) + math.log2(height / 512) - 0.2
    return {"center": {"lon": (west + east) / 2, "lat": (south + north) / 2}, "zoom": zoom}


def choropleth(
    geojson: dict,
    frame: pd.DataFrame,
    *,
    locations: str,
    value: str,
    featureidkey: str,
    hover: str,
    outline: dict | None = None,
    title: str | None = None,
    height: int = 520,
    colorbar: str = "",
    whole: bool = False,  # counts: whole numbers on the colour scale, never half a case
) -> go.Figure:
    """Shapes coloured by value on a blank background; optional outline boundaries on top."""
    trace = dict(
        type="choroplethmap",
        geojson=geojson,
        locations=frame[locations],
        z=frame[value],
        featureidkey=featureidkey,
        colorscale="Cividis",
        marker=dict(line=dict(width=0.5, color="white"), opacity=0.85),
        text=frame[hover].map(safe.plot),
        hovertemplate="%{text}<br>" + (colorbar or value) + ": %{z}<extra></extra>",
        colorbar=dict(title=colorbar or value, **({"tickformat": ",d"} if whole else {})),
    )
    view_of = outline or geojson
    layers = []
    if outline is not None:
        layers.append({"source": outline, "type": "line", "color": BLACK, "line": {"width": 1.2}})
    layout = _house(title, height)
    layout["map"] = dict(style="white-bg", layers=layers, **_view(view_of, height))
    return _figure([trace], layout)
