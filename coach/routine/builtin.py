"""The built-in routines, stored as routine files in the same format users write."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from coach.errors import InputError
from coach.routine.loader import load, parse
from coach.routine.model import Routine

BUILTIN: tuple[str, ...] = ("pre-run", "post-run")


def load_builtin(routine_id: str) -> Routine:
    source = resources.files("coach.routine").joinpath(f"{routine_id}.toml").read_text("utf-8")
    return parse(source, f"{routine_id}.toml")


def find_routine(name: str) -> Routine:
    """A built-in routine by id, or a routine file by path."""
    if name in BUILTIN:
        return load_builtin(name)
    path = Path(name)
    if path.suffix.lower() == ".toml" or path.exists() or "/" in name or "\\" in name:
        return load(path)
    known = ", ".join(BUILTIN)
    raise InputError(f'unknown routine "{name}"; built-in routines: {known} (or give a path to a .toml file)')
