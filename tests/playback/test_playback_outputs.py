"""Choosing an output by name, and the clear refusals when one cannot work."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from coach.errors import EnvironmentProblem, InputError
from coach.playback.outputs import DEFAULT_OUTPUT, OUTPUTS, open_output, simpleaudio_refusal
from coach.playback.ring import Ring
from coach.playback.sa_output import SimpleAudioOutput
from support.synthetic import index_signal
from coach.plan.timeline import SAMPLE_RATE

REPO = Path(__file__).resolve().parents[2]
PYENV = Path("/root/.pyenv/versions")


def test_the_default_is_sounddevice_and_the_table_is_explicit():
    assert DEFAULT_OUTPUT == "sounddevice"
    assert sorted(OUTPUTS) == ["simpleaudio", "sounddevice"]
    assert open_output().name == "sounddevice"


def test_an_unknown_output_names_the_choices():
    with pytest.raises(InputError, match="simpleaudio, sounddevice"):
        open_output("speakers")


@pytest.mark.parametrize("version", [(3, 12, 0), (3, 13, 1), (3, 14, 0)])
def test_simpleaudio_is_refused_on_python_312_and_newer(version):
    reason = simpleaudio_refusal(version)
    assert reason and "--output sounddevice" in reason and "3.12" in reason


def test_simpleaudio_is_allowed_on_python_311():
    assert simpleaudio_refusal((3, 11, 7)) is None
    if sys.version_info[:2] == (3, 11):
        assert open_output("simpleaudio").name == "simpleaudio"


REFUSE = """
import sys
from coach.errors import InputError
from coach.playback.outputs import open_output
try:
    open_output("simpleaudio")
except InputError as exc:
    print(exc)
    print("numpy" in sys.modules, "simpleaudio" in sys.modules)
"""


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_simpleaudio_refusal_on_a_real_newer_python_comes_before_any_import(version):
    found = sorted(PYENV.glob(f"{version}.*/bin/python"))
    assert found, f"install Python {version} (pyenv) to run this test"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([str(found[-1]), "-c", REFUSE], env=env, capture_output=True, text=True, check=True)
    message, imported = out.stdout.splitlines()
    assert "crashes" in message and "--output sounddevice" in message
    assert imported == "False False"


def test_missing_portaudio_names_the_package_to_install(tmp_path):
    # sounddevice raises exactly this when ctypes cannot find libportaudio.
    (tmp_path / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    code = (
        "from coach.playback.outputs import open_output\n"
        "from coach.errors import EnvironmentProblem\n"
        "try:\n    open_output('sounddevice')\n"
        "except EnvironmentProblem as exc:\n    print(exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "libportaudio2" in out.stdout
    assert len(out.stdout.strip().splitlines()) == 1


def test_a_missing_backend_package_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import now raises ImportError
    with pytest.raises(EnvironmentProblem, match="pip install sounddevice"):
        open_output("sounddevice")


class FakePlay:
    def __init__(self, frames: np.ndarray) -> None:
        self.frames = frames
        self.stopped = threading.Event()
        self.done = threading.Event()

    def is_playing(self) -> bool:
        return not (self.stopped.is_set() or self.done.is_set())

    def stop(self) -> None:
        self.stopped.set()


class FakeSimpleAudio:
    """Stands in for the simpleaudio module: records each buffer, plays until told it is done."""

    def __init__(self) -> None:
        self.plays: list[FakePlay] = []

    def play_buffer(self, data, channels, width, rate) -> FakePlay:
        assert (channels, width, rate) == (2, 2, SAMPLE_RATE)
        self.plays.append(FakePlay(np.array(data, copy=True)))
        return self.plays[-1]


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_simpleaudio_plays_chunks_in_order_and_a_flush_cuts_the_current_one():
    sa = FakeSimpleAudio()
    ring = Ring(5000)
    ring.write(index_signal(0, 5000))
    out = SimpleAudioOutput(sa, chunk=1000)
    out.start(ring)
    try:
        sa.plays[0].done.set()
        wait_until(lambda: len(sa.plays) == 2)
        assert np.array_equal(np.concatenate([p.frames for p in sa.plays]), index_signal(0, 2000))
        ring.flush()
        wait_until(sa.plays[1].stopped.is_set)  # a pause or skip is heard at once
        ring.write(index_signal(90000, 1000))
        ring.end()
        wait_until(lambda: len(sa.plays) == 3)
        assert np.array_equal(sa.plays[2].frames, index_signal(90000, 1000))
    finally:
        out.abort()


class SlowSimpleAudio(FakeSimpleAudio):
    """Opening the device for a buffer takes as long as the test says (as it may on a busy machine)."""

    def __init__(self) -> None:
        super().__init__()
        self.opening = threading.Event()
        self.opened = threading.Event()

    def play_buffer(self, data, channels, width, rate) -> FakePlay:
        if self.plays:
            self.opening.set()
            assert self.opened.wait(5)
        return super().play_buffer(data, channels, width, rate)


def test_simpleaudio_finish_waits_for_the_last_chunk_even_while_it_is_being_handed_over():
    sa = SlowSimpleAudio()
    ring = Ring(5000)
    ring.write(index_signal(0, 2000))
    ring.end()
    out = SimpleAudioOutput(sa, chunk=1000)
    out.start(ring)
    finishing = threading.Thread(target=out.finish)
    try:
        sa.plays[0].done.set()
        assert sa.opening.wait(5)  # the last chunk has left the ring, its play object does not exist yet
        finishing.start()
        finishing.join(0.2)
        assert finishing.is_alive()  # the ring is empty and nothing plays, yet a chunk is on its way
        sa.opened.set()
        wait_until(lambda: len(sa.plays) == 2)
        finishing.join(0.2)
        assert finishing.is_alive()  # now it is playing
        assert not sa.plays[1].stopped.is_set()  # and is heard to the end, not cut
        sa.plays[1].done.set()
        finishing.join(5)
        assert not finishing.is_alive()
        assert np.array_equal(sa.plays[1].frames, index_signal(1000, 1000))
    finally:
        sa.opened.set()
        out.abort()
