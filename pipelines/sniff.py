"""What the bytes of a CSV file say about how to read it: its encoding, separator and hazards.

A file is refused when it is not text at all (the signature of a workbook, a zip, a PDF, an
image or Parquet, or a start that is mostly NUL bytes) or when it is text in an encoding the
contract does not take (UTF-16 without a byte-order mark, UTF-32), naming the encoding it
looks like. Otherwise its encoding is found (UTF-8, with or without BOM, UTF-8 with a few
stray bytes, Windows-1252, or UTF-16 with a byte-order mark, as Excel's "Unicode text" and
some RMS report writers save) and the hazards that make the fast reader unsafe are noted (a
NUL byte, stray bytes, an odd number of quotes). The header says the separator: commas, or
tabs. reading.py reads the file as this says.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .errors import ExtractRefused

CHUNK = 1 << 22

# The first bytes of files that are not text, whatever their name says.
SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or a zip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls) or another Office file",
    b"%PDF": "a PDF document",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
    b"PAR1": "a Parquet file",
    b"\x1f\x8b": "a gzip archive",
}
HEAD = 8192
TAKEN = (
    "UTF-8 (with or without BOM), Windows-1252, or UTF-16 with a byte-order mark "
    '(Excel\'s "Unicode text")'
)
TEXT = "comma- or tab-separated text (save or export as CSV)"
# Byte-order marks of UTF-32 (checked before UTF-16's: FF FE 00 00 starts with FF FE).
UTF32_BOMS = {codecs.BOM_UTF32_LE: "little-endian", codecs.BOM_UTF32_BE: "big-endian"}
UTF16_BOMS = {codecs.BOM_UTF16_LE: "le", codecs.BOM_UTF16_BE: "be"}
SEPARATORS = {",": "commas", "\t": "tabs"}
SEPARATED = {",": "comma", "\t": "tab"}  # as in "comma-separated"


@dataclass(frozen=True)
class Sniffed:
    """What the bytes of a CSV file say about how to read it."""

    encoding: str  # utf-8, utf-8-sig, cp1252 or utf-16 (with its byte-order mark)
    stray_bytes: bool = False  # UTF-8 with a few bytes that are not: those records quarantined
    nul: bool = False  # a NUL byte somewhere: its record is quarantined
    odd_quotes: bool = False  # an odd number of quote characters: a quote never closed?
    delimiter: str = ","  # the header's separator: "," or "\t"

    @property
    def errors(self) -> str:
        return "replace" if self.stray_bytes else "strict"

    @property
    def needs_exact_read(self) -> bool:
        return self.stray_bytes or self.nul or self.odd_quotes


def sniff(path: Path) -> Sniffed:
    """Encoding and hazards of a CSV file; refuse a file that is not text, or not text in an
    encoding the contract takes.

    UTF-16 when it starts with UTF-16's byte-order mark. UTF-8 (with or without BOM) when
    the bytes decode as UTF-8. When they do not: UTF-8 with stray bytes when the file also
    holds valid UTF-8 characters and at least as many of them as bad bytes (a byte pasted from
    elsewhere: the records holding one are quarantined); otherwise Windows-1252. A file that
    is none of these is refused with the line of the first byte Windows-1252 cannot decode. A
    file that starts like a known binary format, or whose start is more than a tenth NUL bytes,
    is refused as not text, or as the wide encoding (UTF-16 or UTF-32 without a byte-order
    mark) its NUL bytes show it to be.
    """
    with path.open("rb") as f:
        head = f.read(HEAD)
    _refuse_binary(path, head)
    for bom, order in UTF32_BOMS.items():
        if head.startswith(bom):
            raise _not_taken(path, f"UTF-32 ({order}) text")
    if head[:2] in UTF16_BOMS:
        return _utf16(path, UTF16_BOMS[head[:2]])
    _refuse_mostly_nul(path, head)
    utf8, quotes, nul = _scan(path)
    facts = {"nul": nul, "odd_quotes": quotes % 2 == 1}
    if utf8:
        return Sniffed("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8", **facts)
    return _not_utf8(path, facts)


def _not_taken(path: Path, what: str, line: int | None = None, verb: str = "is") -> ExtractRefused:
    return ExtractRefused(
        path.name,
        f"the file {verb} {what}, an encoding the contract does not take",
        line=line,
        expected=f"a CSV file encoded as {TAKEN}",
    )


def _refuse_binary(path: Path, head: bytes) -> None:
    """Refuse a file whose first bytes are those of a binary format."""
    for signature, what in SIGNATURES.items():
        if head.startswith(signature):
            raise ExtractRefused(
                path.name,
                f"not a text file: it looks like {what} saved with a .csv name",
                expected="comma-separated text (save or export as CSV)",
            )


def _refuse_mostly_nul(path: Path, head: bytes) -> None:
    """Refuse a start that is mostly NUL bytes: wide text without its byte-order mark (NULs
    in one byte of every two, or three of every four, beside text: said to look like it,
    as a guess), else, when there are 64 bytes or more of it, binary data."""
    if len(head) < 8 or head.count(0) <= len(head) / 10:
        return
    wide = _wide_encoding(head)
    if wide:
        raise _not_taken(path, wide, verb="looks like")
    if len(head) < 64:
        return
    raise ExtractRefused(
        path.name,
        "not a text file: it holds binary data",
        expected="comma-separated text (save or export as CSV)",
    )


def _wide_encoding(head: bytes) -> str | None:
    """The wide encoding a BOM-less start looks like (its NUL bytes on a regular beat beside
    printable ASCII), or None."""
    data = np.frombuffer(head[: len(head) // 4 * 4], np.uint8)
    printable = (data >= 0x20) & (data < 0x7F) | (data == 9) | (data == 10) | (data == 13)
    zero = data == 0
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        for lane, order in ((0, "little-endian"), (width - 1, "big-endian")):
            text = np.zeros(width, bool)
            text[lane] = True
            pattern = np.tile(text, len(data) // width)
            if printable[pattern].mean() > 0.9 and zero[~pattern].mean() > 0.9:
                return f"{name} ({order}) text without a byte-order mark"
    return None


def _utf16(path: Path, order: str) -> Sniffed:
    """A UTF-16 file with its byte-order mark: read whole, refused when a stray byte breaks
    its two-byte rhythm (every character after it would be misread) or when it does not
    decode; its NUL characters and quotes counted."""
    newline = b"\n\x00" if order == "le" else b"\x00\n"
    decoder = codecs.getincrementaldecoder("utf-16")()
    offset, lines, quotes, nul, tail = 0, 1, 0, False, b""
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            data = tail + chunk
            even = len(data) - len(data) % 2
            shifted = _misaligned_newline(data[:even], newline, offset)
            if shifted is not None:
                raise _stray_utf16(path, lines + text_lines(data[:shifted], newline))
            try:
                text = decoder.decode(data[:even])
            except UnicodeDecodeError as e:
                raise _stray_utf16(path, lines + text_lines(data[: e.start], newline)) from None
            lines += text.count("\n")
            quotes += text.count('"')
            nul = nul or "\x00" in text
            offset += even
            tail = data[even:]
    if tail:
        raise _stray_utf16(path, lines)
    return Sniffed("utf-16", nul=nul, odd_quotes=quotes % 2 == 1)


def text_lines(data: bytes, newline: bytes) -> int:
    """Line breaks in UTF-16 bytes that are aligned (on an even offset)."""
    return int(np.count_nonzero(_newline_offsets(data, newline) % 2 == 0))


def _newline_offsets(data: bytes, newline: bytes) -> np.ndarray:
    a = np.frombuffer(data, np.uint8)
    if len(a) < 2:
        return np.empty(0, np.int64)
    return np.flatnonzero((a[:-1] == newline[0]) & (a[1:] == newline[1]))


def _misaligned_newline(data: bytes, newline: bytes, offset: int) -> int | None:
    """The offset in data of a line break that sits on an odd byte when no line break after
    it sits on an even one (the file's rhythm shifted by a stray byte), or None."""
    found = _newline_offsets(data, newline)
    odd = (found + offset) % 2 == 1
    if not odd.any() or not odd[-1]:
        return None
    even = np.flatnonzero(~odd)
    first = found[even[-1] + 1] if len(even) else found[0]
    return int(first)


def _stray_utf16(path: Path, line: int) -> ExtractRefused:
    return ExtractRefused(
        path.name,
        "the file is not whole UTF-16 text: a stray byte in this line (or a byte missing) "
        "shifts every character after it",
        line=line,
        expected="UTF-16 text as it was saved, every character two bytes (save it again, or "
        "as UTF-8)",
    )


def _scan(path: Path) -> tuple[bool, int, bool]:
    """(whether the whole file decodes as UTF-8, its quote characters, whether it holds a
    NUL byte), read a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, quotes, nul = True, 0, False
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            quotes += chunk.count(b'"')
            nul = nul or b"\x00" in chunk
            if utf8 and not (chunk.isascii() and not decoder.getstate()[0]):
                utf8 = _decodes(decoder, chunk)
    return utf8 and _decodes(decoder, b"", final=True), quotes, nul


def _decodes(decoder, chunk: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _not_utf8(path: Path, facts: dict) -> Sniffed:
    """UTF-8 with a few stray bytes, or Windows-1252, or a refusal naming the line of a byte
    that is neither."""
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # non-ASCII, less the bad
    if good >= bad:
        return Sniffed("utf-8", stray_bytes=True, **facts)
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ExtractRefused(
            path.name,
            f"byte 0x{data[e.start]:02x} is neither UTF-8 nor Windows-1252 text",
            line=line,
            expected="a CSV file encoded as UTF-8, UTF-8 with BOM or Windows-1252",
        ) from None
    return Sniffed("cp1252", **facts)


def read_header(path: Path, sniffed: Sniffed) -> tuple[list[str], Sniffed]:
    """The header row and the file as it is separated (commas or tabs), refusing files that
    are empty, separated by anything else, or whose header mixes tabs and commas."""
    cells = {}
    for delimiter in SEPARATORS:
        with path.open(encoding=sniffed.encoding, errors=sniffed.errors, newline="") as f:
            try:
                cells[delimiter] = next(csv.reader(f, delimiter=delimiter), None)
            except csv.Error as e:
                raise ExtractRefused(
                    path.name, f"the header row cannot be read: {e}", line=1
                ) from None
    header = cells[","]
    if not header or not any(h.strip() for h in header):
        raise ExtractRefused(
            path.name, "the file is empty", line=1, expected="a header row naming the columns"
        )
    by_tab = cells["\t"]
    if len(header) > 1 and len(by_tab) > 1:
        raise ExtractRefused(
            path.name,
            f"the header mixes tabs and commas ({len(by_tab)} cells between tabs, "
            f"{len(header)} between commas)",
            line=1,
            expected="columns separated by commas, or by tabs, one or the other",
        )
    if len(by_tab) > 1:
        return by_tab, replace(sniffed, delimiter="\t")
    if len(header) == 1 and any(d in header[0] for d in (";", "|")):
        raise ExtractRefused(
            path.name,
            "the header is not comma-separated",
            line=1,
            expected="columns separated by commas",
        )
    return header, sniffed
