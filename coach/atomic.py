"""Write a file so that it appears whole or not at all.

The data goes to a hidden ``.name.part-XXXXXXXX`` file in the target's own
folder, is flushed to disk, and is renamed over the target only at the end.
An error or Ctrl-C leaves the folder as it was. Used for exports, the
profile, starter routines and the phrase cache; a process killed outright
leaves its hidden file, which :func:`remove_stale` clears later.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

PART = ".part-"  # in the name of every hidden file on its way to becoming a target


def write_whole(target: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``target`` in one go (OSError as it comes; nothing left behind).

    ``durable=False`` skips the flushes to disk, for files that can be made again
    (the phrase cache): the rename still makes them appear whole or not at all.
    """
    pending = PendingFile(target)
    try:
        pending.temp.write_bytes(data)
        pending.commit(durable)
    except BaseException:
        pending.discard()
        raise


def remove_stale(folder: Path, older_than: float, pattern: str = f".*{PART}*") -> None:
    """Remove hidden temporary files in ``folder`` left more than ``older_than`` seconds ago."""
    cutoff = time.time() - older_than
    try:
        found = list(folder.glob(pattern))
    except OSError:
        return  # a folder we may not read: not ours to tidy
    for temp in found:
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
        except OSError:
            pass  # gone already (another process finished it), or not ours to remove


class PendingFile:
    """A hidden temporary file next to ``target``; it becomes ``target`` on :meth:`commit`."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp = _create_hidden(target)

    def commit(self, durable: bool = True) -> None:
        """Flush the data to disk (if ``durable``) and rename it over the target."""
        if durable:
            _fsync(self.temp)
        os.replace(self.temp, self.target)
        if durable:
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
        temp = target.with_name(f".{target.name}{PART}{secrets.token_hex(4)}")
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
