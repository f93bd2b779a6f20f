"""Clear speech (coach.audio.clarity): the same length and loudness, energy moved to the consonants, deterministic."""

from __future__ import annotations

import math
import os
import shutil

import numpy as np
import pytest
from support.audio import ffmpeg_loudness
from support.tools import coach_env, read_wav, run_coach

from coach.audio.clarity import clarify, compression_gain, shape
from coach.audio.level import SPEECH_LUFS, level_speech, loudness
from coach.speech.speech import open_speech
from coach.units import SAMPLE_RATE

LINE = "Right foot forward, hands on your hips."


def tone(hz: float, seconds: float = 0.5, level: float = 0.1) -> np.ndarray:
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (level * np.sin(2 * math.pi * hz * t)).astype(np.float32)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.asarray(x, dtype=np.float64) ** 2)))


def test_shaping_takes_the_lows_down_and_the_consonant_band_up() -> None:
    low, mid, band = (rms(shape(tone(hz).astype(np.float64))) / rms(tone(hz)) for hz in (100, 500, 3000))
    assert 20 * math.log10(low) < -6
    assert abs(20 * math.log10(mid)) < 1
    assert 20 * math.log10(band) > 2


def test_compression_lifts_a_soft_part_and_takes_a_loud_one_down() -> None:
    loud, soft = tone(300, 0.3, 0.5), tone(3000, 0.3, 0.5 * 10 ** (-30 / 20))
    x = np.concatenate([loud, soft]).astype(np.float64)
    gain = compression_gain(x)
    n = loud.size
    assert 20 * math.log10(np.median(gain[: n - 500])) < -3  # the vowel-like part, away from the edge
    assert 20 * math.log10(np.median(gain[n + 500 :])) > 8  # the consonant-like part
    assert np.all(np.abs(np.diff(20 * np.log10(gain))) < 0.2)  # no step from one sample to the next: no click


def test_silence_stays_silent_and_nothing_is_lifted_out_of_it() -> None:
    x = np.concatenate([np.zeros(4410, np.float32), tone(1000, 0.2, 0.3), np.zeros(4410, np.float32)])
    out = clarify(x)
    assert out.dtype == np.float32 and out.size == x.size
    assert np.all(clarify(np.zeros(1000, np.float32)) == 0)
    assert np.max(np.abs(out[:3000])) < 1e-3  # before the tone (the equaliser's short ringing aside)


@pytest.fixture(scope="module")
def clips(tmp_path_factory, spoken_phrases):
    """One real line of the default voice, plain and clear, from a cache started from the run's spoken phrases."""
    cache = tmp_path_factory.mktemp("clarity-cache")
    shutil.copytree(spoken_phrases, cache / "phrases", copy_function=os.link)
    plain = open_speech(cache_dir=cache, clarity=False).clip(LINE)
    clear = open_speech(cache_dir=cache).clip(LINE)
    return cache, plain, clear


def test_a_clear_line_lasts_as_long_and_is_as_loud_as_the_plain_one(clips) -> None:
    _, plain, clear = clips
    assert clear.size == plain.size
    assert not np.array_equal(clear, plain)
    assert abs(loudness(clear) - SPEECH_LUFS) < 0.2 and abs(loudness(plain) - SPEECH_LUFS) < 0.2
    assert np.max(np.abs(clear)) <= 10 ** (-1 / 20)


def test_a_clear_line_is_the_same_every_time_and_cached(clips) -> None:
    cache, plain, clear = clips
    assert np.array_equal(level_speech(clarify(plain)), clear)
    count = len(list((cache / "phrases").glob("*.npy")))
    again = open_speech(cache_dir=cache).clip(LINE)
    assert np.array_equal(again, clear) and len(list((cache / "phrases").glob("*.npy"))) == count


def test_a_clear_line_has_less_swing_between_loud_and_soft(clips) -> None:
    """The point of compression: the loudest 10 ms and the quieter speech come closer."""
    _, plain, clear = clips

    def spread(x: np.ndarray) -> float:
        frames = np.asarray(x[: x.size // 441 * 441], dtype=np.float64).reshape(-1, 441)
        levels = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
        voiced = levels[levels > levels.max() - 40]
        return float(np.percentile(voiced, 95) - np.percentile(voiced, 20))

    assert spread(clear) < spread(plain) - 3


def test_no_clarity_exports_other_samples_at_the_same_loudness(tmp_path, spoken_phrases, cold_exports) -> None:
    """`coach export --no-clarity` is the plain voice; both sessions measure -16 LUFS with true peaks under -1 dBTP."""
    env = coach_env(tmp_path, spoken_phrases)
    out = tmp_path / "plain.wav"
    done = run_coach(env, "export", "pre-run", "--no-clarity", "-o", str(out))
    assert done.returncode == 0, done.stderr
    _, plain = read_wav(out)
    _, clear = read_wav(cold_exports["pre-run"])
    assert plain.shape == clear.shape and not np.array_equal(plain, clear)
    for path in (out, cold_exports["pre-run"]):
        integrated, peak = ffmpeg_loudness(path, peak="true")
        assert abs(integrated + 16) <= 1.0, (path.name, integrated)
        assert peak <= -1.0, (path.name, peak)
