"""Contract v2's force records beside the crime records: stalking training completion
(recommendation 10) and the force's own action plan (recommendation 28)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..door import AGGREGATE, FORCE_WIDE, query
from ..store import Store
from ._params import areas as area_list


@query(AGGREGATE, counts=("in_scope", "completed"))
def training_status(
    store: Store, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """Stalking training completion (training_status) by area and role: in_scope, completed
    (None when training was never supplied: "no data", never 0 %), value (percent completed)
    and target. Narrowed to the person's areas (a staff record without an area is read with
    every area only). protect: each area and role's counts randomly rounded for an
    aggregate-only role, the percentage from the rounded counts (the door sets it)."""
    return store.run("training_status", areas=area_list(areas), protect=protect)


@dataclass(frozen=True)
class TrainingTotal:
    """Training completion over the rows of training_status a person was given."""

    in_scope: int
    completed: int
    target: float | None

    @property
    def share(self) -> float:
        return 100.0 * self.completed / self.in_scope


def training_total(rows: pd.DataFrame) -> TrainingTotal | None:
    """The whole of training_status's rows as shown (for the board, sums of its rounded
    cells, so the share is worked from the rounded counts): None when nobody in them is in
    scope, or training was never supplied (completed empty: "no data", never 0 %). The
    Recommendations page and the NPCC update both read it."""
    if rows.empty or rows["completed"].isna().all():
        return None
    in_scope = int(rows["in_scope"].sum())
    if not in_scope:
        return None
    target = rows["target"].iloc[0]
    return TrainingTotal(
        in_scope, int(rows["completed"].sum()), None if pd.isna(target) else float(target)
    )


@query(FORCE_WIDE)
def action_status(store: Store) -> pd.DataFrame:
    """The force's action plan (action_status): every action with its recommendation,
    description, owner, due_on, status, completed_on and overdue, overdue first within each
    recommendation, then by due date. Force-wide: an action has no area, names no person and
    counts no one, so every role sees it as it is."""
    return store.run("action_status")
