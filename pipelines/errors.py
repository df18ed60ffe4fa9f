"""Errors the loader reports to a person instead of a traceback."""

from __future__ import annotations


class ExtractRefused(Exception):
    """A file-level problem: the load stops and the database is left as it was.

    The message names the file, the line (when there is one), the column and
    what was expected, so the force's data team can fix the export. A problem in
    a profile (pipelines/profiles/) names the profile file and its key instead.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        column: str | None = None,
        line: int | None = None,
        expected: str | None = None,
        key: str | None = None,
    ):
        self.file, self.problem, self.column, self.line, self.expected, self.key = (
            file,
            problem,
            column,
            line,
            expected,
            key,
        )
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        if self.key:
            where.append(f"key {self.key}")
        text = f"{', '.join(where)}: {self.problem}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class LoadBusy(Exception):
    """Another load into the same database file is under way."""
