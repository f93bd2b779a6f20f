"""Open a file only if it is a regular file, and read no more than a limit.

A named pipe (FIFO) where a routine, the settings file or a cache entry is
expected would make a plain ``open`` wait forever for a writer; a device
could be read forever. Here the file is opened without waiting
(``O_NONBLOCK``), checked with ``fstat``, and refused with
:class:`NotAFile`, an OSError whose ``strerror`` says what it is instead.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"))


ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
"""A web address (``http://...``, ``ftp://...``) where a file's name is expected: coach opens no addresses."""


class NotAFile(OSError):
    """Something other than a regular file (or a folder) where a file was expected."""


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file (IsADirectoryError for a folder)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise NotAFile(errno.EINVAL, f"is {kind}, not a file", str(path))
        if getattr(os, "O_NONBLOCK", 0):  # POSIX; Windows has no FIFOs to wait on (nor set_blocking for files)
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of the regular file ``path`` (so a caller can tell "too large").

    Python sets aside as many bytes as it is asked to read, so ask for what the file holds.
    """
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        return handle.read(min(size, limit) + 1)
