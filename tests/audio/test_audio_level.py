"""Loudness (BS.1770, checked against ffmpeg), the peak limiter, and speech/sound gains."""

from __future__ import annotations

import math

import numpy as np
import pytest
from support.audio import espeak_clip, ffmpeg_loudness, write_wav

from coach.audio import level
from coach.audio.sounds import SOUND_NAMES, load_sounds
from coach.plan.timeline import SAMPLE_RATE

LINE = "Leg swings, forward and back. Ten on each side, left leg first."


def _sine(freq: float, seconds: float, amplitude: float) -> np.ndarray:
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _pcm(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x * 32767), -32768, 32767).astype(np.int16)


@pytest.fixture(scope="module")
def line(tmp_path_factory):
    return espeak_clip(LINE, tmp_path_factory.mktemp("espeak"))


def test_k_weighting_at_48khz_has_the_standards_coefficients():
    b1, a1, b2, a2 = level.k_weighting(48000)
    assert b1 == pytest.approx([1.53512485958697, -2.69169618940638, 1.19839281085285], abs=1e-9)
    assert a1 == pytest.approx([1.0, -1.69065929318241, 0.73248077421585], abs=1e-9)
    assert b2 == pytest.approx([1.0, -2.0, 1.0])
    assert a2 == pytest.approx([1.0, -1.99004745483398, 0.99007225036621], abs=1e-9)


def test_a_1khz_sine_reads_as_the_standard_says():
    # BS.1770: a 997 Hz sine at -20 dBFS peak on one channel reads about -23.0 LUFS
    assert level.loudness(_sine(997, 5, 0.1)) == pytest.approx(-23.0, abs=0.1)


def test_loudness_matches_ffmpeg_on_real_speech(line, tmp_path):
    path = tmp_path / "line.wav"
    write_wav(path, _pcm(line))
    expected, _ = ffmpeg_loudness(path)
    assert level.loudness(line) == pytest.approx(expected, abs=0.15)


def test_loudness_matches_ffmpeg_on_stereo_with_gaps(line, tmp_path):
    gap = np.zeros(SAMPLE_RATE * 2, dtype=np.float32)
    mono = np.concatenate([line, gap, 0.3 * line, gap, _sine(300, 1, 0.05)])
    stereo = np.stack([mono, 0.5 * mono], axis=1)
    path = tmp_path / "stereo.wav"
    write_wav(path, _pcm(stereo))
    expected, _ = ffmpeg_loudness(path)
    assert level.loudness(stereo) == pytest.approx(expected, abs=0.15)


def test_short_clips_and_silence_are_measured_without_blocks():
    short = _sine(997, 0.1, 0.1)  # shorter than one 400 ms block: measured as a whole
    assert level.loudness(short) == pytest.approx(-23.0, abs=0.3)
    assert level.loudness(np.zeros(1000, dtype=np.float32)) == -math.inf
    assert level.loudness(np.zeros(0, dtype=np.float32)) == -math.inf
    assert level.gain_to(np.zeros(1000, dtype=np.float32), -16) == 1.0


def test_limit_keeps_peaks_under_the_ceiling_and_leaves_quiet_audio_alone():
    quiet = _sine(440, 0.5, 0.5)
    assert level.limit(quiet) is quiet or np.array_equal(level.limit(quiet), quiet)
    loud = _sine(440, 0.5, 3.0)
    limited = level.limit(loud)
    assert np.abs(limited).max() <= level.CEILING
    # the gain changes smoothly: a loud stretch is brought down, not clipped flat
    assert np.abs(limited).max() > 0.8 * level.CEILING
    stereo = np.stack([loud, 0.2 * loud], axis=1)
    assert np.abs(level.limit(stereo)).max() <= level.CEILING


def test_limiter_gain_depends_only_on_nearby_samples():
    rng = np.random.default_rng(7)
    peaks = np.abs(rng.normal(0, 0.8, 20000))
    whole = level.limiter_gain(peaks)
    margin = level.LIMIT_WINDOW - 1
    for start, stop in [(3000, 3001), (5000, 9096), (12345, 15000)]:
        part = level.limiter_gain(peaks[start - margin : stop + margin])[margin : margin + stop - start]
        assert np.array_equal(part, whole[start:stop])
    assert np.all(peaks * whole <= level.CEILING)


def test_speech_gain_brings_a_line_to_speech_loudness_after_limiting(line):
    levelled = level.limit(line * np.float32(level.speech_gain(line)))
    assert level.loudness(levelled) == pytest.approx(level.SPEECH_LUFS, abs=0.3)
    assert np.abs(levelled).max() <= level.CEILING


def test_sounds_sit_below_speech_and_the_step_well_below():
    for name, clip in load_sounds().items():
        levelled = level.limit(clip * np.float32(level.sound_gain(name, clip)))
        assert level.loudness(levelled) == pytest.approx(level.SOUND_LUFS[name], abs=0.5)
    assert set(level.SOUND_LUFS) == set(SOUND_NAMES)
    assert all(level.SOUND_LUFS[name] <= level.SPEECH_LUFS + 1 for name in SOUND_NAMES)
    assert level.SOUND_LUFS["step"] <= level.SPEECH_LUFS - 8


def test_gain_cache_measures_once_and_forgets_the_oldest():
    cache = level.GainCache(size=2)
    calls = []

    def measure(value):
        return lambda: calls.append(value) or value

    assert cache.get("a", measure(1.0)) == 1.0
    assert cache.get("a", measure(9.0)) == 1.0
    cache.get("b", measure(2.0))
    cache.get("a", measure(9.0))  # "a" is now the most recent
    cache.get("c", measure(3.0))  # pushes out "b"
    assert cache.get("a", measure(9.0)) == 1.0
    assert cache.get("b", measure(4.0)) == 4.0
    assert calls == [1.0, 2.0, 3.0, 4.0]
