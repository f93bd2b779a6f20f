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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.plan.timeline import SAMPLE_RATE
from support import synthetic
from support.rig import PulseRig, Recorder, live_player, sounding

CHILD = [sys.executable, str(Path(synthetic.__file__))]  # a script: it needs no PYTHONPATH
SETTLE = 0.3
"""Seconds recorded after the child ends, so the tail is in the recording."""


def synthetic_argv(*args: str, output: str = "sounddevice") -> list[str]:
    """The argv of the synthetic child player (see ``support.synthetic``)."""
    return [*CHILD, "--output", output, *args]


@dataclass(frozen=True)
class Drift:
    """Seconds from the first mark (click or cue) to the last: as planned, as recorded (sample
    count) and by the clock (arrival times), with the player's result line (it counts underruns).

    ``match``: for a real session, how alike the recording and the reference were at the worse
    of the two cues (1.0: the very same samples); None for clicks.
    """

    planned: float
    by_samples: float
    by_clock: float
    marks: int
    result: str
    match: float | None = None

    @property
    def error(self) -> float:
        """The player's drift in seconds: samples lost or added (target: under 0.05).

        ``by_clock`` also holds the sink's clock against the system's (the
        test sink runs about 0.06 % fast here), which no player can change.
        """
        return self.by_samples - self.planned


@dataclass(frozen=True)
class Stop:
    """How long sound went on after Ctrl-C (target: under 0.2 s), and the exit status."""

    silence_after: float
    exit_after: float
    status: int


