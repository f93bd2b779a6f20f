"""Write a file so that it appears whole or not at all.

The data goes to a hidden ``.name.part-XXXXXXXX`` file in the target's own
folder, is flushed to disk, and is renamed over the target only at the end.
An error or Ctrl-C leaves the folder as it was.
"""

from __future__ import annotations

import errno
import os
import secrets
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
    if path.exists() and not force:
        raise InputError(f"{path} exists; use --force to replace it")


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


class PendingFile:
    """A hidden temporary file next to ``target``; it becomes ``target`` on :meth:`commit`."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp = _create_hidden(target)

    def commit(self) -> None:
        """Flush the data to disk and rename it over the target."""
        _fsync(self.temp)
        os.replace(self.temp, self.target)
        _fsync_folder(self.target.parent)

    def discard(self) -> None:
        """Remove the temporary file (if it is still there)."""
        try:
            self.temp.unlink()
        except FileNotFoundError:
            pass


def _create_hidden(target: Path) -> Path:
    """Create an empty hidden file next to ``target``, with the usual permissions (umask applies)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = target.with_name(f".{target.name}.part-{secrets.token_hex(4)}")
        try:
            os.close(os.open(temp, flags, 0o666))
        except FileExistsError:
            continue
        return temp


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows can't open folders)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a folder; the rename has still happened
    finally:
        os.close(fd)
