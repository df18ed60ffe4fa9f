"""Statistical process control for monthly measures: centre line, limits and signals.

Area counts are small and noisy, so a trend is read against its own variation:
- a ratio is a p-chart: centre p = sum(numerators) / sum(denominators), limits
  p +/- 3 sqrt(p (1 - p) / n) for each month's denominator n (clipped to 0..1);
- a count is a c-chart: centre c = mean count, limits c +/- 3 sqrt(c) (lower >= 0).
Signals (the usual SPC rules): a point beyond a limit; a run of 7 or more points
on one side of the centre; a trend of 6 or more points each rising (or each
falling) from the one before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RUN = 7
TREND = 6
MIN_POINTS = 12  # fewer months give limits too rough to read a signal against


@dataclass(frozen=True)
class Chart:
    values: list[float]
    centre: float
    lower: list[float]
    upper: list[float]
    signals: list[set[str]]  # per point: {'beyond limits', 'run of 7', 'trend of 6'}


def p_chart(
    numerators: list[int], denominators: list[int], values: list[float] | None = None
) -> Chart:
    """Proportions (0..1) with limits that widen where a month's denominator is small.

    values: each month's proportion as the page shows it (the measure's value from the SQL
    rule fn_rate, divided by 100); without them (a hand-made test), n / d. The centre is the
    pooled proportion sum(n) / sum(d), a statistic of the chart, not a figure of the catalogue.
    """
    total = sum(denominators)
    p = sum(numerators) / total if total else 0.0
    if values is None:
        values = [n / d if d else math.nan for n, d in zip(numerators, denominators, strict=True)]
    values = [math.nan if v is None or v != v else float(v) for v in values]
    lower, upper = [], []
    for d in denominators:
        half = 3 * math.sqrt(p * (1 - p) / d) if d else math.nan
        lower.append(max(0.0, p - half))
        upper.append(min(1.0, p + half))
    return Chart(values, p, lower, upper, signals(values, p, lower, upper))


def c_chart(counts: list[int]) -> Chart:
    """Counts per month with Poisson limits."""
    c = sum(counts) / len(counts) if counts else 0.0
    half = 3 * math.sqrt(c)
    lower, upper = [max(0.0, c - half)] * len(counts), [c + half] * len(counts)
    values = [float(v) for v in counts]
    return Chart(values, c, lower, upper, signals(values, c, lower, upper))


def signals(values, centre, lower, upper) -> list[set[str]]:
    """Which SPC rules each point breaks."""
    marks: list[set[str]] = [set() for _ in values]
    for i, v in enumerate(values):
        if not math.isnan(v) and (v > upper[i] or v < lower[i]):
            marks[i].add("beyond limits")
    _mark_runs(values, centre, marks)
    _mark_trends(values, marks)
    return marks


def _mark_runs(values, centre, marks) -> None:
    side_run: list[int] = []
    previous = 0
    for i, v in enumerate(values):
        side = 0 if math.isnan(v) or v == centre else (1 if v > centre else -1)
        if side != 0 and side == previous:
            side_run.append(i)
        else:
            side_run = [i] if side != 0 else []
        previous = side
        if len(side_run) >= RUN:
            for j in side_run:
                marks[j].add(f"run of {RUN}")


def _mark_trends(values, marks) -> None:
    for direction in (1, -1):
        streak = [0]
        for i in range(1, len(values)):
            a, b = values[i - 1], values[i]
            if not (math.isnan(a) or math.isnan(b)) and (b - a) * direction > 0:
                streak.append(i)
            else:
                streak = [i]
            if len(streak) >= TREND:
                for j in streak:
                    marks[j].add(f"trend of {TREND}")
