"""Words for codes: what every table, chart and export shows instead of a code.

The words live in reference data beside the codes (pipelines/reference/labels.csv and the
reference tables: offence and outcome codes, units, services, risk tools, areas,
neighbourhoods, LSOAs), read once through the door (api.labels). Enumeration values are
replaced by their words; codes an analyst works with (offence and outcome codes, LSOA and
neighbourhood codes) keep the code after the words, "Stalking (8Q)", so nothing is lost.

COLUMNS says which vocabulary each column a page shows is in; readable() applies it to a
frame (lists of codes too) and puts the words the pages use in the headings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from queries import api
from queries.catalogue import measure

from . import data

# column -> vocabulary (api.labels' keys)
COLUMNS = {
    "relationship": "relationship",
    "risk_level": "risk_level",
    "status": "status",
    "allocated_unit": "allocated_unit",
    "unit": "allocated_unit",
    "current_principal_code": "offence_code",
    "first_principal_code": "offence_code",
    "offence_code": "offence_code",
    "current_codes": "offence_code",
    "current_principal_group": "offence_group",
    "first_principal_group": "offence_group",
    "offence_group": "offence_group",
    "outcome_code": "outcome_code",
    "outcome_group": "outcome_group",
    "neighbourhood_code": "neighbourhood_code",
    "lsoa_code": "lsoa_code",
    "triggers": "trigger",
    "trigger": "trigger",
    "flags": "flag",
    "flag": "flag",
    "agenda_reasons": "agenda_reason",
    "decided_action": "decision_action",
    "action": "decision_action",
    "online_method": "online_method",
    "method": "online_method",
    "service": "service",
    "referral_outcome": "referral_outcome",
    "order_type": "order_type",
    "spo_decision": "spo_decision",
    "decision": "spo_decision",
    "mappa_level": "mappa_level",
    "interview": "interview",
    "search_power": "search_power",
    "age_band": "age_band",
    "sex": "sex",
    "tool": "risk_tool",
    "unit_type": "unit_type",
}
# Vocabularies whose codes an analyst works with: shown as "words (code)".
KEEP_CODE = {"offence_code", "outcome_code", "neighbourhood_code", "lsoa_code"}
# Vocabularies a cell may hold several codes of, as a list or joined by ", ".
LISTS = {"offence_code", "trigger", "flag", "agenda_reason"}


def labels() -> dict[str, dict[str, str]]:
    return data.get(api.labels)


def label(vocabulary: str, code, known: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The words for one code ("not recorded" for none; the code itself when no words are
    known, so a fault is seen rather than hidden)."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return "not recorded"
    text = str(code)
    words = (known if known is not None else labels()).get(vocabulary, {}).get(text)
    if words is None or words == text:
        return text
    if vocabulary in KEEP_CODE and text not in words:  # "Stalking (8Q)", not "... 8Q) (8Q)"
        return f"{words} ({text})"
    return words


def _one_or_many(value, vocabulary: str, known) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(label(vocabulary, v, known) for v in list(value))
    if isinstance(value, str) and ", " in value and vocabulary in LISTS:
        return ", ".join(label(vocabulary, v, known) for v in value.split(", "))
    return label(vocabulary, value, known)


def relabel(frame: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of frame with the codes of its known columns (COLUMNS, or `columns`) in words."""
    known = labels()
    chosen = {c: v for c, v in (columns or COLUMNS).items() if c in frame.columns}
    if not chosen:
        return frame
    out = frame.copy()
    for column, vocabulary in chosen.items():
        if pd.api.types.is_bool_dtype(out[column]):
            continue
        out[column] = [_one_or_many(v, vocabulary, known) for v in out[column]]
    return out


def heading(column: str) -> str:
    """A column's heading when the page gives none: words, not an identifier."""
    text = str(column).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


OLD_PERIOD = re.compile(
    r"Period\(start=datetime\.date\((\d+), (\d+), \d+\), end=datetime\.date\((\d+), (\d+), \d+\)\)"
)


