"""recipients.toml: who gets which pack, with which role and areas, and how it reaches them.

    roles_file = "/etc/stalking-dashboard/roles.toml"   # optional: roles and areas looked up here

    [smtp]                                   # needed when any recipient has an e-mail
    host = "smtp.force.example"
    port = 587
    starttls = true
    sender = "stalking-dashboard@force.example"
    username_env = "STALKING_SMTP_USER"      # credentials come from the environment, never here
    password_env = "STALKING_SMTP_PASSWORD"
    timeout = 30                             # seconds

    [[recipient]]
    name = "Chief officers' board"
    email = "board@force.example"            # or: folder = "/srv/packs/board"
    pack = "board"                           # board or npcc
    role = "board"                           # unless the roles file has this e-mail
    areas = ["E07000241"]                    # optional for the board role
    period = "2025-10:2026-09"               # optional: the default is the last 12 months
    format = "pdf"                           # npcc only: pdf or docx

A recipient whose e-mail the roles file lists gets that entry's role and areas; one given here
as well must agree with it. A recipient whose role or areas are unknown, or that names no
e-mail or folder, is reported and skipped: the rest are sent. A file that cannot be read at
all (not TOML, an unknown key, no recipient) is refused whole and nothing is sent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from common.settings_file import read_toml
from queries.access import ROLES, RolesFileError, load_roles

TOP_KEYS = {"roles_file", "smtp", "recipient"}
SMTP_KEYS = {"host", "port", "starttls", "sender", "username_env", "password_env", "timeout"}
RECIPIENT_KEYS = {"name", "email", "folder", "pack", "role", "areas", "period", "format"}
PACKS = ("board", "npcc")
FORMATS = {"board": ("pdf",), "npcc": ("pdf", "docx")}


class RecipientsRefused(Exception):
    """The recipients file cannot be used at all (nothing is sent)."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    starttls: bool = False
    sender: str = "stalking-dashboard@localhost"
    username_env: str | None = None
    password_env: str | None = None
    timeout: float = 30.0

    def credentials(self) -> tuple[str, str] | None:
        """(user, password) from the environment, when the file names the variables."""
        if not self.username_env:
            return None
        missing = [v for v in (self.username_env, self.password_env) if v and v not in os.environ]
        if missing:
            raise RecipientsRefused(
                f"[smtp] names the environment variable {missing[0]}, which is not set"
            )
        return os.environ[self.username_env], os.environ.get(self.password_env or "", "")


@dataclass(frozen=True)
class Recipient:
    """One entry, checked: its pack, role, areas and where it goes; `problem` when skipped."""

    name: str
    pack: str = "board"
    role: str | None = None
    areas: tuple[str, ...] | None = None
    email: str | None = None
    folder: Path | None = None
    period: str | None = None
    format: str = "pdf"
    problem: str | None = None

    @property
    def address(self) -> str:
        return self.email or str(self.folder)


@dataclass(frozen=True)
class Recipients:
    smtp: Smtp | None
    recipients: list[Recipient]


def _smtp(data) -> Smtp | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not data.get("host"):
        raise RecipientsRefused("[smtp] needs a host")
    unknown = sorted(set(data) - SMTP_KEYS)
    if unknown:
        raise RecipientsRefused(f"[smtp] has an unknown key {unknown[0]!r}")
    try:
        return Smtp(
            host=str(data["host"]),
            port=int(data.get("port", 25)),
            starttls=bool(data.get("starttls", False)),
            sender=str(data.get("sender", Smtp.sender)),
            username_env=data.get("username_env"),
            password_env=data.get("password_env"),
            timeout=float(data.get("timeout", 30)),
        )
    except (TypeError, ValueError) as e:
        raise RecipientsRefused(f"[smtp]: {e}") from None


def _where(entry: dict, number: int) -> str:
    return f"recipient {number} ({entry.get('name') or entry.get('email') or 'no name'})"


def _looked_up(entry: dict, roles) -> tuple[str | None, tuple[str, ...] | None, str | None]:
    """(role, areas, problem): the roles file's when it lists the e-mail, else the entry's."""
    given_role = entry.get("role")
    given_areas = tuple(entry["areas"]) if entry.get("areas") else None
    email = str(entry.get("email") or "").lower()
    rule = roles.users.get(email) if roles is not None and email else None
    if rule is None:
        return given_role, given_areas, None
    if (given_role is not None and given_role != rule.role) or (
        given_areas is not None and given_areas != rule.areas
    ):
        return None, None, "its role or areas differ from the roles file's: correct one of them"
    return rule.role, rule.areas, None


def _recipient(entry, number: int, roles, known_areas: set[str]) -> Recipient:
    """An entry checked; a recipient with `problem` set is reported and skipped."""
    if not isinstance(entry, dict):
        return Recipient(f"recipient {number}", problem="not a table of keys")
    name = str(entry.get("name") or entry.get("email") or entry.get("folder") or number)
    unknown = sorted(set(entry) - RECIPIENT_KEYS)
    role, areas, problem = _looked_up(entry, roles)
    pack = entry.get("pack", "board")
    fmt = entry.get("format", "pdf")
    folder = Path(entry["folder"]) if entry.get("folder") else None
    if unknown:
        problem = f"unknown key {unknown[0]!r}"
    elif pack not in PACKS:
        problem = f"pack {pack!r} is not one of {', '.join(PACKS)}"
    elif fmt not in FORMATS[pack]:
        problem = f"format {fmt!r}: a {pack} pack is {' or '.join(FORMATS[pack])}"
    elif not entry.get("email") and folder is None:
        problem = "no email or folder to deliver to"
    elif problem is None and role not in ROLES:
        problem = f"role {role!r} is unknown (expected one of {', '.join(ROLES)})"
    elif problem is None and role == "supervisor" and not areas:
        problem = "a supervisor's pack needs their areas"
    elif problem is None and set(areas or ()) - known_areas:
        problem = f"area {', '.join(sorted(set(areas) - known_areas))} is unknown to the database"
    return Recipient(
        name,
        pack,
        role,
        None if role == "analyst" else areas,
        entry.get("email"),
        folder,
        entry.get("period"),
        fmt,
        problem and f"{_where(entry, number)}: {problem}",
    )


def read_recipients(path: Path, known_areas: set[str]) -> Recipients:
    """The recipients file, each entry checked (RecipientsRefused when it cannot be read)."""
    data = read_toml(path, RecipientsRefused, "the recipients file")
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise RecipientsRefused(f"{path}: unknown key {unknown[0]!r}")
    entries = data.get("recipient")
    if not isinstance(entries, list) or not entries:
        raise RecipientsRefused(f"{path}: no [[recipient]] entry")
    roles = None
    if data.get("roles_file"):
        roles_path = Path(path).parent / str(data["roles_file"])
        try:
            roles = load_roles(roles_path)
        except RolesFileError as e:
            raise RecipientsRefused(str(e)) from None
    recipients = [_recipient(e, i, roles, known_areas) for i, e in enumerate(entries, start=1)]
    smtp = _smtp(data.get("smtp"))
    if smtp is None and any(r.email and r.problem is None for r in recipients):
        raise RecipientsRefused(f"{path}: recipients have e-mail addresses but there is no [smtp]")
    return Recipients(smtp, recipients)
