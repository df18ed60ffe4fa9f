"""Each page shows the fixture's figures, worked out by hand, and its filters change them.

The fixture is tests/queries/fixture (as at Monday 2025-06-30 06:00). Its default period is
June 2024 to May 2025, in which the stalking cases are K1, K2 (area A North) and K7, K9
(area B South), all reported in May 2025: K6 (May 2024) and K8 (April 2024) fall before it,
K3 and K10 (June 2025) after it. The working for each figure is beside it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

MAY_JUNE_2025 = (date(2025, 5, 1), date(2025, 6, 1))


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def plain(markdown: str) -> str:
    """Markdown source as it reads: extract values in it are escaped (dashboards.safe)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def frames(at) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def test_performance_board_tiles_and_foi(app):
    at = app("Performance board")
    m = metrics(at)
    assert m["Stalking cases recorded"] == "4"  # K1, K2, K7, K9
    # SPO considered: K1 and K2 have considered_at; K7's spo row has none; K9 has no row: 2/4
    assert m["SPO considered"] == "50.0%"
    # Victim needs assessment: V1 (K1) and V2 (K2) of V1, V2, V3, V4 (K7), V7 (K9): 2/5
    assert m["Victim needs assessment completed"] == "40.0%"
    at.session_state["board"] = "Freedom of information"  # the board's part with the answers
    at.run()
    foi = next(f for f in frames(at) if "Question" in f.columns).set_index("Question")
    total = "Jun 2024 to May 2025"
    # May 2025 is in 2025/26; both years are parts: Jun 2024 to Mar 2025, Apr to May 2025
    assert list(foi.columns) == ["2024/25 (Jun to Mar only)", "2025/26 (Apr to May only)", total]
    assert foi.loc["Stalking offences recorded", total] == 4
    assert foi.loc["Charged or summonsed", total] == 1  # K2: closed, outcome 1
    assert foi.loc["Stalking Protection Order applications", total] == 2  # K1, K7 applied
    # O1 (interim SPO) was breached on 25 June 2025, after the period
    assert foi.loc["Stalking Protection Order breaches", total] == 0

    at.session_state["board"] = "Scorecard"
    at.multiselect(key="areas").set_value(["B"]).run()
    m = metrics(at)
    assert m["Stalking cases recorded"] == "2"  # K7, K9
    assert m["SPO considered"] == "0.0%"  # neither considered


def test_performance_board_league_table_shows_each_area(app):
    at = app("Performance board", board="Areas against target")
    league = next(f for f in frames(at) if "Area" in f.columns).set_index("Area")
    # SPO considered: North (A) K1, K2 both considered: 100 %, target 100 %: on target.
    # South (B) K7, K9: neither: 0 %, off target.
    assert league.loc["North", "SPO considered"] == "100.0% ✔ on target"
    assert league.loc["South", "SPO considered"] == "0.0% ✖ off target"


def test_recommendations_status(app):
    at = app("Recommendations")
    status = frames(at)[0].set_index("recommendation")
    # 13: spo_considered 2/4 = 50 % (target 100: red); spo_considered_timely K1 exactly
    # 7 days yes, K2 7 days + 1 s no: 1/4 = 25 % (target 90: red); applied, granted: no target
    assert status.loc[13, ["measures", "on_target", "close", "off_target"]].tolist() == [4, 0, 0, 2]
    assert status.loc[10, "measures"] == 0  # training: not measurable from crime records
    assert metrics(at)["Reclassified to stalking"] == "25.0%"  # K2 of 4


def test_recording_page(app):
    at = app("Recording and screening", recording="Crimes to screen")  # the page's part
    m = metrics(at)
    assert m["Stalking hidden under another principal crime"] == "0.0%"  # K3 is in June
    assert m["Reclassified to stalking"] == "25.0%"  # K2: first principal 8L
    assert m["Crimes to screen for hidden stalking"] == "1"  # K5 (May, ex-partner)
    assert m["Crimes to screen"] == "1"

    at.select_slider(key="period").set_value(MAY_JUNE_2025).run()
    # K5 (ex_partner); K11 (S5-V5 also on K12 in March); K13 (breach; S1-V1 also on K1)
    assert metrics(at)["Crimes to screen"] == "3"
    at.multiselect(key="screen-triggers").set_value(["repeat_pair"]).run()
    assert metrics(at)["Crimes to screen with these triggers"] == "2"  # K11, K13
    shown = next(f for f in frames(at) if "triggers" in f.columns)
    assert sorted(shown["crime_ref"]) == ["K11", "K13"]


def test_online_page_and_drill_down(app):
    at = app("Online stalking")
    assert metrics(at)["Online element"] == "25.0%"  # K1 of K1, K2, K7, K9
    assert any("1 cases." in c.value for c in at.caption)  # online only: K1
    at.toggle(key="online-only").set_value(False).run()
    assert any("4 cases." in c.value for c in at.caption)
    at.select_slider(key="period").set_value(MAY_JUNE_2025).run()
    at.toggle(key="online-only").set_value(True).run()
    at.selectbox(key="online-method").set_value("tracking_device").run()
    cases = next(f for f in frames(at) if "crime_ref" in f.columns)
    assert list(cases["crime_ref"]) == ["K10"]  # the only tracking device


