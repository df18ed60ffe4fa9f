"""What a value that looks like a person looks like: the patterns, written once.

A phone number, a UK postcode, an e-mail address, a social media handle or a date (where a
code or a short note is expected: a date of birth). The loader's value screen
(pipelines.personal, which tells how it applies them and what they deliberately leave alone)
and the daily meeting's decision notes (common.decisions) read them from here.

The patterns are written in the syntax both Python's `re` and DuckDB's RE2 read (no
look-behind: a boundary is a character class or the start or end of the text), and searched
for anywhere in a value.
"""

from __future__ import annotations

import re

_START = r"(?:^|[^0-9A-Za-z])"  # the value's start, or a character that is no letter or digit
_END = r"(?:$|[^0-9A-Za-z])"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19|20)[0-9]{2}"
_POSTCODE_AREAS = (
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT "
    "DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA "
    "LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE "
    "SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV "
    "YO ZE"
).split()

# kind -> pattern, in the order a value is named by (a date before a phone number: 03-01-2025
# 10:00 has the digits of one). Every pattern ignores case (the combined one starts (?i)).
VALUE_PATTERNS: dict[str, str] = {
    # jo.bloggs@example.org
    "an e-mail address": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    # @jsmith (not the @ of an e-mail address)
    "a social media handle": r"(?:^|[^0-9A-Za-z_.@])@[A-Za-z0-9_][A-Za-z0-9_.]{0,29}",
    # 12/03/1987, 03-12-1987, 12.03.1987, 1987-03-12, 12 March 1987, 12-Mar-1987
    "a date": (
        rf"(?:^|[^0-9])(?:{_DAY}[/.-]{_DAY}[/.-]{_YEAR}|{_YEAR}[/.-]{_MONTH}[/.-]{_DAY})"
        r"(?:$|[^0-9])"
        rf"|{_START}{_DAY}(?:st|nd|rd|th)?[ -](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
        rf"|dec)[a-z]*\.?[ -]{_YEAR}(?:$|[^0-9])"
    ),
    # 07700 900123, 07700-900-123, (01632) 960001, 020 7946 0958, +44 (0)7700 900123,
    # 0044 7700 900123, +1 202-555-0143: a national number of 10 or 11 digits, or + and 8 to
    # 15, spaces, dashes and brackets between them
    "a phone number": (
        r"(?:^|[^0-9A-Za-z.+])\(?0[1-9](?:[ ()-]{0,2}[0-9]){8,9}(?:$|[^0-9])"
        r"|(?:^|[^0-9A-Za-z.])(?:\+|0044)[ ]?[1-9](?:[ ().-]{0,2}[0-9]){7,13}(?:$|[^0-9])"
    ),
    # SW1A 1AA, sw1a1aa, M1 1AE: a real postcode area, then district and sector
    "a postcode": (
        rf"{_START}(?:{'|'.join(_POSTCODE_AREAS)})[0-9][0-9A-Z]? {{0,2}}[0-9][ABD-HJLNP-UW-Z]{{2}}"
        rf"{_END}"
    ),
}
DATES = "a date"  # the kind a timestamp or date column holds by right
# The screen's one search per value: does it look like a person at all?
ANY = "(?i)" + "|".join(f"(?:{p})" for p in VALUE_PATTERNS.values())
_COMPILED = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in VALUE_PATTERNS.items()}


def reason(kind: str) -> str:
    """Why a row was quarantined for a value that looks like a person."""
    return f"looks like personal data ({kind}): the value is not kept"


def withheld(kind: str) -> str:
    """What is kept in place of a value that looks like a person: what it looked like."""
    return f"(looks like {kind}: not kept)"


def is_withheld(value: str | None) -> bool:
    """Whether a kept value stands in for one that was not kept (personal, or too long)."""
    return value is not None and value.startswith("(") and value.endswith("not kept)")


def personal_kind(value: str | None, dates: bool = True) -> str | None:
    """What a value looks like, when it looks like a person: a key of VALUE_PATTERNS or None.
    dates False (a value of a timestamp or date column): a value that holds a date is what
    the column holds, not a person (03-01-2025 10:00 has the digits of a phone number)."""
    if not value or (not dates and _COMPILED[DATES].search(value)):
        return None
    return next((k for k, p in _COMPILED.items() if p.search(value)), None)


def withhold(value: str | None, dates: bool = True) -> str | None:
    """A value as a copy may keep it: withheld when it looks like a person."""
    kind = personal_kind(value, dates)
    return withheld(kind) if kind else value
