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


class DatabaseCorrupt(ExtractRefused):
    """The database file cannot be read back: not a DuckDB file, truncated, or a block that
    fails its checksum. Every load would fail on it; `--recover` restores the last good copy
    a swap kept beside it (pipelines/store.py), when there is one."""

    def __init__(self, db_path, detail: str, previous=None):
        self.db_path, self.detail, self.previous = db_path, detail, previous
        super().__init__(str(db_path), f"the database file {db_path} is corrupt ({detail})")

    def describe(self) -> str:
        said = f"the database file {self.db_path} is corrupt ({self.detail})"
        if self.previous is not None:
            return (
                f"{said}: run the command again with --recover to restore its last good copy, "
                f"{self.previous}, and carry on"
            )
        return (
            f"{said}, and there is no last good copy ({self.db_path}.previous) to restore: "
            "move it aside and load the extracts again into a new file"
        )


class DiskFull(ExtractRefused):
    """No space left on the device while writing: the working copy, a staging copy, the
    database's blocks, the swap or a report. Nothing partial is left behind."""

    def __init__(self, where):
        super().__init__(
            str(where),
            "no space left on the device while writing",
            expected="free space beside the database for a whole copy of it, and in the "
            "staging folder for a copy of the extract's files; then run it again",
        )
