"""Export time of every format next to its encoder alone (issue 12), for ``scripts/bench.py``.

"Alone" means the bare library on the same PCM at the same settings, with
no coach code: lameenc's LAME and Debian's ffmpeg with its libmp3lame (the
faster of the two is the yardstick), PyAV's bundled libmp3lame (what coach
used before), and PyAV's AAC and libopus encoders muxed to a file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from coach.export.mp3 import BIT_RATE as MP3_KBPS, QUALITY
from coach.export.mp4 import BIT_RATE as AAC_RATE
from coach.export.opus import BIT_RATE as OPUS_RATE
from coach.plan.timeline import SAMPLE_RATE

BLOCK = 16384


def lameenc_alone(pcm: np.ndarray) -> float:
    import lameenc

    start = time.perf_counter()
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(2)
    encoder.set_quality(QUALITY)
    encoder.silence()
    with tempfile.TemporaryFile() as out:
        for i in range(0, len(pcm), BLOCK):
            out.write(encoder.encode(pcm[i:i + BLOCK].tobytes()))
        out.write(encoder.flush())
    return time.perf_counter() - start


def ffmpeg_lame_alone(pcm: np.ndarray) -> float | None:
    """Debian's ffmpeg command with its libmp3lame, PCM on a pipe; None if ffmpeg is not installed."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        args = [ffmpeg, "-v", "error", "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "2", "-i", "-",
                "-c:a", "libmp3lame", "-b:a", f"{MP3_KBPS}k", "-compression_level", str(QUALITY), f"{folder}/a.mp3"]
        start = time.perf_counter()
        subprocess.run(args, input=pcm.tobytes(), check=True)
        return time.perf_counter() - start


def pyav_alone(pcm: np.ndarray, muxer: str, codec: str, sample_format: str, rate: int, bit_rate: int) -> float:
    import av

    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        start = time.perf_counter()
        with av.open(f"{folder}/a", "w", format=muxer) as out:
            stream = out.add_stream(codec, rate=rate, layout="stereo")
            stream.bit_rate = bit_rate
            resampler = av.AudioResampler(format=sample_format, layout="stereo", rate=rate)
            for i in range(0, len(pcm) + BLOCK, BLOCK):
                frame = None
                if i < len(pcm):
                    frame = av.AudioFrame.from_ndarray(pcm[i:i + BLOCK].reshape(1, -1), format="s16", layout="stereo")
                    frame.sample_rate, frame.pts, frame.time_base = SAMPLE_RATE, i, Fraction(1, SAMPLE_RATE)
                for converted in resampler.resample(frame):
                    out.mux(stream.encode(converted))
            out.mux(stream.encode(None))
        return time.perf_counter() - start


def encoders_alone(pcm: np.ndarray) -> dict[str, float | None]:
    """Seconds for each encoder alone, best of two."""
    runs = {
        "lameenc": lambda: lameenc_alone(pcm),
        "ffmpeg-lame": lambda: ffmpeg_lame_alone(pcm),
        "pyav-lame": lambda: pyav_alone(pcm, "mp3", "libmp3lame", "s16p", SAMPLE_RATE, MP3_KBPS * 1000),
        "aac": lambda: pyav_alone(pcm, "ipod", "aac", "fltp", SAMPLE_RATE, AAC_RATE),
        "opus": lambda: pyav_alone(pcm, "ogg", "libopus", "flt", 48000, OPUS_RATE),
    }
    times = {}
    for name, run in runs.items():
        first = run()
        times[name] = None if first is None else min(first, run())
    return times


def format_figures(run_export, cache: Path, folder: Path, pcm: np.ndarray) -> list[str]:
    """Warm export times of pre-run in every format against the encoders alone, as lines to print."""
    def best(suffix: str) -> float:
        runs = [run_export(["pre-run"], folder / f"formats{suffix}", cache, trace=False) for _ in range(3)]
        return min(r["seconds"] for r in runs)

    exports = {suffix: best(suffix) for suffix in (".wav", ".mp3", ".m4b", ".opus")}
    alone = encoders_alone(pcm)
    lame = min(t for t in (alone["lameenc"], alone["ffmpeg-lame"]) if t is not None)
    wav = exports[".wav"]
    lines = [f"Formats, pre-run ({len(pcm) / SAMPLE_RATE / 60:.1f} min), warm phrase cache, no tracing, best of 3:"]
    lines.append(f"  WAV export: {wav:.2f} s")
    ffmpeg = "not installed" if alone["ffmpeg-lame"] is None else f"{alone['ffmpeg-lame']:.2f} s"
    lines.append(f"  LAME alone at {MP3_KBPS} kb/s, quality {QUALITY}: lameenc {alone['lameenc']:.2f} s, "
          f"Debian ffmpeg {ffmpeg}, PyAV's bundled {alone['pyav-lame']:.2f} s")
    rows = [
        (".mp3", lame, "fastest LAME alone"),
        (".m4b", alone["aac"], f"PyAV AAC alone ({AAC_RATE // 1000} kb/s)"),
        (".opus", alone["opus"], f"PyAV Opus alone, resampling included ({OPUS_RATE // 1000} kb/s)"),
    ]
    for suffix, encoder, label in rows:
        ratio = exports[suffix] / (wav + encoder)
        target = " (target <= 1.2)" if suffix == ".mp3" else ""
        lines.append(f"  {suffix[1:].upper()} export {exports[suffix]:.2f} s; {label} {encoder:.2f} s; "
              f"export / (WAV export + encoder alone) = {ratio:.2f}{target}")
    return lines
