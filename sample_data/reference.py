"""What the generator reads from the loader's reference data, and what is its own.

`pipelines/reference/` holds the reference data a force edits: offence codes with
their groups and indictability, outcome codes, LSOAs with their districts and
populations, the measures' windows. The generator reads them from there, by path,
and keeps no copy:

- the offence codes (the vocabulary of classifications), their groups and which
  are indictable (an s.18 search is legitimate only with an indictable offence);
- the LSOAs, their districts and populations (see geography.py);
- the windows the planted situations sit exactly on, and one second past.

What is the generator's own stays here, keyed by code: how often each offence code
is drawn and for which group of crime, the code a breach of each order type gets,
and the outcome codes it closes crimes with. `problems()` lists every way the two
disagree (a code the generator draws that the reference lacks or puts in another
group, an outcome code the reference lacks); a run refuses to start on any, and
tests/sample_data/test_reference.py fails.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sample_data.basics import DAY, HOUR

REFERENCE = Path(__file__).resolve().parents[1] / "pipelines" / "reference"


def read_reference(name: str, folder: Path = REFERENCE) -> list[dict[str, str]]:
    """The rows of one reference CSV, as text."""
    with (folder / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _true(text: str) -> bool:
    return text.strip().lower() in ("true", "t", "1", "yes", "y")


# ---------------------------------------------------------------- offence codes

_OFFENCES = read_reference("offence_codes.csv")
OFFENCE_CODES = tuple(r["offence_code"] for r in _OFFENCES)  # classifications' vocabulary
OFFENCE_GROUP = {r["offence_code"]: r["offence_group"] for r in _OFFENCES}
INDICTABLE_CODES = frozenset(r["offence_code"] for r in _OFFENCES if _true(r["indictable"]))

# The plan's crime groups (the group of a crime's final state), named as the
# reference's offence_group names them; a plan stores the position.
GROUPS = (
    "stalking",
    "harassment",
    "malicious_communications",
    "coercive_control",
    "breach_of_order",
)
STALK, HARASS, MALCOMM, COERCE, BREACH = range(len(GROUPS))

# How often each code is drawn for a crime of each group (the generator's choice).
CODE_WEIGHTS = {
    "stalking": {"8Q": 0.55, "195/12": 0.20, "8/65": 0.13, "8/66": 0.12},
    "harassment": {"8L": 0.93, "8M": 0.07},
    "malicious_communications": {"8R": 1.0},
    "coercive_control": {"8U": 1.0},
}
STALKING_WEIGHTS = CODE_WEIGHTS["stalking"]
# A breach crime's code follows the type of the order it breaches.
BREACH_CODE_FOR_ORDER = {
    "spo": "BRSPO",
    "interim_spo": "BRSPO",
    "restraining_order": "BRRO",
    "non_molestation": "BRNMO",
}
# Every code the generator writes, with the group it takes it to be in.
ASSUMED_GROUP = {code: group for group, weights in CODE_WEIGHTS.items() for code in weights} | {
    code: "breach_of_order" for code in BREACH_CODE_FOR_ORDER.values()
}
# The planted s.18 searches: one where the only stalking offence is summary, one
# with an indictable stalking offence.
SUMMARY_STALKING, INDICTABLE_STALKING = "195/12", "8/66"

# Position of each code the generator names in the reference's vocabulary (a code
# not in ASSUMED_GROUP has no entry, so naming one fails loudly).
OC = {code: OFFENCE_CODES.index(code) for code in ASSUMED_GROUP if code in OFFENCE_CODES}

# ---------------------------------------------------------------- outcome codes

OUTCOME_CODES = frozenset(int(r["outcome_code"]) for r in read_reference("outcome_codes.csv"))
CHARGED = 1  # Home Office outcome 1, charged or summonsed: a suspect's charge follows it
SUPPORTS = 15  # evidential difficulties: suspect identified, victim supports action
NO_SUPPORT = 16  # evidential difficulties: victim does not support action
# How a closed crime's outcome is drawn, with a suspect identified and without.
OUTCOME_WITH_SUSPECT = {
    CHARGED: 0.07,
    SUPPORTS: 0.30,
    NO_SUPPORT: 0.575,
    14: 0.02,
    8: 0.01,
    3: 0.005,
    20: 0.01,
    21: 0.005,
    2: 0.005,
}
OUTCOME_NO_SUSPECT = {18: 0.7, 14: 0.3}

# ---------------------------------------------------------------- measure windows

_UNITS = {"days": DAY, "hours": HOUR}
_SETTINGS = {r["name"]: r for r in read_reference("settings.csv")}


def window(name: str) -> int:
    """A window of settings.csv in seconds (the planted situations sit on its limit)."""
    row = _SETTINGS[name]
    return int(float(row["value"]) * _UNITS[row["unit"]])


def working_days(name: str) -> int:
    """A window of settings.csv counted in working days (v2: the referral window)."""
    row = _SETTINGS[name]
    if row["unit"] != "working days":
        raise ValueError(f"setting {name} is in {row['unit']!r}, not working days")
    return int(float(row["value"]))


def text_setting(name: str) -> str:
    """A setting whose value is text (a course code, a date)."""
    return _SETTINGS[name]["value"].strip()


RECOGNITION_WINDOW = window("recognition_window_days")
RISK_ASSESSMENT_WINDOW = window("risk_assessment_window_hours")
SPO_WINDOW = window("spo_window_days")
REFERRAL_WORKING_DAYS = working_days("referral_window_days")
ARREST_WINDOW = window("high_risk_arrest_window_hours")
REPEAT_WINDOW = window("repeat_window_days")
NEEDS_WINDOW = window("needs_window_hours")
SCREENING_WINDOW = window("screening_window_hours")
ORDER_EXPIRY_WARNING = window("order_expiry_warning_days")
# Training (recommendation 10): the course that counts and the date it counts from.
TRAINING_COURSE = text_setting("training_course")
TRAINING_VALID_FROM = text_setting("training_valid_from")

# England and Wales bank holidays (days since 1970-01-01): a working day is Monday to
# Friday and not one of these (the referral window, v2).
BANK_HOLIDAYS = tuple(
    sorted(
        (date.fromisoformat(r["holiday_on"]) - date(1970, 1, 1)).days
        for r in read_reference("bank_holidays.csv")
    )
)

# ---------------------------------------------------------------- the tie


def offence_problems(groups: dict[str, str], indictable: frozenset[str]) -> list[str]:
    """How the generator's codes disagree with a reference's {code: group} and indictable set."""
    out = []
    for code, group in ASSUMED_GROUP.items():
        if code not in groups:
            out.append(f"offence code {code} (drawn as {group}) is not in offence_codes.csv")
        elif groups[code] != group:
            out.append(
                f"offence code {code} is drawn as {group} but offence_codes.csv has {groups[code]}"
            )
    if SUMMARY_STALKING in indictable:
        out.append(f"the planted summary-only stalking code {SUMMARY_STALKING} is indictable")
    if INDICTABLE_STALKING not in indictable:
        out.append(f"the planted indictable stalking code {INDICTABLE_STALKING} is not indictable")
    return out


def outcome_problems(codes: frozenset[int]) -> list[str]:
    """The outcome codes the generator closes crimes with that a reference lacks."""
    used = {CHARGED, SUPPORTS, NO_SUPPORT} | set(OUTCOME_WITH_SUSPECT) | set(OUTCOME_NO_SUSPECT)
    return [f"outcome code {c} is not in outcome_codes.csv" for c in sorted(used - codes)]


def problems() -> list[str]:
    """Every disagreement between the generator and pipelines/reference/."""
    return offence_problems(OFFENCE_GROUP, INDICTABLE_CODES) + outcome_problems(OUTCOME_CODES)
