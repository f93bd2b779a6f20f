"""Before and while an export is written: is the target one we may write, and what a failed write means.

``check_target`` refuses a folder, a missing folder, one we cannot write, or
an existing file without ``--force``; ``plain_errors`` turns an OSError into
one line for a person. The writing itself is :mod:`coach.atomic`'s.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.errors import CoachError, EnvironmentProblem, InputError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def check_target(path: Path, *, force: bool) -> None:
    """Refuse, up front, a target we could not or should not write."""
    folder = path.parent
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name, for example {path / 'session.mp3'}")
    if not folder.exists():
        raise InputError(f"folder {folder} does not exist; create it first or choose another folder")
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder; choose a file inside a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"can't write to folder {folder}; choose a folder you can write to")
    if (path.exists() or path.is_symlink()) and not force:
        raise InputError(exists_message(path))


def exists_message(path: Path) -> str:
    return f"{path} exists; use --force to replace it"


@contextmanager
def plain_errors(path: Path) -> Iterator[None]:
    """Turn an OSError while writing ``path`` into one line for a person."""
    try:
        yield
    except CoachError:
        raise
    except OSError as err:
        if err.errno in _DISK_FULL:
            raise EnvironmentProblem(f"disk full while writing {path}; nothing was written") from err
        if isinstance(err, PermissionError):
            raise InputError(f"can't write to folder {path.parent}; choose a folder you can write to") from err
        reason = err.strerror or str(err)
        raise EnvironmentProblem(f"could not write {path} ({reason}); nothing was written") from err
