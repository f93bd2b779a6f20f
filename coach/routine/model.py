"""The routine model: frozen dataclasses, no behaviour beyond simple derivations.

A :class:`Routine` is a list of :class:`Drill`; each drill has one dose, whose
class says what kind of drill it is:

* :class:`Distance`: legs of a set length (20 m) walked or jogged, turning
  around between legs; each leg has a leading side.
* :class:`Reps`: counted repetitions, on alternating sides, all on one side
  then the other, or with no side; optionally in several directions (leg swings).
* :class:`Holds`: held positions with rests, per side or alternating.

Doses that the source gives as a range ("4 to 5 holds") stay ranges
(:class:`Range`); a :data:`Level` picks a value from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Side = Literal["left", "right"]
PACE_RANGE = (2.0, 600.0)  # seconds per leg: under 2 s or over ten minutes is a typo, not a pace
MIN_PACE, MAX_PACE = PACE_RANGE
PACE_EXPECTED = f"{MIN_PACE:g} to {MAX_PACE:g} seconds per leg"  # every check of a pace says this
SideMode = Literal["alternate", "each", "none"]
Position = Literal["standing", "lying", "kneeling", "plank"]
Level = Literal["short", "standard", "full"]

SIDES: tuple[Side, ...] = ("left", "right")
SIDE_MODES: tuple[SideMode, ...] = ("alternate", "each", "none")
POSITIONS: tuple[Position, ...] = ("standing", "lying", "kneeling", "plank")
LEVELS: tuple[Level, ...] = ("short", "standard", "full")


def other(side: Side) -> Side:
    return "left" if side == "right" else "right"


@dataclass(frozen=True)
class Range:
    """A dose that may be a range: ``Range(4, 5)`` is "4 to 5", ``Range(10, 10)`` is 10."""

    low: float
    high: float

    def pick(self, level: Level) -> float:
        """short -> the low end, full -> the high end, standard -> the middle (rounded down)."""
        if level == "short":
            return self.low
        if level == "full":
            return self.high
        return self.low + (self.high - self.low) // 2

    def pick_int(self, level: Level) -> int:
        return int(self.pick(level))


@dataclass(frozen=True)
class Leg:
    """One length of a distance drill: which side leads, and which way it goes."""

    lead: Side
    heading: str = ""  # said with the lead, like "travel to your left"
    turn: bool = True  # turn around before this leg; False: same facing, travel back the other way


@dataclass(frozen=True)
class Distance:
    legs: tuple[Leg, ...]
    meters: int
    pace: float  # seconds per leg, the default before the runner's own pacing
    kind: Literal["distance"] = "distance"


@dataclass(frozen=True)
class Reps:
    reps: Range  # per side (or in all, with sides = "none"), per direction
    tempo: float  # seconds per repetition
    sides: SideMode = "alternate"
    first: Side = "right"
    directions: tuple[str, ...] = ()
    kind: Literal["reps"] = "reps"


@dataclass(frozen=True)
class Holds:
    sets: Range  # holds per side (or in all, with sides = "none")
    hold: Range  # seconds each hold lasts
    rest: float  # seconds between holds
    sides: SideMode = "each"
    first: Side = "right"
    kind: Literal["holds"] = "holds"


Dose = Distance | Reps | Holds


@dataclass(frozen=True)
class Cues:
    """Optional lines a routine author can put in place of coach's own."""

    intro: str | None = None  # said after the drill's name and dose
    go: str | None = None  # said just before the countdown
    finish: str | None = None  # said when the drill is over
    setup: tuple[str, ...] = ()  # said in the rest before the drill: where to be, what to grab
    tips: tuple[str, ...] = ()  # form or safety lines, said in turn while the drill is under way
    # Templates where {side} is the side of the rep, hold or leg and {other} the other one:
    lead: str | None = None  # a distance leg's lead, like "{side} knee leads"
    move: tuple[str, ...] = ()  # getting into a hold or a block of reps; one per direction, or one for all
    count: str | None = None  # what a rep names before its number, like "{other} heel"
    both: str | None = None  # a rule said for each side before the countdown, like "{side} leg forward, twist {other}"

    @property
    def tip(self) -> str | None:
        """The first tip: the one the drill sheet prints."""
        return self.tips[0] if self.tips else None

    def move_for(self, block: int) -> str | None:
        """The move template for the ``block``-th direction (the one template when there is one)."""
        if not self.move:
            return None
        return self.move[block] if len(self.move) > 1 else self.move[0]


@dataclass(frozen=True)
class Drill:
    id: str
    name: str
    how: tuple[str, ...]  # one or two short spoken lines
    position: Position
    dose: Dose
    summary: str = ""  # the dose in a few words, for the drill sheet
    cues: Cues = field(default_factory=Cues)


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    summary: str
    drills: tuple[Drill, ...]
    rest: float = 15.0  # seconds between drills
    source: str = ""  # where it was read from, for messages
    before: tuple[str, ...] = ()  # what to do and have ready before the first drill
    after: tuple[str, ...] = ()  # said after the last drill: what comes next, or a short recap
    breaths: int = 0  # slow breaths guided after the last drill, before ``after``

    def drill(self, drill_id: str) -> Drill | None:
        return next((d for d in self.drills if d.id == drill_id), None)

    @property
    def drill_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.drills)
