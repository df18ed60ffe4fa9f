"""Who may see what: roles, areas and the sign-in gate.

Access control is off only when nothing asks for it: one analyst on 127.0.0.1 sees
everything (role analyst, all areas). It is on as soon as anything configures it: an `[auth]`
or `[access]` section in .streamlit/secrets.toml, or the environment variable STALKING_ROLES
(even empty). Then every visitor signs in with OpenID Connect (st.login, the `[auth]` section)
and the roles file (STALKING_ROLES, or `[access] roles_file`) maps them to a role and areas.
It fails closed: a configuration that asks for sign-in and cannot enforce it (no roles file,
an empty variable, a misspelt key, a malformed file, an area the data does not know) serves
no data; the administrator reads why in the server's log, visitors see a generic message.

Roles:
- analyst: all areas, case level;
- supervisor: the areas listed, case level;
- board: aggregates only (no crime reference on any page or download; counts protected by
  queries.privacy), the areas listed or all.
Analysts and supervisors record the daily meeting's decisions (supervisors on their areas'
cases) unless their entry says `decisions = "read"`; the board sees no decision.

The roles file (TOML):

    groups_claim = "groups"          # the ID-token claim that lists a user's groups
    trust_email = false              # true only if users cannot set their own e-mail

    [users."ann.analyst@force.example"]      # e-mail addresses (matched when verified)
    role = "analyst"

    [users."sam.supervisor@force.example"]
    role = "supervisor"
    areas = ["E07000241", "E07000243"]
    decisions = "read"                        # sees the meeting's decisions, records none

    [subjects."0f3a9c1e-..."]                 # ID-token subjects (exactly as the provider sends)
    role = "board"

    [groups."chief-officers"]
    role = "board"

A person is matched by their verified e-mail among [users], else by their token's subject
among [subjects] (two key spaces: a subject that looks like an analyst's address matches
nothing in [users]), else by the first group in the file they belong to. Keys that differ
only in case are refused (which would win?). A signed-in person matched by nothing sees a
refusal, never data.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from common.settings_file import read_toml

ROLES = ("analyst", "supervisor", "board")
ROLES_VARIABLE = "STALKING_ROLES"
ACCESS_KEYS = ("roles_file",)


class RolesFileError(Exception):
    """Access control is asked for and cannot be enforced: the app refuses to serve rather
    than guess. The message is for the administrator (it may name files and people)."""


@dataclass(frozen=True)
class Access:
    """What the person using the app may see."""

    user: str
    role: str
    areas: tuple[str, ...] | None  # None: every area
    signed_in: bool = False  # False when access control is off
    read_only: bool = False  # sees the meeting's decisions but records none (roles file)

    @property
    def case_level(self) -> bool:
        """May see case references and case-level lists."""
        return self.role in ("analyst", "supervisor")

    @property
    def decides(self) -> bool:
        """May record the daily meeting's decisions (on cases within their areas)."""
        return self.case_level and not self.read_only

    @property
    def aggregates_only(self) -> bool:
        return self.role == "board"

    def restrict(self, chosen: list[str] | None) -> list[str] | None:
        """The areas a query may read: the chosen ones within the permitted ones.

        None means every area and is returned only when every area is permitted. A choice
        wholly outside the permitted areas gives an empty list (no rows), never all rows.
        """
        if self.areas is None:
            return list(chosen) if chosen else None
        if not chosen:
            return list(self.areas)
        return [a for a in chosen if a in self.areas]


LOCAL = Access(user="local analyst (access control off)", role="analyst", areas=None)


@dataclass(frozen=True)
class Rule:
    role: str
    areas: tuple[str, ...] | None
    read_only: bool = False  # decisions = "read": sees the meeting's decisions, records none


@dataclass(frozen=True)
class Roles:
    groups_claim: str
    users: dict[str, Rule]  # by e-mail, lower case
    groups: dict[str, Rule]  # in file order
    trust_email: bool = False  # match by an e-mail the provider has not marked verified
    subjects: dict[str, Rule] | None = None  # by token subject, exactly

    def resolve(
        self, email: str | None, subject: str | None, groups: list[str] | None
    ) -> Rule | None:
        """The rule for a person: by e-mail, else by subject, else the first matching group."""
        if email is not None and email.lower() in self.users:
            return self.users[email.lower()]
        if subject is not None and subject in (self.subjects or {}):
            return (self.subjects or {})[subject]
        member_of = set(groups or ())
        return next((rule for name, rule in self.groups.items() if name in member_of), None)

    def areas(self) -> set[str]:
        """Every area any entry names."""
        entries = [*self.users.values(), *(self.subjects or {}).values(), *self.groups.values()]
        return {a for rule in entries for a in (rule.areas or ())}


def _rule(where: str, entry: object) -> Rule:
    if not isinstance(entry, dict):
        raise RolesFileError(f"{where}: expected a table with role (and areas)")
    unknown = set(entry) - {"role", "areas", "decisions"}
    if unknown:
        raise RolesFileError(
            f"{where}: unknown key {sorted(unknown)[0]!r} (expected role, areas, decisions)"
        )
    decisions = entry.get("decisions", "record")
    if decisions not in ("record", "read"):
        raise RolesFileError(f"{where}: decisions is {decisions!r} (expected record or read)")
    role = entry.get("role")
    if role not in ROLES:
        raise RolesFileError(f"{where}: role is {role!r} (expected one of {', '.join(ROLES)})")
    areas = entry.get("areas")
    if areas is not None and (
        not isinstance(areas, list) or not all(isinstance(a, str) and a for a in areas)
    ):
        raise RolesFileError(f"{where}: areas must be a list of area codes")
    if areas == []:
        raise RolesFileError(
            f"{where}: areas is empty: list the areas, or leave the key out for every area"
        )
    if role == "supervisor" and not areas:
        raise RolesFileError(f"{where}: a supervisor needs the areas they supervise")
    if role == "analyst":
        areas = None  # analysts see every area
    return Rule(role, tuple(areas) if areas else None, decisions == "read")


