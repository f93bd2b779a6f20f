"""The WAV sink: 16-bit stereo PCM at the session's rate, streamed with the stdlib ``wave``."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from coach.atomic import let_go
from coach.export.meta import SessionMeta
from coach.export.tags import tag_wav
from coach.units import SAMPLE_RATE


class WavWriter:
    """Writes blocks straight to a WAV file, then adds an ``id3 `` chunk with the tags."""

    def __init__(self, *, tags: bool = True) -> None:
        self._tags = tags
        self._wav: wave.Wave_write | None = None

    def open(self, path: Path, total: int, meta: SessionMeta) -> None:
        self._path, self._total, self._meta = path, total, meta
        self._wav = wave.open(str(path), "wb")
        self._wav.setnchannels(2)
        self._wav.setsampwidth(2)
        self._wav.setframerate(SAMPLE_RATE)
        self._wav.setnframes(total)  # header right from the start, no patching

    def write(self, block: np.ndarray) -> None:
        self._wav.writeframesraw(np.ascontiguousarray(block, dtype="<i2").tobytes())

    def close(self) -> None:
        wav, self._wav = self._wav, None
        wav.close()
        if self._tags:
            tag_wav(self._path, self._meta, self._total)

    def abort(self) -> None:
        wav, self._wav = self._wav, None
        let_go(wav)
