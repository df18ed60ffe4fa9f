"""Excel input: a workbook per table or a sheet per table, typed cells, and refusals.

Workbooks are made here with openpyxl, cell by cell, as a force's analyst
would save them: numbers, dates and booleans typed as Excel types.
"""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from pipelines.errors import ExtractRefused
from pipelines.excel import cell_text
from tests.helpers import CLASS_HEADER, Dry, write_files

CRIMES = ["crime_ref", "reported_at", "area_code", "status", "offence_from", "latitude", "longitude",
          "domestic_abuse", "outcome_code"]  # fmt: skip
CLASSES = CLASS_HEADER.split(",")


def workbook(path, sheets: dict[str, list[list]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


CRIME_ROWS = [
    CRIMES,
    [12345, datetime(2025, 3, 4, 14, 5), "E07000095", "open", date(2025, 2, 1), 51.7, -0.25,
     True, None],
    ["C2", "04/03/2025 09:00", "E07000095", "closed", None, None, None, False, 15.0],
]  # fmt: skip
CLASS_ROWS = [
    CLASSES,
    [12345, "8Q", True, datetime(2025, 3, 4, 15, 0), None],
    ["C2", "8L", "true", datetime(2025, 3, 4, 9, 30), None],
]


def test_a_workbook_per_table_with_typed_cells(tmp_path):
    """A crime ref typed as the number 12345 stays 12345; Excel dates and numbers survive."""
    folder = tmp_path / "x"
    folder.mkdir()
    workbook(folder / "crimes.xlsx", {"Sheet1": CRIME_ROWS})
    workbook(folder / "classifications.xlsx", {"Sheet1": CLASS_ROWS})
    dry = Dry(folder)
    assert dry.valid(
        "crimes",
        "crime_ref, reported_at, offence_from, latitude, longitude, domestic_abuse, "
        "outcome_code, _line",
    ) == [
        ("12345", datetime(2025, 3, 4, 14, 5), date(2025, 2, 1), 51.7, -0.25, True, None, 2),
        ("C2", datetime(2025, 3, 4, 9, 0), None, None, None, False, 15, 3),
    ]
    assert dry.valid("classifications", "crime_ref, offence_code, is_principal, classified_at") == [
        ("12345", "8Q", True, datetime(2025, 3, 4, 15, 0)),
        ("C2", "8L", True, datetime(2025, 3, 4, 9, 30)),
    ]
    assert dry.rejects() == []
    assert [(s.name, s.format, s.rows_read) for s in dry.sources.values()] == [
        ("crimes.xlsx", "xlsx", 2),
        ("classifications.xlsx", "xlsx", 2),
    ]


def test_one_workbook_with_a_sheet_per_table(tmp_path):
    """Sheets named after tables are read; other sheets are listed, not read."""
    folder = tmp_path / "x"
    folder.mkdir()
    workbook(
        folder / "Stalking extract.xlsx",
        {"Read me": [["made by the MI team"]], "Crimes": CRIME_ROWS, "classifications": CLASS_ROWS},
    )
    dry = Dry(folder)
    assert dry.valid("crimes", "crime_ref, _line") == [("12345", 2), ("C2", 3)]
    assert dry.valid("classifications", "crime_ref, offence_code") == [
        ("12345", "8Q"),
        ("C2", "8L"),
    ]
    assert dry.sources["crimes"].name == "Stalking extract.xlsx, sheet Crimes"
    assert dry.files_ignored == ["Stalking extract.xlsx, sheet Read me"]


def test_a_table_workbook_reads_the_sheet_named_after_the_table(tmp_path):
    """crimes.xlsx saved with a cover sheet first: its crimes sheet is the table."""
    folder = tmp_path / "x"
    folder.mkdir()
    workbook(folder / "crimes.xlsx", {"Cover": [["Crimes, all areas"]], "Crimes": CRIME_ROWS})
    workbook(folder / "classifications.xlsx", {"Sheet1": CLASS_ROWS})
    dry = Dry(folder)
    assert dry.valid("crimes", "crime_ref") == [("12345",), ("C2",)]
    assert dry.sources["crimes"].name == "crimes.xlsx, sheet Crimes"
    assert dry.sources["classifications"].name == "classifications.xlsx"


def test_rows_keep_their_excel_row_numbers_and_a_stray_value_is_quarantined(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    workbook(
        folder / "crimes.xlsx",
        {
            "crimes": [
                CRIMES[:4],
                ["C1", "2025-03-01", "A", "open"],
                [],
                ["C2", "2025-03-01", "A", "shut"],
                ["C3", "2025-03-01", "A", "open", None, "stray"],
            ]
        },
    )
    workbook(folder / "classifications.xlsx", {"classifications": [CLASSES]})
    dry = Dry(folder)
    assert dry.valid("crimes", "crime_ref, _line") == [("C1", 2)]
    assert [r[:5] for r in dry.rejects()] == [
        ("crimes", "crimes.xlsx", 4, "status", "shut"),
        ("crimes", "crimes.xlsx", 5, None, None),
    ]
    assert dry.rejects()[1][5] == "the row has values beyond the header's 4 columns"
    assert dry.sources["crimes"].rows_read == 3


def test_cells_become_the_text_a_csv_would_hold():
    assert [
        cell_text(v)
        for v in (12345, 12345.0, 51.7, True, datetime(2025, 3, 4, 14, 5), date(2025, 3, 4), None)
    ] == ["12345", "12345", "51.7", "true", "2025-03-04 14:05:00", "2025-03-04", None]


def refused(folder) -> str:
    with pytest.raises(ExtractRefused) as e:
        Dry(folder)
    return e.value.describe()


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    folder = write_files(
        tmp_path / "x",
        {"crimes.xlsx": "crime_ref,reported_at\n", "classifications.csv": CLASS_HEADER},
    )
    assert refused(folder) == (
        "crimes.xlsx: the file cannot be read as an Excel workbook: File is not a zip file "
        "(expected an .xlsx workbook saved by Excel or a crime system's export)"
    )


def test_an_old_excel_file_is_refused(tmp_path):
    folder = write_files(tmp_path / "x", {"crimes.xls": "x"})
    assert refused(folder) == (
        "crimes.xls: this Excel format cannot be read (expected crimes.xlsx (Excel Workbook) "
        "or crimes.csv)"
    )


def test_a_sheet_the_profile_names_is_missing(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    workbook(folder / "CRIME.xlsx", {"Sheet1": [["CRIME_REF"]]})
    write_files(folder, {"OFFENCES.csv": "CRIME_REF\n", "PERSONS.csv": "CRIME_REF\n"})
    with pytest.raises(ExtractRefused) as e:
        Dry(folder, "split_files")
    assert e.value.describe() == (
        "CRIME.xlsx: the sheet Crime is missing (the workbook has Sheet1) (expected a sheet "
        "named Crime (profile split_files, files.crime))"
    )


def test_a_table_in_a_file_and_a_sheet_is_supplied_twice(tmp_path):
    folder = write_files(tmp_path / "x", {"crimes.csv": ",".join(CRIMES) + "\n"})
    workbook(folder / "Extract.xlsx", {"crimes": [CRIMES]})
    assert refused(folder) == (
        "crimes.csv: the table crimes is supplied twice (Extract.xlsx, sheet crimes and "
        "crimes.csv) (expected one file per table)"
    )


def test_a_missing_required_table_mentions_workbooks_when_there_are_some(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    workbook(folder / "Extract.xlsx", {"crimes": [CRIMES]})
    assert refused(folder) == (
        "classifications.csv: a required file is missing (expected classifications.csv, "
        "classifications.parquet, classifications.xlsx or a sheet named classifications in a "
        f"workbook in {folder})"
    )


# --- bounds: a workbook is inspected as a zip before openpyxl opens it ------------------------


def crimes_workbook(folder) -> None:
    folder.mkdir()
    workbook(folder / "crimes.xlsx", {"Sheet1": CRIME_ROWS})
    (folder / "classifications.csv").write_text(CLASS_HEADER + "\n")


def inflate(path, member: str = "xl/sharedStrings.xml", size: int = 50 << 20) -> None:
    """Replace a part of a workbook by `size` bytes of one character, deflated (about 50 KB for
    50 MB), written a megabyte at a time: the test never holds it whole."""
    import shutil
    import zipfile

    original = path.with_suffix(".orig")
    shutil.move(path, original)
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w") as f:
            for _ in range(size >> 20):
                f.write(b"a" * (1 << 20))
    original.unlink()


def never_opened(*args, **kwargs):
    raise AssertionError("openpyxl opened a workbook the zip check should have refused")


def test_a_workbook_whose_parts_inflate_hugely_is_refused_before_it_is_opened(
    tmp_path, monkeypatch
):
    folder = tmp_path / "x"
    crimes_workbook(folder)
    inflate(folder / "crimes.xlsx")
    assert (folder / "crimes.xlsx").stat().st_size < 1 << 20
    monkeypatch.setattr(openpyxl, "load_workbook", never_opened)
    message = refused(folder)
    assert message.startswith(
        "crimes.xlsx: the workbook is refused unopened: its part xl/sharedStrings.xml would inflate"
    ), message
    assert "(expected a workbook whose parts inflate at most 200 times" in message


def test_a_workbook_larger_unzipped_than_the_loader_reads_is_refused(tmp_path, monkeypatch):
    from pipelines import excel

    folder = tmp_path / "x"
    crimes_workbook(folder)
    monkeypatch.setattr(excel, "MAX_UNZIPPED", 1000)
    monkeypatch.setattr(openpyxl, "load_workbook", never_opened)
    assert "bytes unzipped, more than the loader reads (1000 bytes)" in refused(folder)


def test_a_workbook_that_takes_too_long_to_open_is_refused(tmp_path, monkeypatch):
    import time

    from pipelines import excel

    folder = tmp_path / "x"
    crimes_workbook(folder)
    monkeypatch.setattr(excel, "OPEN_SECONDS", 1)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: time.sleep(30))
    started = time.monotonic()
    assert refused(folder) == (
        "crimes.xlsx: the workbook took more than 1 s to open (expected a workbook whose "
        "shared strings and styles are of an ordinary size)"
    )
    assert time.monotonic() - started < 10
