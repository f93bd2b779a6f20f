"""Helpers shared by the playback tests that run a real player in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from support import synthetic
from support.synthetic import decode_index

CHILD = [sys.executable, str(Path(synthetic.__file__))]  # a script: it needs no PYTHONPATH


def child(
    *args: str, alsa: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the synthetic player to the end; ``alsa`` is an ALSA config to use."""
    env = dict(env or os.environ)
    if alsa is not None:
        env["ALSA_CONFIG_PATH"] = str(alsa)
    return subprocess.run([*CHILD, *args], env=env, capture_output=True, text=True, timeout=timeout)


def heard(audio: np.ndarray) -> np.ndarray:
    """Session indices in an ``index`` capture, silence left out."""
    idx = decode_index(audio)
    return idx[idx >= 0]


def runs(indices: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous stretches of ``indices`` as (first, last) pairs."""
    if len(indices) == 0:
        return []
    cuts = np.nonzero(np.diff(indices) != 1)[0]
    starts = np.concatenate([[0], cuts + 1])
    ends = np.concatenate([cuts, [len(indices) - 1]])
    return [(int(indices[a]), int(indices[b])) for a, b in zip(starts, ends, strict=True)]
