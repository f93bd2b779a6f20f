"""Text written the way it should be heard, before any engine reads it.

Neural voices read what they see: Piper says "20 m" as "twenty em". Cues
from a runner's own routine may use short forms, so units after a number and
a few symbols are written out here, the same for every engine.
"""

from __future__ import annotations

import functools
import re

from coach.speech.sanitize import sanitize

_UNITS = {
    "m": "metres", "km": "kilometres", "s": "seconds", "sec": "seconds", "secs": "seconds",
    "min": "minutes", "mins": "minutes", "x": "times",
}
_UNIT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b")
_SYMBOLS = {"&": "and", "%": "percent", "+": "plus", "=": "equals", "@": "at"}
_SYMBOL = re.compile(r"(?<=\w)\s*([&%+=@])\s*(?=\w)|(?<=\d)(%)")


def speakable(text: str) -> str:
    """``text`` with units after numbers, and symbols between words, written as words.

    Units are matched as written ("20 m", not "20 M"); a symbol on its own is
    left for the sanitizer to refuse.
    """
    text = _UNIT.sub(_unit_words, text)
    return _SYMBOL.sub(lambda m: f" {_SYMBOLS[m.group(1) or m.group(2)]} ", text)


def _unit_words(match: re.Match[str]) -> str:
    number, unit = match.group(1), _UNITS[match.group(2)]
    if number == "1":
        unit = unit.removesuffix("s")
    return f"{number} {unit}"


@functools.lru_cache(maxsize=4096)
def spoken_form(text: str) -> str:
    """What an engine is given: the cue written as it should be heard, then cleaned.

    Remembered: planning asks again for every line in every round (90,000 times while the shipped
    lengths table is made, which then takes 5.7 s instead of 8.6 s with every line spoken).
    """
    return sanitize(speakable(text))
