"""A small bounded buffer of stereo frames between the player and the device.

The player writes rendered blocks; the device's callback reads exactly the
frames it needs. When the ring is short while more audio is due, the reader
waits a moment (``patience``, 50 ms: more than the player's 20 ms between
two fills, a quarter of the device's 0.2 s queue) before padding with
silence. A real device, with 0.2 s queued, never has to wait; a device
that runs faster than real time (ALSA's null device in the tests) is paced
to the player instead of taking silence in between.

Before an output aborts its stream it calls :meth:`release`: from then on no
read waits. PortAudio's ALSA abort cancels the callback thread, which must
then not be sitting in a wait. Reading never renders.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np


class Ring:
    """A fixed-size FIFO of int16 stereo frames, safe for one writer and one reader thread.

    ``consumed`` counts the frames the device has taken so far (the player's
    clock); ``underruns`` counts reads that came up short while more audio was
    still expected.
    """

    def __init__(self, capacity: int, patience: float = 0.05) -> None:
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self.patience = patience
        self._buf = np.zeros((capacity, 2), dtype=np.int16)
        self._lock = threading.Lock()
        self._more = threading.Condition(self._lock)
        self._released = False
        self._read = 0
        self._written = 0
        self._expecting = False
        self.underruns = 0
        self.flushes = 0

    @property
    def consumed(self) -> int:
        with self._lock:
            return self._read

    def queued(self) -> int:
        with self._lock:
            return self._written - self._read

    @property
    def expecting(self) -> bool:
        """True while more audio is due (between a write and :meth:`end` or :meth:`flush`)."""
        with self._lock:
            return self._expecting

    def room(self) -> int:
        return self.capacity - self.queued()

    def write(self, frames: np.ndarray) -> int:
        """Append as many of ``frames`` as fit; return how many were taken."""
        with self._lock:
            n = min(len(frames), self.capacity - (self._written - self._read))
            self._copy_in(frames[:n], self._written % self.capacity)
            self._written += n
            self._expecting = True
            self._more.notify_all()
            return n

    def read_into(self, out: np.ndarray) -> int:
        """Fill ``out`` (frames x 2) from the ring, then with silence.

        Returns the number of flushes so far, so a reader can tell later
        whether what it read has since been dropped.
        """
        with self._lock:
            if self._written - self._read < len(out) and self._expecting and not self._released:
                self._more.wait_for(self._ready(len(out)), self.patience)
            n = min(len(out), self._written - self._read)
            self._copy_out(out[:n], self._read % self.capacity)
            self._read += n
            if n < len(out) and self._expecting:
                self.underruns += 1
            flushes = self.flushes
        out[n:] = 0
        return flushes

    def flush(self) -> int:
        """Drop every queued frame and return ``consumed`` at that instant."""
        with self._lock:
            self._written = self._read
            self._expecting = False
            self.flushes += 1
            self._more.notify_all()
            return self._read

    def end(self) -> None:
        """No more audio is coming: running dry from now on is not an underrun."""
        with self._lock:
            self._expecting = False
            self._more.notify_all()

    def release(self) -> None:
        """Wake any waiting reader; no read waits again. Call before aborting the device."""
        with self._lock:
            self._released = True
            self._more.notify_all()

    def _ready(self, frames: int) -> Callable[[], bool]:
        return lambda: self._written - self._read >= frames or not self._expecting or self._released

    def _copy_in(self, frames: np.ndarray, at: int) -> None:
        first = min(len(frames), self.capacity - at)
        self._buf[at : at + first] = frames[:first]
        self._buf[: len(frames) - first] = frames[first:]

    def _copy_out(self, out: np.ndarray, at: int) -> None:
        first = min(len(out), self.capacity - at)
        out[:first] = self._buf[at : at + first]
        out[first:] = self._buf[: len(out) - first]
