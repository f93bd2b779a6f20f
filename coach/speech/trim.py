"""Cutting an engine's leading and trailing silence off a clip (pure numpy).

The clip starts half a millisecond before its first sample at the threshold
(-50 dBFS by default), so a cue is heard at its time to well under 1 ms. At
the end, a 5 ms window is loud when any sample in it reaches the threshold;
the clip keeps everything to the end of the last loud window plus a few
milliseconds. Both cut edges are faded so the cut never clicks, and nothing
at or above the threshold is ever cut.
"""

from __future__ import annotations

import numpy as np

THRESHOLD_DB = -50.0
WINDOW_MS = 5.0
MARGIN_MS = 3.0  # kept after the last loud window
FADE_MS = 3.0  # fade-out at the end
LEAD_MS = 0.5  # kept (and faded in) before the first loud sample


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
    first = int(loud[0]) * window
    onset = first + int(np.argmax(padded[first : first + window] >= 10 ** (threshold_db / 20)))
    start = max(0, onset - round(rate * LEAD_MS / 1000))
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
    lead = min(round(rate * LEAD_MS / 1000), len(out) // 2)
    fade = min(round(rate * fade_ms / 1000), len(out) // 2)
    if lead > 0:
        out[:lead] *= _ramp(lead)
    if fade > 0:
        out[-fade:] *= _ramp(fade)[::-1]
    return out


def _ramp(n: int) -> np.ndarray:
    """A raised-cosine rise over ``n`` samples."""
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32)
