"""Speech engines: one Protocol, a table of factories, and the default (Piper, everywhere)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Protocol

from coach.errors import InputError

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


def _piper_factory() -> Engine:
    from coach.speech.piper_engine import PiperEngine

    return PiperEngine()


def _espeak_factory() -> Engine:
    from coach.speech.espeak_engine import EspeakEngine

    return EspeakEngine()


def _pyttsx3_factory() -> Engine:
    from coach.speech.pyttsx3_engine import shared_engine

    return shared_engine()


ENGINES: dict[str, Callable[[], Engine]] = {
    "piper": _piper_factory,
    "espeak-ng": _espeak_factory,
    "pyttsx3": _pyttsx3_factory,
}

DEFAULT_ENGINE = "piper"


def default_engine_name() -> str:
    """Piper on every platform: its voice is understood best (see the listening test)."""
    return DEFAULT_ENGINE


def make_engine(name: str | None = None) -> Engine:
    """The engine called ``name`` (None: the default); EnvironmentProblem if it is not installed."""
    name = name or default_engine_name()
    factory = ENGINES.get(name)
    if factory is None:
        raise InputError(
            f'no speech engine "{name}"; choose from: {", ".join(sorted(ENGINES))}'
        )
    return factory()


def list_voices(engine: str | None = None) -> list[VoiceInfo]:
    """The voices an engine offers (None: the default engine)."""
    return make_engine(engine).voices()
