"""Gather a command's choices: command line, then the runner's profile, then the routine, then defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.errors import InputError
from coach.routine.model import LEVELS, Distance, Routine
from coach.plan.options import PlanOptions, check, parse_pace
from coach.profile.layers import ROUTINE, Setting, pace_of, resolve
from coach.profile.store import Profile, load_profile
from coach.profile.table import DEFAULTS
from coach.routine.builtin import find_routine
from coach.speech.entry import cache_root

@dataclass(frozen=True)
class Choices:
    routines: tuple[Routine, ...]
    options: PlanOptions
    settings: dict[str, Setting]

    def get(self, key: str) -> Any:
        return self.settings[key].value


def gather(routine_names: list[str], cli: dict[str, Any]) -> Choices:
    """Resolve every setting for these routines; ``cli`` holds what was typed (None = not given)."""
    if not routine_names:
        raise InputError("name at least one routine, e.g. pre-run")
    routines = tuple(find_routine(name) for name in routine_names)
    typed = {k: v for k, v in cli.items() if k != "pace"}
    if typed.get("level") is not None and typed["level"] not in LEVELS:
        raise InputError(f'--level: expected {", ".join(LEVELS[:-1])} or {LEVELS[-1]}, got "{typed["level"]}"')
    typed |= {f"pace.{drill}": seconds for drill, seconds in parse_pace(cli.get("pace") or []).items()}
    own_paces = {
        f"pace.{d.id}": d.dose.pace for r in routines for d in r.drills if isinstance(d.dose, Distance)
    }
    profile = load_profile()
    cache_root()  # its home is checked now: an engine's libraries may make the home folder (libpulse: ~/.config/pulse)
    distance_ids = {key[5:] for key in own_paces}
    settings = resolve(typed, profile, own_paces, DEFAULTS, drill_ids=distance_ids)
    settings |= {k: s for k, s in _ignored_paces(profile, distance_ids, routines).items() if k not in settings}
    paces = pace_of({k: s for k, s in settings.items() if s.source != ROUTINE})  # the routine's own: not an override
    options = PlanOptions(
        level=settings["level"].value,
        pace=paces,
        pace_scale=settings["pace_scale"].value,
        tempo_scale=settings["tempo_scale"].value,
        cadence=settings["cadence"].value,
    )
    saved = {k: f"{k}, saved in {profile.path}" for k in ("pace_scale",) if settings[k].source.startswith("profile (")}
    for routine in routines:  # a saved value that does not fit this routine names the settings file
        check(routine, options.for_routine(routine), saved)
    return Choices(routines, options, settings)


def _ignored_paces(profile: Profile, distance_ids: set[str], routines: tuple[Routine, ...]) -> dict[str, Setting]:
    """Saved paces for drills that are not 20 m drills of these routines: not used, and said so in --explain."""
    names = " + ".join(r.id for r in routines)
    return {
        f"pace.{drill}": Setting(seconds, f"profile ({profile.path})", ignored=f"{drill} is not a 20 m drill of {names}")
        for drill, seconds in profile.pace.items()
        if drill not in distance_ids
    }
