"""Real-time figures for live playback, measured through a private PulseAudio server.

For ``scripts/bench.py``; tests never assert on these. Each function starts
its own :class:`PulseRig` unless one is passed, runs the player in a child
process as a person would, and reads what the sink actually played.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coach.playback.testing import PulseRig, Recorder, sounding
from coach.timeline import SAMPLE_RATE

CHILD = [sys.executable, "-m", "coach.playback.synthetic"]
SETTLE = 0.3
"""Seconds recorded after the child ends, so the tail is in the recording."""


def synthetic_argv(*args: str, output: str = "sounddevice") -> list[str]:
    """The argv of the synthetic child player (see ``coach.playback.synthetic``)."""
    return [*CHILD, "--output", output, *args]


@dataclass(frozen=True)
class Drift:
    """Seconds from the first click to the last: as planned, as recorded (sample count) and by
    the clock (arrival times), with the player's result line (it counts underruns)."""

    planned: float
    by_samples: float
    by_clock: float
    clicks: int
    result: str

    @property
    def error(self) -> float:
        """The player's drift in seconds: samples lost or added (target: under 0.05).

        ``by_clock`` also holds the sink's clock against the system's (the
        test sink runs about 0.02 % fast), which no player can change.
        """
        return self.by_samples - self.planned


@dataclass(frozen=True)
class Stop:
    """How long sound went on after Ctrl-C (target: under 0.2 s), and the exit status."""

    silence_after: float
    exit_after: float
    status: int


def measure_first_sound(argv: Sequence[str] | None = None, rig: PulseRig | None = None, timeout: float = 60.0) -> float:
    """Seconds from starting ``argv`` to its first audible sample (preroll included).

    ``argv`` defaults to the synthetic player; pass e.g. ``["coach", "play", ...]``
    to measure the real command (its environment is the rig's).
    """
    argv = list(argv or synthetic_argv("--seconds", "2"))
    with _rig(rig) as live, live.recorder() as rec:
        began = time.monotonic()
        proc = subprocess.Popen(argv, env=live.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        frames = _wait_for_sound(rec, proc, timeout)
        _finish(proc)
    return rec.time_of(int(frames[0])) - began


def measure_drift(
    minutes: float = 3.0, every_seconds: float = 5.0, output: str = "sounddevice", rig: PulseRig | None = None
) -> Drift:
    """Play clicks every ``every_seconds`` for ``minutes``; compare last-minus-first click times."""
    every = round(every_seconds * SAMPLE_RATE)
    argv = synthetic_argv(
        "--signal", "clicks", "--every", str(every), "--seconds", str(minutes * 60 + 0.5), output=output
    )
    with _rig(rig) as live, live.recorder() as rec:
        proc = subprocess.run(argv, env=live.env, capture_output=True, text=True)
        time.sleep(SETTLE)
    onsets = _onsets(sounding(rec.samples()), every // 2)
    planned = (len(onsets) - 1) * every / SAMPLE_RATE
    return Drift(
        planned=planned,
        by_samples=float(onsets[-1] - onsets[0]) / SAMPLE_RATE,
        by_clock=rec.time_of(int(onsets[-1])) - rec.time_of(int(onsets[0])),
        clicks=len(onsets),
        result=proc.stdout.strip() or proc.stderr.strip(),
    )


def measure_stop(
    argv: Sequence[str] | None = None, after: float = 1.0, rig: PulseRig | None = None, timeout: float = 60.0
) -> Stop:
    """Send SIGINT once ``argv`` has sounded for ``after`` seconds; how soon is it silent?

    ``argv`` must be sounding when the signal goes (the default plays a steady tone).
    """
    argv = list(argv or synthetic_argv("--signal", "tone", "--seconds", "30"))
    with _rig(rig) as live, live.recorder() as rec:
        proc = subprocess.Popen(argv, env=live.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        first = rec.time_of(int(_wait_for_sound(rec, proc, timeout)[0]))
        time.sleep(max(0.0, first + after - time.monotonic()))
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        status = proc.wait(timeout=10)
        exited = time.monotonic()
        time.sleep(SETTLE)
    last = sounding(rec.samples())[-1]
    return Stop(silence_after=rec.time_of(int(last)) - sent, exit_after=exited - sent, status=status)


def bench_playback(drift_minutes: float = 3.0, output: str = "sounddevice") -> dict[str, float | int | str]:
    """All three figures for one output, on one rig (first sound: median of three runs)."""
    with PulseRig() as rig:
        firsts = sorted(measure_first_sound(synthetic_argv("--seconds", "2", output=output), rig=rig) for _ in range(3))
        stop = measure_stop(synthetic_argv("--signal", "tone", "--seconds", "30", output=output), rig=rig)
        drift = measure_drift(drift_minutes, output=output, rig=rig)
    return {
        "output": output,
        "first_sound_s": round(firsts[1], 3),
        "stop_silent_after_s": round(stop.silence_after, 3),
        "stop_exit_after_s": round(stop.exit_after, 3),
        "stop_status": stop.status,
        "drift_minutes": drift_minutes,
        "drift_samples_s": round(drift.error, 4),
        "drift_clock_s": round(drift.by_clock - drift.planned, 4),
        "drift_player": drift.result,
    }


def _rig(rig: PulseRig | None) -> PulseRig | _Borrowed:
    return _Borrowed(rig) if rig is not None else PulseRig()


class _Borrowed:
    """A rig someone else started: entered and left without starting or stopping it."""

    def __init__(self, rig: PulseRig) -> None:
        self.rig = rig

    def __enter__(self) -> PulseRig:
        return self.rig

    def __exit__(self, *exc: object) -> None:
        return None


def _wait_for_sound(rec: Recorder, proc: subprocess.Popen[bytes], timeout: float) -> np.ndarray:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frames = sounding(rec.samples())
        if len(frames):
            return frames
        if proc.poll() is not None:
            time.sleep(SETTLE)
            if len(frames := sounding(rec.samples())):
                return frames
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"the player exited ({proc.returncode}) without a sound: {err.strip()}")
        time.sleep(0.005)
    proc.kill()
    raise RuntimeError(f"no sound within {timeout} s")


def _finish(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _onsets(frames: np.ndarray, gap: int) -> np.ndarray:
    """First frame of each burst of sound, bursts being at least ``gap`` frames apart."""
    if len(frames) == 0:
        raise RuntimeError("no clicks were recorded")
    starts = np.concatenate([[True], np.diff(frames) > gap])
    return frames[starts]
