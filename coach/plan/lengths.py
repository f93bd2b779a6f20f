"""How long things take to hear: the data the pure scheduler needs.

The scheduler never calls a speech engine. It is handed the measured length of
each phrase (the speech layer synthesizes and measures them); for a phrase it
was not handed, it uses an estimate, so a plan can be made before any audio.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from coach.units import samples

# Lengths of the session's sounds in seconds, until the real clips are measured.
SOUND_ESTIMATES: dict[str, float] = {
    "tick": 0.09,
    "go": 0.3,
    "switch": 0.35,
    "turn": 0.3,
    "restover": 0.35,
    "done": 1.0,
    "step": 0.02,
}
CHARS_PER_SECOND = 14.0  # about 170 words a minute
PHRASE_OVERHEAD = 0.15


def estimate(text: str) -> int:
    """A phrase's spoken length in samples, from its length in characters."""
    return samples(PHRASE_OVERHEAD + len(text) / CHARS_PER_SECOND)


def _frozen(mapping: Mapping[str, int] | None) -> Mapping[str, int]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Lengths:
    speech: Mapping[str, int] = field(default_factory=lambda: _frozen(None))
    sounds: Mapping[str, int] = field(default_factory=lambda: _frozen(None))

    def say(self, text: str) -> int:
        known = self.speech.get(text)
        return known if known is not None else estimate(text)

    def sound(self, name: str) -> int:
        known = self.sounds.get(name)
        return known if known is not None else samples(SOUND_ESTIMATES[name])

    def with_speech(self, more: Mapping[str, int]) -> Lengths:
        return Lengths(_frozen({**self.speech, **more}), self.sounds)
