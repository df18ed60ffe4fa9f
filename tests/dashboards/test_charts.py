"""Chart functions tested as data: the traces and layout a pure function returns."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards import charts


def test_bars_keep_the_frames_order_when_stacked():
    """Categories in row order (the page sorts), not in the order of the colour groups."""
    frame = pd.DataFrame(
        {
            "outcome": ["16", "15", "1", "18"],
            "group": ["evidential", "evidential", "charged", "no suspect"],
            "cases": [241, 129, 33, 32],
        }
    )
    fig = charts.bars(frame, "outcome", "cases", color="group", horizontal=True)
    assert list(fig.layout.yaxis.categoryarray) == ["16", "15", "1", "18"]
    assert [t.name for t in fig.data] == ["evidential", "charged", "no suspect"]


def test_colours_keep_their_meaning_and_missing_is_grey():
    first = charts.colours(["offline", "online", "not recorded"])
    second = charts.colours(["online", "not recorded", "offline"])
    assert first == second
    assert first["not recorded"] == charts.GREY
    assert charts.colours(["high", "medium", "standard", "unknown"]) == {
        "high": charts.VERMILION,
        "medium": charts.ORANGE,
        "standard": charts.SKY,
        "unknown": charts.GREY,
    }
    # a code's words keep its colour (the pages relabel before they draw)
    assert charts.colours(["High", "Not recorded", "Not screened"]) == {
        "High": charts.VERMILION,
        "Not recorded": charts.GREY,
        "Not screened": charts.GREY,
    }
    # categories without a meaning take palette colours not already used by a meaning
    mixed = charts.colours(["online", "x", "y"])
    assert mixed["online"] == charts.BLUE and charts.BLUE not in (mixed["x"], mixed["y"])
    assert mixed["x"] != mixed["y"]


def test_age_labels():
    assert [charts.age_label(a) for a in ("under_18", "18_24", "65_plus", "unknown")] == [
        "under 18",
        "18-24",
        "65+",
        "unknown",
    ]


def test_spc_trend_draws_limits_target_and_marks_signals():
    """A p-chart of 8 months of 100: mean 230/800 = 0.2875, upper limit
    0.2875 + 3 sqrt(0.2875 * 0.7125 / 100) = 0.423, lower 0.152. The months alternate 20 %
    and 30 % around the mean (no run, no trend); the 8th, 60 %, is beyond the upper limit."""
    trend = pd.DataFrame(
        {
            "month": [date(2025, m, 1) for m in range(1, 9)],
            "numerator": [20, 30, 20, 30, 20, 30, 20, 60],
            "denominator": [100] * 8,
        }
    )
    fig = charts.spc_trend(trend, ratio=True, target=90)
    names = [t.name for t in fig.data]
    assert names == ["upper limit", "lower limit", "mean", "target 90%", "value"]
    value = fig.data[-1]
    assert list(value.y) == [20.0, 30.0, 20.0, 30.0, 20.0, 30.0, 20.0, 60.0]
    assert list(value.marker.symbol) == ["circle"] * 7 + ["diamond"]
    assert "beyond limits" in value.hovertext[-1]
    assert round(fig.data[0].y[0], 1) == 42.3 and round(fig.data[1].y[0], 1) == 15.2
    assert round(fig.data[2].y[0], 2) == 28.75
    assert fig.data[3].y[0] == 90


def test_counting_rule_breaks_are_marked_inside_the_range_only():
    months = [date(2020, 1, 1), date(2020, 6, 1)]
    fig = charts.mark_counting_rule_breaks(charts.go.Figure(), months)
    assert [s.x0 for s in fig.layout.shapes] == [date(2020, 4, 1)]


def test_funnel_labels_each_stage_against_the_one_before():
    """8 cases, 3 considered (3/8 = 38 %), 3 applied (100 %), 0 granted (0 %), 0 breached (no
    share of an empty stage)."""
    stages = pd.DataFrame(
        {
            "stage": ["stalking cases", "considered", "applied", "granted", "breached"],
            "cases": [8, 3, 3, 0, 0],
        }
    )
    fig = charts.funnel(stages)
    assert list(fig.data[0].x) == [8, 3, 3, 0, 0]
    assert list(fig.data[0].text) == [
        "8",
        "3 (38%)",
        "3 (100%)",
        "0 (0%)",
        "0",
    ]


def test_sankey_links_first_to_current():
    flows = pd.DataFrame(
        {"from": ["harassment", "stalking"], "to": ["stalking", "stalking"], "crimes": [5, 20]}
    )
    fig = charts.sankey(flows, "from", "to", "crimes")
    node = fig.data[0].node
    assert list(node.label) == ["from harassment", "from stalking", "now stalking"]
    assert list(fig.data[0].link.source) == [0, 1]
    assert list(fig.data[0].link.target) == [2, 2]


def test_maps_need_no_tile_server():
    """Hexagons from H3 cells, drawn on the blank 'white-bg' style with our own GeoJSON."""
    import h3

    cell = h3.latlng_to_cell(51.75, -0.34, 7)
    hexes = charts.hexagon_geojson([cell])
    ring = hexes["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 7
    fig = charts.choropleth(
        hexes,
        pd.DataFrame({"cell": [cell], "cases": [6], "label": ["x"]}),
        locations="cell",
        value="cases",
        featureidkey="id",
        hover="label",
    )
    assert fig.layout.map.style == "white-bg"
    assert 51.6 < fig.layout.map.center.lat < 51.9


def test_referral_delay_bands_wrap_under_their_bars():
    """Each band on two lines (a line break plotly draws, never an escaped "&lt;br&gt;"), in
    the query's order, the bars split at the window."""
    import json

    delays = pd.DataFrame(
        {
            "delay_band": ["same day", "1 day", "over 20 days", "not referred"],
            "timeliness": ["within the window", "within the window", "later", "later"],
            "victims": [5, 3, 1, 2],
        }
    )
    fig = charts.referral_delays(delays, 2)
    axis = fig.layout.xaxis
    assert list(axis.ticktext) == [
        "same<br>day",
        "1<br>day",
        "over<br>20 days",
        "not<br>referred",
    ]
    assert list(axis.tickvals) == ["same day", "1 day", "over 20 days", "not referred"]
    assert "&lt;" not in json.dumps(fig.to_plotly_json(), default=str)


def test_a_change_as_every_output_writes_it():
    assert charts.change_text(50.0, 47.5, True) == "+2.5 points"
    assert charts.change_text(10, 12, False) == "-2"
    assert charts.change_text(1652, 0, False) == "+1,652"  # a real zero is compared
    assert charts.change_text(1652, float("nan"), False) is None  # nothing to compare with
    assert charts.change_text(50.0, None, True) is None
