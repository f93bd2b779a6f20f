"""The MP3 sink: LAME (through lameenc), 128 kb/s CBR joint stereo, gapless to the sample.

lameenc hands over bare MPEG frames; we put the ID3 tag and a LAME Info frame
(see :mod:`coach.export.lametag`) before them, so decoders that honour it
give back exactly the samples we put in, aligned to the sample. The tag is
known before the first sample, so it is written first and the file is never
rewritten; only the Info frame is filled in at the end.

CBR because a player seeks a CBR file to the frame (26 ms), so a chapter jump
lands on the drill's first cue; a VBR file seeks only as well as its
100-point table allows (6 s in a 10-minute session). 128 kb/s joint stereo
keeps speech and beeps clean at about 1 MB a minute.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np

from coach.atomic import let_go
from coach.errors import EnvironmentProblem
from coach.export.lametag import BIT_RATES, FrameCounter, frame_length, info_frame
from coach.export.meta import SessionMeta
from coach.export.tags import id3_bytes
from coach.units import SAMPLE_RATE

BIT_RATE = 128  # kb/s
QUALITY = 3  # LAME's own default (and ffmpeg's): the sound coach always had, at LAME's full speed
ENCODER_DELAY = 576  # what LAME 3.100 puts before the first sample (lame_get_encoder_delay)
# The Info frame's place, as long as an unpadded frame of this rate (417 bytes), filled in by close().
INFO_PLACEHOLDER = bytes(frame_length(bytes([0xFF, 0xFB, BIT_RATES.index(BIT_RATE) << 4, 0x64])))


class Mp3Writer:
    """Encodes blocks as they come; the tag goes first, the Info frame is filled in at the end."""

    def __init__(self, *, tags: bool = True) -> None:
        self._tags = tags
        self._file: BinaryIO | None = None

    def open(self, path: Path, total: int, meta: SessionMeta) -> None:
        self._encoder = _encoder()
        self._total = total
        self._frames = FrameCounter()
        tag = id3_bytes(meta, total) if self._tags else b""
        self._file = open(path, "wb")
        self._file.write(tag)
        self._info_at = self._file.tell()
        self._file.write(INFO_PLACEHOLDER)

    def write(self, block: np.ndarray) -> None:
        self._put(self._encoder.encode(np.ascontiguousarray(block, dtype="<i2").tobytes()))

    def close(self) -> None:
        self._put(self._encoder.flush())
        info = info_frame(
            self._frames.first_header,
            frames=self._frames.frames,
            audio_bytes=self._frames.bytes,
            delay=ENCODER_DELAY,
            total=self._total,
            quality=QUALITY,
        )
        if len(info) != len(INFO_PLACEHOLDER):
            raise ValueError(f"the Info frame is {len(info)} bytes, its place {len(INFO_PLACEHOLDER)}")
        file, self._file = self._file, None
        with file:
            file.seek(self._info_at)
            file.write(info)

    def abort(self) -> None:
        file, self._file = self._file, None
        let_go(file)

    def _put(self, data: bytes) -> None:
        self._frames.feed(data)
        self._file.write(data)


def _encoder():
    try:
        import lameenc
    except ImportError as err:
        raise EnvironmentProblem("MP3 export needs lameenc; install it with: pip install lameenc") from err
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(2)
    encoder.set_quality(QUALITY)
    encoder.silence()
    return encoder
