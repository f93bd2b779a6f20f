"""Speech engines by name: a table of factories, and the default (Piper, everywhere)."""

from __future__ import annotations

from typing import Callable

from coach.errors import InputError
from coach.speech.engine import Engine, VoiceInfo


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
