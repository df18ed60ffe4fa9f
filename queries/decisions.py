"""Recording the daily meeting's decisions, as the person recording may (spec meetings.md).

The one write the product takes from a page. Who may: analysts and supervisors whose entry in
the roles file does not say `decisions = "read"`, on cases within their areas; never the board
role. Each decision is checked (common.decisions: an action from the list, an owner, a review
date not before the meeting, a note of at most 280 characters holding nothing that looks like
a person), stored whole or not at all beside the database, and audited.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from common import decisions

from . import audit
from .access import Access
from .door import NotPermitted
from .store import Store

LOCAL = "local"  # recorded_by when sign-in is off (spec)


def record(
    store: Store,
    who: Access,
    *,
    crime_ref: str,
    meeting_on: date,
    action: str,
    owner: str,
    review_on: date | None,
    note: str | None,
    audit_file: Path | None = None,
    page: str | None = None,
) -> decisions.Decision:
    """Record one decision for the person `who`; NotPermitted when they may not record on
    that case, DecisionRefused (naming the field) when a field breaks a rule."""
    if not who.decides:
        raise NotPermitted(f"the {who.role} role records no decision here")
    if store.run("case_area", crime_ref=crime_ref, areas=who.restrict(None)).empty:
        raise NotPermitted("that case is not in the areas you may see")
    decision = decisions.Decision(
        crime_ref=crime_ref,
        meeting_on=meeting_on,
        action=action,
        owner=(owner or "").strip(),
        review_on=review_on,
        note=(note or "").strip() or None,
        recorded_by=who.user if who.signed_in else LOCAL,
        recorded_at=decisions.now(),
    )
    stored = decisions.record(decisions.decisions_path(store.path), decision, like=store.path)
    if audit_file is not None:
        audit.record(
            audit_file,
            user=who.user,
            role=who.role,
            action="decide",
            page=page,
            what=crime_ref,
            filters={"action": action, "decision_id": stored.decision_id},
            rows=1,
        )
    return stored
