"""Byte for byte through the real outputs, into ALSA's file plugin (no sound card needed).

Each test runs the synthetic player in a child process whose ALSA config
sends the default device to a file. The null device behind it runs faster
than real time, so the device may take silence between blocks (the player
cannot keep up with it); what is compared is every non-silent frame, in order,
plus the preroll in front.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from playback_harness import child, heard, runs

from coach.playback.player import PREROLL
from coach.playback.synthetic import index_signal
from coach.playback.testing import alsa_capture_config, alsa_no_device_config, read_raw
from coach.timeline import SAMPLE_RATE

OUTPUTS = ["sounddevice"] + (["simpleaudio"] if sys.version_info < (3, 12) else [])
SECONDS = 2
LENGTH = SECONDS * SAMPLE_RATE


@pytest.fixture
def capture(tmp_path):
    raw = tmp_path / "capture.raw"
    return raw, alsa_capture_config(tmp_path / "asound.conf", raw)


@pytest.mark.parametrize("output", OUTPUTS)
def test_every_sample_reaches_the_device_unchanged_after_the_preroll(capture, output):
    raw, alsa = capture
    done = child("--output", output, "--seconds", str(SECONDS), alsa=alsa)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "finished"
    audio = read_raw(raw)
    first = int(np.nonzero(audio.any(axis=1))[0][0])
    assert first >= PREROLL
    sounding = audio[audio.any(axis=1)]
    assert np.array_equal(sounding, index_signal(0, LENGTH))


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="simpleaudio is refused on Python 3.12+")
def test_simpleaudio_leaves_no_gap_in_the_file(capture):
    raw, alsa = capture
    child("--output", "simpleaudio", "--seconds", str(SECONDS), alsa=alsa)
    audio = read_raw(raw)
    first = int(np.nonzero(audio.any(axis=1))[0][0])
    assert first == PREROLL  # blocking writes: exactly the preroll, then the session
    assert np.array_equal(audio[first : first + LENGTH], index_signal(0, LENGTH))


@pytest.mark.parametrize("output", OUTPUTS)
def test_playback_can_start_anywhere(capture, output):
    raw, alsa = capture
    done = child("--output", output, "--seconds", str(SECONDS), "--start", "54321", "--preroll", "0", alsa=alsa)
    assert done.returncode == 0, done.stderr
    assert runs(heard(read_raw(raw))) == [(54321, LENGTH - 1)]


@pytest.mark.parametrize("output", OUTPUTS)
def test_no_sound_device_is_a_device_error_pointing_to_export(tmp_path, output):
    alsa = alsa_no_device_config(tmp_path / "asound.conf")
    done = child("--output", output, "--seconds", "1", alsa=alsa)
    assert done.returncode == 3
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("coach: No working sound output was found")
    assert "coach export" in last
    assert "Traceback" not in done.stderr


RENDERED = """
import sys
from coach.audio.bench import fake_speech, synthetic_timeline
from coach.audio.render import render
from coach.audio.sounds import load_sounds, sound_lengths
from coach.playback.outputs import open_output
from coach.playback.player import play

timeline = synthetic_timeline(0.25, sound_lengths())
sounds = load_sounds()
result = play(lambda at: render(timeline, fake_speech, sounds, start=at), open_output(), start=int(sys.argv[1]))
print(result.outcome)
"""


def test_a_rendered_session_reaches_the_device_unchanged(capture):
    from coach.audio.bench import fake_speech, synthetic_timeline
    from coach.audio.render import render
    from coach.audio.sounds import load_sounds, sound_lengths

    raw, alsa = capture
    start = 3 * SAMPLE_RATE + 17
    env = {**os.environ, "ALSA_CONFIG_PATH": str(alsa)}
    done = subprocess.run([sys.executable, "-c", RENDERED, str(start)], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "finished", done.stderr
    timeline = synthetic_timeline(0.25, sound_lengths())
    expected = np.concatenate(list(render(timeline, fake_speech, load_sounds(), start=start)))
    audio = read_raw(raw)
    assert np.array_equal(audio[audio.any(axis=1)], expected[expected.any(axis=1)])
    assert expected.any(axis=1).sum() > SAMPLE_RATE  # the comparison covered real sound
