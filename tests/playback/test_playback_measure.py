"""The measuring helpers behind scripts/bench_play.py: finding sounds and cues in a recording.

No timing assertions: what is checked is where things are found, in frames.
"""

from __future__ import annotations

import numpy as np
import pytest
from support.tools import require

from support.measure import _locate, first_sounding, measure_session_drift, steady_sound, synthetic_argv
from support.synthetic import index_signal
from support.rig import PulseRig
from coach.plan.timeline import SAMPLE_RATE


def noise(n: int, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).integers(-8000, 8000, size=(n, 2)).astype(np.int16)


def test_first_sounding_looks_past_the_first_chunk():
    audio = np.zeros((5000, 2), dtype=np.int16)
    audio[3210, 1] = 500
    audio[4000, 0] = 900
    assert first_sounding(audio, chunk=1000) == 3210


def test_first_sounding_fails_on_silence():
    with pytest.raises(RuntimeError, match="no sound"):
        first_sounding(np.zeros((800, 2), dtype=np.int16), chunk=100)


def test_steady_sound_skips_short_bursts_and_gives_the_middle_of_a_steady_stretch():
    step, span = 441, 441 * 40
    audio = np.zeros((SAMPLE_RATE * 3, 2), dtype=np.int16)
    audio[1000:1300] = 3000  # a short burst, then a gap
    audio[2 * SAMPLE_RATE :] = noise(SAMPLE_RATE)
    assert steady_sound(audio, 0, span=span, step=step) == 2 * SAMPLE_RATE + span // 2


def test_locate_finds_a_moved_piece_exactly():
    reference = noise(SAMPLE_RATE * 2)
    recording = np.concatenate([np.zeros((12345, 2), dtype=np.int16), reference])
    frame, match = _locate(recording, reference, SAMPLE_RATE, guess=SAMPLE_RATE + 12000)
    assert frame == SAMPLE_RATE + 12345
    assert match == pytest.approx(1.0)


def test_locate_sees_lost_samples():
    reference = noise(SAMPLE_RATE * 2)
    recording = np.delete(reference, np.s_[1000:1100], axis=0)  # 100 frames lost before the cue
    frame, match = _locate(recording, reference, SAMPLE_RATE, guess=SAMPLE_RATE)
    assert frame == SAMPLE_RATE - 100
    assert match == pytest.approx(1.0)


def test_session_drift_of_the_synthetic_player_through_pulseaudio_is_zero_samples():
    for tool in ("pulseaudio", "parec", "pacat", "pactl"):
        require(tool)
    seconds = 3
    reference = index_signal(0, seconds * SAMPLE_RATE)
    with PulseRig() as rig:
        drift = measure_session_drift(
            synthetic_argv("--seconds", str(seconds)), reference, SAMPLE_RATE // 2, 2 * SAMPLE_RATE, rig=rig
        )
    assert drift.planned == 1.5
    assert drift.error == 0.0
    assert drift.match == pytest.approx(1.0)
    assert '"underruns": 0' in drift.result
