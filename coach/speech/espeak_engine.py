"""The espeak-ng engine: libespeak-ng driven directly, synchronously, through ctypes."""

from __future__ import annotations

import ctypes
import itertools

import numpy as np

from coach.errors import EnvironmentProblem, InputError
from coach.speech import libespeak
from coach.speech.engines import Pcm, VoiceInfo
from coach.speech.voices import find_voice, not_found

DEFAULT_VOICE = "en-us"
_instances = itertools.count(1)


class EspeakEngine:
    """Speaks with libespeak-ng in synchronous mode (no audio device, no threads)."""

    name = "espeak-ng"

    def __init__(self) -> None:
        libespeak.initialize()
        self._owner = f"espeak-ng-{next(_instances)}"  # each instance sets its own voice and rate
        self._chunks: list[bytes] = []
        self._callback = libespeak.SynthCallback(self._collect)
        self._voices: list[VoiceInfo] | None = None
        self._identifiers: dict[str, str] = {}
        self._settings: tuple[str, int] | None = None

    def version(self) -> str:
        return f"espeak-ng {libespeak.version()}"

    def voices(self) -> list[VoiceInfo]:
        """The installed voices; ``id`` is the voice file's name, e.g. ``en-us``."""
        if self._voices is None:
            self._voices = []
            for raw in libespeak.list_voices():
                voice_id = raw.identifier.rsplit("/", 1)[-1].casefold()
                self._identifiers[voice_id] = raw.identifier
                self._voices.append(VoiceInfo(voice_id, raw.name, raw.languages))
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

    def synth(self, text: str, voice: str, rate: int) -> Pcm:
        """Speak ``text``; returns the engine's samples at its true rate."""
        if not text.strip():
            raise InputError("nothing to say: the phrase is empty")
        with libespeak.LOCK:
            lib = libespeak.initialize()
            if libespeak.claim(self._owner, libespeak.MODE_SYNCHRONOUS, self._install):
                self._settings = None
            self._apply(lib, voice, rate)
            self._chunks = []
            data = text.encode("utf-8") + b"\0"
            status = lib.espeak_Synth(
                data, len(data), 0, libespeak.POS_CHARACTER, 0, libespeak.CHARS_UTF8, None, None
            )
            chunks, self._chunks = self._chunks, []
            rate_hz = libespeak.sample_rate()
        if status != libespeak.EE_OK:
            raise EnvironmentProblem(f'espeak-ng could not speak "{text[:40]}" (error {status})')
        samples = np.frombuffer(b"".join(chunks), dtype=np.int16).astype(np.float32) / 32768.0
        return Pcm(samples, rate_hz)

    def _install(self) -> None:
        """Called by claim() before every phrase: another user may have replaced our callback."""
        libespeak.library().espeak_SetSynthCallback(self._callback)

    def _apply(self, lib: ctypes.CDLL, voice: str, rate: int) -> None:
        if self._settings == (voice, rate):
            return
        self._settings = None
        base, plus, variant = voice.partition("+")
        self.voices()
        identifier = self._identifiers.get(base)
        if identifier is None:
            raise InputError(not_found(voice, sorted(self._identifiers)))
        name = (identifier + plus + variant).encode("utf-8")
        if lib.espeak_SetVoiceByName(name) != libespeak.EE_OK:
            raise EnvironmentProblem(f'espeak-ng could not load the voice "{voice}"')
        if lib.espeak_SetParameter(libespeak.RATE, rate, 0) != libespeak.EE_OK:
            raise EnvironmentProblem(f"espeak-ng could not set the speaking rate {rate}")
        self._settings = (voice, rate)

    def _collect(self, wav: ctypes.POINTER(ctypes.c_short), count: int, events: int) -> int:
        if wav and count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

