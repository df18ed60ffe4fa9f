"""What a pack covers and for whom: the period, the areas, the person's access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from queries.access import ROLES, Access
from queries.api import Period, last_complete_month, period_from_text, period_text, trailing


class BadScope(Exception):
    """A period, an area or a role a pack cannot be made for (the message says which)."""


def default_period(as_at: datetime | date, months: int = 12) -> Period:
    """The last `months` complete months before the as-at date (the screen's default)."""
    return trailing(last_complete_month(as_at), months)


def parse_period(text: str) -> Period:
    """'2025-10:2026-09' as the months October 2025 to September 2026, read as an address
    reads a period (api.period_from_text), the last month always given."""
    period = period_from_text(text) if ":" in text else None
    if period is None:
        raise BadScope(
            f"period {text!r}: expected FIRST:LAST months (01 to 12, the last not before the "
            "first), such as 2025-10:2026-09"
        )
    return period


def parse_areas(text: str | None) -> list[str] | None:
    """'E07000241,E07000243' as a list of codes; None (every area) when not given."""
    if text is None:
        return None
    codes = [c.strip() for c in text.split(",") if c.strip()]
    if not codes:
        raise BadScope("areas: give area codes separated by commas, or leave --areas out")
    return codes


def access(role: str, areas: list[str] | None, user: str) -> Access:
    """The access a pack is made with: the role, and the areas it may read."""
    if role not in ROLES:
        raise BadScope(f"role {role!r}: expected one of {', '.join(ROLES)}")
    if role == "supervisor" and not areas:
        raise BadScope("a supervisor's pack needs their areas (--areas)")
    return Access(user=user, role=role, areas=tuple(areas) if areas else None)


def check_areas(areas: list[str] | None, known: set[str]) -> None:
    """Refuse an area the database does not know: its pack would show plausible zeros."""
    unknown = sorted(set(areas or ()) - known)
    if unknown:
        raise BadScope(f"area {', '.join(unknown)} is in no reference area or case of the database")


@dataclass(frozen=True)
class Scope:
    """A pack's period and areas, and who it is made for."""

    who: Access
    period: Period

    @property
    def areas(self) -> list[str] | None:
        """The areas the queries read (the door narrows any choice to these)."""
        return list(self.who.areas) if self.who.areas else None

    def filters(self) -> dict:
        """The filters, as the audit records them."""
        return {
            "period": period_text(self.period),
            "areas": self.areas or "all",
            "role": self.who.role,
        }
