"""A stop a signal asked for, kept until coach ends: a KeyboardInterrupt Python lost is raised again.

The CLI stops coach on Ctrl-C, SIGTERM and SIGHUP by raising KeyboardInterrupt
from its signal handler (:mod:`coach.cli.process`), so every ``finally`` runs.
Python runs that handler between any two bytecodes of the main thread, and
in a few places the exception it raises is dropped and the work goes on as
if no signal had come: in a C library's callback into Python (ctypes prints
"Exception ignored" and carries on), in a generator closed by the garbage
collector, in a finalizer. So the handler also notes the signal here
(:func:`ask`), and the stages' loops call :func:`check` after each unit of
work (a line spoken, a block written or played, a track measured), which
raises the stop again. Only the main thread is stopped this way: a build the
web server runs in a thread ends with the server.
"""

from __future__ import annotations

import signal
import threading

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals that stop coach cleanly (Windows has no SIGHUP)."""

_asked: list[int] = []


def ask(signum: int) -> None:
    """Note that signal ``signum`` asked coach to stop."""
    _asked.append(signum)


def asked() -> int | None:
    """The first signal that asked coach to stop, or None."""
    return _asked[0] if _asked else None


def check() -> None:
    """Raise KeyboardInterrupt if a signal asked to stop (in the main thread); a place the work may end."""
    if _asked and threading.current_thread() is threading.main_thread():
        raise KeyboardInterrupt


def forget() -> None:
    """A new command begins (the tests run several in one process): no stop is asked."""
    _asked.clear()
