"""Reading engine files (through PyAV): WAV or AIFF by content, the header's own rate, whole files only."""

from __future__ import annotations

import struct
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from coach.errors import EnvironmentProblem
from support.music import video_only
from coach.speech.audiofile import Incomplete, Unsupported, decode, read_audio, wait_for_audio

SAMPLES = (np.sin(np.linspace(0, 60, 3000)) * 20000).astype(np.int16)


def write_wav(path: Path, rate: int, samples: np.ndarray = SAMPLES, channels: int = 1) -> bytes:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(channels)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(samples.astype("<i2").tobytes())
    return path.read_bytes()


def extended(value: float) -> bytes:
    """An 80-bit IEEE extended float, as AIFF stores its rate."""
    exponent = int(np.floor(np.log2(value)))
    mantissa = int(value * 2 ** (63 - exponent))
    return struct.pack(">HQ", exponent + 16383, mantissa)


def aiff_bytes(rate: int, samples: np.ndarray = SAMPLES, compression: bytes | None = None) -> bytes:
    """A minimal AIFF (or AIFC with ``compression``) file, 16-bit mono."""
    order = "<" if compression == b"sowt" else ">"
    data = samples.astype(f"{order}i2").tobytes()
    comm = struct.pack(">hIh", 1, len(samples), 16) + extended(rate)
    if compression is not None:
        comm += compression + b"\x00\x00"  # empty pascal string name, padded to even
    chunks = b"COMM" + struct.pack(">I", len(comm)) + comm
    chunks += b"SSND" + struct.pack(">III", len(data) + 8, 0, 0) + data
    kind = b"AIFC" if compression is not None else b"AIFF"
    if compression is not None:
        chunks = b"FVER" + struct.pack(">II", 4, 0xA2805140) + chunks
    return b"FORM" + struct.pack(">I", len(chunks) + 4) + kind + chunks


def expected() -> np.ndarray:
    return SAMPLES.astype(np.float32) / 32768


@pytest.mark.parametrize("rate", [16000, 22050, 44100])
def test_wav_rate_comes_from_the_header(tmp_path, rate):
    path = tmp_path / "a.wav"
    write_wav(path, rate)
    pcm = read_audio(path)
    assert pcm.rate == rate
    np.testing.assert_array_equal(pcm.samples, expected())


@pytest.mark.parametrize("compression", [None, b"NONE", b"sowt"])
def test_aiff_is_read_whatever_the_file_is_called(tmp_path, compression):
    path = tmp_path / "looks-like.wav"  # macOS writes AIFF into a .wav name
    path.write_bytes(aiff_bytes(22050, compression=compression))
    pcm = read_audio(path)
    assert pcm.rate == 22050
    np.testing.assert_array_equal(pcm.samples, expected())


def test_stereo_is_mixed_to_mono(tmp_path):
    path = tmp_path / "s.wav"
    stereo = np.stack([SAMPLES, np.zeros_like(SAMPLES)], axis=1).ravel()
    write_wav(path, 48000, stereo, channels=2)
    pcm = read_audio(path)
    assert pcm.rate == 48000
    np.testing.assert_allclose(pcm.samples, expected() / 2, atol=1e-6)


def test_float_wav(tmp_path):
    data = expected().astype("<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, 24000, 24000 * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path = tmp_path / "f.wav"
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    pcm = read_audio(path)
    assert pcm.rate == 24000
    np.testing.assert_array_equal(pcm.samples, expected())


def test_partial_files_are_incomplete(tmp_path):
    whole = write_wav(tmp_path / "a.wav", 22050)
    for cut in (0, 8, 30, 44, 45, 100, len(whole) - 2):  # the header says how many bytes of data follow
        with pytest.raises(Incomplete):
            decode(whole[:cut])
    aiff = aiff_bytes(22050)  # AIFF declares its frames: one short is not whole
    with pytest.raises(Incomplete):
        decode(aiff[: len(aiff) - 2])
    # A header written before any frame (as Python's wave module does first).
    with pytest.raises(Incomplete):
        decode(whole[:40] + struct.pack("<I", 0))


def test_files_without_sound_are_unsupported_or_never_whole(tmp_path):
    with pytest.raises(Unsupported):
        decode(video_only(tmp_path / "picture.mkv").read_bytes())
    with pytest.raises(Incomplete):  # not a sound file at all: it never becomes one
        decode(b"OggS" + b"\0" * 100)


def test_wait_sees_a_slow_writer_through(tmp_path):
    """runAndWait may return before the file is written: waiting gets all of it."""
    whole = write_wav(tmp_path / "model.wav", 22050)
    path = tmp_path / "slow.wav"

    def writer():
        time.sleep(0.05)
        with open(path, "wb") as f:
            f.write(whole[:40] + struct.pack("<I", 0))  # header first, no frames yet
            f.flush()
            time.sleep(0.05)
            for start in range(44, len(whole), 1000):
                f.write(whole[start : start + 1000])
                f.flush()
                time.sleep(0.01)
        with open(path, "r+b") as f:  # then the sizes are patched in
            f.write(whole[:44])

    thread = threading.Thread(target=writer)
    thread.start()
    pcm = wait_for_audio(path, timeout=10)
    thread.join()
    np.testing.assert_array_equal(pcm.samples, expected())


def test_wait_gives_up_with_a_clear_message(tmp_path):
    path = tmp_path / "never.wav"
    with pytest.raises(EnvironmentProblem, match="did not finish writing .*never.wav within 0.1 s"):
        wait_for_audio(path, timeout=0.1)
