"""Units: the session's sample rate, samples <-> seconds, and the one set of time formatters.

Inside coach every time is a whole sample index at :data:`SAMPLE_RATE`;
seconds and text appear only at the edges. Each formatter is named by what
it writes.
"""

from __future__ import annotations

SAMPLE_RATE = 44100
"""The session's sample rate. Every time in a timeline is a sample index at this rate."""


def seconds(samples: int) -> float:
    """Sample index -> seconds, rounded so that ``round(t * SAMPLE_RATE)`` gives it back."""
    return round(samples / SAMPLE_RATE, 6)


def samples(secs: float) -> int:
    """Seconds -> the nearest sample index."""
    return round(secs * SAMPLE_RATE)


def millis(samples: int) -> int:
    """Sample index -> whole milliseconds, to the nearest (ID3 and WebVTT count in ms)."""
    return (samples * 1000 + SAMPLE_RATE // 2) // SAMPLE_RATE


def m_ss_down(samples: int) -> str:
    """Sample index -> ``m:ss``, or ``h:mm:ss`` from an hour on, rounded down to the second."""
    minutes, secs = divmod(max(samples, 0) // SAMPLE_RATE, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def m_ss_nearest(secs: float) -> str:
    """Seconds -> ``m:ss`` (minutes may pass 59), rounded to the nearest second: how long a session lasts."""
    minutes, rest = divmod(round(secs), 60)
    return f"{minutes}:{rest:02d}"


def m_ss_tenths(samples: int) -> str:
    """Sample index -> ``m:ss.s``: when a cue is heard, in a plan table."""
    minutes, rest = divmod(seconds(samples), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def hh_mm_ss_mmm(ms: int) -> str:
    """Milliseconds -> ``HH:MM:SS.mmm`` (WebVTT cues, Ogg chapter comments)."""
    secs, ms = divmod(ms, 1000)
    mins, secs = divmod(secs, 60)
    hours, mins = divmod(mins, 60)
    return f"{hours:02d}:{mins:02d}:{secs:02d}.{ms:03d}"


def h_min(secs: float) -> str:
    """Seconds -> ``1 h 30 min`` (``45 min``, ``2 h``), to the nearest minute, for messages about time."""
    hours, minutes = divmod(round(secs / 60), 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
