"""Keeping engines off stdout, which carries coach's JSON, and their chatter off the terminal.

pyttsx3 prints ``Audio saved to ...`` for every file, from its own thread;
C libraries may write to file descriptors 1 and 2 directly (libespeak-ng's
audio layer has PulseAudio say "Failed to create secure directory" on every
start when the config folder can't be written). :func:`quiet_stdout` sends
``sys.stdout`` (Python prints, any thread) and fd 1 (C code) to the null
device, and with ``stderr=True`` fd 2 as well, flushing before and after so
nothing crosses the boundary. Python's ``sys.stderr`` (coach's own lines)
is left alone.
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
def quiet_stdout(stderr: bool = False) -> Iterator[None]:
    """Silence stdout (and C's stderr) at the Python and OS level for the duration of the block."""
    with _LOCK:
        _flush()
        fds = (1, 2) if stderr else (1,)
        saved = {fd: _redirect(fd) for fd in fds}
        saved_stdout = sys.stdout
        sys.stdout = io.StringIO()
        try:
            yield
        finally:
            _flush_c()
            sys.stdout = saved_stdout
            for fd, saved_fd in saved.items():
                if saved_fd is not None:
                    os.dup2(saved_fd, fd)
                    os.close(saved_fd)


def _redirect(fd: int) -> int | None:
    """Point ``fd`` at the null device; the saved descriptor, or None if there is no such fd."""
    try:
        saved = os.dup(fd)
    except OSError:
        return None
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
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
