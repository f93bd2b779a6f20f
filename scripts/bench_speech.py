"""Speed figures for speech synthesis (called from scripts/bench.py)."""

from __future__ import annotations

import statistics
import time

from coach.speech.engines import make_engine

_CUES = (
    "Right, {i}", "Next up: drill {i}", "Left side, {i} to go",
    "Hold for {i} seconds", "Rep {i}. Keep your hips square", "Turn at {i} metres, nice and easy",
)


def bench_synth(phrases: int = 150, voice: str = "en-us", rate: int = 170) -> dict[str, float]:
    """Speak ``phrases`` distinct cues with espeak-ng, no cache: the first call and ms per phrase after.

    The first call includes making the private library copy (see libespeak_fresh).
    """
    engine = make_engine("espeak-ng")
    started = time.perf_counter()
    engine.synth("Ready", voice, rate)
    first = time.perf_counter() - started
    times = []
    for i in range(phrases):
        started = time.perf_counter()
        engine.synth(_CUES[i % len(_CUES)].format(i=i), voice, rate)
        times.append(time.perf_counter() - started)
    return {
        "phrases": phrases,
        "first_ms": round(1000 * first, 2),
        "median_ms": round(1000 * statistics.median(times), 2),
        "mean_ms": round(1000 * statistics.mean(times), 2),
        "total_s": round(sum(times), 3),
    }
