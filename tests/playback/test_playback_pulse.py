"""Live playback in real time, through a private PulseAudio server, recorded from its sink.

Behaviour only (what was heard, in what order, exit statuses); the timing
figures live in support.measure for scripts/bench.py.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import termios
import time

import numpy as np
import pytest
from support.playback import CHILD, heard, runs
from support.tools import require

from support.synthetic import decode_index, index_signal
from support.rig import PulseRig, Recorder, live_player, sounding
from coach.plan.timeline import SAMPLE_RATE

SETTLE = 0.3


@pytest.fixture(scope="module")
def rig():
    for tool in ("pulseaudio", "parec", "pacat", "pactl"):
        require(tool)
    with PulseRig() as live:
        yield live


def start(rig: PulseRig, *args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CHILD, *args], env=rig.env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=live_player,
    )


def wait_for_sound(rec: Recorder, proc: subprocess.Popen[str], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not len(sounding(rec.samples())):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "the player made no sound"
        time.sleep(0.01)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=30)
    return proc.returncode, out, err


def index_runs(audio: np.ndarray) -> list[tuple[int, int]]:
    """Stretches of the ``index`` signal in a recording, ignoring other sounds (the ticks)."""
    idx = decode_index(audio)
    idx[idx < 0] = -1000  # silence must not join a run starting at 0
    return [(a, b) for a, b in runs(idx) if b - a >= 100]


def test_sounddevice_plays_every_sample_in_real_time_without_a_gap(rig):
    length = 2 * SAMPLE_RATE
    with rig.recorder() as rec:
        proc = start(rig, "--seconds", "2")
        status, out, err = finish(proc)
        time.sleep(SETTLE)
    assert status == 0, err
    result = json.loads(out)
    assert (result["outcome"], result["position"], result["underruns"]) == ("finished", length, 0)
    audio = rec.samples()
    on = sounding(audio, threshold=0)
    assert np.array_equal(audio[on[0] : on[-1] + 1], index_signal(0, length))


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="simpleaudio is refused on Python 3.12+")
def test_simpleaudio_plays_in_order_with_only_short_gaps(rig):
    length = 2 * SAMPLE_RATE
    with rig.recorder() as rec:
        status, out, err = finish(start(rig, "--seconds", "2", "--output", "simpleaudio"))
        time.sleep(SETTLE)
    assert status == 0, err
    got = heard(rec.samples())
    assert np.all(np.diff(got) > 0)  # never out of order or repeated
    assert len(got) > 0.99 * length  # a few frames may be lost where chunks meet


def test_ctrl_c_silences_the_output_and_exits_130(rig):
    with rig.recorder() as rec:
        proc = start(rig, "--signal", "tone", "--seconds", "30")
        wait_for_sound(rec, proc)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        status, out, err = finish(proc)
        exited = time.monotonic()
        time.sleep(SETTLE)
    assert status == 130, err
    assert json.loads(out)["outcome"] == "stopped"
    on = sounding(rec.samples())
    assert rec.time_of(int(on[-1])) < exited  # silent before the process was even gone
    assert len(rec.samples()) - on[-1] > SAMPLE_RATE // 10  # and it stayed silent


def test_a_device_lost_mid_session_is_a_device_error():
    for tool in ("pulseaudio", "parec", "pacat", "pactl"):
        require(tool)
    with PulseRig() as own, own.recorder() as rec:
        proc = start(own, "--signal", "tone", "--seconds", "30")
        wait_for_sound(rec, proc)
        own.kill()
        status, out, err = finish(proc)
    assert status == 3, err
    assert err.strip().splitlines()[-1] == (
        "coach: The sound output stopped working during the session. Try `coach export` to make an audio file instead."
    )
    assert "Traceback" not in err


class Terminal:
    """A pseudo-terminal for the child's stdin, so its keyboard controls switch on."""

    def __init__(self) -> None:
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)

    def press(self, key: bytes) -> None:
        os.write(self.master, key)

    def restored(self) -> bool:
        return termios.tcgetattr(self.slave) == self.before

    def close(self) -> None:
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.close()


def play_with_keys(rig, terminal, keys, *args):
    """Play 4 s with drills at 0 and 2 s; press each (delay, key) after the sound starts."""
    with rig.recorder() as rec:
        proc = start(rig, "--seconds", "4", "--drills", f"0,{2 * SAMPLE_RATE}", *args, stdin=terminal.slave)
        wait_for_sound(rec, proc)
        for delay, key in keys:
            time.sleep(delay)
            terminal.press(key)
        status, out, err = finish(proc)
        exited = time.monotonic()
        time.sleep(SETTLE)
    assert status == 0, err
    assert terminal.restored()
    return json.loads(out), rec, exited


def test_n_skips_to_the_next_drill(rig, terminal):
    result, rec, _ = play_with_keys(rig, terminal, [(0.8, b"n")])
    assert result["outcome"] == "finished"
    (first, skipped_at), (target, last) = runs(heard(rec.samples()))
    assert first == 0 and skipped_at < 2 * SAMPLE_RATE
    assert (target, last) == (2 * SAMPLE_RATE, 4 * SAMPLE_RATE - 1)


def test_space_pauses_and_resumes_after_a_count_in_where_it_stopped(rig, terminal):
    result, rec, _ = play_with_keys(rig, terminal, [(0.8, b" "), (0.5, b" ")])
    assert result["outcome"] == "finished"
    audio = rec.samples()
    (first, paused_at), (resumed, last) = index_runs(audio)
    assert (first, last) == (0, 4 * SAMPLE_RATE - 1)
    # nothing skipped; at most what sat in the device's buffer is heard again
    assert paused_at + 1 - SAMPLE_RATE * 3 // 10 <= resumed <= paused_at + 1
    idx = decode_index(audio)
    paused, back = np.nonzero(idx == paused_at)[0][0], np.nonzero(idx == resumed)[0][-1]
    between = sounding(audio[paused + 1 : back])
    bursts = 1 + np.count_nonzero(np.diff(between) > SAMPLE_RATE // 10)
    assert bursts == 3  # the three ticks of the count-in


def test_q_quits_at_once(rig, terminal):
    result, rec, exited = play_with_keys(rig, terminal, [(0.5, b"q")])
    assert result["outcome"] == "quit"
    assert result["position"] < 3 * SAMPLE_RATE
    on = sounding(rec.samples())
    assert rec.time_of(int(on[-1])) < exited
    assert runs(heard(rec.samples()))[-1][1] < 3 * SAMPLE_RATE
