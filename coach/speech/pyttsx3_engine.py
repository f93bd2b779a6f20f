"""The pyttsx3 engine: the system's own voices (macOS, Windows; espeak on Linux).

pyttsx3 2.99 needs care, each point proven by a test on Linux:

- ``runAndWait`` can return before the file is written, so we wait for the
  file to be complete (and, on espeak, for the end-of-phrase event);
- several ``save_to_file`` calls before one ``runAndWait`` keep only the last,
  so every phrase gets its own ``runAndWait`` and its own file;
- rate and voice changes queued after the first phrase can be lost, so they
  are applied before every phrase and checked;
- empty text raises and very long text crashes the process, so both are
  refused here (the sanitizer caps cues long before that);
- every file prints ``Audio saved to ...`` on stdout, so calls run inside
  :func:`quiet_stdout`;
- the WAV header always says 22050 Hz, so on espeak the library's real rate
  is used; elsewhere the file's own header (WAV or AIFF) is read.
"""

from __future__ import annotations

import itertools
import shutil
import sys
import threading
import time
import weakref
from contextlib import nullcontext
from pathlib import Path

from coach.atomic import temp_folder
from coach.errors import CoachError, EnvironmentProblem, InputError
from coach.speech import libespeak
from coach.speech.audiofile import wait_for_audio
from coach.speech.engine import Pcm, VoiceInfo
from coach.speech.quiet import quiet_stdout
from coach.speech.sanitize import MAX_CHARS
from coach.speech.voices import find_voice

OWNER = "pyttsx3"
TIMEOUT_SECONDS = 60.0
ESPEAK_DEFAULT_LANGUAGE = "en-us"

_shared: Pyttsx3Engine | None = None
_shared_lock = threading.Lock()


