"""The hand-made fixture with Markdown, HTML and personal data planted in every text column of
every table (security pass, classes 5 and 6): the value fuzzer's extract.

Every text column of the contract (references, codes, ids, platforms) gets a payload that
would render as a link, an image, a directive or a script if a page let it through; a few
values get what looks like a person (a phone number, an e-mail address, a postcode, a date
of birth, a social media handle), which the loader must quarantine and no page may show.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from pipelines.contract import TABLES_BY_NAME
from tests.queries.test_measures import FIXTURE, reference_with_test_areas

EVIL = "evil.example"
# value in the fixture -> what it becomes, in every table and column it appears in
PLANTED = {
    "K1": f'<a href="http://{EVIL}/k1">K1</a>',
    "K7": f"![k7](http://{EVIL}/k7.png)",
    "A": f"![area](http://{EVIL}/a.png)",
    "S1": "**S1** <script>alert(1)</script>",
    "V1": f"[V1](http://{EVIL}/v1)",
    "O1": f"`O1` <img src=http://{EVIL}/o1.png>",
    "Instagram": f"<a href='http://{EVIL}/p'>Insta</a>",
    "XYZ": ":red[XYZ] :material/warning:",  # an offence code the reference does not know
}
# what looks like a person: never stored, never shown
PERSONAL = {
    "WhatsApp": "07700 900123",
    "V2": "jane.doe@example.com",
    "S9": "@jane_doe_1987",
    "V7": "12/03/1987",
}
NEW_COLUMNS = {  # optional text columns the fixture leaves out, filled for every row
    "crimes": {
        "neighbourhood_code": f"<img src=http://{EVIL}/n.png>",
        "lsoa_code": ":red[lsoa] :material/warning:",
    },
}
PERSONAL_CODES = {"crimes": {"K12": ("area_code", "SW1A 1AA")}}  # a postcode as an area


def build(folder: Path) -> tuple[Path, Path]:
    """Write the hostile extract and the fixture's reference data; return both folders."""
    extract = folder / "extract"
    extract.mkdir(parents=True)
    for source in sorted(FIXTURE.glob("*.csv")):
        table = source.stem
        rows = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"))))
        text_columns = {c.name for c in TABLES_BY_NAME[table].columns if c.kind == "text"}
        for row in rows:
            for column in list(row):
                if column in text_columns and row[column] in {**PLANTED, **PERSONAL}:
                    row[column] = {**PLANTED, **PERSONAL}[row[column]]
            for column, value in NEW_COLUMNS.get(table, {}).items():
                row[column] = value
            ref = row.get("crime_ref")
            if ref in PERSONAL_CODES.get(table, {}):
                column, value = PERSONAL_CODES[table][ref]
                row[column] = value
        with (extract / source.name).open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    manifest = json.loads((FIXTURE / "manifest.json").read_text())
    manifest.update(force=f"![m](http://{EVIL}/m.png)", system=f"<a href=http://{EVIL}>s</a>")
    (extract / "manifest.json").write_text(json.dumps(manifest))
    return extract, reference_with_test_areas(folder / "reference")


def load(folder: Path) -> Path:
    """The hostile extract checked (its report kept beside the database) and loaded."""
    from pipelines.__main__ import load_extract, main

    extract, reference = build(folder)
    db = folder / "hostile.duckdb"
    load_extract(extract, db, reference_dir=reference)
    main(["check", str(extract), "--db", str(db), "--reference", str(reference)])
    return db


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
