"""How fast coach speaks: words a minute, the default and the bounds (no NumPy: settings read it)."""

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
