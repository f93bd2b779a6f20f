"""Shared helpers for the audio tests: real tools, required (a missing one fails, never skips)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import soxr

from coach.plan.timeline import SAMPLE_RATE
from support.tools import read_wav, require  # noqa: F401  (re-exported for the audio tests)


def write_wav(path: Path, frames: np.ndarray) -> None:
    """Write int16 frames shaped (n,) or (n, channels) at SAMPLE_RATE."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1 if frames.ndim == 1 else frames.shape[1])
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(frames.astype("<i2").tobytes())


def espeak_clip(text: str, folder: Path) -> np.ndarray:
    """``text`` spoken by the real espeak-ng CLI, as float32 mono at SAMPLE_RATE."""
    espeak = require("espeak-ng", "espeak-ng")
    path = folder / f"espeak-{hashlib.sha1(text.encode()).hexdigest()[:12]}.wav"
    subprocess.run([espeak, "-w", str(path), text], check=True, capture_output=True)
    rate, audio = read_wav(path)
    return soxr.resample(audio, rate, SAMPLE_RATE).astype(np.float32)


def ffmpeg_loudness(path: Path, peak: str = "sample") -> tuple[float, float]:
    """(integrated loudness LUFS, peak dBFS) of a file, measured by ffmpeg's ebur128 filter.

    ``peak``: "sample", or "true" for the true (inter-sample) peak in dBTP.
    """
    ffmpeg = require("ffmpeg", "ffmpeg")
    result = subprocess.run(
        [ffmpeg, "-nostats", "-hide_banner", "-i", str(path)]
        + ["-filter_complex", f"ebur128=peak={peak}", "-f", "null", "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    summary = result.stderr[result.stderr.rindex("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary).group(1))
    highest = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, highest
