"""Read routine files (TOML) into the model, reporting every problem at once.

The built-in routines go through this same loader. A problem names the file,
line, field path, what was found and what was expected; unknown fields name the
closest known one.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

from coach import fields as f
from coach.errors import InputError
from coach.locate import Locator
from coach.model import Cues, Distance, Drill, Holds, Reps, Routine
from coach.problems import Problem, RoutineInvalid, describe

MAX_BYTES = 1_000_000
FORMAT = 1

# field name -> (checker, required, default)
TOP_FIELDS: dict[str, tuple[f.Checker, bool, Any]] = {
    "format": (f.whole(FORMAT, FORMAT), False, FORMAT),
    "id": (f.slug, True, None),
    "title": (f.text, True, None),
    "summary": (f.text, False, ""),
    "rest": (f.number(0, f.MAX_REST, "seconds"), False, 15.0),
    "drills": (None, True, None),  # checked one by one
}
COMMON_FIELDS: dict[str, tuple[f.Checker, bool, Any]] = {
    "id": (f.slug, True, None),
    "name": (f.text, True, None),
    "kind": (f.kind, True, None),
    "position": (f.position, True, None),
    "how": (f.lines, True, None),
    "summary": (f.text, False, ""),
    "cues": (None, False, None),  # a table, checked with CUE_FIELDS
}
CUE_FIELDS: dict[str, tuple[f.Checker, bool, Any]] = {
    name: (f.text, False, None) for name in ("intro", "go", "finish")
}
_REPS = f.span(f.whole(1, f.MAX_REPS), "a whole number of at least 1")
_SETS = f.span(f.whole(1, f.MAX_SETS), "a whole number of at least 1")
_HOLD = f.span(f.number(1, f.MAX_HOLD, "seconds"), "seconds")
KIND_FIELDS: dict[str, dict[str, tuple[f.Checker, bool, Any]]] = {
    "distance": {
        "meters": (f.whole(1, 400), False, 20),
        "pace": (f.number(2, f.MAX_PACE, "seconds per leg"), True, None),
        "legs": (f.legs, True, None),
    },
    "reps": {
        "reps": (_REPS, True, None),
        "tempo": (f.number(0.5, f.MAX_TEMPO, "seconds per rep"), True, None),
        "sides": (f.side_mode, False, "alternate"),
        "first": (f.side, False, "right"),
        "directions": (f.words, False, ()),
    },
    "holds": {
        "sets": (_SETS, True, None),
        "hold": (_HOLD, True, None),
        "rest": (f.number(0, f.MAX_REST, "seconds"), False, 10.0),
        "sides": (f.side_mode, False, "each"),
        "first": (f.side, False, "right"),
    },
}
DOSE_CLASSES = {"distance": Distance, "reps": Reps, "holds": Holds}


class _Reader:
    """Checks one parsed file, collecting problems instead of stopping at the first."""

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        self.locator = Locator(source)
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.name, self.locator.line(path), path, message))

    def table(self, raw: dict, spec: dict, prefix: str) -> dict[str, Any]:
        """Check ``raw`` against ``spec``; unknown keys name the closest known one."""
        out: dict[str, Any] = {}
        for key, value in raw.items():
            path = f"{prefix}{key}"
            if key not in spec:
                close = difflib.get_close_matches(key, list(spec), n=1)
                hint = f'; did you mean "{close[0]}"?' if close else ""
                self.problem(path, f"unknown field{hint}")
                continue
            checker = spec[key][0]
            if checker is None:
                out[key] = value
                continue
            try:
                out[key] = checker(value)
            except f.Bad as bad:
                self.problem(path, f"{bad}, got {describe(value)}")
        for key, (_, required, default) in spec.items():
            if key not in raw:
                if required:
                    self.problem(prefix.rstrip("."), f'missing field "{key}"')
                else:
                    out[key] = default
        return out

    def drill(self, raw: Any, index: int) -> Drill | None:
        prefix = f"drills[{index}]."
        if not isinstance(raw, dict):
            self.problem(f"drills[{index}]", f"expected a drill table, got {describe(raw)}")
            return None
        kind = raw.get("kind")
        spec = COMMON_FIELDS | KIND_FIELDS.get(kind, {})
        before = len(self.problems)
        values = self.table(raw, spec, prefix)
        cues = self.cues(values.get("cues"), prefix)
        if len(self.problems) > before or kind not in KIND_FIELDS:
            return None
        dose_args = {k: values[k] for k in KIND_FIELDS[kind]}
        return Drill(
            id=values["id"],
            name=values["name"],
            how=values["how"],
            position=values["position"],
            dose=DOSE_CLASSES[kind](**dose_args),
            summary=values["summary"],
            cues=cues,
        )

    def cues(self, raw: Any, prefix: str) -> Cues:
        if raw is None:
            return Cues()
        if not isinstance(raw, dict):
            self.problem(f"{prefix}cues", f"expected a table of cue lines, got {describe(raw)}")
            return Cues()
        return Cues(**self.table(raw, CUE_FIELDS, f"{prefix}cues."))

    def routine(self, raw: dict) -> Routine | None:
        top = self.table(raw, TOP_FIELDS, "")
        drills_raw = raw.get("drills")
        if "drills" in raw and (not isinstance(drills_raw, list) or not drills_raw):
            self.problem("drills", "expected at least one [[drills]] table")
            drills_raw = []
        drills = [self.drill(d, i) for i, d in enumerate(drills_raw or [])]
        seen: dict[str, int] = {}
        for i, drill in enumerate(drills):
            if drill is None:
                continue
            if drill.id in seen:
                self.problem(f"drills[{i}].id", f'"{drill.id}" is already used by drills[{seen[drill.id]}]')
            seen.setdefault(drill.id, i)
        if self.problems:
            return None
        return Routine(
            id=top["id"],
            title=top["title"],
            summary=top["summary"],
            drills=tuple(d for d in drills if d is not None),
            rest=top["rest"],
            source=self.name,
        )


def parse(source: str, name: str) -> Routine:
    """Parse routine text; raise :class:`RoutineInvalid` listing every problem."""
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", None) or _line_of(str(err))
        detail = str(err).split(" (at ")[0]
        raise RoutineInvalid([Problem(name, line, "", f"not valid TOML: {detail}")]) from None
    reader = _Reader(name, source)
    routine = reader.routine(raw)
    if routine is None:
        raise RoutineInvalid(reader.problems)
    return routine


def _line_of(message: str) -> int:
    marker = "line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(",")[0].split(")")[0]
        if digits.isdigit():
            return int(digits)
    return 1


def read_text(path: Path) -> str:
    """A routine file's text, with one-line errors for what can go wrong before parsing."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a routine file (.toml)")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: too large ({size} bytes); a routine file is under 1 MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None


def load(path: Path) -> Routine:
    return parse(read_text(path), str(path))
