"""Errors the loader reports to a person instead of a traceback."""

from __future__ import annotations


class ExtractRefused(Exception):
    """A file-level problem: the load stops and the database is left as it was.

    The message names the file, the line (when there is one), the column and
    what was expected, so the force's data team can fix the export.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        column: str | None = None,
        line: int | None = None,
        expected: str | None = None,
    ):
        self.file, self.problem, self.column, self.line, self.expected = (
            file,
            problem,
            column,
            line,
            expected,
        )
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        text = f"{', '.join(where)}: {self.problem}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class LoadBusy(Exception):
    """Another load into the same database file is under way."""
