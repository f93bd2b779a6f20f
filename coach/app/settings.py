"""Gather a command's choices: command line, then the runner's profile, then the routine, then defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.errors import InputError
from coach.routine.model import Distance, Routine
from coach.plan.options import PlanOptions, parse_pace
from coach.profile.layers import ROUTINE, Setting, resolve
from coach.profile.store import load_profile
from coach.routine.builtin import find_routine

DEFAULTS: dict[str, Any] = {
    "level": "standard",
    "pace_scale": 1.0,
    "tempo_scale": 1.0,
    "cadence": None,
    "voice_engine": None,
    "voice": None,
    "rate": None,
    "pan": True,
    "output": "sounddevice",
    "format": "mp3",
    "music": None,
    "shuffle": False,
    "seed": 1,
    "music_level": -10.0,
    "duck": 14.0,
}


@dataclass(frozen=True)
class Choices:
    routines: tuple[Routine, ...]
    options: PlanOptions
    settings: dict[str, Setting]

    def get(self, key: str) -> Any:
        return self.settings[key].value

    @property
    def mono(self) -> bool:
        return not self.get("pan")


def gather(routine_names: list[str], cli: dict[str, Any]) -> Choices:
    """Resolve every setting for these routines; ``cli`` holds what was typed (None = not given)."""
    if not routine_names:
        raise InputError("name at least one routine, e.g. pre-run")
    routines = tuple(find_routine(name) for name in routine_names)
    typed = {k: v for k, v in cli.items() if k != "pace"}
    if typed.get("level") is not None and typed["level"] not in ("short", "standard", "full"):
        raise InputError(f'--level: expected short, standard or full, got "{typed["level"]}"')
    typed |= {f"pace.{drill}": seconds for drill, seconds in parse_pace(cli.get("pace") or []).items()}
    own_paces = {
        f"pace.{d.id}": d.dose.pace for r in routines for d in r.drills if isinstance(d.dose, Distance)
    }
    drill_ids = {d.id for r in routines for d in r.drills}
    settings = resolve(typed, load_profile(), own_paces, DEFAULTS, drill_ids=drill_ids)
    paces = {k[5:]: s.value for k, s in settings.items() if k.startswith("pace.") and s.source != ROUTINE}
    options = PlanOptions(
        level=settings["level"].value,
        pace=paces,
        pace_scale=settings["pace_scale"].value,
        tempo_scale=settings["tempo_scale"].value,
        cadence=settings["cadence"].value,
    )
    return Choices(routines, options, settings)
