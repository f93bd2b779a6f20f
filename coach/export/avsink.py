"""Sinks through the FFmpeg bundled in PyAV: an encoder and a muxer, named by an :class:`AvSpec`.

AAC in MP4 (:mod:`coach.export.mp4`) and Opus in Ogg (:mod:`coach.export.opus`)
come through here. Blocks arrive as 44.1 kHz int16 stereo; FFmpeg's resampler
converts them to the encoder's sample format and rate, and the muxer handles
the encoder's priming (an MP4 edit list, Ogg Opus's pre-skip and end
trimming), so a decoder gives back the session's length.

``fflags=+bitexact`` keeps version strings and random Ogg serial numbers out
of the file: the same session gives the same bytes.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from coach.atomic import let_go
from coach.errors import EnvironmentProblem
from coach.export.meta import SessionMeta
from coach.units import SAMPLE_RATE

BITEXACT = {"fflags": "+bitexact"}


@dataclass(frozen=True)
class AvSpec:
    """One kind of file: which muxer and encoder, at what rate, with which tags."""

    name: str  # for messages: "M4B", "Opus"
    muxer: str
    codec: str
    sample_format: str
    rate: int
    bit_rate: int
    tags: Callable[[SessionMeta], Mapping[str, str]]
    muxer_options: Mapping[str, str] = field(default_factory=dict)
    chapters: bool = True  # hand the chapters to the muxer (else ``tags`` carries them)
    title_bytes: int | None = None  # longest chapter title the format holds, in UTF-8 bytes


class AvWriter:
    """Encodes blocks as they come; the muxer writes tags and chapters as it closes."""

    def __init__(self, spec: AvSpec, *, tags: bool = True) -> None:
        self._spec = spec
        self._tags = tags
        self._stack: ExitStack | None = None

    def open(self, path: Path, total: int, meta: SessionMeta) -> None:
        av = _import_av(self._spec)
        self._av, self._packets = av, 0
        with ExitStack() as stack, _as_os_errors(av):
            stack.enter_context(av.logging.Capture())  # ffmpeg says nothing on our console...
            stack.callback(self._release)  # ...not even while its encoder is freed
            options = {**BITEXACT, **self._spec.muxer_options}
            # "file:" and a full path: a name with a colon in it is not taken for a protocol
            url = "file:" + os.path.abspath(path)
            self._out = stack.enter_context(av.open(url, "w", format=self._spec.muxer, options=options))
            if self._tags:
                self._out.metadata.update(self._spec.tags(meta))
                if self._spec.chapters:
                    _set_chapters(self._out, meta, self._spec)
            self._stream = _add_stream(av, self._out, self._spec)
            self._resampler = av.AudioResampler(format=self._spec.sample_format, layout="stereo", rate=self._spec.rate)
            self._stack = stack.pop_all()
        self._pts = 0

    def write(self, block: np.ndarray) -> None:
        packed = np.ascontiguousarray(block, dtype=np.int16).reshape(1, -1)
        frame = self._av.AudioFrame.from_ndarray(packed, format="s16", layout="stereo")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self._pts
        frame.time_base = Fraction(1, SAMPLE_RATE)
        self._pts += len(block)
        with _as_os_errors(self._av):
            self._encode(frame)

    def close(self) -> None:
        with _as_os_errors(self._av):
            self._encode(None)  # the resampler's tail
            self._mux(self._stream.encode(None))  # the encoder's
            if not self._packets:
                raise ValueError(f"{self._pts} samples are too few to make a {self._spec.name} file")
            stack, self._stack = self._stack, None
            stack.close()  # the muxer writes its trailer: edit list, chapters, granule positions

    def abort(self) -> None:
        stack, self._stack = self._stack, None
        let_go(stack)

    def _encode(self, frame) -> None:
        for converted in self._resampler.resample(frame):
            self._mux(self._stream.encode(converted))

    def _mux(self, packets) -> None:
        self._packets += len(packets)
        self._out.mux(packets)

    def _release(self) -> None:
        """Let go of FFmpeg's objects while its log is still captured (AAC logs as it is freed)."""
        self._out = self._stream = self._resampler = None


@contextmanager
def _as_os_errors(av) -> Iterator[None]:
    """FFmpeg's errors that are not OSErrors already (a bad option, a muxer's refusal) as OSError,
    so the export reports them in one line like any other failed write."""
    try:
        yield
    except av.error.FFmpegError as err:
        if isinstance(err, OSError):
            raise
        raise OSError(errno.EIO, str(err)) from err


def _set_chapters(container, meta: SessionMeta, spec: AvSpec) -> None:
    if not hasattr(container, "set_chapters"):
        raise EnvironmentProblem(
            f"{spec.name} chapters need PyAV 16 or newer; update it with: pip install --upgrade av"
        )
    container.set_chapters(_chapters(meta, spec.title_bytes))


def _chapters(meta: SessionMeta, title_bytes: int | None) -> list[dict]:
    tick = Fraction(1, SAMPLE_RATE)
    return [
        {"id": k + 1, "start": c.start, "end": c.end, "time_base": tick, "metadata": {"title": clip(c.title, title_bytes)}}
        for k, c in enumerate(meta.chapters)
    ]


def clip(text: str, limit: int | None) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, on a character boundary."""
    if limit is None:
        return text
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _add_stream(av, container, spec: AvSpec):
    try:
        stream = container.add_stream(spec.codec, rate=spec.rate, layout="stereo")
    except av.codec.codec.UnknownCodecError as err:
        raise EnvironmentProblem(
            f"this PyAV has no {spec.name} encoder ({spec.codec}); "
            "install the PyAV wheel from PyPI: pip install --force-reinstall av"
        ) from err
    stream.bit_rate = spec.bit_rate
    return stream


def _import_av(spec: AvSpec):
    try:
        import av
    except ImportError as err:
        raise EnvironmentProblem(f"{spec.name} export needs PyAV; install it with: pip install av") from err
    return av
