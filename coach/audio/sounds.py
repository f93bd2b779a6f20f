"""The session's non-speech sounds, read from the WAV files shipped in ``coach.sounds``."""

from __future__ import annotations

import functools
import wave
from importlib import resources
from typing import TYPE_CHECKING

from coach.errors import EnvironmentProblem
from coach.units import SAMPLE_RATE

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import numpy as np

SOUND_NAMES: tuple[str, ...] = ("tick", "go", "switch", "turn", "restover", "done", "step")
"""Every sound a timeline may use: countdown beep, go, change side, turn around,
rest is over, session finished, metronome step."""

_PACKAGE = "coach.sounds"
_REMAKE = "run scripts/make_sounds.py (or reinstall coach) to make it again"


def _read_wav(path: Traversable) -> np.ndarray:
    """One sound as float32 in [-1, 1); any problem becomes an EnvironmentProblem."""
    import numpy as np

    clip = np.frombuffer(_frames(path), dtype="<i2").astype(np.float32) / 32768
    clip.flags.writeable = False
    return clip


def _frames(path: Traversable) -> bytes:
    """A sound's 16-bit mono frames, checked; any problem becomes an EnvironmentProblem."""
    try:
        with path.open("rb") as raw, wave.open(raw, "rb") as wav:
            shape = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            expected = wav.getnframes() * wav.getnchannels() * wav.getsampwidth()
            frames = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise EnvironmentProblem(f"The sound file {path.name} is missing or damaged; {_REMAKE}.") from exc
    if len(frames) != expected:
        raise EnvironmentProblem(f"The sound file {path.name} is cut short; {_REMAKE}.")
    if shape != (1, 2, SAMPLE_RATE) or not frames:
        raise EnvironmentProblem(
            f"The sound file {path.name} is not mono 16-bit {SAMPLE_RATE} Hz audio; {_REMAKE}."
        )
    return frames


def read_sounds(folder: Traversable) -> dict[str, np.ndarray]:
    """Every sound in :data:`SOUND_NAMES` from ``folder``, by name."""
    return {name: _read_wav(folder / f"{name}.wav") for name in SOUND_NAMES}


@functools.cache
def _shipped() -> dict[str, np.ndarray]:
    return read_sounds(_folder())


def load_sounds() -> dict[str, np.ndarray]:
    """The shipped sounds by name: float32 mono at SAMPLE_RATE (read once, read-only arrays)."""
    return dict(_shipped())


def sound_lengths() -> dict[str, int]:
    """Each sound's length in samples, for the scheduler (read from the files' headers: no NumPy)."""
    return dict(_lengths())


@functools.cache
def _lengths() -> dict[str, int]:
    folder = _folder()
    return {name: len(_frames(folder / f"{name}.wav")) // 2 for name in SOUND_NAMES}


def _folder() -> Traversable:
    try:
        return resources.files(_PACKAGE)
    except ModuleNotFoundError as exc:
        raise EnvironmentProblem(f"coach's sound folder is missing; {_REMAKE}.") from exc
