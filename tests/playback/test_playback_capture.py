"""Byte for byte through the real outputs, into ALSA's file plugin (no sound card needed).

Each test runs the synthetic player in a child process whose ALSA config
sends the default device to a file. The null device behind it runs faster
than real time; the ring makes it wait for the player, so the file holds
silence (the preroll and PortAudio's first buffer), every frame of the
session, then silence.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
import time

import numpy as np
import pytest
from support.playback import CHILD, child, heard, runs

from coach.playback.player import PREROLL
from support.synthetic import index_signal
from support.rig import (
    alsa_capture_config, alsa_no_device_config, assert_played_exactly, interruptible, read_raw,
)
from coach.plan.timeline import SAMPLE_RATE

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
    result = json.loads(done.stdout)
    assert (result["outcome"], result["underruns"]) == ("finished", 0)
    assert_played_exactly(read_raw(raw), index_signal(0, LENGTH), lead_at_least=PREROLL)


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


def test_ctrl_c_while_the_device_waits_for_the_player_stops_cleanly(capture):
    """The null device is always waiting on the ring; Ctrl-C must still end the stream at once."""
    raw, alsa = capture
    proc = subprocess.Popen(
        [*CHILD, "--signal", "tone", "--seconds", "3600"],
        env={**os.environ, "ALSA_CONFIG_PATH": str(alsa)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible,
    )
    deadline = time.monotonic() + 20
    while not (raw.exists() and raw.stat().st_size > 40 * SAMPLE_RATE * 4):  # well into the session
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1]
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 130, err
    assert json.loads(out)["outcome"] == "stopped"
    assert "Traceback" not in err


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
from support.fakes import fake_speech, synthetic_timeline
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
    from support.fakes import fake_speech, synthetic_timeline
    from coach.audio.render import render
    from coach.audio.sounds import load_sounds, sound_lengths

    raw, alsa = capture
    start = 3 * SAMPLE_RATE + 17
    tests = str(Path(__file__).resolve().parent.parent)  # the child imports the test-support fakes
    env = {**os.environ, "ALSA_CONFIG_PATH": str(alsa), "PYTHONPATH": tests}
    done = subprocess.run([sys.executable, "-c", RENDERED, str(start)], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "finished", done.stderr
    timeline = synthetic_timeline(0.25, sound_lengths())
    expected = np.concatenate(list(render(timeline, fake_speech, load_sounds(), start=start)))
    assert_played_exactly(read_raw(raw), expected, lead_at_least=PREROLL)
    assert expected.any(axis=1).sum() > SAMPLE_RATE  # the comparison covered real sound
