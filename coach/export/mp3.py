"""The MP3 sink: PyAV's bundled ffmpeg with libmp3lame, 128 kb/s CBR stereo.

ffmpeg's mp3 muxer writes a LAME/Info header (encoder delay and padding) when
the output is seekable, as a file is; we correct its padding (see
:mod:`coach.export.lametag`), so decoders that honour it give back exactly the
samples we put in, aligned to the sample.

CBR because a player seeks a CBR file to the frame (26 ms), so a chapter jump
lands on the drill's first cue; a VBR file seeks only as well as its
100-point table allows (6 s in a 10-minute session). 128 kb/s joint stereo
keeps speech and beeps clean at about 1 MB a minute.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import numpy as np

from coach.errors import EnvironmentProblem
from coach.export.lametag import set_padding
from coach.export.meta import SessionMeta
from coach.export.tags import tag_mp3
from coach.plan.timeline import SAMPLE_RATE

BIT_RATE = 128_000
# ffmpeg writes no ID3 tag of its own (mutagen writes ours); the Info header stays on.
MUXER_OPTIONS = {"id3v2_version": "0", "write_id3v1": "0", "write_xing": "1"}


class Mp3Writer:
    """Encodes blocks as they come; tags the file when it is complete."""

    def __init__(self, *, tags: bool = True) -> None:
        self._tags = tags
        self._stack: ExitStack | None = None

    def open(self, path: Path, total: int, meta: SessionMeta) -> None:
        av = _import_av()
        self._av, self._path, self._total, self._meta = av, path, total, meta
        with ExitStack() as stack:
            stack.enter_context(av.logging.Capture())  # ffmpeg says nothing on our console
            self._out = stack.enter_context(av.open(str(path), "w", format="mp3", options=MUXER_OPTIONS))
            self._stream = _mp3_stream(av, self._out)
            self._stack = stack.pop_all()
        self._pts = 0

    def write(self, block: np.ndarray) -> None:
        packed = np.ascontiguousarray(block, dtype=np.int16).reshape(1, -1)
        frame = self._av.AudioFrame.from_ndarray(packed, format="s16", layout="stereo")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self._pts
        self._pts += len(block)
        self._out.mux(self._stream.encode(frame))

    def close(self) -> None:
        self._out.mux(self._stream.encode(None))  # flush the encoder
        stack, self._stack = self._stack, None
        stack.close()  # writes the trailer: the Info header goes back into frame one
        set_padding(self._path, self._total)
        if self._tags:
            tag_mp3(self._path, self._meta, self._total)

    def abort(self) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:
            try:
                stack.close()
            except Exception:
                pass  # the file is being thrown away; the first error is the one to report


def _mp3_stream(av, container):
    try:
        stream = container.add_stream("libmp3lame", rate=SAMPLE_RATE, layout="stereo")
    except av.codec.codec.UnknownCodecError as err:
        raise EnvironmentProblem(
            "this PyAV has no MP3 encoder (libmp3lame); install the PyAV wheel from PyPI: pip install --force-reinstall av"
        ) from err
    stream.bit_rate = BIT_RATE
    return stream


def _import_av():
    try:
        import av
    except ImportError as err:
        raise EnvironmentProblem("MP3 export needs PyAV; install it with: pip install av") from err
    return av
