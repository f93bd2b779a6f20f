"""`coach play` through real ALSA and PulseAudio: what is heard is what export writes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from support.rig import (
    SESSION_SPEED, PulseRig, alsa_capture_config, alsa_no_device_config, assert_played_exactly, foremost,
    live_player, read_raw, sounding,
)
from support.tools import read_wav, require, run_coach, short_routine

OPTIONS = ["post-run", "--level", "short", "--tempo-scale", "0.5"]
"""A built-in routine with settings that change its plan: a part of it is played from a drill."""


coach = run_coach


@pytest.fixture(scope="module")
def exported(env, tmp_path_factory) -> np.ndarray:
    out = tmp_path_factory.mktemp("export") / "session.wav"
    done = coach(env, "export", *OPTIONS, "-o", str(out))
    assert done.returncode == 0, done.stderr
    return _int16(out)


def capture(env, tmp_path, *args) -> tuple[subprocess.CompletedProcess, np.ndarray]:
    raw = tmp_path / "captured.raw"
    config = alsa_capture_config(tmp_path / "asound.conf", raw, speed=SESSION_SPEED)
    done = coach({**env, "ALSA_CONFIG_PATH": str(config)}, "play", *args, preexec_fn=foremost)
    return done, read_raw(raw)


def _int16(wav) -> np.ndarray:
    _, audio = read_wav(wav)
    return np.rint(audio * 32768).astype(np.int16)


def _start(env, drill: str, *options: str) -> float:
    done = coach(env, "plan", *options, "--json")
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    return next(d for d in plan["drills"] if d["id"] == drill)["start"]


def test_played_samples_equal_the_export(env, cold_exports, tmp_path):
    """The whole default warm-up, played from a warm cache, is the export made from an empty one."""
    done, heard = capture(env, tmp_path, "pre-run", "--quiet")
    assert done.returncode == 0, done.stderr
    assert_played_exactly(heard, _int16(cold_exports["pre-run"]), lead_at_least=22050)  # 0.5 s preroll, every frame


def test_play_from_a_drill_starts_there(env, exported, tmp_path):
    start = _start(env, "spiderman", *OPTIONS)
    done, heard = capture(env, tmp_path, *OPTIONS, "--from", "spiderman", "--preroll", "0")
    assert done.returncode == 0, done.stderr
    assert_played_exactly(heard, exported[round(start * 44100) :])


@pytest.fixture(scope="module")
def with_music(env, tmp_path_factory) -> tuple[list[str], np.ndarray]:
    """A short routine of the runner's own (3 minutes, its own lines) with real music files, and its export."""
    from support.music import make_tracks

    folder = tmp_path_factory.mktemp("music")
    tracks = make_tracks(folder / "tracks", ["01-noise.mp3", "03-tone.flac"])
    options = [str(short_routine(folder)), "--music", str(tracks)]
    out = folder / "music.wav"
    done = coach(env, "export", *options, "-o", str(out))
    assert done.returncode == 0, done.stderr
    return options, _int16(out)


def test_played_music_equals_the_export(env, with_music, tmp_path):
    options, exported = with_music
    done, heard = capture(env, tmp_path, *options, "--quiet")
    assert done.returncode == 0, done.stderr
    assert_played_exactly(heard, exported, lead_at_least=22050)


def test_play_from_a_drill_starts_the_music_at_that_point_of_the_bed(env, with_music, tmp_path):
    options, exported = with_music
    start = _start(env, "hip-circles", options[0])  # the routine: music plays no part in a plan
    done, heard = capture(env, tmp_path, *options, "--from", "hip-circles", "--preroll", "0")
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
            preexec_fn=live_player,
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