def test_investigation_page(app):
    at = app("Investigation and outcomes", investigation="s.18 searches")  # the page's part
    m = metrics(at)
    # medium/high risk with a unit: K1 high stalking_unit (yes), K2 medium response (no);
    # K7 has no unit, K9 no risk level: 1/2
    assert m["Medium and high risk cases with a specialist unit"] == "50.0%"
    assert m["Charged"] == "100.0%"  # K2, the only closed case, outcome 1
    # K2: s.18 search, only 8Q current: v2, 8Q's indictability is unknown, so not known to be
    # summary only: 0/1 (v1: 1/1, 8Q counted as summary), and no case is listed
    assert m["s.18 search without an indictable offence"] == "0.0%"
    assert not any("s18_search" in f.columns for f in frames(at))
    assert any("No s.18 search without an indictable offence" in s.value for s in at.success)
    at.multiselect(key="areas").set_value(["B"]).run()
    assert metrics(at)["s.18 search without an indictable offence"] == "no cases"


def test_victims_page(app):
    at = app("Victims")
    m = metrics(at)
    assert m["Victim needs assessment completed"] == "40.0%"  # V1, V2 of 5
    assert m["Victim referred to support"] == "40.0%"  # V1 (isac), V2 of 5
    at.multiselect(key="areas").set_value(["A"]).run()
    # A: K1 V1 (assessed), K2 V2 (assessed), K2 V3 (not): 2/3
    assert metrics(at)["Victim needs assessment completed"] == "66.7%"


def test_hotspots_page_without_coordinates(app):
    """The fixture has no coordinates: no hexagon, and the page says so instead of failing."""
    at = app("Hotspots")
    assert any("No located case" in i.value for i in at.info)


def test_data_quality_page(app):
    at = app("Data quality")
    assert metrics(at)["Loads committed"] == "1"
    unknown = next(f for f in frames(at) if "code" in f.columns)
    # K11's included XYZ; K12's area Z
    assert sorted(zip(unknown["kind"], unknown["code"], strict=True)) == [
        ("area_code", "Z"),
        ("offence_code", "XYZ"),
    ]


def test_data_quality_shows_the_last_check_and_a_refused_load(fixture_db, tmp_path, monkeypatch):
    """A check of the fixture extract against a copy of its database (every crime already
    loaded from the same moment: 13 crimes would load again, replacing themselves), then a
    load refused for a missing column."""
    import shutil

    from pipelines.__main__ import main
    from tests.dashboards.conftest import open_app
    from tests.queries.test_measures import FIXTURE

    db = tmp_path / "copy.duckdb"
    shutil.copyfile(fixture_db, db)
    assert main(["check", str(FIXTURE), "--db", str(db)]) == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "crimes.csv").write_text("crime_ref,status\n")
    (bad / "classifications.csv").write_text("crime_ref,offence_code\n")
    assert main(["load", str(bad), "--db", str(db)]) == 1
    monkeypatch.setenv("STALKING_DB", str(db))
    at = open_app("Data quality")
    assert "was refused and changed nothing" in plain(at.error[0].value)
    assert "column reported_at" in plain(at.error[0].value)  # the message, escaped for Markdown
    assert any("the extract would load: " in plain(m.value) for m in at.markdown)
    checked = next(f for f in frames(at) if "table" in f.columns).set_index("table")
    assert checked.loc["crimes", "rows_read"] == 13


def figures(at) -> list[dict]:
    """The Plotly figures a page drew, as their JSON specs."""
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def titled(at, start: str) -> dict:
    return next(
        f for f in figures(at) if f["layout"].get("title", {}).get("text", "").startswith(start)
    )


def test_the_percentages_charts_show_are_the_measures_values(app):
    """Bars and SPC points show the percentage the SQL rule gives (fn_rate), as tiles do.

    Online element by area, June 2024 to May 2025: North K1 online, K2 not: 1 of 2 = 50.0 %;
    South K7, K9 not: 0 of 2 = 0.0 %.
    SPO considered within the window, over the chosen period only (June 2024 to May 2025; K6,
    May 2024, is outside it and not drawn): May 2025 K1 exactly 7 days, K2 7 days + 1 s, K7
    and K9 never: 1 of 4 = 25 %. No other month of the period has a case.
    """
    online = app("Online stalking")
    bars = titled(online, "Share of stalking cases with an online element")["data"][0]
    assert dict(zip(bars["y"], bars["text"], strict=True)) == {
        "North": "50.0% (1 of 2)",
        "South": "0.0% (0 of 2)",
    }
    board = app("Performance board", board="Trends")
    trend = titled(board, "SPO considered in time")
    points = next(t for t in trend["data"] if t["name"] == "value")
    assert points["x"] == ["2025-05-01"]
    assert [round(y, 6) for y in points["y"]] == [25.0]
