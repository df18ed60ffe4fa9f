"""The access every file beside the database keeps: the live database file's mode and group.

The database holds stalking records. Whoever may read it (its owner, and the dashboard's
group) may read its copies and the reports kept beside it, and no one else: each file a load
writes (the working copy that becomes the database, the last good copy, the reports) takes
the live file's mode and group; a new database and its reports are created NEW_MODE (owner
read-write, group read, nothing for others), whatever the process's umask.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

NEW_MODE = 0o640


def access_of(like: Path | str | None) -> tuple[int, int | None]:
    """(mode, group id) a file beside the database `like` takes: like's, or NEW_MODE and the
    creating process's group when there is no such file yet."""
    try:
        found = os.stat(like) if like is not None else None
    except FileNotFoundError:
        found = None
    if found is None:
        return NEW_MODE, None
    return stat.S_IMODE(found.st_mode), found.st_gid


def match_access(path: Path | str, like: Path | str | None, fd: int | None = None) -> None:
    """Give path (or the open file fd) the mode and group of `like` (see access_of). A group
    the process may not give refuses with PermissionError naming path: a database the
    dashboard's group cannot read would be worse than no new one."""
    mode, group = access_of(like)
    if fd is not None:
        os.fchmod(fd, mode)
        current = os.fstat(fd).st_gid
    else:
        os.chmod(path, mode)
        current = os.stat(path).st_gid
    if group is None or group == current:
        return
    try:
        if fd is not None:
            os.fchown(fd, -1, group)
        else:
            os.chown(path, -1, group)
    except PermissionError:
        raise PermissionError(
            errno.EPERM,
            f"cannot give it the group of {like} (group id {group}): run the loader as a "
            "member of that group",
            str(path),
        ) from None
