"""Cutting an engine's leading and trailing silence off a clip (pure numpy).

A 5 ms window is loud when any sample in it reaches the threshold (-50 dBFS
by default). The clip keeps everything from the first loud window to the end
of the last one, plus a few milliseconds, and fades the two cut edges so the
cut never clicks. Nothing at or above the threshold is ever cut.
"""

from __future__ import annotations

import numpy as np

THRESHOLD_DB = -50.0
WINDOW_MS = 5.0
MARGIN_MS = 3.0
FADE_MS = 3.0


def trim_bounds(
    clip: np.ndarray, rate: int, threshold_db: float = THRESHOLD_DB, margin_ms: float = MARGIN_MS
) -> tuple[int, int]:
    """``(start, end)`` of the audible part with its margins; ``(0, 0)`` if all is quiet."""
    window = max(1, round(rate * WINDOW_MS / 1000))
    count = -(-len(clip) // window)
    padded = np.zeros(count * window, dtype=np.float32)
    padded[: len(clip)] = np.abs(clip)
    loud = np.flatnonzero(padded.reshape(count, window).max(axis=1) >= 10 ** (threshold_db / 20))
    if loud.size == 0:
        return 0, 0
    margin = round(rate * margin_ms / 1000)
    start = max(0, int(loud[0]) * window - margin)
    end = min(len(clip), (int(loud[-1]) + 1) * window + margin)
    return start, end


def trim(
    clip: np.ndarray,
    rate: int,
    threshold_db: float = THRESHOLD_DB,
    margin_ms: float = MARGIN_MS,
    fade_ms: float = FADE_MS,
) -> np.ndarray:
    """``clip`` without its leading and trailing near-silence, edges faded (float32 copy)."""
    start, end = trim_bounds(clip, rate, threshold_db, margin_ms)
    out = np.array(clip[start:end], dtype=np.float32)
    fade = min(round(rate * fade_ms / 1000), len(out) // 2)
    if fade > 0:
        ramp = (0.5 - 0.5 * np.cos(np.pi * (np.arange(fade) + 0.5) / fade)).astype(np.float32)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    return out
