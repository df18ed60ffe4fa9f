"""Disclosure control for roles that see aggregates only (the board): random rounding of
the finest cells, so that no figure, and no sum or difference of figures, reveals a small
count.

The method (docs/access.md, "Disclosure control"): every count such a role sees is computed
in SQL as a sum of cells (one month and area of a measure, one row of a breakdown, one
hexagon of one month and area, ...), each cell's count randomly rounded to a multiple of the
base (the setting disclosure_rounding_base, 5) before anything is summed (fn_protect,
fn_protect_cell). A cell is rounded up with a probability equal to its remainder over the base
(unbiased), the draw fixed by a keyed hash of the cell's identity, so a cell rounds the same
way in every query and repeating a query teaches nothing. Rates, rates per 1,000, changes and
RAG are computed from the rounded counts (a rate from unrounded counts beside a rounded count
would let anyone solve for the true count).

Its guarantee: every count shown to the role is a multiple of the base, so every sum or
difference of counts shown is one too: subtracting one figure from another (a period from the
next, the areas from all areas, a tile from its chart's months, one sheet from another) never
gives a count from 1 to base - 1. What the door (queries.door) enforces: a query that declares
counts must take `protect`, which the door sets for the role; and `verify` refuses a result
whose declared counts are not multiples of the base (fail closed).
"""

from __future__ import annotations

import pandas as pd

from queries.door import Rule


class DisclosureError(Exception):
    """A result for an aggregate-only role holds a count that is not protected."""


def count_columns(frame: pd.DataFrame, rule: Rule) -> list[str]:
    """The columns of a result that count people or cases, as its query declares them."""
    if rule.counts_all_but is not None:
        return [c for c in frame.columns if c not in rule.counts_all_but]
    return [c for c in rule.counts if c in frame.columns]


def verify(result, rule: Rule, base: int):
    """The result itself, once every declared count in it is a multiple of the base (frames
    and tuples of frames and numbers); a DisclosureError otherwise."""
    if isinstance(result, tuple):
        for part in result:
            verify(part, rule, base)
    elif isinstance(result, pd.DataFrame):
        for column in count_columns(result, rule):
            values = pd.to_numeric(result[column], errors="coerce").dropna()
            if (values % base != 0).any():
                raise DisclosureError(f"{rule.name}.{column} holds a count that is not rounded")
    elif isinstance(result, int | float) and not isinstance(result, bool):
        if result % base != 0:
            raise DisclosureError(f"{rule.name} returned a count that is not rounded")
    return result


def note(base: int) -> str:
    """What a person whose counts are rounded is told beside them."""
    return (
        f"Counts are rounded to a multiple of {base} for your role, so that no figure can be "
        f"worked back to a small number of people: a 0 may be up to {base - 1}, and rates are "
        "worked out from the rounded counts."
    )
