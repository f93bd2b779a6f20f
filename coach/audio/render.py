"""The renderer: a timeline in, sample-accurate stereo 16-bit blocks out.

Every clip starts exactly at its event's sample. Only the clips sounding near
the current block are held in memory, so a long session costs no more memory
than a short one. Spoken clips arrive ready to mix (the speech layer levels
them once, with :func:`~coach.audio.level.level_speech`, before caching);
sounds are levelled here; each is panned by side; where overlapping clips would
pass the ceiling, a stateless limiter brings that stretch down. A music bed
(:class:`~coach.audio.bed.Bed`), when given, is added under them before the
limiter. The output at a sample never depends on the block size or where
rendering started.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from coach.audio.bed import Bed
from coach.audio.level import CEILING, LIMIT_WINDOW, GainCache, limit, limiter_gain, sound_gain
from coach.audio.pan import pan_gains
from coach.errors import EnvironmentProblem, InputError
from coach.plan.timeline import Event, Timeline
from coach.units import SAMPLE_RATE

Speech = Callable[[str], np.ndarray]

_MARGIN = LIMIT_WINDOW - 1  # context each side of a block that the limiter looks at
_LOOKBACK = 5 * SAMPLE_RATE  # events ending this long before ``start`` are not fetched at all
_SAFE = CEILING * (1 - 1e-6)  # below this sum of peaks no limiting can be needed


@dataclass(frozen=True)
class _Clip:
    """One event's audio, levelled and panned: (n, 2) float32 starting at ``at``."""

    at: int
    audio: np.ndarray
    peak: float

    @property
    def end(self) -> int:
        return self.at + self.audio.shape[0]


def _as_mono(raw: np.ndarray) -> np.ndarray:
    """Any clip (float or integer PCM, mono or multichannel) as mono float32 in [-1, 1]."""
    audio = np.asarray(raw)
    if audio.dtype.kind in "iu":
        audio = audio.astype(np.float32) / np.float32(np.iinfo(audio.dtype).max + 1)
    if audio.ndim == 2:
        audio = audio.mean(axis=1)
    return np.asarray(audio, dtype=np.float32).reshape(-1)


class _ClipMaker:
    """Fetches each event's clip, levels sounds (remembering their gains) and pans by side."""

    def __init__(self, speech: Speech, sounds: Mapping[str, np.ndarray], mono: bool) -> None:
        self._speech = speech
        self._sounds = sounds
        self._mono = mono
        self._gains = GainCache()

    def _levelled(self, event: Event) -> np.ndarray:
        if event.type == "say":
            return _as_mono(self._speech(event.text or ""))  # levelled once, when synthesized
        if event.sound not in self._sounds:
            raise EnvironmentProblem(f"There is no sound called {event.sound!r}; the sound files may be incomplete.")
        clip = _as_mono(self._sounds[event.sound])
        gain = self._gains.get((event.sound, clip.size), lambda: sound_gain(event.sound or "", clip))
        return limit(clip * np.float32(gain))

    def make(self, event: Event) -> _Clip | None:
        clip = self._levelled(event)
        if clip.size == 0:
            return None
        left, right = pan_gains(event.side, self._mono)
        audio = np.empty((clip.size, 2), dtype=np.float32)
        np.multiply(clip, np.float32(left), out=audio[:, 0])
        np.multiply(clip, np.float32(right), out=audio[:, 1])
        return _Clip(event.at, audio, float(np.abs(audio).max()))


def _sum(clips: Sequence[_Clip], lo: int, hi: int) -> np.ndarray:
    """The clips added over samples [lo, hi), always in event order (so sums are reproducible)."""
    out = np.zeros((hi - lo, 2), dtype=np.float32)
    for clip in clips:
        a, b = max(lo, clip.at), min(hi, clip.end)
        if a < b:
            out[a - lo : b - lo] += clip.audio[a - clip.at : b - clip.at]
    return out


def _to_int16(mix: np.ndarray) -> np.ndarray:
    mix *= np.float32(32767)
    np.rint(mix, out=mix)
    np.clip(mix, -32768, 32767, out=mix)
    return mix.astype(np.int16)


def _mix_block(clips: Sequence[_Clip], start: int, end: int, bed: np.ndarray | None = None) -> np.ndarray:
    """Samples [start, end) as int16 (n, 2), limited where the clips add up too loud.

    ``bed`` is the music under them over [start - margin, end + margin), or None.
    """
    middle = slice(_MARGIN, _MARGIN + end - start)
    bed_peak = max(float(bed.max()), -float(bed.min())) if bed is not None and bed.size else 0.0
    if not clips and bed_peak == 0.0:
        return np.zeros((end - start, 2), dtype=np.int16)
    if sum(clip.peak for clip in clips) + bed_peak <= _SAFE:
        mix = _sum(clips, start, end)
        return _to_int16(mix + bed[middle] if bed is not None else mix)
    wide = _sum(clips, start - _MARGIN, end + _MARGIN)
    if bed is not None:
        wide += bed
    gain = limiter_gain(np.abs(wide).max(axis=1)).astype(np.float32)
    return _to_int16(wide[middle] * gain[middle, None])


def _in_order(events: Sequence[Event]) -> Sequence[Event]:
    if all(a.at <= b.at for a, b in pairwise(events)):
        return events
    return sorted(events, key=lambda e: e.at)


def render(
    timeline: Timeline,
    speech: Speech,
    sounds: Mapping[str, np.ndarray],
    *,
    mono: bool = False,
    start: int = 0,
    end: int | None = None,
    block: int = 4096,
    bed: Bed | None = None,
) -> Iterator[np.ndarray]:
    """Yield the session's samples [start, end) as consecutive int16 (n, 2) stereo blocks.

    Every block has ``block`` frames except perhaps the last. ``speech(text)``
    gives a spoken line's clip (mono, float in [-1, 1] or int16, SAMPLE_RATE);
    ``sounds`` maps sound names to clips. ``mono`` centres every event, so both
    channels are equal. A clip that began before ``start`` plays its remaining part.
    ``bed`` is music to play under the session, made for this timeline.
    """
    stop = timeline.length if end is None else end
    if not 0 <= start <= stop <= timeline.length:
        raise InputError(f"Can't render samples {start} to {stop} of a session {timeline.length} samples long.")
    if block < 1:
        raise InputError(f"The block size must be at least 1 sample, not {block}.")
    return _blocks(_in_order(timeline.events), _ClipMaker(speech, sounds, mono), start, stop, block, bed)


def _blocks(
    events: Sequence[Event], maker: _ClipMaker, start: int, stop: int, block: int, bed: Bed | None
) -> Iterator[np.ndarray]:
    try:
        yield from _mixed(events, maker, start, stop, block, bed)
    finally:
        if bed is not None:
            bed.close()


def _mixed(
    events: Sequence[Event], maker: _ClipMaker, start: int, stop: int, block: int, bed: Bed | None
) -> Iterator[np.ndarray]:
    active: list[_Clip] = []
    index = 0
    for begin in range(start, stop, block):
        finish = min(begin + block, stop)
        lo, hi = begin - _MARGIN, finish + _MARGIN
        while index < len(events) and events[index].at < hi:
            event = events[index]
            index += 1
            if event.end + _LOOKBACK <= lo:  # long over before ``start``: never fetched
                continue
            clip = maker.make(event)
            if clip is not None:
                active.append(clip)
        active = [clip for clip in active if clip.end > lo]
        yield _mix_block(active, begin, finish, bed.window(lo, hi) if bed is not None else None)
