"""The voice a runner chose, and how long its lines last: known without speaking where possible."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from coach.speech.known import VoiceKey, known_lengths, voice_key

if TYPE_CHECKING:
    from coach.speech.speech import Progress, Speech

Measure = Callable[[Iterable[str]], Mapping[str, int]]


@dataclass(frozen=True)
class VoiceChoice:
    engine: str | None = None
    name: str | None = None
    rate: int | None = None
    clarity: bool = True  # clear speech (coach.audio.clarity); it changes the samples, never the lengths

    def open(self, progress: Progress | None = None) -> Speech:
        """The voice, ready to speak (the engine and its model loaded)."""
        from coach.speech.speech import open_speech

        return open_speech(self.engine, self.name, self.rate, progress=progress, clarity=self.clarity)

    def key(self) -> VoiceKey:
        """What decides how this voice sounds (engine, its version, the voice's fingerprint, rate)."""
        return voice_key(self.engine, self.name, self.rate)

    def lengths(self, progress: Progress | None = None) -> Measure:
        """Lines' lengths for planning: known ones read (cache, shipped table), the rest spoken first.

        The engine is opened only when a line is new, and then once.
        """
        key = voice_key(self.engine, self.name, self.rate)  # a wrong voice is told before anything else
        opened: list[Speech] = []

        def measure(texts: Iterable[str]) -> Mapping[str, int]:
            texts = list(texts)
            found = known_lengths(key, texts)
            missing = [t for t in texts if t not in found]
            if missing:
                if not opened:
                    opened.append(self.open(progress))
                found.update(opened[0].prepare(missing))
            return found

        return measure
