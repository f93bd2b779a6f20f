"""Reading the sound files speech engines write: WAV or AIFF/AIFC, told apart by content.

macOS writes AIFF whatever the file is called; pyttsx3's espeak driver
writes WAV. Only what the headers say is trusted, and a file counts as
complete only when its header declares frames and all of them are there.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.errors import EnvironmentProblem
from coach.speech.engines import Pcm


class Incomplete(ValueError):
    """The file is not (yet) a whole sound file."""


class Unsupported(ValueError):
    """A whole sound file in an encoding we do not read."""


@dataclass(frozen=True)
class Layout:
    """Where the samples are and how they are encoded."""

    rate: int
    channels: int
    width: int  # bytes per sample
    kind: str  # "int", "uint" (8-bit WAV) or "float"
    order: str  # "<" little-endian, ">" big-endian
    start: int
    size: int


def read_audio(path: Path) -> Pcm:
    """The samples of a complete WAV or AIFF file, mixed to mono float32."""
    data = Path(path).read_bytes()
    return decode(data, layout(data))


def layout(data: bytes) -> Layout:
    """Parse the header; Incomplete if frames are missing, Unsupported for other formats."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return _wav_layout(data)
    if data[:4] == b"FORM" and data[8:12] in (b"AIFF", b"AIFC"):
        return _aiff_layout(data)
    if len(data) < 12:
        raise Incomplete("no header yet")
    raise Unsupported("neither WAV nor AIFF")


def decode(data: bytes, lay: Layout) -> Pcm:
    """The samples described by ``lay``, mixed to mono float32 in [-1, 1]."""
    raw = data[lay.start : lay.start + lay.size]
    if lay.width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        if lay.order == ">":
            b = b[:, ::-1]
        values = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        samples = (values - ((values & 0x800000) << 1)).astype(np.float32) / 2**23
    else:
        code = {"int": "i", "uint": "u", "float": "f"}[lay.kind]
        samples = np.frombuffer(raw, dtype=np.dtype(f"{lay.order}{code}{lay.width}"))
        samples = samples.astype(np.float32)
        if lay.kind == "uint":
            samples = (samples - 128.0) / 128.0
        elif lay.kind == "int":
            samples /= 2.0 ** (8 * lay.width - 1)
    samples = samples.reshape(-1, lay.channels).mean(axis=1, dtype=np.float32)
    return Pcm(np.ascontiguousarray(samples, dtype=np.float32), lay.rate)


def wait_for_audio(path: Path, timeout: float, poll: float = 0.005) -> Pcm:
    """Wait until ``path`` is a complete sound file whose size has stopped changing."""
    deadline = time.monotonic() + timeout
    seen = None
    while True:
        try:
            data = Path(path).read_bytes()
            found = layout(data)
            if seen == (len(data), found):
                return decode(data, found)
            seen = (len(data), found)
        except (FileNotFoundError, Incomplete):
            seen = None
        except Unsupported as e:
            raise EnvironmentProblem(
                f"cannot read the speech engine's sound file {path}: {e}"
            ) from None
        if time.monotonic() > deadline:
            raise EnvironmentProblem(
                f"the speech engine did not finish writing {path} within {timeout:g} s"
            )
        time.sleep(poll)


def _chunks(data: bytes, start: int, order: str):
    """(id, body start, body size) of each chunk from ``start``; bodies are padded to even."""
    pos = start
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        (size,) = struct.unpack(order + "I", data[pos + 4 : pos + 8])
        yield chunk_id, pos + 8, size
        pos += 8 + size + (size & 1)


def _wav_layout(data: bytes) -> Layout:
    fmt = None
    for chunk_id, body, size in _chunks(data, 12, "<"):
        if chunk_id == b"fmt " and body + 16 <= len(data):
            fmt = data[body : body + max(16, min(size, 40))]
        elif chunk_id == b"data" and fmt is not None:
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
            if tag == 0xFFFE and len(fmt) >= 26:  # WAVE_FORMAT_EXTENSIBLE: the real tag
                (tag,) = struct.unpack("<H", fmt[24:26])
            kind = {1: "uint" if bits == 8 else "int", 3: "float"}.get(tag)
            return _checked(data, (rate, channels, bits, kind, "<"), body, size, f"WAV format {tag}")
    raise Incomplete("no data chunk yet")


_AIFC_ENCODINGS = {
    b"NONE": ("int", ">"), b"twos": ("int", ">"), b"sowt": ("int", "<"),
    b"fl32": ("float", ">"), b"FL32": ("float", ">"),
}


def _aiff_layout(data: bytes) -> Layout:
    comm = None
    for chunk_id, body, size in _chunks(data, 12, ">"):
        if chunk_id == b"COMM" and body + 18 <= len(data):
            comm = data[body : body + size]
        elif chunk_id == b"SSND" and comm is not None and body + 8 <= len(data):
            channels, frames, bits = struct.unpack(">hIh", comm[:8])
            compression = comm[18:22] if data[8:12] == b"AIFC" else b"NONE"
            kind, order = _AIFC_ENCODINGS.get(compression, (None, ">"))
            (offset,) = struct.unpack(">I", data[body : body + 4])
            nbytes = frames * channels * ((bits + 7) // 8)
            fields = (_extended(comm[8:18]), channels, bits, kind, order)
            return _checked(data, fields, body + 8 + offset, nbytes, f"AIFF {compression!r}")
    raise Incomplete("no sound data chunk yet")


def _checked(data: bytes, fields: tuple, start: int, size: int, name: str) -> Layout:
    rate, channels, bits, kind, order = fields
    width = (bits + 7) // 8
    if kind is None or width not in (1, 2, 3, 4) or (kind == "float" and width != 4):
        raise Unsupported(f"{name} with {bits}-bit samples")
    if channels < 1:
        raise Unsupported(f"{name} with {channels} channels")
    frame = width * channels
    if rate <= 0 or size < frame or start + size > len(data):
        raise Incomplete("sound data not all there yet")
    return Layout(int(rate), channels, width, kind, order, start, size - size % frame)


def _extended(raw: bytes) -> int:
    """An 80-bit IEEE extended float (how AIFF stores its sample rate), rounded."""
    exponent = ((raw[0] & 0x7F) << 8) | raw[1]
    mantissa = int.from_bytes(raw[2:10], "big")
    if exponent == 0 and mantissa == 0:
        return 0
    value = mantissa * 2.0 ** (exponent - 16383 - 63)
    return round(-value if raw[0] & 0x80 else value)
