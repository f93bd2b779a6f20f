"""Reading the sound files speech engines write, through PyAV (FFmpeg's demuxers).

macOS writes AIFF whatever the file is called; pyttsx3's espeak driver
writes WAV. FFmpeg tells them apart by content and reads the rate from the
header. A file that is still being written is :class:`Incomplete`: it does not
open yet, has no frames, or has fewer frames than its header declares (an AIFF
header counts frames, a WAV header gives the size of its data; FFmpeg would
quietly decode what is there). :func:`wait_for_audio` also waits for the size
to settle.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np

from coach.errors import EnvironmentProblem
from coach.speech.engine import Pcm

SETTLE_POLLS = 3  # the size must be the same on this many polls in a row


class Incomplete(ValueError):
    """The file is not (yet) a whole sound file."""


class Unsupported(ValueError):
    """A whole file that holds no sound we can decode."""


def read_audio(path: Path) -> Pcm:
    """The samples of a complete sound file, mixed to mono float32 in [-1, 1]."""
    return decode(Path(path).read_bytes())


def decode(data: bytes) -> Pcm:
    """Decode a whole file held in memory; Incomplete or Unsupported when it cannot be."""
    import av

    if _wav_cut_short(data):
        raise Incomplete("sound data not all there yet")
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                raise Unsupported("no sound in it")
            stream = container.streams.audio[0]
            blocks = _planar(container, stream)
            declared, rate = stream.frames, stream.rate
    except (av.error.InvalidDataError, av.error.EOFError) as err:
        raise Incomplete(f"not a whole sound file yet ({err.strerror or err})") from None
    except (av.error.DecoderNotFoundError, av.error.PatchWelcomeError) as err:
        raise Unsupported(str(err.strerror or err)) from None
    samples = np.concatenate(blocks, axis=1).mean(axis=0, dtype=np.float32) if blocks else np.zeros(0, np.float32)
    if not samples.size or (declared and samples.size < declared):
        raise Incomplete("sound data not all there yet")
    return Pcm(np.ascontiguousarray(samples, dtype=np.float32), int(rate))


def wait_for_audio(path: Path, timeout: float, poll: float = 0.005) -> Pcm:
    """Wait until ``path`` is a complete sound file whose size has stopped changing."""
    deadline = time.monotonic() + timeout
    sizes: list[int] = []
    while True:
        try:
            data = Path(path).read_bytes()
            sizes = [*sizes[-(SETTLE_POLLS - 1):], len(data)] if sizes[-1:] == [len(data)] else [len(data)]
            if len(sizes) == SETTLE_POLLS:
                return decode(data)
        except (FileNotFoundError, Incomplete):
            sizes = []
        except Unsupported as e:
            raise EnvironmentProblem(f"cannot read the speech engine's sound file {path}: {e}") from None
        if time.monotonic() > deadline:
            raise EnvironmentProblem(f"the speech engine did not finish writing {path} within {timeout:g} s")
        time.sleep(poll)


def _wav_cut_short(data: bytes) -> bool:
    """True for a WAV whose data chunk is empty so far, or declares more bytes than the file holds."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return False
    pos = 12
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if data[pos : pos + 4] == b"data":
            if size == 0xFFFFFFFF:  # written as a stream: the size is not known
                return False
            return size == 0 or pos + 8 + size > len(data)  # 0: the header is written before the frames
        pos += 8 + size + (size & 1)
    return False


def _planar(container, stream) -> list[np.ndarray]:
    """Every decoded frame as float32 channels (FFmpeg scales integers to [-1, 1])."""
    import av

    to_float = av.AudioResampler(format="fltp")  # same rate and layout: only the sample format changes
    return [out.to_ndarray() for frame in container.decode(stream) for out in to_float.resample(frame)]
