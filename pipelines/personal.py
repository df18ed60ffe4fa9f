"""What looks like a person, in one place: the column names dropped and the values withheld.

People are pseudonymised in the extract contract (docs/extract.md): names, dates of birth,
addresses, postcodes, phone numbers, e-mail addresses, social media handles and narratives
are never stored. Two rules keep them out.

**Column names** (`looks_personal`): a column the contract does not name is dropped before
any of its values is read, and listed in the load report, when its name says it holds
personal data. The name is split into words: CamelCase and abbreviations are read
(`VictimName`, `EmailAddress`, `DateOfBirth`, `TelNo`, `DOB`, `d_o_b`), and a word of
PERSONAL_WORDS (or a phrase of PERSONAL_PHRASES) makes it personal. A place or an
organisation is not a person: "name" (or "street", "town") after one of PLACE_WORDS
(`LSOA name`, `District Name`, `Ward name`, `Force name`, `Street name`) names a place, unless
a word of PERSON_WORDS says whose it is (`Victim street name` stays personal).

**Values** (`VALUE_PATTERNS`): every value of every text and enumeration column of every
contract table, codes and references included, is screened. A value that holds a phone
number, a UK postcode, an e-mail address, a social media handle or a date (where a code is
expected: a date of birth typed into a reference) quarantines its row, with the reason
`reason(kind)` ("looks like personal data (a phone number): the value is not kept"), and the
value is withheld (`withheld(kind)`: "(looks like a phone number: not kept)") from every copy
kept of the row: load_rejects.value and .raw, the check report and the last-load record.
Timestamp and date columns are not screened (a date is what they hold); a value kept from
one is still withheld when it holds no date and looks like a phone number, a postcode, an
e-mail address or a handle. The screen is one SQL search per value over the staged tables
(validate.find_personal_values); the withholding one pass over the rejects
(validate.keep_copies); Python applies the same patterns to the few records rejected before
staging.

The patterns are written once, in the syntax both Python's `re` and DuckDB's RE2 read
(no look-behind: a boundary is a character class or the start or end of the text), and
searched for anywhere in a value, so `call 07700 900123` is caught as well as the bare number.
What they deliberately do not catch (to keep real codes loading): a digit run glued to
letters (`CR07700900123`), international numbers written `00...` other than `0044`, dates
with a two-digit year (`12/03/87`), and postcodes of areas that do not exist. A real code
shaped exactly like a UK phone number, postcode or date (a numeric id `01234567890`) is
quarantined with the reason, for the force to see.
"""

from __future__ import annotations

import re

from .contract import normalise_header

# --- column names ------------------------------------------------------------------------

# Words of a column name that say it holds personal data.
PERSONAL_WORDS = frozenset(
    {
        "name",
        "names",
        "forename",
        "forenames",
        "surname",
        "firstname",
        "lastname",
        "fullname",
        "dob",
        "birth",
        "birthday",
        "address",
        "addr",
        "street",
        "town",
        "postcode",
        "zip",
        "phone",
        "telephone",
        "tel",
        "mobile",
        "email",
        "mail",
        "narrative",
        "narratives",
        "notes",
        "note",
        "comment",
        "comments",
        "description",
        "summary",
        "details",
        "freetext",
        "nino",
        "pnc",
        "passport",
        "username",
        "nickname",
        "handle",
    }
)
# Phrases (in the name's words joined by '_') that say it.
PERSONAL_PHRASES = (
    "date_of_birth",
    "post_code",
    "e_mail",
    "free_text",
    "ni_number",
    "house_number",
    "ni_no",
)
# Places and organisations: "<place> name" (or "<place> street"...) names a place, not a person.
PLACE_WORDS = frozenset(
    {
        "lsoa",
        "msoa",
        "oa",
        "area",
        "district",
        "ward",
        "force",
        "neighbourhood",
        "neighborhood",
        "beat",
        "borough",
        "county",
        "region",
        "parish",
        "street",
        "road",
        "town",
        "city",
        "locality",
        "location",
        "station",
        "team",
        "unit",
        "division",
        "sector",
        "authority",
        "council",
        "csp",
        "partnership",
        "court",
        "agency",
        "organisation",
        "organization",
        "service",
        "platform",
        "offence",
        "crime",
        "outcome",
    }
)
# The personal words a place word can qualify ("district name", "street name", "town name").
PLACE_NAMED = frozenset({"name", "names", "street", "town"})
# Words saying whose a name or an address is: a place named for a person stays personal.
PERSON_WORDS = frozenset(
    {
        "victim",
        "suspect",
        "offender",
        "perpetrator",
        "person",
        "witness",
        "complainant",
        "informant",
        "home",
        "officer",
        "user",
        "contact",
        "kin",
        "nok",
        "parent",
        "guardian",
        "partner",
        "owner",
        "account",
        "profile",
        "ip",
    }
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def header_words(column: str) -> list[str]:
    """A column name's words, lower case: CamelCase split (`DateOfBirth`: date, of, birth),
    and a run of single letters joined (`d_o_b`: dob; `D.O.B.`: dob)."""
    words, letters = [], ""
    for word in normalise_header(_CAMEL.sub("_", column.replace("\ufeff", ""))).split("_"):
        if len(word) == 1 and word.isalpha():
            letters += word
            continue
        if letters:
            words.append(letters)
            letters = ""
        if word:
            words.append(word)
    return words + ([letters] if letters else [])


def looks_personal(column: str) -> bool:
    """Whether a column's name says it holds personal data (a name, an address, a narrative...),
    a place's or an organisation's name aside. The name is read both as written
    (`postcode`) and split at its capitals (`PostCode`)."""
    plain = [w for w in normalise_header(column).split("_") if w]
    return _personal_words(plain) or _personal_words(header_words(column))


def _personal_words(words: list[str]) -> bool:
    joined = f"_{'_'.join(words)}_"
    if any(f"_{phrase}_" in joined for phrase in PERSONAL_PHRASES):
        return True
    personal = {i for i, w in enumerate(words) if w in PERSONAL_WORDS}
    if not PERSON_WORDS & set(words):  # "<place> name" names a place, unless it is someone's
        for i in range(1, len(words)):
            if words[i] in PLACE_NAMED and words[i - 1] in PLACE_WORDS:
                personal -= {i, i - 1}
    return bool(personal)


# --- values ------------------------------------------------------------------------------

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


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _matches(value: str, pattern: str) -> str:
    return f"regexp_matches({value}, {_sql_text(pattern)})"


def looks_personal_sql(value: str) -> str:
    """SQL: whether the text `value` looks like a person, a date included (false when null).
    One search of the combined pattern."""
    return f"coalesce({_matches(value, ANY)}, false)"


def matched_kind_sql(value: str, guarded: bool = False) -> str:
    """SQL: the kind of person the text `value` looks like (as personal_kind with dates), for
    a value already known to match (guarded: or null when it does not)."""
    whens = " ".join(
        f"when {_matches(value, '(?i)' + p)} then {_sql_text(k)}" for k, p in VALUE_PATTERNS.items()
    )
    kind = f"case {whens} end"
    return f"case when {looks_personal_sql(value)} then {kind} end" if guarded else kind
