"""Speed and memory figures for the renderer (called from scripts/bench.py).

Uses a made-up session of tone "phrases" so speech synthesis is left out.
"""

from __future__ import annotations

import functools
import time
import tracemalloc

import numpy as np

from coach.audio.render import render
from coach.audio.sounds import SOUND_NAMES, load_sounds
from coach.plan.timeline import SAMPLE_RATE, Event, Timeline

_WORDS = ("one", "two", "three", "four", "five", "switch sides now", "rest for twenty seconds", "walk on")
_SIDES = (None, "left", "right")


@functools.lru_cache(maxsize=64)
def fake_speech(text: str) -> np.ndarray:
    """A tone clip standing in for a spoken line (0.12 s per letter, pitch set by the text), made once."""
    n = int(0.12 * SAMPLE_RATE) * max(1, len(text))
    freq = 150 + 10 * (sum(map(ord, text)) % 20)
    t = np.arange(n, dtype=np.float32) / SAMPLE_RATE
    return (0.3 * np.sin(2 * np.pi * freq * t) * np.hanning(n)).astype(np.float32)


def synthetic_timeline(minutes: float, sound_lengths: dict[str, int]) -> Timeline:
    """A session ``minutes`` long: a line or a sound every couple of seconds, cycling through sides."""
    length = round(minutes * 60 * SAMPLE_RATE)
    events = []
    at, i = SAMPLE_RATE // 2, 0
    while at < length - 4 * SAMPLE_RATE:
        side = _SIDES[i % 3]
        if i % 3:
            text = _WORDS[i % len(_WORDS)]
            event = Event(at=at, type="say", cue="rep", length=len(fake_speech(text)), text=text, side=side)
        else:
            name = SOUND_NAMES[i % len(SOUND_NAMES)]
            event = Event(at=at, type="sound", cue="cue", length=sound_lengths[name], sound=name, side=side)
        events.append(event)
        at += event.length + SAMPLE_RATE // 2 + 37 * (i % 11)
        i += 1
    return Timeline(routine="bench", title="Bench", length=length, drills=(), events=tuple(events))


def bench_render(minutes: float = 10.0, block: int = 4096) -> dict[str, float]:
    """Render a synthetic session; returns seconds taken and peak traced memory (MiB)."""
    sounds = load_sounds()
    timeline = synthetic_timeline(minutes, {name: clip.size for name, clip in sounds.items()})
    started = time.perf_counter()
    frames = sum(chunk.shape[0] for chunk in render(timeline, fake_speech, sounds, block=block))
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        for _chunk in render(timeline, fake_speech, sounds, block=block):
            pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {
        "minutes": minutes,
        "frames": frames,
        "events": len(timeline.events),
        "render_seconds": round(seconds, 3),
        "peak_mib": round(peak / 2**20, 2),
    }
