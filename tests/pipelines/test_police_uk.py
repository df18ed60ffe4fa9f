"""A real public export through the police_uk profile: an excerpt of data.police.uk's
West Yorkshire street-level file for July 2018 (sample_data/police_uk/, see its ATTRIBUTION).

The excerpt is the published file's header, its first four records and every 100th line of
the rest: 320 records (lines 2 to 321), as published (CRLF line ends). Worked out by reading
it (Python's csv module, and by eye):
- 62 anti-social behaviour records have no Crime ID (and no outcome): lines 4, 7, 8, ...;
- lines 2, 3 and 4 are in Barnsley LSOAs (South Yorkshire: E01007329, E01007356,
  E01007426), which West Yorkshire's LSOA table does not hold; line 4 is one of the 62;
- lines 313 to 321 are crimes with "No Location": no LSOA, no coordinates;
- so 320 - 62 - 2 - 9 = 247 crimes load, each with one classification (its crime type):
  in Leeds 90, Bradford 70, Kirklees 35, Wakefield 32 and Calderdale 20 (by the LSOA name
  of each loading line).

The shipped lsoas.csv is Hertfordshire's, so the test loads with a copy of the shipped
reference folder whose lsoas.csv is sample_data/police_uk/reference/lsoas.csv: the 294
West Yorkshire LSOAs of the excerpt with their districts (ONS codes) and 2011 populations.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from pipelines.__main__ import load_extract
from pipelines.check import check_extract
from pipelines.reference import DEFAULT_DIR
from tests.helpers import query

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "police_uk"
FILE = "2018-07-west-yorkshire-street.csv"
NO_ID = 62
NO_LOCATION = list(range(313, 322))
BARNSLEY = [2, 3, 4]
UNKNOWN = "the LSOA is not in the reference LSOA table (lsoas.csv), so its area is unknown"
NO_LSOA = "no LSOA, so no area"
VIA = " (profile police_uk finds the area from the LSOA)"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("police_uk")
    reference = folder / "reference"
    shutil.copytree(DEFAULT_DIR, reference)
    shutil.copyfile(SAMPLE / "reference" / "lsoas.csv", reference / "lsoas.csv")
    db = folder / "stalking.duckdb"
    report = load_extract(
        SAMPLE / "street",
        db,
        profile="police_uk",
        reference_dir=reference,
        now=datetime(2018, 9, 1, 6, 0),
    )
    return report, db


def test_the_excerpt_loads_and_reads_add_up(loaded):
    report, _ = loaded
    counts = {t.table: (t.file, t.read, t.loaded, t.rejected, t.skipped) for t in report.tables}
    assert counts == {
        "crimes": (FILE, 320, 247, 73, 0),  # 73 = 62 with no Crime ID + 2 Barnsley + 9 no place
        "classifications": (FILE, 320, 247, 73, 0),  # the same crimes' crime types
    }
    crimes = report.tables[0]
    assert crimes.personal == []  # LSOA name, Location: places, not persons
    assert crimes.ignored == ["Reported by", "Falls within", "Location", "LSOA name", "Context"]


def test_its_rejects_are_named_with_their_lines(loaded):
    _, db = loaded
    rejects = query(
        db,
        "select column_name, reason, list(line order by line) from load_rejects "
        "where table_name = 'crimes' group by all order by 1, 2",
    )
    (ref_col, ref_reason, no_id), *rest = rejects
    assert (ref_col, ref_reason, len(no_id), no_id[:3]) == (
        "crime_ref",
        "a required value is missing",
        NO_ID,
        [4, 7, 8],
    )
    assert rest == [
        ("lsoa_code", NO_LSOA + VIA, NO_LOCATION),
        ("lsoa_code", UNKNOWN + VIA, BARNSLEY),
        ("status", "a required value is missing", no_id),  # anti-social behaviour: no outcome
    ]
    orphans = query(
        db,
        "select list(line order by line) from load_rejects where table_name = 'classifications' "
        "and reason like 'crime_ref is neither in this extract%'",
    )[0][0]
    assert orphans == [2, 3, *NO_LOCATION]  # line 4's classification has no Crime ID either


def test_the_crimes_stored(loaded):
    report, db = loaded
    assert query(db, "select area_code, count(*) from crimes group by 1 order by 1") == [
        ("E08000032", 70),  # Bradford
        ("E08000033", 20),  # Calderdale
        ("E08000034", 35),  # Kirklees
        ("E08000035", 90),  # Leeds
        ("E08000036", 32),  # Wakefield
    ]
    assert query(
        db,
        "select min(reported_at), max(reported_at), count(latitude), "
        "count(*) filter (where length(crime_ref) = 64) from crimes",
    ) == [(datetime(2018, 7, 1), datetime(2018, 7, 1), 247, 247)]
    # police.uk has no offence codes: its crime types are the classifications, never 8Q
    assert query(
        db,
        "select count(*), count(*) filter (where offence_code = '8Q'), "
        "count(*) filter (where offence_code = 'Violence and sexual offences') "
        "from classifications",
    ) == [(247, 0, 98)]  # 98 of the 247 loading lines say so
    assert [(n["table"], n["column"], n["rows"]) for n in report.notes] == [
        ("crimes", "reported_at", 247),
        ("classifications", "classified_at", 247),
        ("crimes", "area_code", 247),
    ]


def test_with_the_shipped_hertfordshire_lsoas_every_crime_is_quarantined(tmp_path):
    """Why the test brings West Yorkshire's LSOAs: the shipped table holds none of them, so
    each of the 258 records with a Crime ID is quarantined, named by its LSOA."""
    report = check_extract(
        SAMPLE / "street", tmp_path / "none.duckdb", profile="police_uk", now=datetime(2018, 9, 1)
    )
    assert report["status"] == "would load"
    assert report["tables"][0]["rows_loaded"] == 0
    reasons = {(r["column"], r["reason"]): r["rows"] for r in report["reject_reasons"]}
    assert reasons[("lsoa_code", UNKNOWN + VIA)] == 320 - 9  # every record with an LSOA
    assert reasons[("lsoa_code", NO_LSOA + VIA)] == 9
