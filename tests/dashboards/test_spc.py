"""SPC limits and signals, worked by hand."""

from __future__ import annotations

import pytest

from dashboards import spc


def test_p_chart_centre_and_limits():
    """p = (1 + 3) / (4 + 4) = 0.5; limits 0.5 +/- 3 sqrt(0.25 / 4) = 0.5 +/- 0.75, clipped."""
    chart = spc.p_chart([1, 3], [4, 4])
    assert chart.centre == 0.5
    assert chart.values == [0.25, 0.75]
    assert chart.lower == [0.0, 0.0] and chart.upper == [1.0, 1.0]


def test_c_chart_flags_a_point_beyond_the_upper_limit():
    """Counts alternate 2, 14 (five pairs), then 2, then 40: c = 122 / 12 = 10.17;
    limits 10.17 +/- 3 sqrt(10.17) = 0.60 to 19.73. Only 40 is beyond; the others alternate
    about the centre, so there is no run or trend."""
    counts = [2, 14] * 5 + [2, 40]
    chart = spc.c_chart(counts)
    assert chart.centre == pytest.approx(122 / 12)
    assert chart.upper[0] == pytest.approx(19.732, abs=1e-3)
    assert chart.lower[0] == pytest.approx(0.601, abs=1e-3)
    assert chart.signals[-1] == {"beyond limits"}
    assert all(s == set() for s in chart.signals[:-1])


def test_a_run_of_seven_on_one_side_is_flagged_and_six_is_not():
    centre = 5.0
    seven = [6, 6, 6, 6, 6, 6, 6, 4]
    marks = spc.signals(seven, centre, [0] * 8, [99] * 8)
    assert [("run of 7" in m) for m in marks] == [True] * 7 + [False]
    six = [6, 6, 6, 6, 6, 6, 4, 4]
    assert not any("run of 7" in m for m in spc.signals(six, centre, [0] * 8, [99] * 8))


def test_a_trend_of_six_rising_is_flagged_and_five_is_not():
    rising = [1, 2, 3, 4, 5, 6]  # 6 points, each above the one before
    assert all("trend of 6" in m for m in spc.signals(rising, 3.5, [0] * 6, [99] * 6))
    five = [1, 2, 3, 4, 5, 4]
    assert not any("trend of 6" in m for m in spc.signals(five, 3.5, [0] * 6, [99] * 6))
    falling = [9, 8, 7, 6, 5, 4]
    assert all("trend of 6" in m for m in spc.signals(falling, 6.5, [0] * 6, [99] * 6))
