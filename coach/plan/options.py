"""What the runner chooses for a session: level, pacing, tempo, metronome.

Checked here against a routine, so every bad value gets one clear line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from coach.errors import InputError
from coach.routine.model import LEVELS, MAX_PACE, MIN_PACE, PACE_EXPECTED, Distance, Drill, Level, Reps, Routine

MAX_PACE_SCALE = 10.0
MAX_TEMPO_SCALE = 4.0
CADENCE_RANGE = (30, 240)


@dataclass(frozen=True)
class PlanOptions:
    level: Level = "standard"
    pace: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    pace_scale: float = 1.0
    tempo_scale: float = 1.0
    cadence: int | None = None  # metronome steps per minute during distance legs

    def leg_seconds(self, drill: Drill) -> float:
        """The time for one leg: the runner's own pace for the drill, else the scaled default."""
        assert isinstance(drill.dose, Distance)
        if drill.id in self.pace:
            return self.pace[drill.id]
        return drill.dose.pace * self.pace_scale

    def for_routine(self, routine: Routine) -> PlanOptions:
        """These options with only the paces of this routine's drills (a session joins several)."""
        mine = {k: v for k, v in self.pace.items() if routine.drill(k) is not None}
        return replace(self, pace=MappingProxyType(mine))

    def rep_seconds(self, drill: Drill) -> float:
        assert isinstance(drill.dose, Reps)
        return drill.dose.tempo * self.tempo_scale


def parse_pace(items: list[str]) -> dict[str, float]:
    """``["leg-swings=20", ...]`` -> ``{"leg-swings": 20.0}``, one clear line per bad item."""
    out: dict[str, float] = {}
    for item in items:
        drill, sep, value = item.partition("=")
        if not sep or not drill.strip():
            raise InputError(f'--pace "{item}": expected DRILL=SECONDS, e.g. knee-drive-crossover=25')
        out[drill.strip()] = pace_seconds(value, f"--pace {drill.strip()}")
    return out


def pace_seconds(text: str | float, what: str) -> float:
    """A leg's time in seconds, within the one range every pace meets (:data:`PACE_RANGE`)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f'{what}: expected {PACE_EXPECTED}, got "{text}"') from None
    if not MIN_PACE <= value <= MAX_PACE:  # NaN too
        raise InputError(f"{what}: expected {PACE_EXPECTED}, got {value:g}")
    return value


def positive(text: str | float, what: str, limit: float, unit: str = "") -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f'{what}: expected a positive number, got "{text}"') from None
    if not value > 0 or value != value:
        raise InputError(f"{what}: expected a positive number, got {text}")
    if value > limit:
        raise InputError(f"{what}: {value:g} is too much; the most is {limit:g}{' ' + unit if unit else ''}")
    return value


def check_paces(routines: list[Routine], pace: Mapping[str, float]) -> None:
    """Every paced drill must be a 20 m drill of one of the routines."""
    distance_ids = [d.id for r in routines for d in r.drills if isinstance(d.dose, Distance)]
    names = " + ".join(r.id for r in routines)
    for drill_id in pace:
        if drill_id not in distance_ids:
            valid = ", ".join(dict.fromkeys(distance_ids)) or "none in this routine"
            raise InputError(f'--pace: "{drill_id}" is not a 20 m drill of {names}; choose from: {valid}')


def check(routine: Routine, options: PlanOptions, names: Mapping[str, str] | None = None) -> None:
    """Raise InputError for options that do not fit this routine.

    ``names`` says how to name a setting that was not typed (``pace_scale`` ->
    "pace_scale, saved in ..."); by default messages name the option.
    """
    if options.level not in LEVELS:
        raise InputError(f'--level: expected one of {", ".join(LEVELS)}, got "{options.level}"')
    scale = (names or {}).get("pace_scale", "--pace-scale")
    positive(options.pace_scale, scale, MAX_PACE_SCALE)
    positive(options.tempo_scale, "--tempo-scale", MAX_TEMPO_SCALE)
    if options.tempo_scale < 1 / MAX_TEMPO_SCALE:
        raise InputError(f"--tempo-scale: {options.tempo_scale:g} is too fast; the least is {1 / MAX_TEMPO_SCALE:g}")
    check_paces([routine], options.pace)
    for drill_id, seconds in options.pace.items():
        pace_seconds(seconds, f"--pace {drill_id}")
    for drill in routine.drills:
        if isinstance(drill.dose, Distance) and not MIN_PACE <= options.leg_seconds(drill) <= MAX_PACE:
            raise InputError(
                f"{scale}: {drill.id} would take {options.leg_seconds(drill):g} s per leg; expected {PACE_EXPECTED}"
            )
    low, high = CADENCE_RANGE
    if options.cadence is not None and not low <= options.cadence <= high:
        raise InputError(f"--cadence: expected steps per minute from {low} to {high}, got {options.cadence}")
