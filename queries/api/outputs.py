"""What goes out (docs/outputs.md): the national context, the alerts, the action plan for the
NPCC's six-month update."""

from __future__ import annotations

import pandas as pd

from ..door import AGGREGATE, FORCE_WIDE, REFERENCE, query
from ..store import Store
from ._params import areas as area_list
from .plan import action_status
from .reference import labels

# The columns of an action of the force's action plan, as the NPCC update lists them.
ACTION_COLUMNS = ("recommendation", "action", "owner", "due", "status", "overdue")


@query(REFERENCE)
def context_rates(store: Store, force: str | None = None) -> pd.DataFrame:
    """One force's national context, every financial year loaded (ctx_rates): stalking,
    harassment and malicious communications offences and rates per 1,000 residents, beside
    England and Wales and the most similar group's average. force: as the Home Office names
    it; None for the force of most_similar_group.csv (the one the dashboard serves).

    Reference level: the Home Office publishes these counts (open data), so they are shown as
    published, never rounded.
    """
    return store.run("ctx_rates", force=force)


@query(AGGREGATE, counts=("victims", "referred", "before_victims", "before_referred"))
def alert_referrals(
    store: Store, areas: list[str] | None = None, protect: bool = False
) -> pd.DataFrame:
    """The low-referrals alert (Essex 14.5) per area: the share of victims referred to support
    over the last 4 complete weeks against the 12 weeks before, and the floor (settings
    referral_floor); alert is True where it is low. protect: counts as an aggregate-only role
    sees them (each week and area randomly rounded; the door sets it)."""
    return store.run("alert_referrals", areas=area_list(areas), protect=protect)


@query(FORCE_WIDE)
def npcc_actions(store: Store) -> pd.DataFrame:
    """The force's action plan for the NPCC update: one row per action (recommendation,
    action, owner, due, status in words, overdue), in action_status's order (overdue first
    within a recommendation). Empty when no extract has supplied the plan (contract v2's
    actions table): the update then says "no action plan loaded" under each recommendation.
    Force-wide, as on the Recommendations page: an action has no area and counts no one."""
    plan = action_status(store)
    status = labels(store).get("action_status", {})
    return pd.DataFrame(
        {
            "recommendation": plan["recommendation"],
            "action": plan["description"],
            "owner": plan["owner"],
            "due": ["" if pd.isna(d) else f"{d:%-d %b %Y}" for d in plan["due_on"]],
            "status": [status.get(c, c) for c in plan["status"]],
            "overdue": plan["overdue"],
        },
        columns=list(ACTION_COLUMNS),
    )
