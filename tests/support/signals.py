"""Signals the way the CLI takes them, and a signal whose KeyboardInterrupt Python loses on the way."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from coach import stopping
from coach.cli import process

_COMPARE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))


@contextmanager
def stopping_like_the_cli(signum: int = signal.SIGTERM) -> Iterator[None]:
    """``signum`` handled by the CLI's own handler (noted, then KeyboardInterrupt) for the block."""
    before = signal.signal(signum, process._stop)
    try:
        yield
    finally:
        signal.signal(signum, before)
        stopping.forget()


@dataclass(frozen=True)
class Sorted:
    numbers: list[int]
    dropped: list[type[BaseException]]  # exceptions raised in the callback that ctypes dropped


def signal_from_a_callback(signum: int = signal.SIGTERM) -> Sorted:
    """Send ``signum`` to this process from inside a C library's callback into Python (libc's qsort).

    The handler runs in the callback; a KeyboardInterrupt it raises there is
    dropped by ctypes (reported to ``sys.unraisablehook``), and qsort goes on.
    """
    sent: list[bool] = []
    dropped: list[type[BaseException]] = []

    def compare(a, b) -> int:
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signum)
        return a[0] - b[0]

    numbers = (ctypes.c_int * 8)(5, 3, 8, 1, 7, 2, 6, 4)
    hook, sys.unraisablehook = sys.unraisablehook, lambda report: dropped.append(report.exc_type)
    try:
        ctypes.CDLL(None).qsort(numbers, len(numbers), ctypes.sizeof(ctypes.c_int), _COMPARE(compare))
    finally:
        sys.unraisablehook = hook
    return Sorted(list(numbers), dropped)
