"""The default output: one PortAudio callback stream through sounddevice.

The stream stays open for the whole session; between cues it simply plays the
silence a dry ring hands out. The callback only copies frames out of the ring.
"""

from __future__ import annotations

import time
from types import ModuleType
from typing import Any

from coach.errors import DeviceError
from coach.playback.output import EXPORT_HINT
from coach.playback.ring import Ring
from coach.units import SAMPLE_RATE

LATENCY = 0.2
"""Seconds of sound PortAudio keeps queued: enough to ride out a busy machine's hiccups.
Pause and skip take effect this much later; Ctrl-C does not wait for it (the queue is dropped)."""

TAIL_MARGIN = 0.1
"""Seconds of extra silence played before closing, so the last sound is not cut."""

TAIL_TIMEOUT = 1.0
"""Seconds beyond the tail to wait for a device that has stopped taking frames."""


class SoundDeviceOutput:
    """Plays a ring through the default PortAudio device (int16, stereo, 44.1 kHz)."""

    name = "sounddevice"

    def __init__(self, sd: ModuleType, device: Any = None, latency: str | float = LATENCY) -> None:
        self._sd = sd
        self._device = device
        self._latency = latency
        self._stream: Any = None
        self._ring: Ring | None = None
        self._latency_frames = 0
        self._closed = False
        self._silent = 0  # frames of silence handed out since the ring last held audio
        self.underflows = 0

    def start(self, ring: Ring) -> None:
        self._ring = ring

        def callback(outdata: Any, frames: int, when: Any, status: Any) -> None:
            if status.output_underflow:
                self.underflows += 1
            before = ring.consumed
            ring.read_into(outdata)
            got = ring.consumed - before
            self._silent = frames - got if got else self._silent + frames

        try:
            self._stream = self._sd.OutputStream(
                samplerate=SAMPLE_RATE,
                channels=2,
                dtype="int16",
                device=self._device,
                latency=self._latency,
                callback=callback,
                prime_output_buffers_using_stream_callback=True,
            )
            self._latency_frames = round(self._stream.latency * SAMPLE_RATE)
            self._stream.start()
        except self._sd.PortAudioError as exc:
            self.abort()
            raise DeviceError(f"No working sound output was found ({_reason(exc)}). {EXPORT_HINT}") from None

    def latency(self) -> int:
        return self._latency_frames

    def check(self) -> None:
        if self._stream is None or self._closed:
            return
        try:
            active = self._stream.active
        except self._sd.PortAudioError:
            active = False
        if not active:
            self.abort()
            raise DeviceError(f"The sound output stopped working during the session. {EXPORT_HINT}")

    def finish(self) -> None:
        """Close once the device has taken its queue's worth of silence after the last sound.

        Counted in frames, not seconds, so a device faster than real time
        (ALSA's null device) is not fed seconds of silence in the meantime.
        """
        if self._stream is None or self._closed:
            return
        tail = self.latency() + round(TAIL_MARGIN * SAMPLE_RATE)
        deadline = time.monotonic() + tail / SAMPLE_RATE + TAIL_TIMEOUT
        while self._silent < tail and time.monotonic() < deadline:
            time.sleep(0.005)
        self.check()
        self._closed = True
        try:
            self._stream.stop()
            self._stream.close()
        except self._sd.PortAudioError as exc:
            raise DeviceError(f"The sound output failed at the end ({_reason(exc)}). {EXPORT_HINT}") from None

    def abort(self) -> None:
        if self._ring is not None:
            self._ring.release()  # the callback thread must not be waiting when PortAudio cancels it
        if self._stream is None or self._closed:
            self._closed = True
            return
        self._closed = True
        try:
            self._stream.abort()
            self._stream.close()
        except self._sd.PortAudioError:
            pass  # already failing; silence is all we wanted


def _reason(exc: BaseException) -> str:
    """PortAudio's own words, kept to one line."""
    text = " ".join(str(exc).split())
    return text.rstrip(".") or type(exc).__name__
