"""The music bed: the runner's tracks laid end to end under the whole session.

Tracks follow each other with an equal-power crossfade and loop until the
session is filled; the first fades in, and the bed fades out over the
session's last seconds. Each track is brought to one loudness, ``level_db``
under the voice, then the bed is ducked under every cue (:mod:`coach.audio.duck`).

The bed is read as windows of session samples that never go backwards;
only the tracks sounding in a window are open, each decoding from its start,
so the samples at a position are the same wherever reading began.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.audio.duck import DuckEnvelope, Ducking
from coach.audio.level import SPEECH_LUFS
from coach.audio.mixing import DEFAULT_LEVEL_DB, LEVEL_RANGE  # noqa: F401  (LEVEL_RANGE: part of the bed's interface)
from coach.audio.music import Track, decode
from coach.errors import InputError
from coach.plan.timeline import Timeline
from coach.units import samples

CROSSFADE = samples(3.0)
FADE_IN = samples(2.0)
FADE_OUT = samples(5.0)
MAX_GAIN_DB = 30.0  # a near-silent track is not pushed up further than this
CHUNK = 1 << 14  # samples made at a time (0.4 s): the work per window is then mostly a slice


@dataclass(frozen=True)
class Placed:
    """One track's place in the session: from ``at``, at ``gain``, fading in and out over these lengths."""

    track: Track
    at: int
    gain: float
    fade_in: int
    fade_out: int

    @property
    def end(self) -> int:
        return self.at + self.track.length


def track_gain(track: Track, level_db: float) -> float:
    """The gain that sets ``track`` at ``level_db`` against the voice (1.0 for a silent track)."""
    if math.isinf(track.lufs):
        return 1.0
    return 10 ** (min(MAX_GAIN_DB, SPEECH_LUFS + level_db - track.lufs) / 20)


def lay_out(tracks: Sequence[Track], length: int, level_db: float = DEFAULT_LEVEL_DB) -> tuple[Placed, ...]:
    """The tracks in order, looped, until they cover ``length`` samples."""
    if not tracks:
        raise InputError("--music: no track can be played")
    placed: list[Placed] = []
    at, fade_in, k = 0, FADE_IN, 0
    while at < length:
        track, after = tracks[k % len(tracks)], tracks[(k + 1) % len(tracks)]
        fade_out = min(CROSSFADE, track.length // 2, after.length // 2)
        placed.append(Placed(track, at, track_gain(track, level_db), min(fade_in, track.length // 2), fade_out))
        at, fade_in, k = at + track.length - fade_out, fade_out, k + 1
    return tuple(placed)


class _Reader:
    """One track's samples, read forward from any point (decoding from its start)."""

    def __init__(self, path: Path) -> None:
        self._pieces = decode(path)
        self._left = np.zeros((0, 2), dtype=np.float32)
        self.position = 0  # the track's next sample

    def read(self, count: int) -> np.ndarray:
        parts, have = [self._left], self._left.shape[0]
        while have < count:
            piece = next(self._pieces, None)
            if piece is None:
                break
            parts.append(piece)
            have += piece.shape[0]
        joined = np.concatenate(parts) if len(parts) > 1 else self._left.copy()
        self._left = joined[count:]
        self.position += count
        if joined.shape[0] >= count:
            return joined[:count]
        return np.concatenate([joined, np.zeros((count - joined.shape[0], 2), dtype=np.float32)])  # past its end

    def skip_to(self, position: int) -> None:
        while self.position < position:
            self.read(min(position - self.position, 1 << 16))

    def close(self) -> None:
        self._pieces.close()


class Bed:
    """The ducked music bed of one session, read window by window."""

    def __init__(self, tracks: Sequence[Track], timeline: Timeline, level_db: float = DEFAULT_LEVEL_DB,
                 ducking: Ducking = Ducking(), mono: bool = False) -> None:
        self.length = timeline.length
        self.placed = lay_out(tracks, timeline.length, level_db)
        self.duck = DuckEnvelope(timeline.events, ducking)
        self.mono = mono
        self._readers: dict[int, _Reader] = {}
        self._kept = np.zeros((0, 2), dtype=np.float32)
        self._kept_start: int | None = None

    def window(self, lo: int, hi: int) -> np.ndarray:
        """The bed's samples [lo, hi) as (n, 2) float32; ``lo`` must not be below an earlier call's."""
        if self._kept_start is None:
            self._kept_start = lo
        elif lo < self._kept_start:
            raise ValueError(f"the bed is read forward only: sample {lo} is before {self._kept_start}")
        made = self._kept_start + self._kept.shape[0]
        if lo >= made:  # nothing kept is wanted (the first call, or a jump forward)
            self._kept = self._ducked(lo, max(hi, lo + CHUNK))
        elif hi > made:
            self._kept = np.concatenate([self._kept[lo - self._kept_start :], self._ducked(made, max(hi, made + CHUNK))])
        else:
            self._kept = self._kept[lo - self._kept_start :]
        self._kept_start = lo
        return self._kept[: hi - lo]

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()

    def _ducked(self, lo: int, hi: int) -> np.ndarray:
        out = self._make(lo, hi)
        out *= self.duck.gain(lo, hi - lo)[:, None]
        return out

    def _make(self, lo: int, hi: int) -> np.ndarray:
        out = np.zeros((hi - lo, 2), dtype=np.float32)
        for number, placed in enumerate(self.placed):
            if placed.at >= hi:
                break
            if placed.end <= lo:
                self._drop(number)
                continue
            a, b = max(lo, placed.at), min(hi, placed.end)
            out[a - lo : b - lo] += self._track_part(number, placed, a, b)
        if hi > self.length - FADE_OUT:
            out *= _fade_out_of_session(lo, hi, self.length)[:, None]
        if self.mono:
            out[:] = out.mean(axis=1, keepdims=True)
        return out

    def _track_part(self, number: int, placed: Placed, a: int, b: int) -> np.ndarray:
        reader = self._readers.get(number)
        if reader is None:
            reader = self._readers[number] = _Reader(placed.track.path)
        reader.skip_to(a - placed.at)
        part = reader.read(b - a)
        first, last = a - placed.at, b - placed.at  # of the track, last excluded
        fading_in = first < placed.fade_in
        fading_out = last > placed.track.length - placed.fade_out
        if not (fading_in or fading_out):
            part *= np.float32(placed.gain)
            return part
        index = np.arange(first, last, dtype=np.float64)
        gain = np.full(b - a, placed.gain)
        if fading_in:
            gain *= _rise(index / placed.fade_in)
        if fading_out:
            gain *= _rise((placed.track.length - index) / placed.fade_out)
        return part * gain.astype(np.float32)[:, None]

    def _drop(self, number: int) -> None:
        reader = self._readers.pop(number, None)
        if reader is not None:
            reader.close()


def _rise(x: np.ndarray) -> np.ndarray:
    """Equal-power fade: 0 to 1 along a quarter sine for x from 0 to 1 (1 beyond)."""
    return np.sin(0.5 * np.pi * np.clip(x, 0.0, 1.0))


def _fade_out_of_session(lo: int, hi: int, length: int) -> np.ndarray:
    left = (length - np.arange(lo, hi, dtype=np.float64)) / FADE_OUT
    return _rise(left).astype(np.float32)