def filters_in_words(text: str, known: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """An audit row's filters (JSON) in words: "Period: 2025-11 to 2026-10; Measure: SPO
    considered; Areas: St Albans". Rows written before periods were kept as months hold
    Python's spelling of a period; it is read the same way. known: labels(), read once by a
    caller that words many rows (the audit: up to a thousand)."""
    text = OLD_PERIOD.sub(lambda m: f"{m[1]}-{int(m[2]):02d} to {m[3]}-{int(m[4]):02d}", text)
    try:
        found = json.loads(text)
    except (TypeError, ValueError):
        return str(text)
    if not isinstance(found, dict):
        return str(found)
    known = known if known is not None else labels()
    parts = []
    for key, value in found.items():
        if value is None or value == [] or value == "" or key in UNSAID:
            continue
        if key == "measure_id":
            parts.append(f"Measure: {_measure_label(value)}")
        elif key in ("areas", "area", "area_code"):
            codes = value if isinstance(value, list) else [value]
            parts.append("Areas: " + ", ".join(label("area_code", c, known) for c in codes))
        elif key in COLUMNS:
            parts.append(f"{heading(key)}: {_one_or_many(value, COLUMNS[key], known)}")
        else:
            parts.append(f"{heading(key)}: {value}")
    return "; ".join(parts)


def _measure_label(measure_id: str) -> str:
    try:
        return measure(measure_id).label
    except StopIteration:
        return str(measure_id)


def labeller(vocabulary: str):
    """A function code -> words for one vocabulary (for .map and a widget's format_func;
    None reads "any", as the pages' "no narrowing" choice)."""
    known = labels()

    def words_for(code) -> str:
        return "any" if code is None else label(vocabulary, code, known)

    return words_for


def blanks(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with nothing in a cell shown empty, not as "None"."""
    text = [
        c
        for c in frame.columns
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype)
    ]
    if not text or not frame[text].isna().any().any():
        return frame
    out = frame.copy()
    for column in text:
        out[column] = out[column].astype(object).where(out[column].notna(), "")
    return out


def for_export(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as a file leaves the app: each coded column kept as it is (an analyst joins on
    codes) with its words in a column beside it, "<column> (words)"."""
    known = labels()
    coded = [c for c in frame.columns if c in COLUMNS and not pd.api.types.is_bool_dtype(frame[c])]
    if not coded:
        return frame
    out = frame.copy()
    for column in coded:
        at = list(out.columns).index(column) + 1
        values = [_one_or_many(v, COLUMNS[column], known) for v in out[column]]
        out.insert(at, f"{column} (words)", values)
    return out


# What an audit row's "what" names (a case-level query, a page's download), in words.
UNSAID = {"protect"}  # the door's own flag (rounding for the board role): not a filter
AUDITED = {
    "case_decisions": "A case's decisions",
    "case_flags": "A case's flags",
    "case_links": "A case's linked crimes",
    "case_list": "A list of cases",
    "case_summary": "A case",
    "case_timeline": "A case's timeline",
    "dmm_agenda": "The daily meeting's agenda",
    "dmm_cases": "The daily meeting's cases",
    "dmm_flags": "The daily meeting's flags",
    "dmm_in_hand": "The daily meeting's cases in hand",
    "dq_crimes_without_principal": "Crimes without a principal classification",
    "dq_implausible_timelines": "Crimes with implausible dates",
    "last_check": "The last check of an extract",
    "last_load_attempt": "The last load attempt",
    "measure_cases": "The cases behind a figure",
    "rejects": "Quarantined rows",
    "screening": "Crimes to screen",
}


def audited_in_words(what: str) -> str:
    """An audit row's "what" in words: a query's name as the page that ran it would say it;
    a file's name (a download) as it is."""
    return AUDITED.get(str(what), str(what))
