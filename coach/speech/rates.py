"""How fast coach speaks: words a minute, the default and the bounds (no NumPy: settings read it).

An engine's rate is an average: a line of short words ("Walk to your wall.")
comes out far faster than the rate asked for. :func:`paced_rate` tells the
rate to speak such a line again at, so that no line of :data:`PACED_WORDS`
words or more is rushed.
"""

import re

from coach.errors import InputError

DEFAULT_RATE = 170
"""Words per minute: a clear coaching pace."""

RATE_RANGE = (80, 400)


def checked_rate(rate: object) -> int:
    """Words a minute as a whole number within :data:`RATE_RANGE` (None: the default); InputError otherwise."""
    low, high = RATE_RANGE
    if rate is None:
        return DEFAULT_RATE
    if isinstance(rate, float) and rate.is_integer():
        rate = int(rate)
    if isinstance(rate, bool) or not isinstance(rate, int):
        raise InputError(
            f"speaking rate {rate!r} is not a whole number; choose {low} to {high} words a minute"
        )
    if not low <= rate <= high:
        raise InputError(
            f"speaking rate {rate} is out of range; choose {low} to {high} words a minute"
        )
    return rate


PACED_WORDS = 3
"""Lines of this many words or more are kept near the rate; shorter ones ("Hold.", "3.") keep the voice's own timing."""

FASTEST = 1.1
"""A paced line spoken faster than this times the rate is spoken again, at the rate."""

PACING = f"lines of {PACED_WORDS}+ words at most {FASTEST:g} times the rate"
"""How lines are paced, as part of every clip's cache key and of the shipped lengths table."""

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


def word_count(text: str) -> int:
    """Words in a line as a listener counts them: "20 metres" is two, "hip-flexor" two, "don't" one."""
    return len(_WORD.findall(text))


def words_a_minute(text: str, seconds: float) -> float:
    """How fast ``text`` was said in ``seconds`` (0 for an empty line)."""
    return 60 * word_count(text) / seconds if seconds > 0 else 0.0


def paced_rate(text: str, seconds: float, rate: int) -> int | None:
    """The rate to say ``text`` again at when saying it at ``rate`` took ``seconds`` and rushed it; None if it did not.

    Engines' lengths scale with one over the rate, so the line then lasts about as
    long as ``rate`` words a minute allow.
    """
    if word_count(text) < PACED_WORDS:
        return None
    said = words_a_minute(text, seconds)
    if said <= rate * FASTEST:
        return None
    return max(RATE_RANGE[0], round(rate * rate / said))
