"""The optional simpleaudio output (Python 3.11 only; see ``outputs.simpleaudio_refusal``).

simpleaudio can only play whole buffers, opening the device for each one, so
this output plays the ring one chunk (about a second) at a time from a thread.
Known limitation: a few milliseconds of silence may fall between chunks while
the device is reopened. A pause or skip stops the chunk being played at once.
"""

from __future__ import annotations

import threading
import time
from types import ModuleType
from typing import Any

import numpy as np

from coach.errors import DeviceError
from coach.playback.output import EXPORT_HINT
from coach.playback.ring import Ring
from coach.units import SAMPLE_RATE

CHUNK = SAMPLE_RATE
"""Frames per simpleaudio buffer: one second."""

_POLL = 0.005


class SimpleAudioOutput:
    """Plays a ring chunk by chunk with ``simpleaudio.play_buffer``."""

    name = "simpleaudio"

    def __init__(self, sa: ModuleType, chunk: int = CHUNK) -> None:
        self._sa = sa
        self._chunk = chunk
        self._ring: Ring | None = None
        self._play: Any = None
        self._began = 0.0
        self._length = 0
        self._seen_flushes = 0
        self._error: DeviceError | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()  # a chunk leaving the ring and its play object appear together
        self._thread: threading.Thread | None = None

    def start(self, ring: Ring) -> None:
        self._ring = ring
        self._play_next()
        self._thread = threading.Thread(target=self._run, name="coach-simpleaudio", daemon=True)
        self._thread.start()

    def latency(self) -> int:
        """Frames of the chunk being played that have not been heard yet."""
        if not self._playing():
            return 0
        return max(0, self._length - round((time.monotonic() - self._began) * SAMPLE_RATE))

    def check(self) -> None:
        if self._error is not None:
            self.abort()
            raise self._error

    def finish(self) -> None:
        while self._thread is not None and self._thread.is_alive() and self._busy():
            self._stop.wait(_POLL)
        self.abort()
        self.check()

    def abort(self) -> None:
        self._stop.set()
        if self._ring is not None:
            self._ring.release()
        with self._lock:
            if self._play is not None:
                self._play.stop()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)

    def _busy(self) -> bool:
        assert self._ring is not None
        with self._lock:
            return self._ring.queued() > 0 or self._playing()

    def _playing(self) -> bool:
        return self._play is not None and self._play.is_playing()

    def _run(self) -> None:
        assert self._ring is not None
        ring = self._ring
        while not self._stop.is_set():
            if self._playing():
                if ring.flushes != self._seen_flushes:
                    self._play.stop()
            elif ring.queued() >= self._chunk or (ring.queued() > 0 and not ring.expecting):
                try:
                    self._play_next()
                except DeviceError:
                    self._error = DeviceError(f"The sound output stopped working during the session. {EXPORT_HINT}")
                    return
            self._stop.wait(_POLL)

    def _play_next(self) -> None:
        """Hand the next chunk to simpleaudio.

        Under the lock: otherwise :meth:`finish` could see an empty ring and no
        chunk playing while this one is on its way to the device, and return
        (ending the process) before the session's last second is heard.
        """
        assert self._ring is not None
        with self._lock:
            if self._stop.is_set():
                return
            n = min(self._chunk, self._ring.queued()) or self._chunk
            chunk = np.zeros((n, 2), dtype=np.int16)
            self._seen_flushes = self._ring.read_into(chunk)
            self._play = self._start_play(chunk)
            self._began, self._length = time.monotonic(), n

    def _start_play(self, chunk: np.ndarray) -> Any:
        try:
            return self._sa.play_buffer(chunk, 2, 2, SAMPLE_RATE)
        except Exception as exc:  # simpleaudio raises its own SimpleaudioError
            raise DeviceError(
                f"No working sound output was found ({' '.join(str(exc).split())}). {EXPORT_HINT}"
            ) from None
