"""Keeping engines off stdout, which carries coach's JSON.

pyttsx3 prints ``Audio saved to ...`` for every file, from its own thread;
C libraries may write to file descriptor 1 directly. :func:`quiet_stdout`
sends both to the null device: ``sys.stdout`` (Python prints, any thread) and
fd 1 (C code), flushing before and after so nothing crosses the boundary.
"""

from __future__ import annotations

import ctypes
import functools
import io
import os
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

_LOCK = threading.RLock()


@contextmanager
def quiet_stdout() -> Iterator[None]:
    """Silence stdout at the Python and OS level for the duration of the block."""
    with _LOCK:
        _flush()
        saved_fd = _redirect_fd1()
        saved_stdout = sys.stdout
        sys.stdout = io.StringIO()
        try:
            yield
        finally:
            _flush_c()
            sys.stdout = saved_stdout
            if saved_fd is not None:
                os.dup2(saved_fd, 1)
                os.close(saved_fd)


def _redirect_fd1() -> int | None:
    """Point fd 1 at the null device; the saved descriptor, or None if there is no fd 1."""
    try:
        saved = os.dup(1)
    except OSError:
        return None
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
    finally:
        os.close(null)
    return saved


def _flush() -> None:
    if sys.stdout is not None:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
    _flush_c()


def _flush_c() -> None:
    """Flush C stdio buffers so text printed by C code lands where fd 1 points now."""
    if sys.platform == "win32":
        return
    try:
        _libc().fflush(None)
    except (OSError, AttributeError):
        pass


@functools.lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None)
