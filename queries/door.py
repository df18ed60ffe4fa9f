"""The door between the pages (or the packs) and the queries: who may run what, on which areas,
with which counts suppressed, declared where each query is defined.

Each query function of queries.api carries a Rule, set by the `@query(...)` decorator at its
definition and registered by name in QUERIES (permissions as data, checked by name at the
call site, as Datasette does):
- its level: REFERENCE (reference data and status: everyone), AGGREGATE (counts by area:
  everyone, narrowed to the person's areas), FORCE_WIDE (data-quality counts over every
  area: everyone), CASE_LEVEL (case references or locations: case-level roles only, narrowed
  to their areas, audited), ANALYST (values and references of any area: analysts only,
  audited);
- its privacy rule: which result columns count people or cases. For a role that sees
  aggregates only, such a query must take `protect` (its SQL rounds every cell, queries.
  privacy), which the door sets; one that cannot is refused to that role.

`prepare` binds a call, refuses it when the person's role may not run it, replaces its areas
with those the person may read (a bound SQL parameter downstream, whatever the page asked
for) and sets `protect` for the role. The Streamlit door (dashboards.data) caches and audits around it; `Door` is the
same door for code that runs outside Streamlit (the packs, tests).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .access import Access

# The unit columns of breakdown views (summed; every other column is a dimension), and so
# the counts a breakdown's privacy rule names.
UNITS = ("cases", "crimes", "victims", "suspects", "breaches", "answer")


class Level(Enum):
    REFERENCE = "reference data and status"
    AGGREGATE = "aggregate"
    FORCE_WIDE = "force-wide data quality"
    CASE_LEVEL = "case level"
    ANALYST = "analysts only"


REFERENCE, AGGREGATE, FORCE_WIDE, CASE_LEVEL, ANALYST = Level


class NotPermitted(Exception):
    """The person's role may not see this."""


@dataclass(frozen=True)
class Rule:
    """What a query may show, and to whom (declared with @query at its definition)."""

    name: str
    level: Level
    counts: tuple[str, ...] = ()  # columns counting people or cases: protected for the board
    counts_all_but: tuple[str, ...] | None = None  # every column but these is a count
    cached: bool = True  # False: reads files beside the database that change without it

    @property
    def counts_people(self) -> bool:
        return bool(self.counts) or self.counts_all_but is not None

    @property
    def audited(self) -> bool:
        """Case-level results: every view and download is written to the audit."""
        return self.level in (CASE_LEVEL, ANALYST)

    def permits(self, who: Access) -> bool:
        if self.level is CASE_LEVEL:
            return who.case_level
        if self.level is ANALYST:
            return who.role == "analyst"
        return True


QUERIES: dict[str, Rule] = {}


def query(
    level: Level,
    *,
    counts: tuple[str, ...] = (),
    counts_all_but: tuple[str, ...] | None = None,
    cached: bool = True,
    name: str | None = None,
) -> Callable:
    """Declare a query function's access level and privacy rule, and register it."""

    def register(function: Callable) -> Callable:
        rule = Rule(name or function.__name__, level, counts, counts_all_but, cached)
        if rule.name in QUERIES:
            raise ValueError(f"two queries are called {rule.name}")
        QUERIES[rule.name] = rule
        function.rule = rule
        return function

    return register


def rule_named(name: str) -> Rule | None:
    """The rule registered under a query's name (the API registers its queries on import)."""
    from . import api  # noqa: F401

    return QUERIES.get(name)


def rule_of(function: Callable) -> Rule:
    """The registered rule of a query function; anything else is refused to everyone."""
    rule = getattr(function, "rule", None)
    if not isinstance(rule, Rule) or QUERIES.get(rule.name) is not rule:
        raise NotPermitted(f"{getattr(function, '__name__', function)!r} is not a query")
    return rule


@dataclass(frozen=True)
class Call:
    """A query call as the person may make it: the rule and the arguments by name, areas
    narrowed (the store left out)."""

    function: Callable
    rule: Rule
    arguments: dict

    def key(self) -> tuple:
        return tuple(sorted(self.arguments.items()))


def prepare(function: Callable, args: tuple, kwargs: dict, who: Access) -> Call:
    """Bind a call; refuse it if the person's role may not run it; narrow its areas; set
    whether its counts are protected."""
    rule = rule_of(function)
    if not rule.permits(who):
        raise NotPermitted(f"{rule.name} ({rule.level.value}) is not shown to the {who.role} role")
    signature = inspect.signature(function)
    if rule.counts_people and who.aggregates_only and "protect" not in signature.parameters:
        raise NotPermitted(f"{rule.name} cannot protect its counts for the {who.role} role")
    bound = signature.bind(None, *args, **kwargs)
    if "areas" in signature.parameters:
        bound.arguments["areas"] = who.restrict(bound.arguments.get("areas"))
    if "protect" in signature.parameters:
        bound.arguments["protect"] = who.aggregates_only
    arguments = {name: value for name, value in bound.arguments.items() if name != "store"}
    return Call(function, rule, arguments)


class Door:
    """The door for code outside Streamlit: permission, areas, audit and suppression, as on
    the pages (dashboards.data adds the caches)."""

    def __init__(self, store, who: Access, audit_file: Path | None = None, page: str = ""):
        self.store, self.who, self.audit_file, self.page = store, who, audit_file, page

    def __call__(self, function: Callable, *args, **kwargs):
        from . import api, audit, privacy

        call = prepare(function, args, kwargs, self.who)
        result = function(self.store, **call.arguments)
        if call.rule.audited and self.audit_file is not None:
            audit.record(
                self.audit_file,
                user=self.who.user,
                role=self.who.role,
                action="view",
                page=self.page,
                what=call.rule.name,
                filters=call.arguments,
                rows=len(result) if hasattr(result, "__len__") else None,
            )
        if self.who.aggregates_only and call.rule.counts_people:
            base = int(api.settings(self.store)["disclosure_rounding_base"])
            privacy.verify(result, call.rule, base)
        return result
