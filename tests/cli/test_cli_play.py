"""`coach play` through real ALSA and PulseAudio: what is heard is what export writes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from support.rig import (
    SESSION_SPEED, PulseRig, alsa_capture_config, alsa_no_device_config, assert_played_exactly, foremost,
    interruptible, read_raw, sounding,
)
from support.tools import decode, read_wav, require, run_coach

OPTIONS = ["post-run", "--level", "short", "--tempo-scale", "0.5"]


coach = run_coach


@pytest.fixture(scope="module")
def exported(env, tmp_path_factory) -> np.ndarray:
    out = tmp_path_factory.mktemp("export") / "session.wav"
    done = coach(env, "export", *OPTIONS, "-o", str(out))
    assert done.returncode == 0, done.stderr
    _, audio = read_wav(out)
    return np.rint(audio * 32768).astype(np.int16)


def capture(env, tmp_path, *args) -> tuple[subprocess.CompletedProcess, np.ndarray]:
    raw = tmp_path / "captured.raw"
    config = alsa_capture_config(tmp_path / "asound.conf", raw, speed=SESSION_SPEED)
    done = coach({**env, "ALSA_CONFIG_PATH": str(config)}, "play", *args, preexec_fn=foremost)
    return done, read_raw(raw)


def test_played_samples_equal_the_export(env, exported, tmp_path):
    done, heard = capture(env, tmp_path, *OPTIONS, "--quiet")
    assert done.returncode == 0, done.stderr
    assert_played_exactly(heard, exported, lead_at_least=22050)  # the 0.5 s preroll, then every frame


def test_play_pre_run_plays_exactly_the_exported_wav(env, tmp_path):
    wav = tmp_path / "pre-run.wav"
    assert coach(env, "export", "pre-run", "-o", str(wav)).returncode == 0
    done, heard = capture(env, tmp_path, "pre-run", "--quiet")
    assert done.returncode == 0, done.stderr
    assert_played_exactly(heard, decode(wav), lead_at_least=22050)


def test_play_from_a_drill_starts_there(env, exported, tmp_path):
    plan = coach(env, "plan", *OPTIONS, "--json")
    start = next(d for d in __import__("json").loads(plan.stdout)["drills"] if d["id"] == "spiderman")["start"]
    done, heard = capture(env, tmp_path, *OPTIONS, "--from", "spiderman", "--preroll", "0")
    assert done.returncode == 0, done.stderr
    assert_played_exactly(heard, exported[round(start * 44100) :])


@pytest.fixture(scope="module")
def with_music(env, tmp_path_factory) -> tuple[list[str], np.ndarray]:
    """Options with real music files, and the export they make."""
    from support.music import make_tracks

    folder = make_tracks(tmp_path_factory.mktemp("music"), ["01-noise.mp3", "03-tone.flac"])
    options = [*OPTIONS, "--music", str(folder)]
    out = tmp_path_factory.mktemp("export") / "music.wav"
    done = coach(env, "export", *options, "-o", str(out))
    assert done.returncode == 0, done.stderr
    _, audio = read_wav(out)
    return options, np.rint(audio * 32768).astype(np.int16)


def test_played_music_equals_the_export(env, with_music, tmp_path):
    options, exported = with_music
    done, heard = capture(env, tmp_path, *options, "--quiet")
    assert done.returncode == 0, done.stderr
    assert_played_exactly(heard, exported, lead_at_least=22050)


def test_play_from_a_drill_starts_the_music_at_that_point_of_the_bed(env, with_music, tmp_path):
    options, exported = with_music
    plan = coach(env, "plan", *OPTIONS, "--json")
    start = next(d for d in __import__("json").loads(plan.stdout)["drills"] if d["id"] == "spiderman")["start"]
    done, heard = capture(env, tmp_path, *options, "--from", "spiderman", "--preroll", "0")
    assert done.returncode == 0, done.stderr
    assert_played_exactly(heard, exported[round(start * 44100) :])


def test_unknown_drill_for_from_is_one_line(env):
    done = coach(env, "play", *OPTIONS, "--from", "plank-jacks")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        'coach: --from: no drill "plank-jacks" in this session; choose from: supine-leg-rotation, '
        "kneeling-hip-flexor, walking-butt-kick, spiderman, supine-hip-rotation"
    ]


def test_no_device_is_exit_3_with_a_hint(env, tmp_path):
    config = alsa_no_device_config(tmp_path / "asound.conf")
    done = coach({**env, "ALSA_CONFIG_PATH": str(config)}, "play", *OPTIONS, "--quiet")
    assert done.returncode == 3
    ours = [line for line in done.stderr.splitlines() if line.startswith("coach:")]
    assert len(ours) == 1 and "coach export" in ours[0]
    assert "Traceback" not in done.stderr


def test_ctrl_c_silences_and_exits_130(env, exported):
    for tool in ("pulseaudio", "parec", "pactl"):
        require(tool)
    with PulseRig() as rig, rig.recorder() as recorder:
        player = subprocess.Popen(
            [sys.executable, "-m", "coach", "play", *OPTIONS, "--quiet"],
            env={**env, **{k: v for k, v in rig.env.items() if k.startswith(("ALSA", "PULSE"))}},
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=interruptible,
        )
        deadline = time.monotonic() + 60
        while not len(sounding(recorder.samples())) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(sounding(recorder.samples())), "no sound reached the sink"
        time.sleep(1.0)
        player.send_signal(signal.SIGINT)
        sent = len(recorder.samples())
        _, err = player.communicate(timeout=30)
        time.sleep(0.5)
        after = recorder.samples()[sent + 44100 // 5 :]  # 0.2 s after the signal
    assert player.returncode == 130
    assert [line for line in err.splitlines() if line.startswith("coach:")] == [err.strip()]
    assert err.strip().startswith("coach: stopped at 0:0")
    assert len(after) > 0 and len(sounding(after)) == 0
