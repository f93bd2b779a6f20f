"""Field checkers for routine files: each takes a raw TOML value and returns a clean one.

A checker raises :class:`Bad` with what was expected; the loader adds the file,
line, field path and what was found. The limits here are what makes a routine
schedulable (no 0-second holds, no 500 reps).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from coach.model import POSITIONS, SIDE_MODES, SIDES, Leg, Span

Checker = Callable[[Any], Any]

MAX_REPS = 200
MAX_SETS = 50
MAX_HOLD = 600.0
MAX_PACE = 600.0  # a 20 m leg over ten minutes is a typo, not a pace
MAX_REST = 600.0
MAX_TEMPO = 30.0
MAX_LEGS = 20
MAX_TEXT = 200
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Bad(Exception):
    """A value that does not fit; the message says what was expected."""


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Bad("expected a number")
    return float(value)


def number(low: float, high: float, what: str = "a number") -> Checker:
    def check(value: Any) -> float:
        try:
            x = _number(value)
        except Bad:
            raise Bad(f"expected {what} from {low:g} to {high:g}") from None
        if not low <= x <= high:
            raise Bad(f"expected {what} from {low:g} to {high:g}")
        return x

    return check


def whole(low: int, high: int) -> Checker:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Bad(f"expected a whole number from {low} to {high}")
        return value

    return check


def span(item: Checker, what: str) -> Checker:
    """A single value or a ``[low, high]`` range of them."""

    def check(value: Any) -> Span:
        if isinstance(value, list):
            if len(value) != 2:
                raise Bad(f"expected {what}, or a range written [low, high]")
            low, high = item(value[0]), item(value[1])
            if low > high:
                raise Bad(f"expected a range written [low, high] with low <= high")
            return Span(low, high)
        one = item(value)
        return Span(one, one)

    return check


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Bad("expected some text in quotes")
    if len(value) > MAX_TEXT:
        raise Bad(f"expected text of at most {MAX_TEXT} characters")
    return " ".join(value.split())


def slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.match(value) or len(value) > 60:
        raise Bad("expected an id of lowercase letters, digits and dashes, like \"leg-swings\"")
    return value


def choice(options: tuple[str, ...]) -> Checker:
    def check(value: Any) -> str:
        if value not in options:
            raise Bad("expected one of " + ", ".join(f'"{o}"' for o in options))
        return value

    return check


def lines(value: Any) -> tuple[str, ...]:
    """One line of text, or a list of one to three."""
    items = value if isinstance(value, list) else [value]
    if not 1 <= len(items) <= 3:
        raise Bad("expected one to three lines of text")
    try:
        return tuple(text(v) for v in items)
    except Bad:
        raise Bad("expected one to three lines of text in quotes") from None


def words(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not 1 <= len(value) <= 4:
        raise Bad('expected a list of one to four names, like ["forward", "sideways"]')
    return tuple(slug(v) for v in value)


def legs(value: Any) -> tuple[Leg, ...]:
    expected = 'expected a list of legs like [{ lead = "right" }, { lead = "left" }]'
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_LEGS:
        raise Bad(f"{expected}, 1 to {MAX_LEGS} of them")
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"lead", "heading"} or "lead" not in item:
            raise Bad(expected)
        if item["lead"] not in SIDES:
            raise Bad(expected + ', each lead "left" or "right"')
        heading = text(item["heading"]) if "heading" in item else ""
        out.append(Leg(item["lead"], heading))
    return tuple(out)


position = choice(POSITIONS)
side = choice(SIDES)
side_mode = choice(SIDE_MODES)
kind = choice(("distance", "reps", "holds"))
