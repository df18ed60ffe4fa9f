"""A TOML settings file (the roles file, the recipients file) read once, one way: a missing,
unreadable or malformed file is refused with the caller's own exception, naming the file and
what is wrong with it."""

from __future__ import annotations

import tomllib
from pathlib import Path


def read_toml(path: Path | str, refused: type[Exception], what: str) -> dict:
    """The file's settings; `refused` (the message naming path and `what` the file is, such as
    "the roles file") when it does not exist, cannot be read as UTF-8 text or is not TOML."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise refused(f"{path}: {what} does not exist") from None
    except (OSError, UnicodeDecodeError) as e:
        raise refused(f"{path}: {what} cannot be read: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise refused(f"{path}: not valid TOML: {e}") from None
