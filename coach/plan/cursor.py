"""A cursor that lays events on a timeline without letting two spoken lines overlap.

The scheduler writes through a :class:`Cursor`: sequential lines follow each
other with a short gap; lines asked for at a fixed time (a rep on the beat, a
turn at the paced time) start then, or as soon as the voice is free. No line
starts while a sound already laid is playing: it waits for the sound to end.
"""

from __future__ import annotations

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
        """``start``, or just after any sound that would be playing then."""
        moved = True
        while moved:
            moved = False
            for e in self.events:
                if e.type == "sound" and e.at <= start < e.end + SOUND_GAP:
                    start, moved = e.end + SOUND_GAP, True
        return start

    def sound(self, name: str, cue: str, *, at: int | None = None, side: Side | None = None, **details) -> Event:
        """Play sound ``name`` at ``at`` (or now, once the voice is free)."""
        start = max(self.now, self.voice_free) if at is None else at
        event = Event(
            at=start, type="sound", cue=cue, length=self.lengths.sound(name), sound=name,
            drill=self.drill, side=side, **details,
        )
        self.events.append(event)
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
