"""Field checkers for routine files: each takes a raw TOML value and returns a clean one.

A checker raises :class:`Bad` with what was expected; the loader adds the file,
line, field path and what was found. The limits here are what makes a routine
schedulable (no 0-second holds, no 500 reps, no drill that runs for hours).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from coach.routine.locate import Path
from coach.routine.model import POSITIONS, SIDE_MODES, SIDES, Distance, Holds, Reps, Range
from coach.routine.problems import describe

Checker = Callable[[Any], Any]

FORMAT = 1
KINDS = ("distance", "reps", "holds")
MAX_REPS = 200
MAX_SETS = 50
MAX_HOLD = 600.0
MAX_REST = 600.0
MAX_TEMPO = 30.0
MAX_METERS = 400
MAX_LEGS = 20
MAX_DIRECTIONS = 4
MAX_HOW = 3
MAX_TIPS = 4
MAX_SETUP = 2
MAX_BREATHS = 10
MAX_DRILLS = 50
MAX_TEXT = 200
MAX_ID = 60
MAX_DRILL_SECONDS = 30 * 60  # one drill's working time at the full level
MAX_ROUTINE_SECONDS = 2 * 3600  # all drills' working time at the full level
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KEEP = {"\t", "\n", "\r"}  # control characters that are only white space


class Bad(Exception):
    """A value that does not fit; the message says what was expected.

    ``at`` points below the checked field (``(1,)`` for its second item) and
    ``got`` then says what was found there; ``hint`` goes after what was found.
    """

    def __init__(self, expected: str, at: Path = (), got: str | None = None, hint: str = "") -> None:
        super().__init__(expected)
        self.at = at
        self.got = got
        self.hint = hint


def _per(unit: str, amount: float) -> str:
    """The amount with its unit agreeing: "1 second", "2 seconds per rep"."""
    return f"{amount:g} {unit.replace('seconds', 'second', 1) if amount == 1 else unit}"


def number(low: float, high: float, unit: str) -> Checker:
    """A number of ``unit`` from ``low`` to ``high``, whole or not."""

    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise Bad(f"expected a number of {unit}")
        if value < low:
            raise Bad(f"expected at least {_per(unit, low)}")
        if value > high:
            raise Bad(f"expected at most {_per(unit, high)}")
        return float(value)

    return check


def whole(low: int, high: int) -> Checker:
    """A whole number from ``low`` to ``high``; ``10.0`` counts as 10."""

    def check(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise Bad(f"expected a whole number of at least {low}")
        if value > high:
            raise Bad(f"expected a whole number of at most {high}")
        return value

    return check


def span(item: Checker) -> Checker:
    """A single value or a ``[low, high]`` range of them (``sets = [4, 5]``)."""

    def check(value: Any) -> Range:
        if not isinstance(value, list):
            one = item(value)
            return Range(one, one)
        if len(value) != 2:
            raise Bad("expected one number, or a range written [low, high]")
        ends = []
        for i, end in enumerate(value):
            try:
                ends.append(item(end))
            except Bad as bad:
                raise Bad(str(bad), (i,), describe(end), bad.hint) from None
        if ends[0] > ends[1]:
            raise Bad("expected a range written [low, high], the smaller number first")
        return Range(ends[0], ends[1])

    return check


def format_version(value: Any) -> int:
    if isinstance(value, bool) or value != FORMAT:
        raise Bad(f"expected {FORMAT}, the only format this version of coach reads")
    return FORMAT


_MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,200}>")  # tags, which the speech layer drops before speaking


def text(value: Any) -> str:
    """Some words in quotes; runs of white space become one space."""
    if not isinstance(value, str) or not value.strip():
        raise Bad("expected some text in quotes")
    if len(value) > MAX_TEXT:
        raise Bad(f"expected text of at most {MAX_TEXT} characters", got=f"{len(value)} characters")
    if any(unicodedata.category(c) == "Cc" and c not in _KEEP for c in value):
        raise Bad("expected text without control characters")
    if not any(c.isalnum() for c in _MARKUP.sub(" ", value)):
        raise Bad("expected words to say, not only markup or symbols")
    return " ".join(value.split())


def template(value: Any) -> str:
    """Text in which ``{side}`` and ``{other}`` stand for "left" and "right"."""
    clean = text(value)
    rest = clean.replace("{side}", "").replace("{other}", "")
    if "{" in rest or "}" in rest:
        raise Bad("expected text where only {side} and {other} stand in braces")
    return clean


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad("expected true or false")
    return value


def slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise Bad('expected an id of lowercase letters, digits and dashes, like "leg-swings"')
    if len(value) > MAX_ID:
        raise Bad(f"expected an id of at most {MAX_ID} characters", got=f"{len(value)} characters")
    return value


def choice(options: tuple[str, ...]) -> Checker:
    def check(value: Any) -> str:
        if isinstance(value, str) and value in options:
            return value
        expected = "expected one of " + ", ".join(f'"{o}"' for o in options)
        close = difflib.get_close_matches(value.lower(), options, n=1) if isinstance(value, str) else []
        raise Bad(expected, hint=f'; did you mean "{close[0]}"?' if close else "")

    return check


def items(low: int, high: int, what: str) -> Checker:
    """A list of ``low`` to ``high`` items; ``what`` shows one, for the message."""

    def check(value: Any) -> list:
        if not isinstance(value, list):
            raise Bad(f"expected a list of {what}")
        if not low <= len(value) <= high:
            raise Bad(f"expected a list of {low} to {high} {what}")
        return value

    return check


def one_or_list(check: Checker, most: int, expected: str) -> Checker:
    """One value that ``check`` accepts, or a list of one to ``most`` of them; ``expected`` names a wrong list."""

    def accept(value: Any) -> tuple:
        if not isinstance(value, list):
            return (check(value),)
        if not 1 <= len(value) <= most:
            raise Bad(f"expected {expected}")
        return tuple(_each(check, value))

    return accept


lines = one_or_list(text, MAX_HOW, "one to three lines of text in quotes")
"""One line of text, or a list of one to three."""
tips = one_or_list(text, MAX_TIPS, f"one to {MAX_TIPS} lines of text in quotes")
"""One tip, or a list of one to four, said in turn."""
setup = one_or_list(text, MAX_SETUP, f"one or {MAX_SETUP} lines of text in quotes")
"""Where to be and what to grab: one line, or a list of one or two."""
templates = one_or_list(template, MAX_DIRECTIONS, f"one template, or a list of one to {MAX_DIRECTIONS}, one per direction")
"""One template, or a list of one per direction (up to four)."""


def words(value: Any) -> tuple[str, ...]:
    """Directions: one to four different names, like ``["forward", "sideways"]``."""
    names = tuple(_each(_direction, items(1, MAX_DIRECTIONS, 'names, like ["forward", "sideways"]')(value)))
    for i, name in enumerate(names):
        if name in names[:i]:
            raise Bad("expected each direction once", (i,), describe(name))
    return names


def _direction(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value) or len(value) > MAX_ID:
        raise Bad('expected a direction in lowercase letters and dashes, like "forward"')
    return value


def _each(check: Checker, values: list) -> list:
    out = []
    for i, value in enumerate(values):
        try:
            out.append(check(value))
        except Bad as bad:
            raise Bad(str(bad), (i,) + bad.at, bad.got or describe(value), bad.hint) from None
    return out


def work_seconds(dose: Distance | Reps | Holds) -> float:
    """How long a drill's working part lasts at the full level, before runner's pacing."""
    sides = 1 if getattr(dose, "sides", "none") == "none" else 2
    if isinstance(dose, Distance):
        return len(dose.legs) * dose.pace
    if isinstance(dose, Reps):
        return dose.reps.high * dose.tempo * sides * max(1, len(dose.directions))
    return dose.sets.high * (dose.hold.high + dose.rest) * sides


position = choice(POSITIONS)
side = choice(SIDES)
side_mode = choice(SIDE_MODES)
kind = choice(KINDS)
