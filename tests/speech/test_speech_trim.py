"""Trimming: silence off both ends, nothing audible lost, no clicks."""

from __future__ import annotations

import numpy as np
import pytest
from support.speech import (
    THRESHOLD,
    ms,
    quiet_edges,
    require_espeak_library,
)

from coach.speech.engines import make_engine
from coach.speech.speech import resample
from coach.speech.trim import trim, trim_bounds
from coach.plan.timeline import SAMPLE_RATE

RATE = SAMPLE_RATE


def tone(seconds: float, amplitude: float = 0.5, hz: float = 440.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def silence(seconds: float, level: float = 0.0) -> np.ndarray:
    noise = np.random.default_rng(1).uniform(-level, level, round(seconds * RATE))
    return noise.astype(np.float32)


def test_silence_is_cut_to_a_few_milliseconds():
    clip = np.concatenate([silence(0.045, 1e-4), tone(0.5), silence(0.28, 1e-4)])
    out = trim(clip, RATE)
    lead, tail = quiet_edges(out)
    assert ms(lead) < 10 and ms(tail) < 10
    assert abs(len(out) - round(0.5 * RATE)) < round(0.02 * RATE)


def test_nothing_at_or_above_the_threshold_is_cut():
    rng = np.random.default_rng(7)
    for _ in range(50):
        clip = np.zeros(rng.integers(2000, 20000), dtype=np.float32)
        spots = rng.integers(0, len(clip), 3)
        clip[spots] = rng.uniform(THRESHOLD, 1.0, 3).astype(np.float32)
        start, end = trim_bounds(clip, RATE)
        assert start <= spots.min() and spots.max() < end


def test_quiet_noise_below_threshold_counts_as_silence():
    clip = np.concatenate([silence(0.2, 0.5 * THRESHOLD), tone(0.1), silence(0.2, 0.5 * THRESHOLD)])
    start, end = trim_bounds(clip, RATE)
    assert abs(start - round(0.2 * RATE)) < round(0.01 * RATE)
    assert abs(end - round(0.3 * RATE)) < round(0.01 * RATE)


def test_cut_edges_fade_so_they_never_click():
    clip = tone(0.3, amplitude=0.9, hz=1000.0)  # loud from the first to the last sample
    out = trim(clip, RATE)
    assert len(out) == len(clip)
    assert abs(out[0]) < 0.01 and abs(out[-1]) < 0.01
    middle = slice(round(0.01 * RATE), -round(0.01 * RATE))
    np.testing.assert_array_equal(out[middle], clip[middle])


def test_all_silent_gives_an_empty_clip():
    assert trim(silence(0.3, 1e-5), RATE).size == 0
    assert trim(np.zeros(0, dtype=np.float32), RATE).size == 0


def test_trim_is_deterministic_and_float32():
    clip = np.concatenate([silence(0.05, 1e-4), tone(0.2), silence(0.05)])
    a, b = trim(clip, RATE), trim(clip, RATE)
    assert a.dtype == np.float32 and a.tobytes() == b.tobytes()


def test_real_engine_output_trimmed_against_untrimmed():
    """espeak-ng leaves silence at the ends; trimming removes it and keeps every audible sample."""
    require_espeak_library()
    engine = make_engine("espeak-ng")
    removed = 0
    for text in ["Hello there.", "Hold for ten seconds.", "Switch sides!", "Next up: leg swings"]:
        raw = resample(engine.synth(text, "en-us", 170))
        start, end = trim_bounds(raw, RATE)
        out = trim(raw, RATE)
        raw_lead, raw_tail = quiet_edges(raw)
        lead, tail = quiet_edges(out)
        assert ms(lead) < 10 and ms(tail) < 10, (text, ms(lead), ms(tail))
        assert raw_lead + raw_tail >= lead + tail
        removed += raw_lead + raw_tail - lead - tail
        # Outside the kept part the engine's output is below the threshold...
        assert np.abs(raw[:start]).max(initial=0) < THRESHOLD
        assert np.abs(raw[end:]).max(initial=0) < THRESHOLD
        # ...and inside it is kept sample for sample, except the faded edges.
        fade = round(0.003 * RATE)
        np.testing.assert_array_equal(out[fade:-fade], raw[start + fade : end - fade])
        assert len(out) == end - start
    assert ms(removed) > 20


@pytest.mark.parametrize("rate", [22050, 16000])
def test_bounds_scale_with_the_rate(rate):
    clip = np.zeros(rate, dtype=np.float32)
    clip[rate // 2] = 0.5
    start, end = trim_bounds(clip, rate)
    assert 0 < (end - start) <= round(0.005 * rate) + 2 * round(0.003 * rate)
