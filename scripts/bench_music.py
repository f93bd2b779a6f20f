"""Music-bed figures for ``scripts/bench.py --music`` (issue 11). Not used by coach itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TRACKS = 20
TRACK_SECONDS = 180

DECODE_ALONE = r"""
import json, sys, time
start = time.perf_counter()
import av
samples = 0
for path in json.loads(sys.argv[1]):
    with av.open(path) as container:
        resampler = av.AudioResampler(format="flt", layout="stereo", rate=44100)
        for frame in container.decode(container.streams.audio[0]):
            for out in resampler.resample(frame):
                samples += out.to_ndarray().shape[1] // 2
        for out in resampler.resample(None):
            samples += out.to_ndarray().shape[1] // 2
print(json.dumps({"seconds": time.perf_counter() - start, "audio_seconds": samples / 44100}))
"""


def make_playlist(folder: Path) -> list[str]:
    """Twenty 3-minute tracks, MP3 and AAC at 44.1 and 48 kHz, tones over noise."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(TRACKS):
        codec = ["-c:a", "libmp3lame", "-b:a", "192k"] if k % 4 else ["-c:a", "aac", "-b:a", "160k"]
        name = folder / f"{k:02d}-track.{'mp3' if k % 4 else 'm4a'}"
        source = (f"sine=frequency={220 + 20 * k}:duration={TRACK_SECONDS}[a];"
                  f"anoisesrc=c=pink:a=0.2:seed={k}:d={TRACK_SECONDS}[b];[a][b]amix=inputs=2")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-filter_complex", source, "-ac", "2",
                        "-ar", "48000" if k % 2 else "44100", *codec, str(name)], check=True)
    return [str(folder)]


def decode_alone(folder: Path) -> dict:
    files = sorted(str(p) for p in folder.iterdir())
    done = subprocess.run([sys.executable, "-c", DECODE_ALONE, json.dumps(files)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def music_figures(run_export: Callable[..., dict]) -> None:
    names, gap = ["pre-run", "post-run"], 40.0
    with tempfile.TemporaryDirectory(prefix="coach-bench-music-") as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"
        made = time.perf_counter()
        music = make_playlist(tmp / "playlist")
        made = time.perf_counter() - made
        run_export(names, tmp / "plain.wav", cache, gap=gap)  # warms the phrase cache
        timed = dict(gap=gap, trace=False)
        plain = min((run_export(names, tmp / "plain.wav", cache, **timed) for _ in range(3)), key=lambda r: r["seconds"])
        decode = min((decode_alone(tmp / "playlist") for _ in range(3)), key=lambda r: r["seconds"])
        cold = run_export(names, tmp / "cold.wav", cache, music=music, **timed)
        warm = min((run_export(names, tmp / "warm.wav", cache, music=music, **timed) for _ in range(3)),
                   key=lambda r: r["seconds"])
        same = (tmp / "cold.wav").read_bytes() == (tmp / "warm.wav").read_bytes()
        memory = {
            (kind, suffix): run_export(names, tmp / f"m.{suffix}", cache, gap=gap, music=music if kind else None)
            for kind in (True, False) for suffix in ("mp3", "wav")
        }
        shutil.rmtree(cache / "music", ignore_errors=True)
    print(f"Music bed: {TRACKS} tracks of {TRACK_SECONDS // 60} min (made in {made:.0f} s), "
          f"under {plain['audio_seconds'] / 60:.1f} min (pre-run, {gap:g} min gap, post-run)")
    print(f"  WAV export without music:            {plain['seconds']:.2f} s")
    print(f"  PyAV decoding the tracks alone:      {decode['seconds']:.2f} s ({decode['audio_seconds'] / 60:.0f} min of music)")
    print(f"  WAV export with music, measured before: {warm['seconds']:.2f} s")
    ratio = warm["seconds"] / (plain["seconds"] + decode["seconds"])
    print(f"  with music / (without + decoding alone) = {ratio:.2f} (target <= 1.3)")
    print(f"  first time with these tracks (each measured once): {cold['seconds']:.2f} s "
          f"= {cold['seconds'] / (plain['seconds'] + decode['seconds']):.2f}x")
    print(f"  the first export and a later one give the same WAV bytes: {same}")
    for suffix in ("mp3", "wav"):
        for key, label in (("max_rss_mb", "peak RSS"), ("traced_peak_mb", "peak traced Python/numpy memory")):
            with_music, without = memory[(True, suffix)][key], memory[(False, suffix)][key]
            print(f"  {suffix.upper()} export, {label}: {with_music:.1f} MB with music against {without:.1f} MB "
                  f"without = {with_music / without:.2f}x (target <= 1.3x)")
