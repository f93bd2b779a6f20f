"""The music bed's ducking, computed from the plan (never from the audio).

Every cue in the timeline (spoken line or sound) pulls the music down: the
gain starts falling ``attack`` samples before the cue's first sample, is at
full depth by that sample, stays there to the cue's last one, and comes back
over ``release`` samples. Where the music would be back up for less than
``rest`` seconds before the next cue pulls it down, it stays down: cues in a
row (countdown ticks, a line and its beep) share one duck and the music does
not pump. During a long silent hold the music comes back.

The gain at a sample depends only on the cues, so any block of the session
can be computed on its own (for ``coach play --from``) and gives the same
samples as the whole session: deterministic and sample-exact. Ramps are raised
cosines in the gain (in linear amplitude), which sound smooth and never
overshoot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from coach.audio.mixing import DEFAULT_DUCK_DB, DUCK_RANGE  # noqa: F401  (DUCK_RANGE: part of the ducking's interface)
from coach.plan.timeline import Event
from coach.units import samples




@dataclass(frozen=True)
class Ducking:
    """How the music gets out of the way of the cues."""

    depth_db: float = DEFAULT_DUCK_DB
    attack: float = 0.2  # seconds before a cue's first sample
    release: float = 0.5  # seconds after its last
    rest: float = 0.5  # the shortest time the music comes back up for

    @property
    def floor(self) -> float:
        """The music's gain during a cue, linear."""
        return 10 ** (-self.depth_db / 20)


@dataclass(frozen=True)
class Duck:
    """One stretch under the cues: full depth from ``low`` to ``high`` (samples, end excluded)."""

    low: int
    high: int


def ducks(events: Iterable[Event], attack: int, release: int, rest: int = 0) -> tuple[Duck, ...]:
    """The cues' stretches, merged where the music would be back up for less than ``rest`` samples."""
    merged: list[Duck] = []
    for event in sorted(events, key=lambda e: e.at):
        low, high = event.at, max(event.end, event.at + 1)
        if merged and low - attack < merged[-1].high + release + rest:
            last = merged.pop()
            low, high = last.low, max(last.high, high)
        merged.append(Duck(low, high))
    return tuple(merged)


class DuckEnvelope:
    """The bed's gain at every sample of a session, block by block."""

    def __init__(self, events: Iterable[Event], ducking: Ducking = Ducking()) -> None:
        self.attack = max(1, samples(ducking.attack))
        self.release = max(1, samples(ducking.release))
        self.floor = ducking.floor
        self.ducks = ducks(events, self.attack, self.release, samples(ducking.rest))
        self._starts = np.array([d.low - self.attack for d in self.ducks], dtype=np.int64)

    def gain(self, start: int, count: int) -> np.ndarray:
        """The gain (float32, 1.0 = bed level) for samples ``start`` to ``start + count``."""
        out = np.ones(count, dtype=np.float64)
        first = max(0, int(np.searchsorted(self._starts, start, side="right")) - 1)
        for duck in self.ducks[first:]:
            if duck.low - self.attack >= start + count:
                break
            self._apply(duck, start, out)
        return out.astype(np.float32)

    def _apply(self, duck: Duck, start: int, out: np.ndarray) -> None:
        """Lower ``out`` (the gains from sample ``start``) under one duck: fall, hold, rise."""
        down = 1.0 - self.floor
        fall = duck.low - self.attack
        for lo, hi, shape in (
            (fall, duck.low, lambda k: 1.0 - down * _ease((k - fall) / self.attack)),
            (duck.low, duck.high, None),
            (duck.high, duck.high + self.release, lambda k: self.floor + down * _ease((k - duck.high) / self.release)),
        ):
            a, b = max(lo, start) - start, min(hi, start + out.size) - start
            if a >= b:
                continue
            if shape is None:
                np.minimum(out[a:b], self.floor, out=out[a:b])
            else:
                np.minimum(out[a:b], shape(np.arange(a + start, b + start, dtype=np.float64)), out=out[a:b])


def _ease(x: np.ndarray) -> np.ndarray:
    """0 to 1 along a raised cosine, for x from 0 to 1."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(x, 0.0, 1.0))
