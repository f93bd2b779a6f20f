"""Timing helpers for the lead's ``scripts/bench.py``. Not used by coach itself."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from coach.export.meta import SessionMeta
from coach.export.mp3 import Mp3Writer
from coach.export.wav import WavWriter

BLOCK = 4096  # samples per block, about what the renderer hands over


def encoder_time_mp3(pcm: np.ndarray) -> float:
    """Seconds PyAV takes to encode ``pcm`` ((n, 2) int16) to an MP3 file, without tags."""
    return _time_writer(Mp3Writer(tags=False), pcm, "bench.mp3")


def writer_time_wav(pcm: np.ndarray) -> float:
    """Seconds to stream ``pcm`` ((n, 2) int16) to a WAV file, without tags."""
    return _time_writer(WavWriter(tags=False), pcm, "bench.wav")


def _time_writer(writer, pcm: np.ndarray, name: str) -> float:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        path = Path(folder) / name
        start = time.perf_counter()
        writer.open(path, len(pcm), SessionMeta(title="bench", album="bench"))
        for i in range(0, len(pcm), BLOCK):
            writer.write(pcm[i:i + BLOCK])
        writer.close()
        return time.perf_counter() - start