def measure_first_sound(
    argv: Sequence[str] | None = None,
    rig: PulseRig | None = None,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> float:
    """Seconds from starting ``argv`` to its first audible sample (preroll included).

    ``argv`` defaults to the synthetic player; pass e.g. ``["coach", "play", ...]``
    to measure the real command. Its environment is the rig's plus ``env``;
    its stdin is empty (no keyboard controls).
    """
    argv = list(argv or synthetic_argv("--seconds", "2"))
    with _rig(rig) as live, live.recorder() as rec:
        began = time.monotonic()
        proc = _start(argv, live, env)
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
    rec, proc = _run_recorded(argv, rig, None)
    onsets = _onsets(sounding(rec.samples()), every // 2)
    planned = (len(onsets) - 1) * every / SAMPLE_RATE
    return Drift(
        planned=planned,
        by_samples=float(onsets[-1] - onsets[0]) / SAMPLE_RATE,
        by_clock=rec.time_of(int(onsets[-1])) - rec.time_of(int(onsets[0])),
        marks=len(onsets),
        result=proc.stdout.strip() or proc.stderr.strip(),
    )


def measure_session_drift(
    argv: Sequence[str],
    reference: np.ndarray,
    first: int,
    last: int,
    rig: PulseRig | None = None,
    env: Mapping[str, str] | None = None,
) -> Drift:
    """Play ``argv`` to its end; compare the time between two of its cues with the plan.

    ``argv`` must play ``reference`` (the session's exact samples, e.g. its
    WAV export, (n, 2) int16) after some silence. The recording is lined up
    with the reference by their first sounds, then the cues at reference
    samples ``first`` and ``last`` are found in it by cross-correlation, so
    samples lost or added anywhere in between show as ``Drift.error``.
    """
    rec, proc = _run_recorded(argv, rig, env)
    if proc.returncode != 0:
        raise RuntimeError(f"the player exited ({proc.returncode}): {proc.stderr.strip()}")
    audio = rec.samples()
    offset = first_sounding(audio) - first_sounding(reference)
    (a, match_a), (b, match_b) = (_locate(audio, reference, s, offset + s) for s in (first, last))
    return Drift(
        planned=(last - first) / SAMPLE_RATE,
        by_samples=(b - a) / SAMPLE_RATE,
        by_clock=rec.time_of(b) - rec.time_of(a),
        marks=2,
        result=proc.stdout.strip() or proc.stderr.strip() or f"exit status {proc.returncode}",
        match=min(match_a, match_b),
    )


def measure_stop(
    argv: Sequence[str] | None = None,
    after: float = 1.0,
    rig: PulseRig | None = None,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> Stop:
    """Send SIGINT once ``argv`` has sounded for ``after`` seconds; how soon is it silent?

    ``argv`` must be sounding when the signal goes (the default plays a steady
    tone; for speech, :func:`steady_sound` finds a moment). Environment as for
    :func:`measure_first_sound`.
    """
    argv = list(argv or synthetic_argv("--signal", "tone", "--seconds", "30"))
    with _rig(rig) as live, live.recorder() as rec:
        proc = _start(argv, live, env)
        first = rec.time_of(int(_wait_for_sound(rec, proc, timeout)[0]))
        time.sleep(max(0.0, first + after - time.monotonic()))
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        status = proc.wait(timeout=10)
        exited = time.monotonic()
        time.sleep(SETTLE)
    last = sounding(rec.samples())[-1]
    return Stop(silence_after=rec.time_of(int(last)) - sent, exit_after=exited - sent, status=status)


def first_sounding(audio: np.ndarray, chunk: int = 10 * SAMPLE_RATE) -> int:
    """Index of the first sounding frame of ``audio`` (looked for a chunk at a time)."""
    for at in range(0, len(audio), chunk):
        frames = sounding(audio[at : at + chunk])
        if len(frames):
            return at + int(frames[0])
    raise RuntimeError("no sound was recorded")


def steady_sound(audio: np.ndarray, start: int, span: int = SAMPLE_RATE * 2 // 5, step: int = SAMPLE_RATE // 100) -> int:
    """The middle of the first ``span`` frames from ``start`` on in which ``audio`` sounds every ``step`` frames.

    A moment to stop speech at: it was heard up to then and would have gone on for ``span / 2``.
    """
    steps = span // step
    piece = audio[start : start + 30 * SAMPLE_RATE]
    busy = np.zeros(len(piece) // step, dtype=bool)
    hit = sounding(piece) // step
    busy[hit[hit < len(busy)]] = True
    runs = np.convolve(busy.astype(np.int32), np.ones(steps, dtype=np.int32), mode="valid")
    found = np.nonzero(runs == steps)[0]
    if len(found) == 0:
        raise RuntimeError(f"no steady sound within 30 s after frame {start}")
    return start + int(found[0]) * step + span // 2


def _start(argv: Sequence[str], live: PulseRig, env: Mapping[str, str] | None) -> subprocess.Popen[bytes]:
    """Start ``argv`` playing into the rig, with no keyboard (stdin empty)."""
    child_env = {**live.env, **(env or {})}
    return subprocess.Popen(
        list(argv), env=child_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=live_player,
    )


def _run_recorded(
    argv: Sequence[str], rig: PulseRig | None, env: Mapping[str, str] | None
) -> tuple[Recorder, subprocess.CompletedProcess[str]]:
    """Run ``argv`` to its end while recording the sink (and a little after)."""
    with _rig(rig) as live, live.recorder() as rec:
        proc = subprocess.run(
            list(argv), env={**live.env, **(env or {})}, stdin=subprocess.DEVNULL, capture_output=True, text=True
        )
        time.sleep(SETTLE)
    return rec, proc


def _locate(
    audio: np.ndarray,
    reference: np.ndarray,
    sample: int,
    guess: int,
    window: int = SAMPLE_RATE // 4,
    reach: int = SAMPLE_RATE,
) -> tuple[int, float]:
    """Where ``reference[sample:sample + window]`` is in ``audio``, searched ``reach`` frames
    either side of ``guess``, and how alike they are there (normalized correlation, 1.0: identical)."""
    piece = reference[sample : sample + window].astype(np.float64).sum(axis=1)
    lo = max(0, guess - reach)
    hay = audio[lo : guess + reach + window].astype(np.float64).sum(axis=1)
    if len(hay) < len(piece) or not piece.any():
        raise RuntimeError(f"cannot look for reference sample {sample} in the recording")
    size = 1 << (len(hay) + len(piece)).bit_length()
    corr = np.fft.irfft(np.fft.rfft(hay, size) * np.conj(np.fft.rfft(piece, size)), size)
    corr = corr[: len(hay) - len(piece) + 1]
    energy = np.concatenate([[0.0], np.cumsum(hay**2)])
    energy = energy[len(piece) :] - energy[: len(energy) - len(piece)]
    score = corr / np.sqrt(np.maximum(energy, 1e-9) * np.dot(piece, piece))
    best = int(np.argmax(score))
    return lo + best, float(score[best])


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
