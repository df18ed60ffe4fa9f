"""The questions every stalking freedom-of-information request asks."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..door import AGGREGATE, query
from ..store import Period, Store
from ._params import filters


def financial_year(month: date) -> str:
    """The UK financial year (April to March) a month falls in, e.g. '2025/26'."""
    first = month.year if month.month >= 4 else month.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


@query(AGGREGATE, counts_all_but=("question",))
def foi_answers(
    store: Store, period: Period, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """The questions of a stalking FOI request (brk_foi, foi_questions): one row per
    question, a column per financial year the period touches (April to March), and the
    period total. A question with no case in the period is answered 0; one whose source
    table was never supplied is absent (no data, not 0).
    """
    rows = store.run("foi", protect=protect, **filters(period, areas))
    questions = store.run("foi_questions")
    if questions.empty:
        return pd.DataFrame(columns=["question"])
    rows["year"] = [financial_year(pd.Timestamp(m).date()) for m in rows["month"]]
    wide = rows.pivot_table(
        index="question_order", columns="year", values="answer", aggfunc="sum", fill_value=0
    )
    years = [financial_year(m) for m in period.months()]
    wide = wide.reindex(columns=list(dict.fromkeys(years)), fill_value=0)
    wide = questions.set_index("question_order").join(wide).fillna(0).sort_index()
    year_columns = [c for c in wide.columns if c != "question"]
    wide[year_columns] = wide[year_columns].astype("int64")
    label = f"{period.start:%b %Y} to {period.end:%b %Y}"
    wide[label] = wide[year_columns].sum(axis=1)
    return wide.reset_index(drop=True)
