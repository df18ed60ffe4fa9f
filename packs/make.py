"""A pack made for a person: the board pack (PDF) or the NPCC update (PDF or DOCX), read from
the database through the door with their role and areas."""

from __future__ import annotations

import re
from dataclasses import dataclass

from queries import api
from queries.access import Access
from queries.door import Door

from .board import board_pack, force_name
from .npcc import document, npcc_update, to_docx
from .render import Renderer
from .scope import Scope, check_areas, default_period, parse_period

NPCC_MONTHS = 6  # the six-month update's "now": the last six complete months


@dataclass(frozen=True)
class Made:
    content: bytes
    file_name: str
    kind: str  # pdf or docx
    scope: Scope

    def describe(self) -> str:
        p = self.scope.period
        return f"{self.file_name} ({len(self.content):,} bytes; {p.start:%b %Y} to {p.end:%b %Y})"


def scope_for(store: api.Store, who: Access, period: str | None, pack: str) -> Scope:
    """The pack's scope: the period asked for, or the default (12 months for the board pack,
    6 for the NPCC update), and areas the database knows."""
    check_areas(list(who.areas or ()), set(api.areas(store)["area_code"]))
    if period:
        return Scope(who, parse_period(period))
    months = NPCC_MONTHS if pack == "npcc" else 12
    return Scope(who, default_period(api.status(store)["as_at"], months))


def file_name(pack: str, scope: Scope, kind: str) -> str:
    """'stalking-board-pack-2025-11-to-2026-10-supervisor-E07000241.pdf'."""
    p = scope.period
    areas = "-".join(scope.areas) if scope.areas else "all-areas"
    stem = f"stalking-{pack}-{p.start:%Y-%m}-to-{p.end:%Y-%m}-{scope.who.role}-{areas}"
    return re.sub(r"[^A-Za-z0-9.-]+", "-", stem)[:150] + f".{kind}"


def make(store: api.Store, scope: Scope, pack: str, kind: str, renderer: Renderer | None) -> Made:
    """Make one pack (renderer: the browser, for a PDF)."""
    door = Door(store, scope.who)
    if pack == "board":
        content = board_pack(door, scope).pdf(renderer)
    else:
        update = npcc_update(door, scope, force_name(door))
        content = to_docx(update) if kind == "docx" else document(update).pdf(renderer)
    return Made(content, file_name(pack, scope, kind), kind, scope)
