"""What a setting accepts: a :class:`Kind` turns typed text or a TOML value into a clean value.

Typed text (``coach config set rate 160``) is read first (``"160"`` -> 160),
which may raise ``ValueError``; TOML values (``rate = 160``) are checked by the
same checkers as routine files (:mod:`coach.routine.fields`), which raise
``Bad``. Messages are built from :attr:`Kind.expected`, so the command line
and the file say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.regular import ADDRESS
from coach.routine import fields
from coach.routine.fields import Bad

MAX_TEXT = 100
MAX_PATH = 1000
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Kind:
    """What a key accepts: ``parse`` reads typed text, ``accept`` checks a TOML value."""

    expected: str  # e.g. "a whole number from 80 to 400"
    parse: Callable[[str], Any]
    accept: Callable[[Any], Any]


def whole(low: int, high: int) -> Kind:
    accept = fields.whole(low, high)
    return Kind(f"a whole number from {low} to {high}", lambda text: accept(int(text.strip())), accept)


def number(low: float, high: float, *, above: bool = False, unit: str = "") -> Kind:
    """A number from ``low`` (or above it, with ``above``) to ``high``."""
    what = f"a number of {unit}" if unit else "a number"
    expected = f"{what} above {low:g} and at most {high:g}" if above else f"{what} from {low:g} to {high:g}"
    within = fields.number(low, high, unit or "units")

    def accept(value: Any) -> float:
        clean = within(value)
        if above and clean <= low:
            raise Bad(f"expected {expected}")
        return clean

    return Kind(expected, lambda text: accept(float(text.strip())), accept)


def choice(options: tuple[str, ...]) -> Kind:
    accept = fields.choice(options)
    return Kind("one of " + ", ".join(options), lambda text: accept(text.strip().lower()), accept)


def _switch_text(text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(text)


SWITCH = Kind("true or false", _switch_text, fields.boolean)


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    """Text kept as written (a path may hold two spaces), trimmed, on one line."""
    if not isinstance(value, str):
        raise Bad("expected text")
    clean = value.strip()
    if not clean or len(clean) > limit or CONTROL.search(clean):
        raise Bad(f"expected 1 to {limit} characters on one line")
    clean.encode("utf-8")  # a lone surrogate (from a badly encoded argument) raises ValueError
    return clean


def _voice(value: Any) -> str:
    return _text(value, MAX_PATH)


def _voice_typed(text: str) -> str:
    """A voice name as typed; a voice file's path is kept whole, so it works from any folder."""
    clean = _voice(text)
    return _path_typed(clean) if clean.lower().endswith((".onnx", ".onnx.json")) else clean


VOICE = Kind(f"a voice name or a voice file's path, 1 to {MAX_PATH} characters", _voice_typed, _voice)


def _path(value: Any) -> str:
    """A file or folder on this computer (a web address is not one)."""
    clean = _voice(value)
    if ADDRESS.match(clean):
        raise Bad("expected a path on this computer, not a web address")
    return clean


def _path_typed(text: str) -> str:
    """A file or folder as typed, kept whole so it works from any folder."""
    try:
        return _voice(str(Path(_path(text)).expanduser().absolute()))
    except RuntimeError:  # ~user that does not exist
        raise Bad("expected a path that exists") from None


PATH = Kind(f"a music file's or folder's path on this computer, 1 to {MAX_PATH} characters", _path_typed, _path)

