"""The Alerts and "How we compare" sections (dashboards.outputs): on the Performance board
(AppTest) with hand-worked figures, and the SPC alert read from the signal its chart draws.
The pack shows the same builders' rows (tests/packs/test_board.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from dashboards import outputs
from pipelines.__main__ import load_extract
from pipelines.context import load_context
from queries import api
from tests.dashboards.conftest import ROOT, open_app
from tests.queries.test_outputs import CONTEXT, reference, referral_extract

MONTHS = [date(2024, m, 1) for m in range(10, 13)] + [date(2025, m, 1) for m in range(1, 11)]


def trend(numerators: list[int], denominator: int = 100) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": MONTHS,
            "numerator": numerators,
            "denominator": [denominator] * len(numerators),
            "value": [100.0 * n / denominator for n in numerators],
        }
    )


def test_an_spc_alert_is_the_signal_the_chart_draws_in_the_latest_month():
    """Victim referred to support, the chosen 12 months November 2024 to October 2025 (as the
    Trends chart draws them; October 2024 is outside): eleven months of 50 of 100, then 90 of
    100. Centre p = (11 x 50 + 90) / 1,200 = 0.5333; its upper limit for n = 100 is
    0.5333 + 3 sqrt(0.5333 x 0.4667 / 100) = 0.5333 + 0.1497 = 0.6830, and 0.90 is beyond it.
    The other targeted measures have no figures: no alert. Over fewer than 12 months (August
    to October 2025) the limits are too rough: no alert either."""

    def get(query, window, areas):
        assert query is api.measure_trends  # every measure's series, as the query gives them
        series = trend([50] * 12 + [90]).assign(measure_id="referred")  # Oct 2024 to Oct 2025
        months = pd.to_datetime(series["month"]).dt.date
        return series[(months >= window.start) & (months <= window.end)]

    rows = outputs.spc_alerts(get, api.Period(date(2024, 11, 1), date(2025, 10, 1)), None)
    assert rows == [
        {
            "alert": "SPC signal",
            "about": "Victim referred to support",
            "when": "Oct 2025",
            "detail": "90.0% (90 of 100), above the mean of 53.3%: beyond limits",
        }
    ]
    short = outputs.spc_alerts(get, api.Period(date(2025, 8, 1), date(2025, 10, 1)), None)
    assert short == []
    # October 2024 to September 2025 the months are all 50 of 100: nothing to signal
    earlier = outputs.spc_alerts(get, api.Period(date(2024, 10, 1), date(2025, 9, 1)), None)
    assert earlier == []


@pytest.fixture(scope="module")
def outputs_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sections")
    folder = reference(tmp / "reference")
    db = tmp / "sections.duckdb"
    load_extract(referral_extract(tmp / "extract"), db, reference_dir=folder)
    (tmp / "context.csv").write_text(CONTEXT)
    load_context(tmp / "context.csv", db)
    return db


def test_the_performance_board_shows_the_alerts_and_how_we_compare(outputs_db, monkeypatch):
    """The low-referrals alerts of tests/queries/test_outputs.py (areas A North and B South);
    the national context's newest year, 2019/20, holds two quarters: Alpha 30 offences, 0.24
    per 1,000, England and Wales (Alpha alone that year) 0.24, ranked 1 of 1."""
    monkeypatch.setenv("STALKING_DB", str(outputs_db))
    at = open_app("Performance board")  # the alerts are on its first part, the scorecard
    assert not at.exception
    alerts = next(d.value for d in at.dataframe if "Alert" in d.value.columns)
    low = alerts[alerts["Alert"] == "Low referrals"].set_index("About")
    assert low.loc["North", "Detail"] == (
        "40.0% (2 of 5) referred; 12 weeks before: 90.0% (9 of 10) (more than 2 standard "
        "deviations (26.8 points) below; below the floor of 60%)"
    )
    assert low.loc["South", "When"] == "26 May to 22 Jun 2025"
    assert "East" not in low.index
    at.session_state["board"] = "How we compare"  # the part with the national figures
    at.run()
    compare = next(d.value for d in at.dataframe if "Offences" in d.value.columns)
    compare = compare.set_index("Offences")
    assert compare.loc["Stalking"].tolist() == ["30", "0.24", "", "0.24", "1 of 1"]
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any(t.endswith("newest figures 2019/20 (Q1-Q2 only)") for t in titles)


def test_without_national_figures_the_board_says_how_to_load_them(monkeypatch, tmp_path):
    from tests.queries.test_measures import load_fixture

    monkeypatch.setenv("STALKING_DB", str(load_fixture(tmp_path)))
    at = open_app("Performance board", state={"board": "How we compare"})
    assert any("no national figures are loaded" in i.value for i in at.info)


def test_the_packs_import_no_streamlit():
    """The packs run from cron: they use the page's builders and charts, never Streamlit."""
    code = "import sys, packs.__main__; assert 'streamlit' not in sys.modules, 'streamlit'"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
