"""Where each record of a CSV file starts, found from its bytes at the speed of numpy.

DuckDB's reader gives a file's values fast, but not the line each record came from, and
every reject must name its line. This module finds the lines without parsing a value: a
record ends at a line break outside quotes (an even number of quote characters before it),
and its fields are split by the separators outside quotes. It vouches for a file only when
every record is one Python's csv module would read the same way: the header's number of
fields in every record, blank lines (skipped, as the loader skips them) only when they are
spaces and tabs, and no carriage return that does not end a line. Anything else, and it
says so (None): the file is read by the exact path (reading.py), which asks Python for
every record.

reading.py then trusts DuckDB's values only when DuckDB rejected nothing and read exactly as
many records as this module counted: the two together pair every value with its line.

Most exports are plain: no quote character and no carriage return but in CRLF. Their lines
are counted at the speed of bytes.count instead of scanned (_plain_lines, 0.45 s against
2.0 s for the 674 MB of the 1 M-crime extract): every line below the header is one record,
and the field count of each is left to DuckDB's reader, which rejects a record of the wrong
width (the exact path then reads the file). A blank line DuckDB skips makes its count fall
short, and the file is then scanned as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

CHUNK = 1 << 22
QUOTE, NEWLINE, CR = ord('"'), ord("\n"), ord("\r")
BLANK = b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.strip() removes, in ASCII


@dataclass
class Lines:
    """The records of a file below its header: how many, and the line each starts on
    (None when they are the lines 2, 3, 4, ... one record a line)."""

    count: int
    starts: np.ndarray | None
    plain: bool = False  # counted by _plain_lines: every line below the header one record


@dataclass
class _Open:
    """The record a chunk ends in, carried into the next one."""

    start: int = 1  # the line it starts on
    separators: int = 0  # its separators outside quotes so far
    blank: bool = True  # only spaces and tabs so far
    header: bool = True  # it is the header


class _Scan:
    """The state of one pass over a file, a chunk at a time."""

    def __init__(self, width: int, delimiter: str):
        self.width, self.delimiter = width, ord(delimiter)
        self.quotes = 0  # parity of the quote characters before the chunk
        self.lines = 0  # line breaks before the chunk
        self.open = _Open()
        self.starts: list[np.ndarray] = []
        self.count = 0
        self.simple = True  # every line break ends a record, and none is blank
        self.cr = False  # the previous chunk ended in a carriage return

    def feed(self, buf: bytes) -> bool:
        """Take the next chunk; False when the file cannot be vouched for."""
        if not self._line_ends_ok(buf):
            return False
        a = np.frombuffer(buf, np.uint8)
        breaks = np.flatnonzero(a == NEWLINE)
        separators = a == self.delimiter
        quotes = buf.count(b'"')
        ends = breaks
        if quotes or self.quotes:
            parity = np.cumsum(a == QUOTE, dtype=np.uint8)  # wraps at 256: parity survives
            parity += self.quotes
            outside = (parity & 1) == 0
            separators &= outside
            ends = breaks[outside[breaks]]
            self.simple = self.simple and len(ends) == len(breaks)
        ok = self._records(buf, separators, breaks, ends)
        self.quotes = (self.quotes + quotes) & 1
        self.lines += len(breaks)
        return ok

    def _line_ends_ok(self, buf: bytes) -> bool:
        """No carriage return alone (Python and DuckDB may count lines differently)."""
        if self.cr and buf[:1] != b"\n":
            return False
        crs = buf.count(b"\r")
        self.cr = buf.endswith(b"\r")
        return not crs or crs - buf.count(b"\r\n") - self.cr == 0

    def _records(self, buf: bytes, separators, breaks, ends) -> bool:
        if not len(ends):
            self.open.separators += int(np.count_nonzero(separators))
            self.open.blank = self.open.blank and not buf.strip(BLANK)
            return True
        begins = np.empty(len(ends), np.int64)
        begins[0], begins[1:] = 0, ends[:-1] + 1
        counts = np.add.reduceat(separators.view(np.uint8), begins, dtype=np.int64)
        tail = int(np.count_nonzero(separators[ends[-1] + 1 :]))
        counts[-1] -= tail
        counts[0] += self.open.separators
        ended = self.lines + np.searchsorted(breaks, ends) + 1  # the line each record ends on
        starts = np.empty(len(ends), np.int64)
        starts[0], starts[1:] = self.open.start, ended[:-1] + 1
        keep = np.ones(len(ends), bool)
        if self.open.header:
            keep[0] = False
        for i in np.flatnonzero((counts == 0) & keep):
            before = self.open.blank if i == 0 else True
            if not (before and not buf[begins[i] : ends[i]].strip(BLANK)):
                return False  # one field where the header has more: Python must say why
            keep[i] = False
            self.simple = False
        if self.width < 2 or np.any(counts[keep] != self.width - 1):
            return False
        self.starts.append(starts[keep])
        self.count += int(np.count_nonzero(keep))
        rest = buf[ends[-1] + 1 :]
        self.open = _Open(int(ended[-1]) + 1, tail, not rest.strip(BLANK), header=False)
        return True

    def finish(self) -> Lines | None:
        if self.cr:
            return None
        last = self.open
        if not last.header and not (last.blank and last.separators == 0):
            if last.separators != self.width - 1:
                return None
            self.starts.append(np.array([last.start], np.int64))
            self.count += 1
        if self.quotes:
            return None  # a quote never closed: the exact path says which record
        if self.simple:
            return Lines(self.count, None)
        return Lines(self.count, np.concatenate(self.starts) if self.starts else None)


def record_lines(path: Path, width: int, delimiter: str, plain: bool = True) -> Lines | None:
    """The lines the records of a UTF-8 (or single-byte) CSV file start on, when its bytes
    vouch for every record; None when Python must read it (see the module's docstring).
    A plain file's lines are counted, not scanned (plain=False: always scanned)."""
    if plain and width >= 2:
        counted = _plain_lines(path)
        if counted is not None:
            return counted
    scan = _Scan(width, delimiter)
    with path.open("rb") as f:
        while buf := f.read(CHUNK):
            if not scan.feed(buf):
                return None
    return scan.finish()


def _plain_lines(path: Path) -> Lines | None:
    """The records of a plain file, counted at the speed of bytes.count (several GB/s, against
    the scan's few hundred MB/s): no quote character at all (so no record spans two lines and
    no separator hides in a value) and no carriage return but in CRLF. Each line after the
    header is then counted as one record, and what DuckDB reads is checked against that count
    (reading.py): a record with more or fewer fields than the header is a reject in DuckDB's
    reader, which sends the file to the exact path (it says which line and why), and a blank
    line one DuckDB skips, so that its count falls short, and the scan then finds the lines
    (reading.py). None when the file is not plain: the scan looks at it record by record."""
    newlines, last = 0, b""
    with path.open("rb") as f:
        if f.read(1) in (b"\n", b"\r"):
            return None  # an empty first line where the header belongs
        f.seek(0)
        while buf := f.read(CHUNK):
            if b'"' in buf:
                return None
            if b"\r" in buf or last.endswith(b"\r"):
                joined = last[-1:] + buf  # a CRLF across two chunks
                if joined.count(b"\r") != joined.count(b"\r\n") + joined.endswith(b"\r"):
                    return None
            newlines += buf.count(b"\n")
            last = buf
    if not last or last.endswith(b"\r"):
        return None
    lines = newlines + (not last.endswith(b"\n"))  # a last line without its line break
    return Lines(lines - 1, None, plain=True)
