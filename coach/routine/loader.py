"""Read routine files (TOML) into the model, reporting every problem at once.

The built-in routines go through this same loader. A problem names the file,
line, field path, what was found and what was expected; unknown fields name the
closest known one. The format is described for editors in
``coach/routine/routine.schema.json``.
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.routine import fields as f
from coach.units import h_min
from coach.regular import NotAFile, read_regular
from coach.errors import InputError
from coach.routine.locate import MAX_DEPTH, Locator, deep_name_line
from coach.routine.locate import Path as FieldPath
from coach.routine.model import MAX_PACE, MIN_PACE, Cues, Distance, Drill, Holds, Leg, Reps, Routine
from coach.routine.problems import Problem, RoutineInvalid, describe, field_path, not_toml, too_deep

MAX_BYTES = 1_000_000
FORMAT = f.FORMAT


@dataclass(frozen=True)
class Field:
    """One field of a table: its checker (None: a table or list checked by the reader)."""

    check: f.Checker | None
    required: bool = False
    default: Any = None
    about: str = ""  # what it is, for "missing field" messages


Spec = dict[str, Field]

TOP_FIELDS: Spec = {
    "format": Field(f.format_version, default=FORMAT),
    "id": Field(f.slug, True, about='the routine\'s id, like "my-warmup"'),
    "title": Field(f.text, True, about="the routine's name"),
    "summary": Field(f.text, default=""),
    "rest": Field(f.number(0, f.MAX_REST, "seconds"), default=15.0),
    "before": Field(f.lines, default=()),
    "after": Field(f.lines, default=()),
    "breaths": Field(f.whole(0, f.MAX_BREATHS), default=0),
    "drills": Field(None),  # required, but read by _Reader.drills, which says more when missing
}
COMMON_FIELDS: Spec = {
    "id": Field(f.slug, True, about='the drill\'s id, like "leg-swings"'),
    "name": Field(f.text, True, about="the drill's name, as coach says it"),
    "kind": Field(f.kind, True, about='"distance", "reps" or "holds"'),
    "position": Field(f.position, True, about='"standing", "lying", "kneeling" or "plank"'),
    "how": Field(f.lines, True, about="one to three short lines on how to do it"),
    "summary": Field(f.text, default=""),
    "cues": Field(None),
}
KIND_FIELDS: dict[str, Spec] = {
    "distance": {
        "meters": Field(f.whole(1, f.MAX_METERS), default=20),
        "pace": Field(f.number(MIN_PACE, MAX_PACE, "seconds per leg"), True, about="seconds per leg"),
        "legs": Field(None, True, about='like [{ lead = "right" }, { lead = "left" }]'),
    },
    "reps": {
        "reps": Field(f.span(f.whole(1, f.MAX_REPS)), True, about="how many, or a range like [8, 12]"),
        "tempo": Field(f.number(0.5, f.MAX_TEMPO, "seconds per rep"), True, about="seconds per rep"),
        "sides": Field(f.side_mode, default="alternate"),
        "first": Field(f.side, default="right"),
        "directions": Field(f.words, default=()),
    },
    "holds": {
        "sets": Field(f.span(f.whole(1, f.MAX_SETS)), True, about="how many holds, or a range like [4, 5]"),
        "hold": Field(f.span(f.number(1, f.MAX_HOLD, "seconds")), True, about="seconds each hold lasts"),
        "rest": Field(f.number(0, f.MAX_REST, "seconds"), default=10.0),
        "sides": Field(f.side_mode, default="each"),
        "first": Field(f.side, default="right"),
    },
}
LEG_FIELDS: Spec = {
    "lead": Field(f.side, True, about='the leading side, "left" or "right"'),
    "heading": Field(f.text, default=""),
    "turn": Field(f.boolean, default=True),
}
CUE_FIELDS: Spec = {
    **{name: Field(f.text) for name in ("intro", "go", "finish")},
    "tip": Field(f.tips, default=()),
    "setup": Field(f.setup, default=()),
    **{name: Field(f.template) for name in ("lead", "count", "both")},
    "move": Field(f.templates, default=()),
}
DOSE_CLASSES = {"distance": Distance, "reps": Reps, "holds": Holds}
_LEGS = f.items(1, f.MAX_LEGS, 'legs, like [{ lead = "right" }, { lead = "left" }]')


class _Reader:
    """Checks one parsed file, collecting problems instead of stopping at the first."""

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        self.source = source
        self.problems: list[Problem] = []

    @functools.cached_property
    def locator(self) -> Locator:
        """Where each field was written: read from the text only when there is a problem to place."""
        return Locator(self.source)

    def problem(self, path: FieldPath, message: str) -> None:
        self.problems.append(Problem(self.name, self.locator.line(path), field_path(path), message))

    def check(self, path: FieldPath, value: Any, checker: f.Checker) -> Any:
        """``checker(value)``, or None after noting what was expected and found."""
        try:
            return checker(value)
        except f.Bad as bad:
            self.problem(path + bad.at, f"{bad}, got {bad.got or describe(value)}{bad.hint}")
            return None

    def table(
        self, raw: dict, spec: Spec, path: FieldPath, elsewhere: dict[str, str] | None = None
    ) -> tuple[dict, bool]:
        """Check ``raw`` against ``spec``: (clean values with defaults, whether all was well).

        ``elsewhere`` names the fields that belong to other kinds of drill.
        """
        out: dict[str, Any] = {}
        before = len(self.problems)
        for key, value in raw.items():
            field = spec.get(key)
            if field is None:
                self.unknown(path + (key,), spec, elsewhere)
            elif field.check is None:
                out[key] = value
            else:
                out[key] = self.check(path + (key,), value, field.check)
        for key, field in spec.items():
            if key in raw:
                continue
            if field.required:
                self.problem(path, f'missing field "{key}"' + (f" ({field.about})" if field.about else ""))
            out[key] = field.default
        return out, len(self.problems) == before

    def unknown(self, path: FieldPath, spec: Spec, elsewhere: dict[str, str] | None) -> None:
        key = str(path[-1])
        if elsewhere is not None and key in elsewhere:
            if elsewhere[key]:
                self.problem(path, elsewhere[key])
            return
        close = difflib.get_close_matches(key, list(spec), n=1) or difflib.get_close_matches(key.lower(), spec, 1)
        hint = f'did you mean "{close[0]}"?' if close else "known fields here: " + ", ".join(spec)
        self.problem(path, f"unknown field; {hint}")

    def drill(self, raw: Any, index: int) -> Drill | None:
        path: FieldPath = ("drills", index)
        if not isinstance(raw, dict):
            self.problem(path, f"expected a drill table, got {describe(raw)}")
            return None
        kind = raw.get("kind") if isinstance(raw.get("kind"), str) and raw["kind"] in KIND_FIELDS else None
        values, ok = self.table(raw, COMMON_FIELDS | KIND_FIELDS.get(kind, {}), path, _elsewhere(kind))
        cues = self.cues(values["cues"], path + ("cues",))
        legs = self.legs(values["legs"], path + ("legs",)) if kind == "distance" and "legs" in raw else ()
        if not ok or cues is None or legs is None or kind is None:
            return None
        dose_args = {k: values[k] for k in KIND_FIELDS[kind]} | ({"legs": legs} if kind == "distance" else {})
        dose = DOSE_CLASSES[kind](**dose_args)
        if not self.moves(cues, dose, path + ("cues", "move")):
            return None
        seconds = f.work_seconds(dose)
        if seconds > f.MAX_DRILL_SECONDS:
            took, limit = h_min(seconds), h_min(f.MAX_DRILL_SECONDS)
            self.problem(path, f"this drill would take {took} at the full level; keep a drill under {limit}")
            return None
        return Drill(values["id"], values["name"], values["how"], values["position"], dose, values["summary"], cues)

    def legs(self, raw: Any, path: FieldPath) -> tuple[Leg, ...] | None:
        items = self.check(path, raw, _LEGS)
        if items is None:
            return None
        legs = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                self.problem(path + (i,), f'expected a leg like {{ lead = "right" }}, got {describe(item)}')
                continue
            values, ok = self.table(item, LEG_FIELDS, path + (i,))
            if ok:
                legs.append(Leg(values["lead"], values["heading"], values["turn"]))
        return tuple(legs) if len(legs) == len(items) else None

    def cues(self, raw: Any, path: FieldPath) -> Cues | None:
        if raw is None:
            return Cues()
        if not isinstance(raw, dict):
            self.problem(path, f"expected a [drills.cues] table with {', '.join(CUE_FIELDS)}, got {describe(raw)}")
            return None
        values, ok = self.table(raw, CUE_FIELDS, path)
        values["tips"] = values.pop("tip")
        return Cues(**values) if ok else None

    def moves(self, cues: Cues, dose: Distance | Reps | Holds, path: FieldPath) -> bool:
        """A list of moves needs one per direction of a reps drill; say so once if not."""
        if len(cues.move) <= 1:
            return True
        ways = dose.directions if isinstance(dose, Reps) else ()
        if len(ways) == len(cues.move):
            return True
        if ways:
            wanted = f"one template, or {len(ways)} in a list, one per direction ({', '.join(ways)})"
        else:
            wanted = "one template; a list is for reps drills with directions, one per direction"
        self.problem(path, f"expected {wanted}, got a list of {len(cues.move)}")
        return False

    def routine(self, raw: dict) -> Routine | None:
        if not raw:
            self.problem((), "no routine here; a routine needs an id, a title and at least one [[drills]] table")
            return None
        top, _ = self.table(raw, TOP_FIELDS, ())
        drills = self.drills(raw)
        if self.problems:
            return None
        return Routine(
            top["id"], top["title"], top["summary"], tuple(drills), top["rest"], self.name, top["before"],
            top["after"], top["breaths"],
        )

    def drills(self, raw: dict) -> list[Drill]:
        value = raw.get("drills")
        path: FieldPath = ("drills",)
        if "drills" not in raw:
            self.problem((), "no drills; add at least one [[drills]] table")
            return []
        if isinstance(value, dict):
            self.problem(path, "expected [[drills]] tables, with double brackets, got a table")
            return []
        if not isinstance(value, list) or not 1 <= len(value) <= f.MAX_DRILLS:
            self.problem(path, f"expected 1 to {f.MAX_DRILLS} [[drills]] tables, got {describe(value)}")
            return []
        kept = [d for d in (self.drill(d, i) for i, d in enumerate(value)) if d is not None]
        seen: dict[str, int] = {}
        for i, drill_id in enumerate(d.get("id") if isinstance(d, dict) else None for d in value):
            if isinstance(drill_id, str) and seen.setdefault(drill_id, i) != i:
                first = f"drills[{seen[drill_id]}]"
                message = f'"{drill_id}" is already the id of {first}; give each drill its own id'
                self.problem(("drills", i, "id"), message)
        total = sum(f.work_seconds(d.dose) for d in kept)
        if total > f.MAX_ROUTINE_SECONDS:
            took, limit = h_min(total), h_min(f.MAX_ROUTINE_SECONDS)
            self.problem(path, f"the drills add up to {took} at the full level; keep a routine under {limit}")
        return kept


def _elsewhere(kind: str | None) -> dict[str, str]:
    """Fields of the other kinds of drill -> the message for finding one here.

    With no valid kind there is no message: the kind itself is the problem.
    """
    owners: dict[str, list[str]] = {}
    for other, spec in KIND_FIELDS.items():
        for key in spec:
            if key not in KIND_FIELDS.get(kind, {}):
                owners.setdefault(key, []).append(other)
    return {
        key: f'not used by {kind} drills; "{key}" is for {" and ".join(kinds)} drills' if kind else ""
        for key, kinds in owners.items()
    }


def parse(source: str, name: str) -> Routine:
    """Parse routine text; raise :class:`RoutineInvalid` listing every problem, in file order."""
    source = source.removeprefix("\ufeff")
    deep = deep_name_line(source)
    if deep is not None:  # before tomllib, which would need gigabytes for it
        raise RoutineInvalid([too_deep(source, name, deep)])
    try:
        raw = tomllib.loads(source)
    except ValueError as err:  # TOMLDecodeError, or a number too long for Python
        raise RoutineInvalid([not_toml(source, name, err)]) from None
    except RecursionError:
        raise RoutineInvalid([too_deep(source, name)]) from None
    if depth(raw) > MAX_DEPTH:  # before any check that walks it: [a.a.a...] can nest thousands deep
        raise RoutineInvalid([too_deep(source, name)])
    reader = _Reader(name, source)
    routine = reader.routine(raw)
    if routine is None:
        raise RoutineInvalid(sorted(reader.problems, key=lambda p: p.line))
    return routine


def depth(value: Any) -> int:
    """How deeply tables and lists nest in ``value`` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if level + 1 > MAX_DEPTH:
                    return level + 1
                stack.append((child, level + 1))
        deepest = max(deepest, level)
    return deepest


def read_text(path: Path) -> str:
    """A routine file's text, with one-line errors for what can go wrong before parsing."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a routine file (.toml)")
    try:
        data = read_regular(path, MAX_BYTES)
    except NotAFile as err:
        raise InputError(f"{path}: {err.strerror}; give a routine file (.toml)") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: too large for a routine file (over 1 MB)")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{path}:1: saved as UTF-16; save the file as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None


def load(path: Path) -> Routine:
    """Read and check the routine file at ``path``."""
    return parse(read_text(path), str(path))