def shared_engine() -> Pyttsx3Engine:
    """The one pyttsx3 engine of this process (pyttsx3 keeps global state)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Pyttsx3Engine()
        return _shared


def _import_pyttsx3():
    try:
        import pyttsx3
        import pyttsx3.engine
    except ImportError:
        raise EnvironmentProblem(
            "the pyttsx3 speech engine is not installed; install it with: pip install pyttsx3"
        ) from None
    return pyttsx3


class Pyttsx3Engine:
    """Speaks through pyttsx3, one phrase per ``runAndWait``, into a private temp folder."""

    name = "pyttsx3"

    def __init__(self) -> None:
        pyttsx3 = _import_pyttsx3()
        self.driver = pyttsx3.engine.default_engine_by_sys_platform()
        self._on_espeak = self.driver == "espeak"
        self._lock = threading.Lock()
        with self._espeak_lock(), quiet_stdout(stderr=True):
            if self._on_espeak:
                _adopt_espeak_driver()
            try:
                self._tts = pyttsx3.init(self.driver)
            except Exception as e:  # pyttsx3 raises many kinds when a driver cannot start
                raise EnvironmentProblem(f"the pyttsx3 speech engine could not start: {e}") from None
        self._finished = threading.Event()
        self._tts.connect("finished-utterance", self._on_finished)
        self._voices: list[VoiceInfo] | None = None
        self._folder = temp_folder("coach-speech-")
        weakref.finalize(self, shutil.rmtree, self._folder, True)
        self._numbers = itertools.count(1)
        self._version = self._describe_version()

    def version(self) -> str:
        return self._version

    def voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            with self._lock, self._espeak_lock():
                self._voices = [_voice_info(v) for v in self._tts.getProperty("voices")]
        return list(self._voices)

    def resolve_voice(self, wanted: str | None) -> str:
        if wanted is not None:
            return find_voice(wanted, self.voices()).id
        if self._on_espeak:
            return find_voice(ESPEAK_DEFAULT_LANGUAGE, self.voices()).id
        with self._lock:
            return str(self._tts.getProperty("voice"))

    def fingerprint(self, voice: str) -> str:
        return voice  # the system's voices change only with the system, named in version()

    def synth(self, text: str, voice: str, rate: int) -> Pcm:
        """Speak one phrase into its own file and read it back once it is whole."""
        if not text.strip():
            raise InputError("nothing to say: the phrase is empty")
        if len(text) > MAX_CHARS:
            raise InputError(
                f"a phrase of {len(text)} characters is too long to say (limit {MAX_CHARS})"
            )
        path = self._folder / f"phrase-{next(self._numbers)}.wav"
        with self._lock, self._espeak_lock(), quiet_stdout(stderr=True):
            try:
                self._apply(voice, rate)
                pcm = self._speak_to_file(text, path)
                self._check_after(voice, rate)
            except CoachError:
                raise
            except Exception as e:
                raise EnvironmentProblem(f'pyttsx3 failed to speak "{text[:40]}": {e}') from None
            finally:
                path.unlink(missing_ok=True)
        return Pcm(pcm.samples, self._true_rate(pcm.rate))

    def _speak_to_file(self, text: str, path: Path) -> Pcm:
        self._finished.clear()
        self._tts.save_to_file(text, str(path))
        self._tts.runAndWait()
        if self._on_espeak:
            # The driver writes the file, prints, then reports the end: wait for all three.
            if not self._finished.wait(TIMEOUT_SECONDS):
                raise EnvironmentProblem(f"pyttsx3 did not finish speaking within {TIMEOUT_SECONDS:g} s")
        pcm = wait_for_audio(path, TIMEOUT_SECONDS)
        if self._on_espeak:
            libespeak.wait_idle()
        return pcm

    def _apply(self, voice: str, rate: int) -> None:
        """Set voice and rate before every phrase; on espeak directly, then check them."""
        if not self._on_espeak:
            self._tts.setProperty("voice", voice)
            self._tts.setProperty("rate", rate)
            return
        driver = self._tts.proxy._driver
        libespeak.claim(OWNER, libespeak.MODE_RETRIEVAL, lambda: _install_callback(driver))
        # Straight to the driver: through pyttsx3's queue the change can be cancelled.
        driver.setProperty("voice", voice)
        driver.setProperty("rate", rate)
        _wait_for_settings(voice, rate)

    def _check_after(self, voice: str, rate: int) -> None:
        if self._on_espeak:
            return  # checked before speaking, with the library's own getters
        got_rate = self._tts.getProperty("rate")
        got_voice = self._tts.getProperty("voice")
        if abs(float(got_rate) - rate) > 1 or str(got_voice) != voice:
            raise EnvironmentProblem(
                f"pyttsx3 did not take voice {voice} at rate {rate} (it used {got_voice} at {got_rate})"
            )

    def _true_rate(self, header_rate: int) -> int:
        """espeak's data is at the library's rate whatever the header says."""
        return libespeak.sample_rate() if self._on_espeak else header_rate

    def _espeak_lock(self):
        return libespeak.LOCK if self._on_espeak else nullcontext()

    def _on_finished(self, **_: object) -> None:
        self._finished.set()

    def _describe_version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            described = f"pyttsx3 {version('pyttsx3')} {self.driver}"
        except PackageNotFoundError:
            described = f"pyttsx3 {self.driver}"
        if self._on_espeak:
            described += f" espeak-ng {libespeak.version()}"
        return f"{described} {sys.platform}"


def _adopt_espeak_driver() -> None:
    """Let the espeak driver share the library we initialize instead of starting it twice."""
    libespeak.initialize()
    try:
        from pyttsx3.drivers import espeak as driver_module
    except Exception:  # its loader raises RuntimeError when libespeak-ng is missing
        raise EnvironmentProblem(
            "the espeak-ng speech library is not installed; "
            f"install it with: {libespeak.install_hint()}"
        ) from None
    cls = driver_module.EspeakDriver
    if not cls._moduleInitialized:
        cls._moduleInitialized = True
        cls._defaultVoice = "gmw/en"


def _install_callback(driver) -> None:
    from pyttsx3.drivers import _espeak

    _espeak.SetSynthCallback(driver._onSynth)


def _wait_for_settings(voice: str, rate: int, timeout: float = 5.0) -> None:
    """espeak applies a rate change from its queue; wait until it reads back."""
    deadline = time.monotonic() + timeout
    while (libespeak.current_rate(), libespeak.current_voice().casefold()) != (rate, voice.casefold()):
        if time.monotonic() > deadline:
            raise EnvironmentProblem(
                f"pyttsx3 did not take voice {voice} at rate {rate} "
                f"(espeak uses {libespeak.current_voice()} at {libespeak.current_rate()})"
            )
        time.sleep(0.001)
    libespeak.wait_idle()


def _voice_info(voice) -> VoiceInfo:
    languages = tuple(
        lang.decode("utf-8", "replace") if isinstance(lang, bytes) else str(lang)
        for lang in (getattr(voice, "languages", None) or ())
    )
    return VoiceInfo(id=str(voice.id), name=str(voice.name or voice.id), languages=languages)
