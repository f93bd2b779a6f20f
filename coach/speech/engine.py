"""What every speech engine is and gives: the Engine protocol, a voice's description, raw audio.

Kept apart from the table of engines (:mod:`coach.speech.engines`), so an
engine module imports these without importing the table that imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # NumPy is loaded by the engines that make sound, not by reading settings
    import numpy as np


@dataclass(frozen=True)
class VoiceInfo:
    """A voice an engine offers. ``id`` is what ``--voice`` takes."""

    id: str
    name: str
    languages: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Pcm:
    """Audio straight from an engine: mono float32 in [-1, 1] at its own ``rate``."""

    samples: np.ndarray
    rate: int


class Engine(Protocol):
    """What a speech engine offers. Engines get clean, non-empty, capped text."""

    name: str

    def version(self) -> str:
        """Engine and library versions; part of the phrase cache key."""
        ...

    def voices(self) -> list[VoiceInfo]:
        ...

    def resolve_voice(self, wanted: str | None) -> str:
        """The canonical voice id for ``wanted`` (None: the default); InputError if unknown."""
        ...

    def fingerprint(self, voice: str) -> str:
        """What decides how a resolved voice sounds (a model's digest, say); part of the cache key."""
        ...

    def synth(self, text: str, voice: str, rate: int) -> Pcm:
        """Speak one phrase with a voice id from :meth:`resolve_voice` at ``rate`` words a minute."""
        ...
