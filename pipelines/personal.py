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
(`LSOA name`, `District Name`, `Ward name`, `Force name`, `Street name`) names a place, and
after an organisation word (`Company name`, `School name`, `Premises name`) an organisation,
unless a word of PERSON_WORDS says whose it is (`Victim street name`, `Suspect school name`
stay personal). "Place of birth" is personal (birth), and so are a bare `Name` or `Town` and
`Employer name` (an employer is always someone's).

**Values** (`VALUE_PATTERNS`): every value of every text and enumeration column of every
contract table, codes and references included, is screened. A value that holds a phone
number, a UK postcode, an e-mail address, a social media handle or a date (where a code is
expected: a date of birth typed into a reference) quarantines its row, with the reason
`reason(kind)` ("looks like personal data (a phone number): the value is not kept"), and the
value is withheld (`withheld(kind)`: "(looks like a phone number: not kept)") from every copy
kept of the row: load_rejects.value and .raw, the check report and the last-load record.
v2: the contract's one free text (Table.free_text: actions.description) is screened for all
of these but a date, which there is a due date written in a sentence ("by 31/03/2025"), not a
date of birth (ANY_BUT_DATES); a copy of it keeps its dates and withholds the rest. A profile
may map a source column named for a description onto it (looks_personal_free_text).
Timestamp and date columns are not screened (a date is what they hold); a value kept from
one is still withheld when it holds no date and looks like a phone number, a postcode, an
e-mail address or a handle. The screen is one SQL search per value over the staged tables,
column by column (validate.find_personal_values; an enumeration's word as written, which is
no person, is not searched); the withholding one pass over the rejects
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

from common.personal import (  # noqa: F401 - the loader's names for them
    ANY,
    DATES,
    VALUE_PATTERNS,
    is_withheld,
    personal_kind,
    reason,
    withheld,
    withhold,
)

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
        "company",
        "business",
        "school",
        "college",
        "university",
        "hospital",
        "surgery",
        "premises",
        "site",
        "venue",
        "shop",
        "store",
        "hotel",
        "pub",
        "club",
        "church",
        "charity",
        "place",
        "establishment",
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


# v2: words that name a free text (Table.free_text: actions.description) in a source column's
# name; a profile may map such a column onto a free text unless its name says whose it is.
FREE_TEXT_WORDS = frozenset({"description", "desc", "summary", "details"})


def looks_personal_free_text(column: str) -> bool:
    """Whether a source column's name says it holds personal data, when a profile maps it
    onto a free text of the contract (`Action description` may be read as
    actions.description; `Victim description` and `Officer name` may not)."""
    for words in ([w for w in normalise_header(column).split("_") if w], header_words(column)):
        if PERSON_WORDS & set(words):
            return True
        if _personal_words([w for w in words if w not in FREE_TEXT_WORDS]):
            return True
    return False


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


# --- values: the patterns are in common.personal ---------------------------------------


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _matches(value: str, pattern: str) -> str:
    return f"regexp_matches({value}, {_sql_text(pattern)})"


# The combined pattern without dates: a free text's (Table.free_text) screen, where a date is
# a due date written in a sentence, not a date of birth.
ANY_BUT_DATES = "(?i)" + "|".join(f"(?:{p})" for k, p in VALUE_PATTERNS.items() if k != DATES)


def looks_personal_sql(value: str, dates: bool = True) -> str:
    """SQL: whether the text `value` looks like a person, a date included unless dates is
    False (false when null). One search of the combined pattern."""
    return f"coalesce({_matches(value, ANY if dates else ANY_BUT_DATES)}, false)"


def matched_kind_sql(value: str, guarded: bool = False, dates: bool = True) -> str:
    """SQL: the kind of person the text `value` looks like (as personal_kind with dates, or
    without them when dates is False), for a value already known to match (guarded: or null
    when it does not)."""
    whens = " ".join(
        f"when {_matches(value, '(?i)' + p)} then {_sql_text(k)}"
        for k, p in VALUE_PATTERNS.items()
        if dates or k != DATES
    )
    kind = f"case {whens} end"
    return f"case when {looks_personal_sql(value, dates)} then {kind} end" if guarded else kind
