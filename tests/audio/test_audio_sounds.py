"""The shipped sounds: present, well-formed, reproducible and clearly different from each other."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from coach.audio.sounds import SOUND_NAMES, load_sounds, read_sounds, sound_lengths
from coach.errors import EnvironmentProblem
from coach.plan.timeline import SAMPLE_RATE

ROOT = Path(__file__).resolve().parents[2]
SOUNDS_DIR = ROOT / "sounds"
NFFT = 1 << 16


def _spectrum(clip: np.ndarray) -> np.ndarray:
    magnitude = np.abs(np.fft.rfft(clip, NFFT))
    return magnitude / np.linalg.norm(magnitude)


def _centroid(clip: np.ndarray) -> float:
    power = _spectrum(clip) ** 2
    return float((power * np.fft.rfftfreq(NFFT, 1 / SAMPLE_RATE)).sum())


def test_names_are_the_seven_cues():
    assert SOUND_NAMES == ("tick", "go", "switch", "turn", "restover", "done", "step")


def test_load_sounds_gives_float32_mono_clips_of_the_stated_lengths():
    sounds = load_sounds()
    assert set(sounds) == set(SOUND_NAMES)
    lengths = sound_lengths()
    for name, clip in sounds.items():
        assert clip.dtype == np.float32 and clip.ndim == 1
        assert lengths[name] == clip.size > 0
        assert 0.1 < np.abs(clip).max() < 1.0


def test_lengths_fit_each_cue():
    seconds = {name: n / SAMPLE_RATE for name, n in sound_lengths().items()}
    assert 0.015 <= seconds["step"] <= 0.025
    assert 0.07 <= seconds["tick"] <= 0.11
    assert 0.25 <= seconds["go"] <= 0.35
    assert 0.9 <= seconds["done"] <= 1.2
    assert all(seconds[name] < 0.6 for name in ("switch", "turn", "restover"))


def test_load_sounds_returns_a_fresh_dict_of_read_only_arrays():
    first = load_sounds()
    first.pop("tick")
    assert "tick" in load_sounds()
    with pytest.raises(ValueError):
        load_sounds()["go"][0] = 0.5


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_every_sound_fades_in_and_out(name):
    clip = load_sounds()[name]
    peak = np.abs(clip).max()
    assert abs(clip[0]) <= 0.01 * peak and abs(clip[-1]) <= 0.01 * peak
    # no jump bigger than a smooth waveform allows in the first and last millisecond
    edge = SAMPLE_RATE // 1000
    assert np.abs(np.diff(clip[:edge])).max() < 0.5 * peak
    assert np.abs(np.diff(clip[-edge:])).max() < 0.5 * peak


def test_sounds_are_clearly_different_from_each_other():
    sounds = load_sounds()
    for a, b in itertools.combinations(SOUND_NAMES, 2):
        similarity = float(_spectrum(sounds[a]) @ _spectrum(sounds[b]))
        assert similarity < 0.6, (a, b, similarity)
        longer = max(sounds[a].size, sounds[b].size) / min(sounds[a].size, sounds[b].size)
        brighter = max(_centroid(sounds[a]), _centroid(sounds[b])) / min(_centroid(sounds[a]), _centroid(sounds[b]))
        assert longer >= 1.4 or brighter >= 1.25, (a, b, longer, brighter)


def test_make_sounds_is_reproducible_and_matches_the_shipped_files(tmp_path):
    for run in ("first", "second"):
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_sounds.py"), str(tmp_path / run)],
            check=True,
            capture_output=True,
        )
    for name in SOUND_NAMES:
        made = (tmp_path / "first" / f"{name}.wav").read_bytes()
        assert made == (tmp_path / "second" / f"{name}.wav").read_bytes()
        assert made == (SOUNDS_DIR / f"{name}.wav").read_bytes(), f"{name}.wav is stale: rerun make_sounds.py"


def test_read_sounds_reads_a_folder_made_by_the_script(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sounds.py"), str(tmp_path)], check=True)
    clips = read_sounds(tmp_path)
    assert {name: clip.size for name, clip in clips.items()} == sound_lengths()


def test_a_missing_sound_names_the_file_and_the_script(tmp_path):
    for name in SOUND_NAMES:
        shutil.copy(SOUNDS_DIR / f"{name}.wav", tmp_path)
    (tmp_path / "turn.wav").unlink()
    with pytest.raises(EnvironmentProblem, match=r"turn\.wav.*scripts/make_sounds\.py"):
        read_sounds(tmp_path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a wav file at all"),
        lambda path: path.write_bytes(path.read_bytes()[:30]),
        lambda path: path.write_bytes(b""),
        lambda path: path.write_bytes(path.read_bytes()[:-1000]),
    ],
    ids=["garbage", "truncated header", "empty", "cut short"],
)
def test_a_damaged_sound_names_the_file_and_the_script(tmp_path, damage):
    for name in SOUND_NAMES:
        shutil.copy(SOUNDS_DIR / f"{name}.wav", tmp_path)
    damage(tmp_path / "go.wav")
    with pytest.raises(EnvironmentProblem, match=r"go\.wav.*scripts/make_sounds\.py"):
        read_sounds(tmp_path)


def test_a_sound_in_the_wrong_format_is_refused(tmp_path):
    for name in SOUND_NAMES:
        shutil.copy(SOUNDS_DIR / f"{name}.wav", tmp_path)
    with wave.open(str(tmp_path / "done.wav"), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(22050)
        wav.writeframes(b"\x00\x01" * 400)
    with pytest.raises(EnvironmentProblem, match=r"done\.wav.*mono 16-bit 44100 Hz"):
        read_sounds(tmp_path)
