"""Hotspots (recommendation 11): where and when stalking is reported, never as points.

A victim's home is the likeliest location, so cases are shown as hexagons and LSOA or
area shapes, and any cell with fewer cases than the suppression threshold is hidden.
Maps draw from the force's own boundaries on a blank background: no tile server.
"""

from __future__ import annotations

import streamlit as st

from dashboards import charts, data, widgets
from queries import api

f = st.session_state["filters"]
st.title("Hotspots")
st.caption(
    "Stalking cases in the chosen period by where and when they were reported. "
    "Locations are approximate; cells with fewer cases than the suppression "
    "threshold are hidden, and the number hidden is stated."
)

rates = data.get(api.area_rates, f.period, f.areas)
if rates.empty:
    widgets.no_data("no stalking case in the chosen period and areas.")
    st.stop()

st.subheader("Cases per 1,000 residents, by area")
left, right = st.columns([3, 2])
MIN_LSOAS_FOR_A_MAP = 10  # fewer LSOAs than this above the threshold: a list, not a map
areas_geo = data.get(api.boundaries, "area")
with left:
    if areas_geo:
        widgets.chart(
            charts.choropleth(
                areas_geo,
                rates.dropna(subset=["per_1000"]),
                locations="area_code",
                value="per_1000",
                featureidkey="properties.area_code",
                hover="area_name",
                colorbar="per 1,000",
                height=480,
            ),
        )
    else:
        st.info("No area boundaries in the reference data (boundaries_area.geojson).")
with right:
    ranked = rates.assign(rate=rates["per_1000"].round(2))
    widgets.chart(
        charts.bars(
            ranked,
            "area_name",
            "rate",
            horizontal=True,
            text="rate",
            title="Rate per 1,000 residents (not annualised)",
            height=480,
        ),
    )

# One map at a time (a radio, not tabs): tabs would build and send both maps on every rerun.
MAPS = ("Hexagons", "LSOAs")
shown_map = st.radio("Map by", MAPS, horizontal=True, key="hotspots-map")
if shown_map == "Hexagons":
    cells, hidden_cells, hidden_cases = data.get(api.hex_bins, f.period, f.areas)
    if cells.empty:
        st.info("No located case in a cell above the suppression threshold.")
    else:
        hexes = charts.hexagon_geojson(list(cells["cell"]))
        widgets.chart(
            charts.choropleth(
                hexes,
                cells.assign(label="cases in this hexagon"),
                locations="cell",
                value="cases",
                featureidkey="id",
                hover="label",
                outline=areas_geo,
                colorbar="cases",
                whole=True,
                height=560,
            ),
        )
    st.caption(
        f"Hexagons of about 5 km². {hidden_cells:,} cells holding {hidden_cases:,} "
        "cases are below the suppression threshold and not shown."
    )
else:
    lsoas = data.get(api.lsoa_cases, f.period, f.areas)
    shapes = data.get(api.boundaries, "lsoa")
    shown = lsoas.dropna(subset=["cases"])
    least = data.get(api.settings).get("hotspot_min_cases", 0)
    if shown.empty:
        st.info(
            f"No LSOA has {least:g} or more cases in the chosen period and areas: an LSOA is "
            "small (about 1,500 residents), so its counts are shown only from that many, to "
            "protect the people in them. The hexagon map shows the same cases in larger cells."
        )
    elif not shapes or len(shown) < MIN_LSOAS_FOR_A_MAP:
        st.info(
            "No LSOA boundaries are loaded (boundaries_lsoa.geojson in the reference data): "
            "the LSOAs are listed instead."
            if not shapes
            else f"Only {len(shown)} LSOA(s) have {least:g} or more cases: too few for a map "
            "to show a pattern. They are listed here; the hexagon map shows every located case."
        )
        widgets.table(
            shown[["lsoa_name", "cases"]].sort_values("cases", ascending=False),
            column_config={"lsoa_name": "LSOA", "cases": "Cases"},
        )
    else:
        wanted = set(shown["lsoa_code"])
        drawn = {
            "type": "FeatureCollection",
            "features": [
                s for s in shapes["features"] if s["properties"].get("lsoa_code") in wanted
            ],
        }
        widgets.chart(
            charts.choropleth(
                drawn,
                shown,
                locations="lsoa_code",
                value="cases",
                featureidkey="properties.lsoa_code",
                hover="lsoa_name",
                outline=areas_geo,
                colorbar="cases",
                whole=True,
                height=560,
            ),
        )
    st.caption(
        f"{len(lsoas) - len(shown):,} LSOAs with cases below the suppression threshold "
        "are not shown."
    )

left, right = st.columns(2)
with left:
    st.subheader("When cases are reported")
    widgets.chart(
        charts.day_hour_heatmap(data.get(api.brk_day_hour, f.period, f.areas)),
    )
with right:
    st.subheader("Areas rising most")
    if f.comparison is None:  # no change against months the database holds nothing for
        change = None
        st.caption(f.comparison_sentence())
    else:
        change = data.get(api.area_change, f.period, f.areas, before=f.comparison)
        widgets.chart(
            charts.bars(
                change.head(10),
                "area_name",
                "change",
                horizontal=True,
                text="change",
                title=f"Change in cases against {f.comparison_words()}",
            ),
        )
widgets.aggregate_downloads(
    {"area rates": rates, **({"area change": change} if change is not None else {})},
    "stalking-hotspots",
    f,
    key="hotspots",
)
