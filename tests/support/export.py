"""Shared helpers for the export tests: real ffmpeg/ffprobe, test signals, block streams."""

from __future__ import annotations


import numpy as np
from coach.export import Caption, Chapter, SessionMeta
from support.tools import decode, probe, require  # noqa: F401  (re-exported for the export tests)


def noise(n: int, seed: int = 0, level: float = 3000) -> np.ndarray:
    """(n, 2) int16 noise, different in each channel."""
    return (np.random.default_rng(seed).standard_normal((n, 2)) * level).astype(np.int16)


def blocks(pcm: np.ndarray, sizes=(4096, 1000, 7, 2048)):
    """Yield ``pcm`` in blocks of uneven, repeating sizes (the renderer's blocks vary too)."""
    i = k = 0
    while i < len(pcm):
        size = sizes[k % len(sizes)]
        yield pcm[i:i + size]
        i += size
        k += 1


# A long title first: mutagen would write its CHAP frame last (it sorts by size).
DRILLS = ("World's greatest stretch, slow and easy", "Leg swings", "Hip circles", "Pigeon pose, both sides")


def session_meta(total: int, title: str = "Morning hips") -> SessionMeta:
    """Four back-to-back chapters over ``total`` samples and a spoken line in each."""
    step = total // len(DRILLS)
    chapters = tuple(Chapter(name, i * step, (i + 1) * step if i < 3 else total) for i, name in enumerate(DRILLS))
    captions = tuple(Caption(c.start + 441, min(c.start + 441 + 22050, c.end), f"Next: {c.title}.") for c in chapters)
    return SessionMeta(title=title, album="Hip mobility", chapters=chapters, captions=captions)
