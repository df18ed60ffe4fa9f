"""Small numbers: on aggregate-only views a count from 1 to 4 is shown as "<5", so a victim
cannot be singled out.

The rule runs at the data door (dashboards.data) for people whose role sees aggregates only,
so a suppressed number never reaches page code. In a DataFrame a suppressed cell becomes
missing (NaN) and a companion boolean column `<column>__lt5` marks it; anything computed from
a suppressed count (a percentage, a rate per 1,000, a change) is suppressed with it. Tables
and exports show "<5" in those cells (render); charts leave them out.

Choices (docs): zero is shown (it identifies nobody); a percentage is suppressed when its
numerator or its denominator is 1 to 4, and its RAG with it (green on a 100 % target says
the numerator equals the denominator); in the FOI table a row's total is suppressed with
any year in it, or subtraction would give the year away; months suppressed in a trend are
left out of its SPC chart, and the chart says how many. Known limit: a force-wide figure
minus the areas shown can reveal one suppressed area; board members see force-wide and
per-area aggregates, which is the disclosure the board role accepts.
"""

from __future__ import annotations

import pandas as pd

from queries.door import UNITS, Rule, rule_named

BELOW = 5  # counts under this (and above 0) are suppressed for aggregate-only roles
SMALL = (1, BELOW - 1)
LT5 = f"<{BELOW}"
FLAG = "__lt5"
# Columns that count people or cases, and what is computed from them.
COUNTS = (
    *UNITS,  # the breakdowns' counts
    "numerator",
    "denominator",
    "previous_cases",
)
DERIVED = {
    "value": ("numerator", "denominator"),
    "per_1000": ("cases",),
    "change": ("cases", "previous_cases"),
    "share": ("numerator", "denominator"),
}


def is_small(value) -> bool:
    return value is not None and not pd.isna(value) and SMALL[0] <= value <= SMALL[1]


def mask(result, function: Rule | str = ""):
    """The result of a query with every small count suppressed (frames, tuples, numbers).

    function: the query's Rule (or its registered name): its declared counts are suppressed;
    without one, the usual count columns (COUNTS)."""
    if isinstance(result, pd.DataFrame):
        return _mask_frame(result, function)
    if isinstance(result, tuple):
        return tuple(mask(part, function) for part in result)
    if isinstance(result, int) and not isinstance(result, bool) and is_small(result):
        return LT5
    return result


def _count_columns(frame: pd.DataFrame, rule: Rule | None) -> list[str]:
    """The columns of a result that count people or cases, as its query declares them."""
    if rule is not None and rule.counts_all_but is not None:
        return [c for c in frame.columns if c not in rule.counts_all_but]
    declared = rule.counts if rule is not None and rule.counts else COUNTS
    return [c for c in declared if c in frame.columns]


def _mask_frame(frame: pd.DataFrame, function: Rule | str) -> pd.DataFrame:
    out = frame.copy()
    rule = function if isinstance(function, Rule) else rule_named(function)
    counts = _count_columns(out, rule)
    flags = {}
    for column in counts:
        if pd.api.types.is_numeric_dtype(out[column]):
            flags[column] = out[column].between(*SMALL).fillna(False).astype(bool)
    for column, sources in DERIVED.items():
        if column in out.columns:
            small = pd.Series(False, index=out.index)
            for source in sources:
                if source in flags:
                    small |= flags[source]
            flags[column] = small
    parts = [c for c in counts[:-1] if c in flags]
    if rule is not None and rule.counts_all_but is not None and parts and counts[-1] in flags:
        # a row's total is suppressed with any of its parts, or subtraction gives them away
        any_part = pd.concat([flags[c] for c in parts], axis=1).any(axis=1)
        flags[counts[-1]] = flags[counts[-1]] | any_part
    for column, small in flags.items():
        if small.any():  # a column without a suppressed cell keeps its type (12, not 12.0)
            out[column] = out[column].astype("float64").mask(small)
        out[column + FLAG] = small
    if "rag" in out.columns and "value" in flags:
        out["rag"] = out["rag"].astype(object).mask(flags["value"], None)  # green tells n = d
    return out


def suppressed(frame: pd.DataFrame, column: str) -> pd.Series:
    """Which cells of a column were suppressed (all False when none or no flag)."""
    flag = column + FLAG
    if flag in frame.columns:
        return frame[flag].astype(bool)
    return pd.Series(False, index=frame.index)


def render(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame for a table or an export: suppressed cells read "<5", flag columns dropped.

    A column with a suppressed cell becomes text throughout (a table column has one type):
    whole numbers without decimals, others to two places, missing values empty.
    """
    flags = [c for c in frame.columns if c.endswith(FLAG)]
    if not flags:
        return frame
    out = frame.drop(columns=flags)
    for flag in flags:
        column = flag[: -len(FLAG)]
        if column in out.columns and frame[flag].any():
            out[column] = [
                LT5 if small else _text(value)
                for value, small in zip(out[column], frame[flag].astype(bool), strict=True)
            ]
    return out


def _text(value) -> str:
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}"


def count_text(value, fmt: str = "{:,}") -> str:
    """A count for a sentence: '<5' when suppressed, else formatted."""
    if isinstance(value, str):
        return value
    return fmt.format(int(value))
