"""The runner's own defaults, kept in ``profile.toml`` in their config folder.

``coach config set rate 160`` saves a value; every later command uses it unless
the command line says otherwise (:mod:`coach.profile.layers` merges them).

The file format (reading, checking, writing) is in :mod:`coach.profile.file`;
loading never raises anything but a :class:`CoachError`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs

from coach.profile import file as profile_file
from coach.errors import EnvironmentProblem
from coach.home import user_folder
from coach.profile.keys import KEYS, PACE_PREFIX, parse_text, shown, spec_for

FILE_NAME = "profile.toml"
ENV_DIR = "COACH_CONFIG_DIR"


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


def profile_path() -> Path:
    """``$COACH_CONFIG_DIR/profile.toml``, else ``profile.toml`` in the user's config folder."""
    folder = os.environ.get(ENV_DIR) or user_folder(
        platformdirs.user_config_dir("coach", appauthor=False), "your settings", ENV_DIR
    )
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
