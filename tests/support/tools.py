"""Real tools for tests: a missing one fails the test (never skips), naming what to install."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

README = Path(__file__).resolve().parents[2] / "README.md"

# Debian package of each command the tests run.
PACKAGES = {
    "ffmpeg": "ffmpeg", "ffprobe": "ffmpeg", "espeak-ng": "espeak-ng", "sox": "sox",
    "pulseaudio": "pulseaudio", "parec": "pulseaudio-utils", "pactl": "pulseaudio-utils", "pacat": "pulseaudio-utils",
    "aplay": "alsa-utils", "unshare": "util-linux",
}


def require(tool: str, package: str | None = None) -> str:
    """The path of ``tool``; fails the test (never skips) saying what to install."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is needed for this test: install the Debian package {package or PACKAGES.get(tool, tool)}")
    return path


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    """(rate, float32 samples shaped (n,) or (n, channels)) of a 16-bit WAV."""
    with wave.open(str(path), "rb") as wav:
        rate, channels = wav.getframerate(), wav.getnchannels()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    audio = pcm.astype(np.float32) / 32768
    return rate, audio if channels == 1 else audio.reshape(-1, channels)


def decode(path: Path) -> np.ndarray:
    """Decode any audio file with the ffmpeg CLI to (n, 2) int16 as it is (no resampling, no remixing)."""
    out = subprocess.run(
        [require("ffmpeg"), "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True
    ).stdout
    return np.frombuffer(out, dtype="<i2").reshape(-1, 2)


def probe(path: Path, *what: str) -> dict:
    """``ffprobe -show_<what> -of json`` of ``path``."""
    flags = [f"-show_{w}" for w in what]
    out = subprocess.run(
        [require("ffprobe"), "-v", "error", *flags, "-of", "json", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return json.loads(out)


def coach_env(home: Path, spoken: Path | None = None) -> dict[str, str]:
    """The environment for a `coach` process whose phrase cache and profile live under ``home``.

    ``spoken``: a phrase folder (the ``spoken_phrases`` fixture) copied into the
    cache first, so the built-in routines' lines need not be spoken again.
    Without it the cache starts cold.
    """
    if spoken is not None:  # linked, not copied: entries are only ever replaced whole, never written in place
        shutil.copytree(spoken, home / "cache" / "phrases", copy_function=os.link)
    return {**os.environ, "COACH_CACHE_DIR": str(home / "cache"), "COACH_CONFIG_DIR": str(home / "config")}


def run_coach(env: dict[str, str], *args: str, timeout: float = 300, **options) -> subprocess.CompletedProcess:
    """Run the real `coach` command with no keyboard (stdin empty); output captured as text.

    ``options`` go to subprocess.run (``preexec_fn``, for one).
    """
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], capture_output=True, text=True, env=env, timeout=timeout,
        stdin=subprocess.DEVNULL, **options,
    )


def readme_routine() -> str:
    """The README's complete example routine (TOML), between its markers."""
    block = re.search(r"<!-- routine-example -->\s*```toml\n(.*?)```\s*<!-- /routine-example -->", README.read_text(), re.S)
    assert block, "the README's complete example is missing its markers"
    return block.group(1)


SHORT_ROUTINE = """\
format = 1
id = "short-session"
title = "Short session"
summary = "Three quick drills for the tests."
rest = 8

[[drills]]
id = "high-knees"
name = "High knees"
kind = "distance"
position = "standing"
how = "Drive each knee up to hip height."
meters = 20
pace = 10
legs = [{ lead = "right" }, { lead = "left" }]

[[drills]]
id = "hip-circles"
name = "Hip circles"
kind = "reps"
position = "standing"
how = "Hand on a wall. Draw a big circle with your knee."
sides = "each"
reps = 5
tempo = 2

[[drills]]
id = "lunge-hold"
name = "Lunge hold"
kind = "holds"
position = "kneeling"
how = "One knee down, the other foot forward. Sink your hips."
sides = "each"
sets = 2
hold = 12
rest = 5
"""
"""A routine of about three minutes with a 20 m drill, reps each side and holds each side: tests that
render whole sessions use it to stay quick (its lines are spoken once per module)."""


def short_routine(folder: Path) -> Path:
    """:data:`SHORT_ROUTINE` written as ``folder/short.toml``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "short.toml"
    path.write_text(SHORT_ROUTINE, "utf-8")
    return path
