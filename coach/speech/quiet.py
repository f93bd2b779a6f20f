"""Keeping engines off stdout, which carries coach's JSON, and their chatter off the terminal.

pyttsx3 prints ``Audio saved to ...`` for every file, from its own thread;
C libraries may write to file descriptors 1 and 2 directly (libespeak-ng's
audio layer has PulseAudio say "Failed to create secure directory" on every
start when the config folder can't be written). :func:`quiet_stdout` sends
``sys.stdout`` (Python prints, any thread) and fd 1 (C code) to the null
device, and with ``stderr=True`` fd 2 as well, flushing before and after so
nothing crosses the boundary. coach writes none of its own lines while
these blocks run (each is one engine call).
"""

from __future__ import annotations

import ctypes
import functools
import io
import os
import signal
import sys
import threading
from contextlib import contextmanager, nullcontext
from typing import Iterator

from coach import stopping

_LOCK = threading.RLock()


@contextmanager
def quiet_stdout(stderr: bool = False) -> Iterator[None]:
    """Silence stdout (and fd 2, where C libraries print) for the duration of the block.

    With ``stderr`` the block also runs with SIGINT, SIGTERM and SIGHUP held
    back (:func:`deferred_signals`): a C library calling back into Python
    would swallow the KeyboardInterrupt they raise, and the signal's line
    would be lost on the silenced fd 2.
    """
    with _LOCK, (deferred_signals() if stderr else nullcontext()):
        _flush()
        saved_stdout = sys.stdout
        saved: dict[int, int | None] = {}
        try:
            for fd in (1, 2) if stderr else (1,):
                saved[fd] = _redirect(fd)
            sys.stdout = io.StringIO()
            yield
        finally:
            _flush_c()
            sys.stdout = saved_stdout
            for fd, saved_fd in saved.items():
                if saved_fd is not None:
                    os.dup2(saved_fd, fd)
                    os.close(saved_fd)


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP until the block ends, then let them act (main thread only).

    Python runs a signal's handler between any two bytecodes of the main
    thread, also inside a C library's callback into Python, where the
    KeyboardInterrupt it raises is printed on fd 2 and dropped. For the
    block's length the handlers only note a signal; then they come back and
    a noted signal is raised again. POSIX also masks the signals in this
    thread, so the library's own system calls are not cut short.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    saved = {signum: signal.getsignal(signum) for signum in stopping.SIGNALS}
    held = [signum for signum, handler in saved.items() if handler not in (signal.SIG_IGN, None)]
    for signum in held:  # (None: a handler set outside Python, left alone)
        signal.signal(signum, lambda number, _frame: came.append(number))
    masked = signal.pthread_sigmask(signal.SIG_BLOCK, stopping.SIGNALS) if hasattr(signal, "pthread_sigmask") else None
    try:
        yield
    finally:
        if masked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, masked)  # one held back in the kernel arrives now
        for signum in held:
            signal.signal(signum, saved[signum])
        if came:
            signal.raise_signal(came[0])  # its own handler acts now, outside the library


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
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            try:
                stream.flush()
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
