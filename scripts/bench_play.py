#!/usr/bin/env python3
"""Live playback figures for issue 4, measured on the real `coach play`. Not a test.

    .venv/bin/python scripts/bench_play.py          # alone (about 12 minutes)
    .venv/bin/python scripts/bench.py --play        # after the export figures

Everything plays into a private PulseAudio null sink (tests/support/rig.py)
and is read back from its recording (tests/support/measure.py); the phrase cache
and profile folders are temporary, warmed once before anything is timed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the test-support rig

from coach.plan.timeline import SAMPLE_RATE  # noqa: E402
from support.measure import (  # noqa: E402
    Drift,
    Stop,
    first_sounding,
    measure_first_sound,
    measure_session_drift,
    measure_stop,
    steady_sound,
)
from support.rig import PulseRig  # noqa: E402

DRIFT_OPTIONS = ("--level", "short", "--tempo-scale", "0.5")
"""post-run shortened to about 11.5 minutes; it still ends with the final cue."""
FIRST_SOUND_RUNS = 3
STOP_AFTER = 2.0
"""Seconds of sound before Ctrl-C, at least (then the next moment of steady speech)."""


def coach_argv(*args: str) -> list[str]:
    """The installed `coach` command next to this interpreter (else ``python -m coach``)."""
    script = Path(sys.executable).with_name("coach")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "coach", *args]


def run_coach(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        coach_argv(*args), env={**os.environ, **env}, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"coach {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def startup_seconds(env: dict[str, str], runs: int = 3) -> list[float]:
    """Wall time of a warm `coach plan pre-run`: start, imports and planning, as `coach play` does first."""
    times = []
    for _ in range(runs):
        began = time.monotonic()
        run_coach(env, "plan", "pre-run")
        times.append(time.monotonic() - began)
    return times


def export_wav(env: dict[str, str], out: Path, *args: str) -> np.ndarray:
    """The session's exact samples, (n, 2) int16, through `coach export`."""
    run_coach(env, "export", *args, "-o", str(out), "--force")
    with wave.open(str(out), "rb") as wav:
        assert (wav.getsampwidth(), wav.getnchannels(), wav.getframerate()) == (2, 2, SAMPLE_RATE)
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").reshape(-1, 2)


def first_and_last(env: dict[str, str], *args: str) -> tuple[int, int]:
    """Sample indices of the plan's first and last events."""
    samples = [event["sample"] for event in json.loads(run_coach(env, "plan", *args, "--json"))["events"]]
    return min(samples), max(samples)


def first_sounds(rig: PulseRig, env: dict[str, str]) -> dict[str, list[float]]:
    """Seconds to first sound, by --preroll, the two interleaved so load hits both alike."""
    firsts: dict[str, list[float]] = {"0.5": [], "0": []}
    for _ in range(FIRST_SOUND_RUNS):
        for preroll, times in firsts.items():
            argv = coach_argv("play", "pre-run", "--quiet", "--preroll", preroll)
            times.append(measure_first_sound(argv, rig=rig, env=env))
    return firsts


def stop_figures(rig: PulseRig, env: dict[str, str], tmp: Path) -> tuple[Stop, float]:
    """Ctrl-C during pre-run's speech, at a moment the export shows steady sound; (Stop, after seconds)."""
    reference = export_wav(env, tmp / "pre-run.wav", "pre-run")
    start = first_sounding(reference)
    moment = steady_sound(reference, start + round(STOP_AFTER * SAMPLE_RATE))
    after = (moment - start) / SAMPLE_RATE
    return measure_stop(coach_argv("play", "pre-run", "--quiet"), after=after, rig=rig, env=env), after


def drift_figures(rig: PulseRig, env: dict[str, str], tmp: Path) -> Drift:
    """The whole (shortened) post-run played; its last cue against its first."""
    options = ("post-run", *DRIFT_OPTIONS)
    first, last = first_and_last(env, *options)
    reference = export_wav(env, tmp / "post-run.wav", *options)
    return measure_session_drift(coach_argv("play", *options, "--quiet"), reference, first, last, rig=rig, env=env)


def spread(times: list[float]) -> str:
    """Median, then the range, in seconds."""
    return f"{statistics.median(times):.2f} s ({min(times):.2f}-{max(times):.2f})"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:+.1f} ms"


def report(
    loads: str, startup: list[float], firsts: dict[str, list[float]], stop: Stop, after: float, drift: Drift
) -> None:
    print("live playback (`coach play`, sounddevice -> PulseAudio null sink):")
    print(f"  load average (1, 5, 15 min) before and after: {loads}")
    print(
        f"  first sound: {spread(firsts['0.5'])} with --preroll 0.5 (default), "
        f"{spread(firsts['0'])} with --preroll 0   (target < 0.5 s; {FIRST_SOUND_RUNS} runs each)"
    )
    print(f"    warm `coach plan pre-run` (start, imports, planning): {spread(startup)}")
    minutes = drift.planned / 60
    print(
        f"  drift over post-run {' '.join(DRIFT_OPTIONS)} ({minutes:.1f} min from first to last cue): "
        f"last cue {ms(drift.error)} from plan by sample count, "
        f"{ms(drift.by_clock - drift.planned)} by the clock   (target within 50 ms)"
    )
    fast = (drift.by_samples / drift.by_clock - 1) * 100
    print(
        f"    the sink's clock ran {fast:+.3f} % against the system clock; recording vs export at the cues: "
        f"correlation {drift.match:.4f} (1: same samples); player: {drift.result}"
    )
    print(
        f"  Ctrl-C ({after:.2f} s into the sound, mid-word): sink silent {ms(stop.silence_after)} after the signal, "
        f"exit status {stop.status} after {stop.exit_after * 1000:.0f} ms   (target < 200 ms, status 130)"
    )


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def play_figures() -> None:
    """Measure and print issue 4's three live-playback figures (about 12 minutes)."""
    before = load()
    with tempfile.TemporaryDirectory(prefix="coach-bench-play-") as tmp_name, PulseRig() as rig:
        tmp = Path(tmp_name)
        env = {"COACH_CACHE_DIR": str(tmp / "cache"), "COACH_CONFIG_DIR": str(tmp / "no-profile")}
        run_coach(env, "plan", "pre-run")  # warms the phrase cache
        startup = startup_seconds(env)
        firsts = first_sounds(rig, env)
        stop, after = stop_figures(rig, env, tmp)
        drift = drift_figures(rig, env, tmp)
    report(f"{before} / {load()}", startup, firsts, stop, after, drift)


if __name__ == "__main__":
    play_figures()
