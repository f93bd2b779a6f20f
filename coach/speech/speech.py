"""The facade the rest of coach uses: clean text in, trimmed 44.1 kHz clips out, cached.

With clarity on (the default) every clip handed out is the clear one
(:mod:`coach.audio.clarity`): made once from the plain clip, levelled again,
and cached beside it under a key of its own. Both last the same number of
samples, so what is planned does not depend on clarity.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterable

import numpy as np
import soxr

from coach import stopping
from coach.errors import EnvironmentProblem
from coach.progress import Progress
from coach.speech.cache import PhraseCache, cache_root
from coach.speech.engine import Engine, Pcm
from coach.speech.engines import make_engine
from coach.speech.rates import CLOSE_ENOUGH, PACE_TRIES, checked_rate, next_rate, paced_length
from coach.speech.known import VoiceKey
from coach.speech.spoken import spoken_form
from coach.speech.trim import trim
from coach.audio.clarity import clarify
from coach.audio.level import level_speech
from coach.units import SAMPLE_RATE



class Speech:
    """Spoken phrases as clips: mono float32 at :data:`SAMPLE_RATE`, trimmed, cached.

    Made by :func:`open_speech`. Safe to use from several threads.
    """

    def __init__(
        self,
        engine: Engine,
        voice: str,
        rate: int,
        cache: PhraseCache,
        progress: Progress | None = None,
        clarity: bool = True,
    ) -> None:
        self._engine = engine
        self.clarity = clarity
        self.key = VoiceKey(engine.name, engine.version(), engine.fingerprint(voice), rate)
        self._progress = progress
        self._voice = voice
        self._rate = rate
        self._cache = cache
        self._lock = threading.Lock()
        self._loaded: dict[str, int] = {}  # spoken form -> samples, of each clip loaded (and so checked) here

    @property
    def engine(self) -> str:
        return self._engine.name

    @property
    def voice(self) -> str | None:
        return self._voice

    @property
    def rate(self) -> int:
        return self._rate

    def clip(self, text: str) -> np.ndarray:
        """The phrase as a read-only float32 array (clear, with clarity on); made once, then from the cache."""
        clean = spoken_form(text)
        clip = self._clear(clean) if self.clarity else self._plain(clean)
        self._loaded[clean] = len(clip)
        return clip

    def _plain(self, clean: str) -> np.ndarray:
        key = self._key(clean)
        clip = self._cache.get(key)
        if clip is None:
            clip = self._cache.put(key, self._make(clean))
        return clip

    def _clear(self, clean: str) -> np.ndarray:
        key = self.key.clear_key(clean)
        clip = self._cache.get(key)
        if clip is None:
            clip = self._cache.put(key, level_speech(clarify(self._plain(clean))))
        return clip

    def prepare(self, texts: Iterable[str]) -> dict[str, int]:
        """Make every missing phrase now; lengths in samples keyed by the text as given.

        Every clip is loaded once, so a damaged cache entry is found and made
        again here rather than during the session; once per :class:`Speech`:
        planning asks again each round, and a clip loaded before is not read again.
        """
        texts = list(dict.fromkeys(texts))
        cleaned = {text: spoken_form(text) for text in texts}  # every bad cue fails first
        distinct = sorted(set(cleaned.values()))  # one fixed order, whatever the engine
        # Which lines are new is read (from the cache's file headers) only when someone is told.
        unseen = [c for c in distinct if c not in self._loaded]
        new = {c for c in unseen if self._cache.length(self._key(c)) is None} if self._progress else set()
        lengths, made = {c: self._loaded[c] for c in distinct if c in self._loaded}, 0
        for clean in unseen:
            lengths[clean] = len(self._plain(clean))  # the clear clip lasts as long; it is made when played
            self._loaded[clean] = lengths[clean]
            stopping.check()
            if clean in new and self._progress is not None:
                made += 1
                self._progress(made, len(new))
        return {text: lengths[cleaned[text]] for text in texts}

    def _key(self, clean: str) -> str:
        return self.key.phrase_key(clean)

    def _make(self, clean: str) -> np.ndarray:
        clip = self._paced(clean)
        if clip.size:
            clip = level_speech(clip)
        if clip.size == 0:
            raise EnvironmentProblem(
                f'the {self.engine} speech engine made no sound for "{clean[:40]}"; '
                "try another voice"
            )
        return clip

    def _paced(self, clean: str) -> np.ndarray:
        """The line at the rate; if that rushed it (short words), said again slower, the closest try kept."""
        clip = self._spoken(clean, self._rate)
        target = paced_length(clean, clip.size / SAMPLE_RATE, self._rate)
        if target is None:
            return clip
        tries = {self._rate: clip}
        while len(tries) < PACE_TRIES and abs(clip.size / SAMPLE_RATE / target - 1) > CLOSE_ENOUGH:
            rate = next_rate([(r, c.size / SAMPLE_RATE) for r, c in tries.items()], target)
            if rate in tries:
                break
            clip = tries[rate] = self._spoken(clean, rate)
        return min(tries.values(), key=lambda c: abs(c.size / SAMPLE_RATE - target))

    def _spoken(self, clean: str, rate: int) -> np.ndarray:
        with self._lock:
            pcm = self._engine.synth(clean, self._voice, rate)
        return trim(resample(pcm), SAMPLE_RATE)


def resample(pcm: Pcm) -> np.ndarray:
    """Engine audio at :data:`SAMPLE_RATE` (soxr, high quality, deterministic)."""
    samples = np.ascontiguousarray(pcm.samples, dtype=np.float32)
    if pcm.rate == SAMPLE_RATE or samples.size == 0:
        return samples
    return soxr.resample(samples, pcm.rate, SAMPLE_RATE, quality="HQ").astype(np.float32, copy=False)


def open_speech(
    engine: str | None = None,
    voice: str | None = None,
    rate: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    clarity: bool = True,
) -> Speech:
    """A :class:`Speech` for an engine name (None: the default, Piper), voice and rate.

    ``cache_dir`` is the coach cache folder (default ``$COACH_CACHE_DIR`` or the
    user's cache folder); clips go in its ``phrases`` subfolder. ``progress`` is
    told how synthesis of new phrases goes in :meth:`Speech.prepare`.
    ``clarity=False`` gives the plain voice (see :mod:`coach.audio.clarity`).
    """
    rate = checked_rate(rate)
    made = make_engine(engine)
    voice_id = made.resolve_voice(voice)
    root = Path(cache_dir) if cache_dir is not None else cache_root()
    return Speech(made, voice_id, rate, PhraseCache(root / "phrases"), progress, clarity)
