"""How fast coach speaks: words a minute, the default and the bounds (no NumPy: settings read it).

An engine's rate is an average: a line of short words ("Both knees to the
right.") comes out far faster than the rate asked for. Such a line is said
again, slower (:func:`paced_length`, :func:`next_rate`): to last as long as
the rate allows, but never stretched to more than :data:`MOST_STRETCH` times
its first length (a voice drawn out further is heard worse than a quick one).
"""

import math
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


MOST_STRETCH = 1.2
"""A rushed line is made to last at most this many times as long as the voice first said it."""

PACE_TRIES = 4
"""Times a rushed line may be said in all: engines stretch short lines less than the rate asks (Piper's frames)."""

CLOSE_ENOUGH = 0.03
"""A try within this share of the length aimed at ends the tries."""

SLOWEST_STEP = 0.75
"""One try's rate is at least this share of the last one's (and at most its inverse): a wild guess costs a try, not the line."""

PACING = f"rushed lines stretched up to {MOST_STRETCH:g} times, {PACE_TRIES} tries"
"""How lines are paced, as part of every clip's cache key and of the shipped lengths table."""

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


def word_count(text: str) -> int:
    """Words in a line as a listener counts them: "20 metres" is two, "hip-flexor" two, "don't" one."""
    return len(_WORD.findall(text))


def words_a_minute(text: str, seconds: float) -> float:
    """How fast ``text`` was said in ``seconds`` (0 for an empty line)."""
    return 60 * word_count(text) / seconds if seconds > 0 else 0.0


def paced_length(text: str, seconds: float, rate: int) -> float | None:
    """Seconds ``text`` should last when saying it at ``rate`` took ``seconds``; None if that did not rush it."""
    allowed = 60 * word_count(text) / rate
    if seconds <= 0 or seconds >= allowed:
        return None
    return min(allowed, MOST_STRETCH * seconds)


def next_rate(tried: list[tuple[int, float]], target: float) -> int:
    """The rate to try next for a line to last ``target`` seconds, from (rate, seconds) tried so far.

    Lengths go as a power of one over the rate: one over it at first, then the
    power the last two tries showed, a step at most :data:`SLOWEST_STEP` away; never under the lowest rate.
    """
    (rate, seconds), power = tried[-1], 1.0
    if len(tried) > 1:
        (rate0, seconds0) = tried[-2]
        if rate0 != rate and seconds0 > 0 and seconds != seconds0:
            power = max(0.2, math.log(seconds / seconds0) / math.log(rate0 / rate))
    wanted = rate * (seconds / target) ** (1 / power)
    step = max(wanted, rate * SLOWEST_STEP) if wanted < rate else min(wanted, rate / SLOWEST_STEP)
    return max(RATE_RANGE[0], round(step))
