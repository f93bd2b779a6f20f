"""Where each setting comes from: command line, then profile, then routine, then coach's default."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from coach.profile.keys import PACE_PREFIX, shown
from coach.profile.store import Profile

COMMAND_LINE = "command line"
ROUTINE = "routine"
DEFAULT = "default"


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str  # "command line" | "profile (<path>)" | "routine" | "default"
    ignored: str = ""  # why this session does not use it (a saved pace for a drill it does not have)


def resolve(
    cli: Mapping[str, Any | None],
    profile: Profile,
    routine_defaults: Mapping[str, Any],
    defaults: Mapping[str, Any],
    drill_ids: Collection[str] | None = None,
) -> dict[str, Setting]:
    """Each key's value from the first layer that has it: command line, profile, routine, default.

    ``None`` means "not given" (except in ``defaults``, where it is the default).
    Per-drill pace uses keys ``pace.<drill-id>``; with ``drill_ids``, profile pace
    for other drills is left out (it belongs to another routine).
    """
    mine = profile.flat()
    if drill_ids is not None:
        mine = {k: v for k, v in mine.items() if not k.startswith(PACE_PREFIX) or k[len(PACE_PREFIX):] in drill_ids}
    layers = ((cli, COMMAND_LINE), (mine, f"profile ({profile.path})"), (routine_defaults, ROUTINE))
    keys = list(dict.fromkeys([*defaults, *routine_defaults, *mine, *cli]))
    keys.sort(key=lambda k: k.startswith(PACE_PREFIX))  # stable: pace keys last, otherwise as found
    settings: dict[str, Setting] = {}
    for key in keys:
        found = next((Setting(layer[key], source) for layer, source in layers if layer.get(key) is not None), None)
        if found is None and key in defaults:
            found = Setting(defaults[key], DEFAULT)
        if found is not None:
            settings[key] = found
    return settings


def pace_of(settings: Mapping[str, Setting]) -> dict[str, float]:
    """The per-drill pace in resolved settings, as PlanOptions.pace wants it (those not ignored)."""
    return {k[len(PACE_PREFIX):]: s.value for k, s in settings.items() if k.startswith(PACE_PREFIX) and not s.ignored}


def explain(settings: Mapping[str, Setting]) -> str:
    """One line per setting: its value and where it came from."""
    if not settings:
        return ""
    width = max(len(key) for key in settings)
    values = {key: shown(s.value) for key, s in settings.items()}
    vwidth = max(len(v) for v in values.values())
    return "\n".join(
        f"  {key:<{width}}  {values[key]:<{vwidth}}  from {s.source}" + (f"; not used: {s.ignored}" if s.ignored else "")
        for key, s in settings.items()
    )