def _entries(path: Path, section: str, data: Mapping, fold: bool) -> dict[str, Rule]:
    """A section's entries by key (lower-cased when fold), refusing keys equal but for case."""
    entries: dict[str, Rule] = {}
    seen: dict[str, str] = {}
    for name, entry in data.get(section, {}).items():
        key = str(name)
        if key.lower() in seen:
            raise RolesFileError(
                f"{path}: {section}.{seen[key.lower()]} and {section}.{key} differ only in case: "
                "keep one"
            )
        seen[key.lower()] = key
        if section == "users" and "@" not in key:
            raise RolesFileError(
                f"{path}: users.{key} is not an e-mail address: [users] holds e-mail addresses, "
                "put a token's subject under [subjects]"
            )
        entries[key.lower() if fold else key] = _rule(f"{path}: {section}.{key}", entry)
    return entries


def load_roles(path: Path) -> Roles:
    """Read and check a roles file; refuse anything ambiguous with a message naming the key."""
    data = read_toml(path, RolesFileError, "the roles file")
    unknown = set(data) - {"groups_claim", "users", "subjects", "groups", "trust_email"}
    if unknown:
        raise RolesFileError(f"{path}: unknown key {sorted(unknown)[0]!r}")
    users = _entries(path, "users", data, fold=True)
    subjects = _entries(path, "subjects", data, fold=False)
    groups = _entries(path, "groups", data, fold=False)
    if not users and not subjects and not groups:
        raise RolesFileError(
            f"{path}: no [users], [subjects] or [groups] entry: nobody could sign in"
        )
    trust_email = data.get("trust_email", False)
    if not isinstance(trust_email, bool):
        raise RolesFileError(f"{path}: trust_email must be true or false")
    return Roles(str(data.get("groups_claim", "groups")), users, groups, trust_email, subjects)


def check_areas(roles: Roles, known: Iterable[str], path: Path | str = "the roles file") -> None:
    """Refuse a roles file naming an area the data does not know (it would show plausible
    zeros instead of that area's figures)."""
    unknown = sorted(roles.areas() - set(known))
    if unknown:
        raise RolesFileError(
            f"{path}: area {', '.join(unknown)} is in no reference area or case of the database: "
            "correct the roles file (or the reference areas) and restart"
        )


def configured(secrets: Mapping | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether anything asks for access control: an [auth] or [access] section, or the
    STALKING_ROLES variable, set even if empty."""
    environ = os.environ if environ is None else environ
    secrets = secrets or {}
    return ROLES_VARIABLE in environ or "auth" in secrets or "access" in secrets


def roles_path(
    secrets: Mapping | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """The configured roles file; None when access control is off. Refuses a configuration
    that asks for access control and names no usable file (RolesFileError)."""
    environ = os.environ if environ is None else environ
    secrets = secrets or {}
    if not configured(secrets, environ):
        return None
    section = secrets.get("access") or {}
    if not isinstance(section, Mapping):
        raise RolesFileError("secrets [access] must be a section (roles_file = PATH)")
    unknown = sorted(set(section) - set(ACCESS_KEYS))
    if unknown:
        raise RolesFileError(
            f"secrets [access] has an unknown key {unknown[0]!r} (expected roles_file)"
        )
    if ROLES_VARIABLE in environ:
        configured_path = environ[ROLES_VARIABLE].strip()
        where = f"the environment variable {ROLES_VARIABLE}"
    else:
        configured_path = str(section.get("roles_file") or "").strip()
        where = "secrets [access] roles_file"
    if not configured_path:
        raise RolesFileError(
            f"access control is asked for but {where} names no roles file: set it to the "
            "roles file's path (README: Who sees what)"
        )
    return Path(configured_path)


def access_for(roles: Roles, claims: dict) -> Access | None:
    """The Access of a signed-in user from their ID-token claims, or None if unknown.

    A user is matched by e-mail only when the provider says the address is verified
    (email_verified true), or when the roles file sets trust_email (for a provider whose
    users cannot set their own address); otherwise by the token's subject among [subjects].
    Anyone could otherwise claim an analyst's address at a provider that lets users edit it.
    """
    email = claims.get("email")
    verified = claims.get("email_verified") is True or roles.trust_email
    email = email if isinstance(email, str) and email and verified else None
    subject = claims.get("sub") if isinstance(claims.get("sub"), str) else None
    groups = claims.get(roles.groups_claim)
    if isinstance(groups, str):
        groups = [groups]
    rule = roles.resolve(email, subject, groups if isinstance(groups, list) else None)
    if rule is None:
        return None
    return Access(
        user=str(email or subject),
        role=rule.role,
        areas=rule.areas,
        signed_in=True,
        read_only=rule.read_only,
    )
