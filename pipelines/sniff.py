"""What the bytes of a CSV file say about how to read it: its encoding and its hazards.

A file is refused when it is not text at all (the signature of a workbook, a zip, a PDF, an
image or Parquet, or a start that is mostly NUL bytes); otherwise its encoding is found
(UTF-8, with or without BOM, UTF-8 with a few stray bytes, or Windows-1252) and the hazards
that make the fast reader unsafe are noted (a NUL byte, stray bytes, an odd number of
quotes). reading.py reads the file as this says.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import ExtractRefused

CHUNK = 1 << 20

# The first bytes of files that are not text, whatever their name says.
SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or a zip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls) or another Office file",
    b"%PDF": "a PDF document",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
    b"PAR1": "a Parquet file",
}
HEAD = 8192


@dataclass(frozen=True)
class Sniffed:
    """What the bytes of a CSV file say about how to read it."""

    encoding: str  # utf-8, utf-8-sig or cp1252
    stray_bytes: bool = False  # UTF-8 with a few bytes that are not: those records quarantined
    nul: bool = False  # a NUL byte somewhere: its record is quarantined
    odd_quotes: bool = False  # an odd number of quote characters: a quote never closed?

    @property
    def errors(self) -> str:
        return "replace" if self.stray_bytes else "strict"

    @property
    def needs_exact_read(self) -> bool:
        return self.stray_bytes or self.nul or self.odd_quotes


def sniff(path: Path) -> Sniffed:
    """Encoding and hazards of a CSV file; refuse a file that is not text at all.

    UTF-8 (with or without BOM) when the bytes decode as UTF-8. When they do not: UTF-8
    with stray bytes when the file also holds valid UTF-8 characters and at least as many
    of them as bad bytes (a byte pasted from elsewhere: the records holding one are
    quarantined); otherwise Windows-1252. A file that is none of these is refused with the
    line of the first byte Windows-1252 cannot decode. A file that starts like a known binary
    format, or whose start is more than a tenth NUL bytes, is refused as not text.
    """
    with path.open("rb") as f:
        head = f.read(HEAD)
    _refuse_binary(path, head)
    utf8, quotes, nul = _scan(path)
    facts = {"nul": nul, "odd_quotes": quotes % 2 == 1}
    if utf8:
        return Sniffed("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8", **facts)
    return _not_utf8(path, facts)


def _refuse_binary(path: Path, head: bytes) -> None:
    """Refuse a file whose first bytes are those of a binary format, or mostly NUL."""
    for signature, what in SIGNATURES.items():
        if head.startswith(signature):
            raise ExtractRefused(
                path.name,
                f"not a text file: it looks like {what} saved with a .csv name",
                expected="comma-separated text (save or export as CSV)",
            )
    if len(head) >= 64 and head.count(0) > len(head) / 10:
        raise ExtractRefused(
            path.name,
            "not a text file: it holds binary data",
            expected="comma-separated text (save or export as CSV)",
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
            utf8 = utf8 and _decodes(decoder, chunk)
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
