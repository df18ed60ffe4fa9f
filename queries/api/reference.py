"""Status and reference data: the as-at moment, loads, areas, settings, the catalogue."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from ..build import fingerprint
from ..door import FORCE_WIDE, REFERENCE, query
from ..store import NoDatabase, Store
from ._params import areas as area_list


@query(REFERENCE)
def status(store: Store) -> dict:
    """As-at moment, the latest load and the age of the newest extract."""
    row = store.run("status")
    if row.empty:
        raise NoDatabase(f"{store.path} has no committed load yet")
    latest = row.iloc[0].to_dict()
    latest["build_current"] = latest.pop("built_by") == fingerprint()
    latest["age_days"] = (datetime.now() - latest["as_at"]).total_seconds() / 86400
    return latest


@query(FORCE_WIDE)
def load_log(store: Store) -> pd.DataFrame:
    """Every committed load, newest first."""
    return store.run("load_log")


@query(REFERENCE)
def months_available(store: Store) -> list[date]:
    """The months in which some stalking case was reported."""
    months = store.run("months")["month"]
    return [d.date() if isinstance(d, datetime) else d for d in months]


@query(REFERENCE)
def areas(store: Store, areas: list[str] | None = None) -> pd.DataFrame:
    """Every area code seen in the cases or the reference, with its name and population;
    with `areas`, just those (the door passes a person's permitted areas)."""
    return store.run("areas", areas=area_list(areas))


@query(REFERENCE)
def settings(store: Store) -> dict[str, float]:
    """Every window, target and threshold by name."""
    df = store.run("settings")
    return dict(zip(df["name"], df["value"], strict=True))


@query(REFERENCE)
def labels(store: Store) -> dict[str, dict[str, str]]:
    """The words for every code, by vocabulary then code (labels.csv and the reference
    tables: offence and outcome codes, units, services, risk tools, areas, neighbourhoods,
    LSOAs). Pages, exports and packs show these, never the code alone."""
    found: dict[str, dict[str, str]] = {}
    for vocabulary, code, label in store.run("labels").itertuples(index=False):
        found.setdefault(vocabulary, {})[code] = label
    return found


@query(REFERENCE)
def supplied_tables(store: Store) -> set[str]:
    """Contract tables some load has supplied (a table never supplied means "no data")."""
    return set(store.run("supplied_tables")["table_name"])


@query(REFERENCE)
def catalogue_frame(store: Store) -> pd.DataFrame:
    """The catalogue with each measure's target (percent) from settings."""
    return store.run("catalogue")
