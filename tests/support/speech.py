"""Shared helpers for the speech tests (imported by the test modules, not a conftest)."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import numpy as np
import pytest

from coach.speech.cache import PhraseCache
from coach.speech.engine import Pcm
from coach.speech.engines import make_engine
from coach.speech.speech import Speech
from coach.plan.timeline import SAMPLE_RATE
from support.tools import require as require_tool  # noqa: F401  (used by the speech tests)

THRESHOLD = 10 ** (-50 / 20)


def require_espeak_library() -> None:
    """Fail (not skip) when libespeak-ng is missing."""
    try:
        ctypes.CDLL("libespeak-ng.so.1")
    except OSError:
        pytest.fail("libespeak-ng is missing: install it with sudo apt-get install espeak-ng")


def require_pyttsx3() -> None:
    try:
        import pyttsx3  # noqa: F401
    except ImportError:
        pytest.fail("pyttsx3 is missing: install it with pip install pyttsx3")


def coaching_phrases(n: int) -> list[str]:
    """``n`` distinct cues in the style coach speaks."""
    templates = [
        "Right, {i}",
        "Next up: drill {i}",
        "Left side, {i} to go",
        "Hold for {i} seconds",
        "Rep {i}. Keep your hips square",
        "Turn around at {i} metres, nice and easy",
    ]
    return [templates[i % len(templates)].format(i=i) for i in range(n)]


class CountingEngine:
    """Wraps a real engine and counts synth calls (to prove cache hits)."""

    def __init__(self, engine=None) -> None:
        self.inner = engine or make_engine("espeak-ng")
        self.name = self.inner.name
        self.calls: list[str] = []
        self.paced: list[str] = []
        self.rate: int | None = None

    def version(self) -> str:
        return self.inner.version()

    def voices(self):
        return self.inner.voices()

    def resolve_voice(self, wanted):
        return self.inner.resolve_voice(wanted)

    def fingerprint(self, voice: str) -> str:
        return self.inner.fingerprint(voice)

    def synth(self, text: str, voice: str, rate: int) -> Pcm:
        """Lines spoken at the rate asked for go in ``calls``; a rushed line said again slower in ``paced``."""
        (self.calls if self.rate in (None, rate) else self.paced).append(text)
        return self.inner.synth(text, voice, rate)


def counting_speech(cache_dir: Path, voice: str | None = None, rate: int = 170, clarity: bool = False):
    """A Speech on real espeak-ng whose engine counts calls; plain clips unless ``clarity`` (one file a line)."""
    engine = CountingEngine()
    engine.rate = rate
    speech = Speech(engine, engine.resolve_voice(voice), rate, PhraseCache(Path(cache_dir) / "phrases"), clarity=clarity)
    return speech, engine


def quiet_edges(clip: np.ndarray, threshold: float = THRESHOLD) -> tuple[int, int]:
    """Samples before the first and after the last sample at or above ``threshold``."""
    loud = np.flatnonzero(np.abs(clip) >= threshold)
    if loud.size == 0:
        return len(clip), len(clip)
    return int(loud[0]), int(len(clip) - 1 - loud[-1])


def ms(samples: int) -> float:
    return 1000.0 * samples / SAMPLE_RATE


def band_features(clip: np.ndarray, n_fft: int = 1024, hop: int = 256, bands: int = 24) -> np.ndarray:
    """Log energy in ``bands`` log-spaced bands per frame (a rough spectrogram)."""
    clip = np.asarray(clip, dtype=np.float64)
    if len(clip) < n_fft:
        clip = np.pad(clip, (0, n_fft - len(clip)))
    frames = 1 + (len(clip) - n_fft) // hop
    index = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    power = np.abs(np.fft.rfft(clip[index] * np.hanning(n_fft), axis=1)) ** 2
    edges = np.unique(np.geomspace(2, power.shape[1], bands + 1).astype(int))
    return np.log10(np.add.reduceat(power, edges[:-1], axis=1) + 1e-10)


def dtw_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Dynamic-time-warping distance between two clips' band features (per step)."""
    fa, fb = band_features(a), band_features(b)
    cost = np.sqrt(((fa[:, None, :] - fb[None, :, :]) ** 2).sum(axis=-1))
    previous = np.concatenate(([0.0], np.full(len(fb), np.inf)))
    for row in cost:
        diagonal_or_up = np.minimum(previous[:-1], previous[1:]) + row
        running = np.cumsum(row)
        current = running + np.minimum.accumulate(diagonal_or_up - running)
        previous = np.concatenate(([np.inf], current))
    return float(previous[-1] / (len(fa) + len(fb)))


def assert_same_phrase(clip: np.ndarray, reference: np.ndarray, others: list[np.ndarray]) -> None:
    """``clip`` says what ``reference`` says: close in length, and nearer to it than to ``others``.

    For renderings by different paths (the espeak-ng program, pyttsx3, whose
    libespeak-ng output depends slightly on the phrase spoken before): they
    are alike, not identical. The espeak-ng engine itself repeats exactly.
    """
    assert abs(ms(len(clip) - len(reference))) < 80, (len(clip), len(reference))
    own = dtw_distance(clip, reference)
    nearest_other = min(dtw_distance(clip, other) for other in others)
    assert own * 1.3 < nearest_other, (own, nearest_other)


def child_env() -> dict[str, str]:
    """The environment for a child Python that imports coach and these test helpers."""
    tests = Path(__file__).resolve().parent.parent
    paths = [str(tests.parent), str(tests / "speech"), str(tests)]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
