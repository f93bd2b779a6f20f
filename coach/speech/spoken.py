"""Text written the way it should be heard, before any engine reads it.

Neural voices read what they see: Piper says "20 m" as "twenty em". Cues
from a runner's own routine may use short forms, so units after a number and
a few symbols are written out here, the same for every engine.
"""

from __future__ import annotations

import re

_UNITS = {
    "m": "metres", "km": "kilometres", "s": "seconds", "sec": "seconds", "secs": "seconds",
    "min": "minutes", "mins": "minutes", "x": "times",
}
_UNIT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_SYMBOLS = {"&": " and ", "%": " percent ", "+": " plus ", "=": " equals ", "@": " at "}


def speakable(text: str) -> str:
    """``text`` with units after numbers and a few symbols written as words."""
    text = _UNIT.sub(_unit_words, text)
    for symbol, words in _SYMBOLS.items():
        text = text.replace(symbol, words)
    return text


def _unit_words(match: re.Match[str]) -> str:
    number, unit = match.group(1), _UNITS[match.group(2).lower()]
    if number == "1":
        unit = unit.removesuffix("s")
    return f"{number} {unit}"
