"""Where each CSV record starts (pipelines/records.py): a plain file's lines counted, not
scanned, and DuckDB's reader still pairing every value with its own line when the count is
not the whole story (a blank line it skips, a record of the wrong width it rejects).
Hand-made files; the lines expected are read off the text beside each test."""

from __future__ import annotations

import pytest

from pipelines.records import record_lines
from tests.helpers import CLASS_HEADER, CRIMES_HEADER, Dry, write_extract


@pytest.mark.parametrize(
    "data, count",
    [
        (b"a,b\n1,2\n3,4\n", 2),
        (b"a,b\n1,2\n3,4", 2),  # the last line without its line break
        (b"a,b\r\n1,2\r\n", 1),  # CRLF
        (b"a,b\n", 0),  # a header alone
    ],
)
def test_a_plain_file_is_counted_one_record_a_line(tmp_path, data, count):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    lines = record_lines(path, 2, ",")
    assert (lines.count, lines.starts, lines.plain) == (count, None, True)


@pytest.mark.parametrize(
    "data",
    [
        b'a,b\n"1",2\n',  # a quote: a record may span lines, so it is scanned
        b"a,b\n1,2\r3,4\n",  # a carriage return that ends no line: never vouched for
        b"\na,b\n1,2\n",  # no header on line 1
    ],
)
def test_a_file_that_is_not_plain_is_scanned(tmp_path, data):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    lines = record_lines(path, 2, ",")
    assert lines is None or not lines.plain


def crimes_with(tmp_path, rows: str) -> Dry:
    folder = write_extract(
        tmp_path / "x",
        {
            "crimes": f"{CRIMES_HEADER}\n{rows}",
            "classifications": f"{CLASS_HEADER}\nC1,8Q,true,2025-03-01,\n",
        },
        extracted_at="2025-04-01T06:00:00",
    )
    return Dry(folder)


def test_a_blank_line_duckdb_skips_leaves_every_line_right(tmp_path):
    # line 1 header, 2 C1, 3 blank, 4 C2, 5 C3 with a bad date, 6 blank (the last)
    dry = crimes_with(
        tmp_path,
        "C1,2025-03-01,E07000095,open\n\nC2,2025-03-02,E07000095,open\n"
        "C3,31/31/2025,E07000095,open\n\n",
    )
    assert dry.valid("crimes", "crime_ref, _line") == [("C1", 2), ("C2", 4)]
    assert [(t, line, column) for t, _, line, column, _, _ in dry.rejects()] == [
        ("crimes", 5, "reported_at")
    ]
    assert not dry.sources["crimes"].exact  # DuckDB read it, the scan found the lines


def test_a_record_of_the_wrong_width_is_named_by_the_exact_path(tmp_path):
    # line 3 has a field too many: DuckDB rejects it, so Python reads the file and names it
    dry = crimes_with(
        tmp_path, "C1,2025-03-01,E07000095,open\nC2,2025-03-02,E07000095,open,extra\n"
    )
    assert dry.valid("crimes", "crime_ref, _line") == [("C1", 2)]
    assert [(t, line) for t, _, line, _, _, _ in dry.rejects()] == [("crimes", 3)]
    assert dry.sources["crimes"].exact
