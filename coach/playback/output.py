"""What every sound output is: the Output protocol, and the hint its failures end with.

Kept apart from the table of outputs (:mod:`coach.playback.outputs`), so an
output module imports these without importing the table that imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from coach.playback.ring import Ring

EXPORT_HINT = "Try `coach export` to make an audio file instead."


class Output(Protocol):
    """A sound device that plays what a ring holds, and silence when it runs dry."""

    name: str

    def start(self, ring: Ring) -> None:
        """Open the device and start playing from ``ring``. Raises DeviceError."""

    def latency(self) -> int:
        """Frames between handing a frame to the device and hearing it (an estimate)."""

    def check(self) -> None:
        """Raise DeviceError if the device failed since :meth:`start`."""

    def finish(self) -> None:
        """Let everything already taken from the ring be heard, then close."""

    def abort(self) -> None:
        """Silence at once and close. Safe to call more than once, or before start."""
