"""The process around a command: standard streams that exist, signals that stop it cleanly.

``prepare()`` runs before any command:

- A standard stream closed by the caller (``coach list <&-``, ``2>&-``) is
  opened on the null device, so nothing else takes its number (a file we
  write must never become fd 2, where libraries print) and Python's
  ``sys.stdin``/``sys.stderr`` are never None.
- Standard output's write errors become :class:`OutputFailed`, so the CLI
  can say "can't write the output" without mistaking other OSErrors for it.
- SIGTERM and SIGHUP stop coach the way Ctrl-C does: as a KeyboardInterrupt,
  so every ``finally`` runs and temporary files are removed; the exit status
  is then 128 + the signal's number. A second signal stops coach at once
  (what it leaves, a later run removes). A signal the caller set to be
  ignored (``nohup``) stays ignored. The signal is also noted in
  :mod:`coach.stopping`, whose checks raise the stop again where Python lost
  the first KeyboardInterrupt. Once the command is done (:func:`finished`),
  a signal no longer stops anything: coach exits at once with the command's status.
"""

from __future__ import annotations

import os
import signal
import sys

from coach import stopping
from coach.errors import ExitStatus


class OutputFailed(Exception):
    """Standard output could not be written (a full disk, a closed pipe): ``.error`` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _GuardedOutput:
    """Standard output whose write errors are told apart from every other OSError."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as err:
            raise OutputFailed(err) from err

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            raise OutputFailed(err) from err

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def prepare() -> None:
    stopping.forget()
    _open_closed_streams()
    if not isinstance(sys.stdout, _GuardedOutput):
        sys.stdout = _GuardedOutput(sys.stdout)
    for signum in stopping.SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)


def finished(code: int) -> None:
    """The command is done (its files whole, its output flushed): a stopping signal from now on ends coach at
    once with ``code``, instead of landing in Python's shutdown and killing a run that succeeded."""
    for signum in stopping.SIGNALS:
        if signal.getsignal(signum) is _stop:
            signal.signal(signum, lambda *_: os._exit(code))


def stop_status() -> int:
    """128 + the signal that stopped coach (130 for Ctrl-C when no signal was seen)."""
    signum = stopping.asked()
    return ExitStatus.INTERRUPTED if signum is None else 128 + signum


def stop_reason() -> str:
    """How coach was stopped, for its last line."""
    signum = stopping.asked()
    if signum is None or signum == signal.SIGINT:
        return "stopped."
    return f"stopped by {signal.Signals(signum).name}."


def _stop(signum: int, frame) -> None:
    first = stopping.asked()
    if first is not None:
        os._exit(128 + first)  # asked again while stopping: stop at once (a later run tidies up)
    stopping.ask(signum)
    raise KeyboardInterrupt


def _open_closed_streams() -> None:
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:  # the lowest free number is ours unless another is also closed
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, closefd=False, encoding="utf-8", errors="replace"))
