"""Who may see what: roles, areas and the sign-in gate.

Access control is off by default: one analyst on 127.0.0.1 sees everything (role analyst,
all areas). It is on when a roles file is configured, by the environment variable
STALKING_ROLES or `[access] roles_file` in .streamlit/secrets.toml; then every visitor
signs in with OpenID Connect (st.login, configured in the `[auth]` section of the same
secrets file) and the roles file maps them to a role and the areas they may see.

Roles:
- analyst: all areas, case level;
- supervisor: the areas listed, case level;
- board: aggregates only (no crime reference on any page or download; counts 1 to 4 shown
  as "<5"), the areas listed or all.

The roles file (TOML):

    groups_claim = "groups"          # the ID-token claim that lists a user's groups
    trust_email = false              # true only if users cannot set their own e-mail

    [users."ann.analyst@force.example"]
    role = "analyst"

    [users."sam.supervisor@force.example"]
    role = "supervisor"
    areas = ["E07000241", "E07000243"]

    [groups."chief-officers"]
    role = "board"

A user is matched by their verified e-mail (or the token's subject) first; otherwise by
the first group in the file that they belong to. A signed-in person matched by nothing
sees a refusal, never data.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROLES = ("analyst", "supervisor", "board")


class RolesFileError(Exception):
    """The roles file is missing or malformed: the app refuses to serve rather than guess."""


@dataclass(frozen=True)
class Access:
    """What the person using the app may see."""

    user: str
    role: str
    areas: tuple[str, ...] | None  # None: every area
    signed_in: bool = False  # False when access control is off

    @property
    def case_level(self) -> bool:
        """May see case references and case-level lists."""
        return self.role in ("analyst", "supervisor")

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


@dataclass(frozen=True)
class Roles:
    groups_claim: str
    users: dict[str, Rule]
    groups: dict[str, Rule]  # in file order
    trust_email: bool = False  # match by an e-mail the provider has not marked verified

    def resolve(self, identity: str | None, groups: list[str] | None) -> Rule | None:
        """The rule for a user: by identity first, then the first matching group."""
        if identity is not None:
            rule = self.users.get(identity.lower())
            if rule is not None:
                return rule
        member_of = set(groups or ())
        return next((rule for name, rule in self.groups.items() if name in member_of), None)


def _rule(where: str, entry: object) -> Rule:
    if not isinstance(entry, dict):
        raise RolesFileError(f"{where}: expected a table with role (and areas)")
    unknown = set(entry) - {"role", "areas"}
    if unknown:
        raise RolesFileError(f"{where}: unknown key {sorted(unknown)[0]!r} (expected role, areas)")
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
    return Rule(role, tuple(areas) if areas else None)


def load_roles(path: Path) -> Roles:
    """Read and check a roles file; refuse anything ambiguous with a message naming the key."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RolesFileError(f"{path}: the roles file does not exist") from None
    except tomllib.TOMLDecodeError as e:
        raise RolesFileError(f"{path}: not valid TOML: {e}") from None
    unknown = set(data) - {"groups_claim", "users", "groups", "trust_email"}
    if unknown:
        raise RolesFileError(f"{path}: unknown key {sorted(unknown)[0]!r}")
    users = {
        str(name).lower(): _rule(f"{path}: users.{name}", entry)
        for name, entry in data.get("users", {}).items()
    }
    groups = {
        str(name): _rule(f"{path}: groups.{name}", entry)
        for name, entry in data.get("groups", {}).items()
    }
    if not users and not groups:
        raise RolesFileError(f"{path}: no [users] or [groups] entry: nobody could sign in")
    trust_email = data.get("trust_email", False)
    if not isinstance(trust_email, bool):
        raise RolesFileError(f"{path}: trust_email must be true or false")
    return Roles(str(data.get("groups_claim", "groups")), users, groups, trust_email)


def roles_path(secrets: dict | None = None) -> Path | None:
    """The configured roles file, or None when access control is off."""
    configured = os.environ.get("STALKING_ROLES")
    if not configured and secrets:
        configured = (secrets.get("access") or {}).get("roles_file")
    return Path(configured) if configured else None


def access_for(roles: Roles, claims: dict) -> Access | None:
    """The Access of a signed-in user from their ID-token claims, or None if unknown.

    A user is matched by e-mail only when the provider says the address is verified
    (email_verified true), or when the roles file sets trust_email (for a provider whose
    users cannot set their own address); otherwise by the token's subject. Anyone could
    otherwise claim an analyst's address at a provider that lets users edit it.
    """
    email = claims.get("email")
    verified = claims.get("email_verified") is True or roles.trust_email
    identity = email if email and verified else claims.get("sub")
    groups = claims.get(roles.groups_claim)
    if isinstance(groups, str):
        groups = [groups]
    rule = roles.resolve(identity, groups if isinstance(groups, list) else None)
    if rule is None:
        return None
    return Access(user=str(identity), role=rule.role, areas=rule.areas, signed_in=True)
