"""Speech: short cues turned into trimmed 44.1 kHz clips, synthesized once and cached.

>>> speech = open_speech()            # Piper's en_US-joe-medium voice, everywhere
>>> clip = speech.clip("Next up: leg swings")
>>> lengths = speech.prepare(["Right, 1", "Right, 2"])

The names that make sound (``Speech``, ``open_speech``) are
loaded on first use, so reading settings or planning does not load NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.speech.engine import VoiceInfo
from coach.speech.engines import ENGINES, default_engine_name, list_voices
from coach.speech.rates import DEFAULT_RATE, RATE_RANGE
from coach.speech.sanitize import MAX_CHARS, sanitize

if TYPE_CHECKING:
    from coach.speech.speech import Speech, open_speech

__all__ = [
    "DEFAULT_RATE",
    "ENGINES",
    "MAX_CHARS",
    "RATE_RANGE",
    "Speech",
    "VoiceInfo",
    "default_engine_name",
    "list_voices",
    "open_speech",
    "sanitize",
]

_HEAVY = {"Speech", "open_speech"}


def __getattr__(name: str) -> Any:
    if name in _HEAVY:
        from coach.speech import speech

        return getattr(speech, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
