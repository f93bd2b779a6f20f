"""Write a file so that it appears whole or not at all.

The data goes to a hidden ``.name.part-XXXXXXXX`` file in the target's own
folder, is flushed to disk, and is renamed over the target only at the end.
An error or Ctrl-C leaves the folder as it was. Used for exports, the
profile and starter routines.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` in one go (OSError as it comes; nothing left behind)."""
    pending = PendingFile(target)
    try:
        pending.temp.write_bytes(data)
        pending.commit()
    except BaseException:
        pending.discard()
        raise


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
