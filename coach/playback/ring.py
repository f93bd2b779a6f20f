"""A small bounded buffer of stereo frames between the player and the device.

The player writes rendered blocks; the device's callback reads exactly the
frames it needs, and gets silence when the ring has run dry. Reading never
blocks and never renders, so the audio callback stays short.
"""

from __future__ import annotations

import threading

import numpy as np


class Ring:
    """A fixed-size FIFO of int16 stereo frames, safe for one writer and one reader thread.

    ``consumed`` counts the frames the device has taken so far (the player's
    clock); ``underruns`` counts reads that came up short while more audio was
    still expected.
    """

    def __init__(self, capacity: int) -> None:
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self._buf = np.zeros((capacity, 2), dtype=np.int16)
        self._lock = threading.Lock()
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
            return n

    def read_into(self, out: np.ndarray) -> int:
        """Fill ``out`` (frames x 2) from the ring, then with silence.

        Returns the number of flushes so far, so a reader can tell later
        whether what it read has since been dropped.
        """
        with self._lock:
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
            return self._read

    def end(self) -> None:
        """No more audio is coming: running dry from now on is not an underrun."""
        with self._lock:
            self._expecting = False

    def _copy_in(self, frames: np.ndarray, at: int) -> None:
        first = min(len(frames), self.capacity - at)
        self._buf[at : at + first] = frames[:first]
        self._buf[: len(frames) - first] = frames[first:]

    def _copy_out(self, out: np.ndarray, at: int) -> None:
        first = min(len(out), self.capacity - at)
        out[:first] = self._buf[at : at + first]
        out[first:] = self._buf[: len(out) - first]
