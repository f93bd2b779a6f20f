"""A cursor that lays events on a timeline without letting two spoken lines overlap.

The scheduler writes through a :class:`Cursor`: sequential lines follow each
other with a short gap; lines asked for at a fixed time (a rep on the beat, a
turn at the paced time) start then, or as soon as the voice is free. No line
starts while a sound already laid is playing: it waits for the sound to end.
"""

from __future__ import annotations

from bisect import bisect_right, insort

from coach.plan.lengths import Lengths
from coach.routine.model import Side
from coach.plan.timeline import Event
from coach.units import samples

GAP = samples(0.25)  # silence after a spoken line before the next one
SOUND_GAP = samples(0.1)  # silence after a sound before what follows it


class Cursor:
    def __init__(self, lengths: Lengths) -> None:
        self.lengths = lengths
        self.events: list[Event] = []
        self.now = 0  # where the next sequential event goes
        self.voice_free = 0  # the first sample a new spoken line may start on
        self.drill: str | None = None
        self._sounds: list[tuple[int, int]] = []  # (start, end + SOUND_GAP) of each sound, by start
        self._longest = 0  # the longest such span: how far back a sound can still be playing

    def say(self, text: str, cue: str, *, at: int | None = None, side: Side | None = None, **details) -> Event:
        """Speak ``text`` at ``at`` (or now), delayed only if the voice is still busy."""
        start = self._after_sounds(max(self.now if at is None else at, self.voice_free))
        event = Event(
            at=start, type="say", cue=cue, length=self.lengths.say(text), text=text,
            drill=self.drill, side=side, **details,
        )
        self.events.append(event)
        self.voice_free = event.end + GAP
        if at is None:
            self.now = self.voice_free
        return event

    def _after_sounds(self, start: int) -> int:
        """The first sample from ``start`` on where no sound is playing (nor its short gap after)."""
        moved = True
        while moved:
            moved = False
            i = bisect_right(self._sounds, (start, float("inf")))  # the sounds that began by ``start``
            while i > 0 and self._sounds[i - 1][0] > start - self._longest:
                i -= 1
                if start < self._sounds[i][1]:
                    start, moved = self._sounds[i][1], True
                    break
        return start

    def sound(self, name: str, cue: str, *, at: int | None = None, side: Side | None = None, **details) -> Event:
        """Play sound ``name`` at ``at`` (or now, once the voice is free)."""
        start = max(self.now, self.voice_free) if at is None else at
        event = Event(
            at=start, type="sound", cue=cue, length=self.lengths.sound(name), sound=name,
            drill=self.drill, side=side, **details,
        )
        self.events.append(event)
        insort(self._sounds, (event.at, event.end + SOUND_GAP))
        self._longest = max(self._longest, event.length + SOUND_GAP)
        if at is None:
            self.now = event.end + SOUND_GAP
        return event

    def wait(self, seconds: float) -> None:
        self.now = max(self.now, self.voice_free) + samples(seconds)

    def until(self, sample: int) -> None:
        self.now = max(self.now, sample)

    def free(self) -> int:
        """The first sample where nothing sequential or spoken is still going on."""
        return max(self.now, self.voice_free)

    def countdown(self, beats: int = 3) -> int:
        """Ticks one second apart, then the go sound; returns the go sample."""
        start = self.free()
        for k in range(beats):
            self.sound("tick", "countdown", at=start + samples(k))
        go = start + samples(beats)
        self.sound("go", "go", at=go)
        self.now = go
        return go

    def end(self) -> int:
        return max((e.end for e in self.events), default=0)
