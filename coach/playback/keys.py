"""Single-key controls from the terminal: space pauses or resumes, n skips, q quits.

The terminal is put in cbreak mode (keys arrive without Enter and are not
echoed; Ctrl-C still interrupts) and restored on exit, whatever happens.
That needs POSIX terminal control (``termios``), imported only here and only
when keys are read: without it (Windows), playback runs without keys.
"""

from __future__ import annotations

import os
import queue
import select
import sys
import threading
from types import ModuleType, TracebackType
from typing import IO

from coach.playback.player import Command

KEYS: dict[bytes, Command] = {
    b" ": "pause",
    b"n": "next",
    b"N": "next",
    b"q": "quit",
    b"Q": "quit",
}

_POLL = 0.05


class KeyboardControls:
    """Reads keys from a terminal in a thread; use as a context manager.

    ``with KeyboardControls.for_stream(sys.stdin) as controls:`` gives None
    when stdin is not a terminal (piped, cron, tests), so playback simply runs
    without controls.
    """

    missing: str | None = None  # keys are read: nothing is missing

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._commands: queue.Queue[Command] = queue.Queue()
        self._stop = threading.Event()
        self._saved: list | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def for_stream(cls, stream: IO[str] | None = None) -> KeyboardControls | _NoControls:
        stream = sys.stdin if stream is None else stream
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            return _NoControls()
        if not os.isatty(fd):
            return _NoControls()
        if _terminal() is None:
            return _NoControls(MISSING)
        return cls(fd)

    def poll(self) -> Command | None:
        try:
            return self._commands.get_nowait()
        except queue.Empty:
            return None

    def __enter__(self) -> KeyboardControls:
        termios, tty = _terminal()  # type: ignore[misc]  # for_stream made sure they exist
        self._saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd)
        self._thread = threading.Thread(target=self._read, name="coach-keys", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * _POLL)
        if self._saved is not None:
            termios, _ = _terminal()  # type: ignore[misc]
            try:
                termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)
            except (termios.error, OSError):
                pass  # the terminal is gone (hung up): nothing left to restore

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], _POLL)
            if not ready:
                continue
            try:
                key = os.read(self._fd, 1)
            except OSError:
                return
            if not key:
                return
            command = KEYS.get(key)
            if command is not None:
                self._commands.put(command)


MISSING = "the space, n and q keys need a POSIX terminal (not here); Ctrl-C still stops"


def _terminal() -> tuple[ModuleType, ModuleType] | None:
    """``(termios, tty)``, or None where the platform has no POSIX terminal control."""
    try:
        import termios
        import tty
    except ImportError:
        return None
    return termios, tty


class _NoControls:
    """Stands in for the keyboard when there is none to read: no commands, no-op context.

    ``missing`` says why keys are not read although stdin is a terminal.
    """

    def __init__(self, missing: str | None = None) -> None:
        self.missing = missing

    def poll(self) -> Command | None:
        return None

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
