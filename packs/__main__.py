"""Command line: the packs that leave the screen.

    python -m packs board --db PATH --out FILE.pdf [--period 2025-10:2026-09] [--areas CODE,...]
                          [--role board|supervisor|analyst]
    python -m packs npcc  --db PATH --out FILE.pdf|FILE.docx [--period ...] [--role ...]
    python -m packs send  --db PATH --recipients recipients.toml [--dry-run]

A force runs them from cron, a systemd timer or Windows Task Scheduler. The role defaults to
board (aggregates only, every count rounded): a pack leaves the screen. Every pack written or
sent is audited (queries.audit).

Exit status: 0 done; 1 refused, nothing written or sent (a period, role, area, database or
recipients file that cannot be used, a browser that cannot start, a file that cannot be
written: the message names it); 2 the command was mistyped; 3 an internal error (the details
in DB.errors.log, never a traceback on screen); 4 `send` reached some recipients and not
others (those missed are named).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from queries import api, audit
from queries.access import ROLES
from queries.door import NotPermitted

from .delivery import NotDelivered, write_whole
from .make import make, scope_for
from .recipients import RecipientsRefused
from .render import Renderer, RenderRefused
from .scope import BadScope, access, parse_areas
from .send import send

REFUSALS = (
    BadScope,
    RecipientsRefused,
    RenderRefused,
    NotDelivered,
    NotPermitted,
    api.NoDatabase,
    api.CorruptDatabase,
    api.UnreadableDatabase,
    api.NeedsRebuild,
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m packs", description="Make and send the stalking dashboard's packs."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    board = commands.add_parser("board", help="the board pack (PDF, A4 landscape)")
    npcc = commands.add_parser("npcc", help="the NPCC six-month update (PDF or DOCX)")
    for command, kinds in ((board, ".pdf"), (npcc, ".pdf or .docx")):
        command.add_argument("--db", type=Path, required=True, help="the database file")
        command.add_argument("--out", type=Path, required=True, help=f"the file to write ({kinds})")
        command.add_argument("--period", help="FIRST:LAST months, e.g. 2025-10:2026-09")
        command.add_argument("--role", choices=ROLES, default="board", help="default: board")
    board.add_argument("--areas", help="area codes separated by commas (default: all)")
    npcc.add_argument("--areas", help="area codes separated by commas (default: all)")
    sender = commands.add_parser("send", help="each recipient's pack, by e-mail or to a folder")
    sender.add_argument("--db", type=Path, required=True, help="the database file")
    sender.add_argument("--recipients", type=Path, required=True, help="recipients.toml")
    sender.add_argument("--dry-run", action="store_true", help="make and list, send nothing")
    return top


def _one(args) -> int:
    kind = args.out.suffix.lower().lstrip(".")
    if kind not in (("pdf",) if args.command == "board" else ("pdf", "docx")):
        raise BadScope(
            f"--out {args.out}: a {args.command} pack is written as .pdf"
            + (" or .docx" if args.command == "npcc" else "")
        )
    store = api.Store(args.db)
    user = f"{getpass.getuser()} (command line)"
    who = access(args.role, parse_areas(args.areas), user)
    scope = scope_for(store, who, args.period, args.command)
    with Renderer() as renderer:  # started only for a PDF
        made = make(store, scope, args.command, kind, renderer)
    write_whole(args.out, made.content)
    audit.record(
        audit.audit_path(args.db),
        user=user,
        role=args.role,
        action="write",
        page=f"packs {args.command}",
        what=str(args.out),
        filters=scope.filters(),
        rows=None,
    )
    print(f"Wrote {args.out}: {made.describe()}.")
    return 0


def _send(args) -> int:
    outcomes = send(args.db, args.recipients, dry_run=args.dry_run)
    for o in (o for o in outcomes if o.sent):
        print(o.message if args.dry_run else f"sent: {o.message}")
    missed = [o for o in outcomes if not o.sent]
    for o in missed:
        print(f"NOT SENT: {o.message}", file=sys.stderr)
    if missed:
        print(
            f"{len(missed)} of {len(outcomes)} recipient(s) missed: "
            + ", ".join(o.recipient.name for o in missed),
            file=sys.stderr,
        )
        return 4
    return 0


def _log(db: Path | None) -> Path | None:
    """The traceback, appended to DB.errors.log (readable by the database's owner only)."""
    if db is None:
        return None
    log = db.with_name(db.name + ".errors.log")
    try:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} packs\n{traceback.format_exc()}\n")
    except OSError:
        return None
    return log


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _send(args) if args.command == "send" else _one(args)
    except REFUSALS as e:
        print(f"Refused; nothing was written or sent.\n{e}", file=sys.stderr)
        return 1
    except OSError as e:  # the database or a file the system refuses
        print(
            f"Refused; nothing was written or sent.\n{e.filename or ''}: {e.strerror}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("Interrupted; nothing more was sent.", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - no traceback reaches a user
        log = _log(getattr(args, "db", None))
        print(
            f"Internal error ({type(e).__name__}); nothing more was written or sent."
            + (f" Details: {log}" if log else ""),
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
