"""The timeline: what the runner hears, and when, to the sample.

The scheduler produces a :class:`Timeline`; the renderer turns it into sound;
``coach plan --json`` prints it. Times are integer sample indices at
:data:`SAMPLE_RATE`; seconds appear only at the edges (JSON, tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from coach.routine.model import Side
from coach.units import SAMPLE_RATE, seconds

EventType = Literal["say", "sound"]

# Optional per-event details, in the order the JSON lists them.
DETAIL_FIELDS = ("rep", "direction", "set", "seconds", "meters", "lead")


LENGTH_STEP = 147
"""A session's length is a multiple of this (1/300 s): it then lasts a whole
number of 48 kHz samples too, so an Opus file lasts exactly as long as the WAV."""


def session_length(end: int) -> int:
    """``end`` rounded up to the next multiple of :data:`LENGTH_STEP`."""
    return -(-end // LENGTH_STEP) * LENGTH_STEP


@dataclass(frozen=True)
class Event:
    """One thing the runner hears: a spoken line (``say``) or a sound.

    ``at`` is the sample where it starts and ``length`` its audible length in
    samples (speech as measured or estimated, sounds as their clip length).
    """

    at: int
    type: EventType
    cue: str
    length: int
    text: str | None = None
    sound: str | None = None
    drill: str | None = None
    side: Side | None = None
    rep: int | None = None
    direction: str | None = None
    set: int | None = None
    seconds: float | None = None
    meters: int | None = None
    lead: Side | None = None

    @property
    def end(self) -> int:
        return self.at + self.length

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "t": seconds(self.at),
            "sample": self.at,
            "type": self.type,
            "cue": self.cue,
            "drill": self.drill,
            "side": self.side,
            "length": seconds(self.length),
        }
        if self.type == "say":
            out["text"] = self.text
        else:
            out["sound"] = self.sound
        for name in DETAIL_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class DrillSpan:
    """Where one drill sits in the session: from its introduction to its last cue."""

    id: str
    name: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "start": seconds(self.start),
            "end": seconds(self.end),
        }


@dataclass(frozen=True)
class Chapter:
    """A stretch a player can jump to: the opening, a drill, a run between routines."""

    title: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "start": seconds(self.start), "end": seconds(self.end)}


@dataclass(frozen=True)
class Timeline:
    """A whole session: its events sorted by time, and its length in samples.

    ``chapters`` cover the session from 0 to ``length`` without a gap: the
    opening, then one per drill (and, in joined sessions, the run between
    routines and each routine's opening).
    """

    routine: str
    title: str
    length: int
    drills: tuple[DrillSpan, ...]
    events: tuple[Event, ...]
    rate: int = SAMPLE_RATE
    chapters: tuple[Chapter, ...] = ()

    @property
    def duration(self) -> float:
        return seconds(self.length)

    def spoken(self) -> tuple[Event, ...]:
        """The spoken lines, in the timeline's order."""
        return tuple(e for e in self.events if e.type == "say")

    def to_json(self) -> dict[str, Any]:
        return {
            "routine": self.routine,
            "title": self.title,
            "rate": self.rate,
            "duration": self.duration,
            "samples": self.length,
            "drills": [d.to_json() for d in self.drills],
            "chapters": [c.to_json() for c in self.chapters],
            "events": [e.to_json() for e in self.events],
        }
