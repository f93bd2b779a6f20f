"""Where each event sits between the ears: a constant-power pan by side."""

from __future__ import annotations

import math

LEFT_SHARE = 0.7
"""Share of a sided event's energy that goes to its own ear (the rest to the other)."""

_NEAR, _FAR, _MIDDLE = math.sqrt(LEFT_SHARE), math.sqrt(1 - LEFT_SHARE), math.sqrt(0.5)

PAN: dict[str | None, tuple[float, float]] = {
    None: (_MIDDLE, _MIDDLE),
    "left": (_NEAR, _FAR),
    "right": (_FAR, _NEAR),
}
"""(left gain, right gain) by event side; the squares add to 1, so loudness does not change."""


def pan_gains(side: str | None, mono: bool = False) -> tuple[float, float]:
    """The (left, right) gains for an event on ``side``; with ``mono`` every event is centred."""
    return PAN[None] if mono else PAN.get(side, PAN[None])
