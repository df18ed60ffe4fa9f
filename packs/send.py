"""python -m packs send: each recipient's pack, by e-mail or into a folder, audited.

One browser for the whole run. A pack is made once for each distinct pack, role, areas,
period and format (recipients who would get the same figures get the same file). A recipient
who cannot be served (unknown role or areas, a period it cannot read, a mail server that
refuses or does not answer, a full disk) is reported and skipped; the rest are sent. Every
pack sent is written to the audit (queries.audit): who, what, the filters, when.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from queries import api, audit
from queries.access import Access
from queries.door import Door, NotPermitted

from . import delivery
from .board import force_name
from .make import Made, make, scope_for
from .recipients import Recipient, Recipients, read_recipients
from .render import Renderer
from .scope import BadScope


@dataclass(frozen=True)
class Outcome:
    recipient: Recipient
    sent: bool
    message: str


def body(made: Made, force: str) -> str:
    p = made.scope.period
    areas = ", ".join(made.scope.areas) if made.scope.areas else "all areas"
    return (
        f"Attached: {made.file_name}, {force}'s stalking "
        f"{'board pack' if 'board' in made.file_name else 'NPCC six-month update'} for "
        f"{p.start:%B %Y} to {p.end:%B %Y} ({areas}), made for the {made.scope.who.role} role.\n\n"
        "It is marked OFFICIAL-SENSITIVE: keep and share it as that marking requires.\n"
    )


class Sender:
    """Makes and delivers the packs of one recipients file."""

    def __init__(self, db: Path, listed: Recipients, renderer: Renderer, dry_run: bool):
        self.db, self.listed, self.renderer, self.dry_run = db, listed, renderer, dry_run
        self.store = api.Store(db)
        self.made: dict[tuple, Made] = {}
        self.force = force_name(Door(self.store, Access("packs send", "board", None)))

    def pack_for(self, r: Recipient) -> Made:
        """The recipient's pack (made once for everyone with the same scope)."""
        who = Access(user=r.address, role=r.role, areas=r.areas)
        scope = scope_for(self.store, who, r.period, r.pack)
        key = (r.pack, r.role, r.areas, scope.period, r.format)
        if key not in self.made:
            self.made[key] = make(self.store, scope, r.pack, r.format, self.renderer)
        return self.made[key]

    def deliver(self, r: Recipient, made: Made) -> str:
        if r.email:
            subject = f"stalking {r.pack} pack, {made.scope.period.start:%b %Y} to "
            subject += f"{made.scope.period.end:%b %Y}"
            delivery.email(
                self.listed.smtp,
                r.email,
                subject,
                body(made, self.force),
                made.content,
                made.file_name,
                made.kind,
            )
            return f"e-mailed to {r.email}"
        path = delivery.write_whole(r.folder / made.file_name, made.content)
        return f"written to {path}"

    def one(self, r: Recipient) -> Outcome:
        if r.problem:
            return Outcome(r, False, r.problem)
        try:
            made = self.pack_for(r)
            if self.dry_run:
                return Outcome(r, True, f"would send {made.describe()} to {r.address}")
            how = self.deliver(r, made)
        except (BadScope, NotPermitted, delivery.NotDelivered) as e:
            return Outcome(r, False, f"{r.name}: {e}")
        audit.record(
            audit.audit_path(self.db),
            user=r.address,
            role=r.role,
            action="send",
            page="packs send",
            what=made.file_name,
            filters={**made.scope.filters(), "recipient": r.name, "delivery": how},
            rows=None,
        )
        return Outcome(r, True, f"{r.name}: {made.describe()} {how}")


def send(
    db: Path, recipients_file: Path, *, dry_run: bool = False, renderer: Renderer | None = None
) -> list[Outcome]:
    """Make and deliver every recipient's pack; one outcome each, in the file's order."""
    store = api.Store(db)
    listed = read_recipients(recipients_file, set(api.areas(store)["area_code"]))
    with Renderer() if renderer is None else nullcontext(renderer) as browser:
        sender = Sender(db, listed, browser, dry_run)
        return [sender.one(r) for r in listed.recipients]
