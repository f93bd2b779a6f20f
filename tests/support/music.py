"""Real music files for the tests, encoded by the ffmpeg command: tones and noise in every format."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from support.tools import require

# name: (ffmpeg source, seconds, rate, channels, codec arguments)
TRACKS = {
    "01-noise.mp3": ("anoisesrc=c=pink:a=0.25:seed=1", 14, 48000, 2, ["-c:a", "libmp3lame", "-b:a", "128k"]),
    "02-tone.m4a": ("sine=frequency=330", 9, 44100, 2, ["-c:a", "aac", "-b:a", "96k"]),
    "03-tone.flac": ("sine=frequency=440", 8, 22050, 1, ["-c:a", "flac"]),
    "04-noise.ogg": ("anoisesrc=c=brown:a=0.5:seed=2", 10, 48000, 2, ["-c:a", "libvorbis", "-q:a", "3"]),
    "05-tone.opus": ("sine=frequency=523", 7, 48000, 1, ["-c:a", "libopus", "-b:a", "48k"]),
    "06-noise.wav": ("anoisesrc=c=white:a=0.05:seed=3", 6, 22050, 2, ["-c:a", "pcm_s16le"]),
}


def encode(path: Path, source: str, seconds: float, rate: int, channels: int, codec: list[str]) -> Path:
    """One track made by ffmpeg from a lavfi source."""
    subprocess.run(
        [require("ffmpeg"), "-v", "error", "-y", "-f", "lavfi", "-i", f"{source}:d={seconds}" if "anoisesrc" in source
         else f"{source}:duration={seconds}", "-ar", str(rate), "-ac", str(channels), *codec, str(path)],
        check=True,
    )
    return path


def make_tracks(folder: Path, names: list[str] | None = None) -> Path:
    """``folder`` holding the tracks of :data:`TRACKS` (all, or the ones named)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or list(TRACKS):
        encode(folder / name, *TRACKS[name])
    return folder


def video_only(path: Path) -> Path:
    """A real media file with a picture and no sound (FFV1 in Matroska), written by PyAV."""
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("ffv1", rate=1)
        stream.width = stream.height = 16
        stream.pix_fmt = "yuv420p"
        frame = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), np.uint8), format="rgb24")
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return path
