"""The runner's own defaults, kept in ``profile.toml`` in their config folder.

``coach config set rate 160`` saves a value; every later command uses it unless
the command line says otherwise. :func:`resolve` merges the layers
(command line > profile > routine > built-in default) and records where each
value came from, for ``--explain``.

The file format (reading, checking, writing) is in :mod:`coach.profile_file`;
loading never raises anything but a :class:`CoachError`.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs

from coach import profile_file
from coach.errors import EnvironmentProblem
from coach.profile_keys import KEYS, PACE_PREFIX, parse_text, shown, spec_for

FILE_NAME = "profile.toml"
ENV_DIR = "COACH_CONFIG_DIR"
COMMAND_LINE = "command line"
ROUTINE = "routine"
DEFAULT = "default"


def _frozen(items: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True)
class Profile:
    values: Mapping[str, Any] = field(default_factory=_frozen)  # checked values, by key of KEYS
    pace: Mapping[str, float] = field(default_factory=_frozen)  # drill id -> seconds per 20 m leg
    path: Path = field(default_factory=lambda: profile_path())

    def flat(self) -> dict[str, Any]:
        """Every value under its key, per-drill pace as ``pace.<drill-id>``."""
        return {**self.values, **{PACE_PREFIX + drill: s for drill, s in self.pace.items()}}


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str  # "command line" | "profile (<path>)" | "routine" | "default"


def profile_path() -> Path:
    """``$COACH_CONFIG_DIR/profile.toml``, else ``profile.toml`` in the user's config folder."""
    folder = os.environ.get(ENV_DIR) or platformdirs.user_config_dir("coach", appauthor=False)
    return Path(folder) / FILE_NAME


def load_profile(path: Path | None = None) -> Profile:
    """The profile saved at ``path``; a missing file is an empty profile."""
    path = path or profile_path()
    found = profile_file.read(path)
    if found is None:
        return Profile(path=path)
    values, pace = found
    return Profile(_frozen(values), _frozen(pace), path)


def set_value(key: str, value: str, path: Path | None = None) -> Profile:
    """Check ``value`` (as typed) for ``key``, save it, and return the new profile."""
    name, clean = parse_text(key, value)
    profile = load_profile(path)
    values, pace = dict(profile.values), dict(profile.pace)
    if name.startswith(PACE_PREFIX):
        pace[name[len(PACE_PREFIX):]] = clean
    else:
        values[name] = clean
    return _save(profile.path, values, pace)


def unset_value(key: str, path: Path | None = None) -> Profile:
    """Remove ``key`` from the profile (nothing is written if it was not set)."""
    name, _ = spec_for(key)
    profile = load_profile(path)
    values, pace = dict(profile.values), dict(profile.pace)
    if name.startswith(PACE_PREFIX):
        pace.pop(name[len(PACE_PREFIX):], None)
    else:
        values.pop(name, None)
    if values == profile.values and pace == profile.pace:
        return profile
    return _save(profile.path, values, pace)


def _save(path: Path, values: dict[str, Any], pace: dict[str, float]) -> Profile:
    profile_file.write(path, values, pace)
    return Profile(_frozen(values), _frozen(pace), path)


def reset_profile(path: Path | None = None) -> Path | None:
    """Move the profile aside to ``profile.toml.bad`` (replacing an older one); return where it went."""
    path = path or profile_path()
    if not os.path.lexists(path):
        return None
    aside = path.with_name(path.name + ".bad")
    try:
        os.replace(path, aside)
    except OSError as err:
        raise EnvironmentProblem(
            f"could not move your settings file {path} aside ({err.strerror or err}); delete it by hand to start fresh"
        ) from None
    return aside


def show(profile: Profile) -> str:
    """Every key and its value, and the file they are kept in."""
    note = "" if os.path.exists(profile.path) else " (no file yet; `coach config set` creates it)"
    rows = [(key, shown(profile.values[key]) if key in profile.values else "not set") for key in KEYS]
    rows += [(PACE_PREFIX + d, f"{shown(profile.pace[d])} s per 20 m leg") for d in sorted(profile.pace)]
    if not profile.pace:
        rows.append((PACE_PREFIX + "DRILL", "not set for any drill"))
    width = max(len(key) for key, _ in rows)
    lines = [f"Your settings: {profile.path}{note}"]
    lines += [f"  {key:<{width}}  {value}" for key, value in rows]
    lines.append("Change one with: coach config set KEY VALUE   (for example: coach config set rate 160)")
    return "\n".join(lines)


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
    """The per-drill pace in resolved settings, as PlanOptions.pace wants it."""
    return {k[len(PACE_PREFIX):]: s.value for k, s in settings.items() if k.startswith(PACE_PREFIX)}


def explain(settings: Mapping[str, Setting]) -> str:
    """One line per setting: its value and where it came from."""
    if not settings:
        return ""
    width = max(len(key) for key in settings)
    values = {key: shown(s.value) for key, s in settings.items()}
    vwidth = max(len(v) for v in values.values())
    return "\n".join(f"  {key:<{width}}  {values[key]:<{vwidth}}  from {s.source}" for key, s in settings.items())
