"""The espeak-ng engine: libespeak-ng driven directly, synchronously, through ctypes."""

from __future__ import annotations

import numpy as np

from coach.errors import InputError
from coach.speech import libespeak, libespeak_fresh
from coach.speech.engine import Pcm, VoiceInfo
from coach.speech.voices import find_voice, not_found

DEFAULT_VOICE = "en-us"


class EspeakEngine:
    """Speaks with libespeak-ng in synchronous mode (no audio device)."""

    name = "espeak-ng"

    def __init__(self) -> None:
        libespeak.initialize()
        self._voices: list[VoiceInfo] | None = None
        self._identifiers: dict[str, str] = {}

    def version(self) -> str:
        return f"espeak-ng {libespeak.version()}"

    def voices(self) -> list[VoiceInfo]:
        """The installed voices; ``id`` is the voice file's name, e.g. ``en-us``."""
        if self._voices is None:  # built aside, then published: another thread may be asking
            voices, identifiers = [], {}
            for raw in libespeak.list_voices():
                voice_id = raw.identifier.rsplit("/", 1)[-1].casefold()
                identifiers[voice_id] = raw.identifier
                voices.append(VoiceInfo(voice_id, raw.name, raw.languages))
            self._identifiers = identifiers
            self._voices = voices
        return list(self._voices)

    def resolve_voice(self, wanted: str | None) -> str:
        """``en-us``, ``English (America)`` or ``en-gb`` style names, optionally ``+variant``."""
        base, _, variant = (wanted or DEFAULT_VOICE).partition("+")
        voice_id = find_voice(base, self.voices()).id
        if not variant:
            return voice_id
        variants = {
            raw.identifier.rsplit("/", 1)[-1].casefold(): raw.identifier.rsplit("/", 1)[-1]
            for raw in libespeak.list_voices(variants=True)
        }
        found = variants.get(variant.strip().casefold())
        if found is None:
            raise InputError(not_found(variant, sorted(variants.values()), "voice variant"))
        return f"{voice_id}+{found}"

    def fingerprint(self, voice: str) -> str:
        return voice  # the version() of the library decides the rest

    def synth(self, text: str, voice: str, rate: int) -> Pcm:
        """Speak ``text``; returns the engine's samples at its true rate.

        The same text, voice and rate always give the same samples: each phrase
        is spoken by a private copy of the library loaded just for it.
        """
        if not text.strip():
            raise InputError("nothing to say: the phrase is empty")
        name = self._voice_name(voice)
        with libespeak.LOCK:
            pcm, rate_hz = libespeak_fresh.fresh_library().speak(name, rate, text)
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
        return Pcm(samples, rate_hz)

    def _voice_name(self, voice: str) -> str:
        """``en-us+f3`` as espeak_SetVoiceByName takes it: ``gmw/en-US+f3``."""
        base, plus, variant = voice.partition("+")
        self.voices()
        identifier = self._identifiers.get(base)
        if identifier is None:
            raise InputError(not_found(voice, sorted(self._identifiers)))
        return identifier + plus + variant
