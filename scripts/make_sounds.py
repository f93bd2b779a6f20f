"""Make the session's sounds: sounds/<name>.wav, mono, 16-bit, 44100 Hz.

    python scripts/make_sounds.py [FOLDER]

Pure synthesis with no randomness: running it again gives the same bytes.
The renderer sets each sound's final loudness; here each is only shaped
(pitch, timbre, rhythm, length) and brought to a common peak.
"""

from __future__ import annotations

import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

RATE = 44100
PEAK = 10 ** (-3 / 20)
STEP_PEAK = 10 ** (-9 / 20)
BELL = {1.0: 1.0, 2.0: 0.25, 2.76: 0.18, 5.4: 0.06}  # partial ratio -> level


def n_samples(seconds: float) -> int:
    return round(seconds * RATE)


def envelope(n: int, attack: float, release: float) -> np.ndarray:
    """Raised-cosine fade in and out, so no sound starts or stops with a click."""
    env = np.ones(n)
    a, r = n_samples(attack), n_samples(release)
    env[:a] = 0.5 - 0.5 * np.cos(np.pi * np.arange(a) / a)
    env[n - r :] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, r + 1) / r)
    return env


def tone(freq: float, seconds: float, partials: dict[float, float], attack: float, release: float) -> np.ndarray:
    t = np.arange(n_samples(seconds)) / RATE
    wave_ = sum(level * np.sin(2 * np.pi * freq * ratio * t) for ratio, level in partials.items())
    return wave_ * envelope(t.size, attack, release)


def bell(freq: float, seconds: float, decay: float) -> np.ndarray:
    """A struck chime: inharmonic partials, the higher ones dying away faster."""
    t = np.arange(n_samples(seconds)) / RATE
    wave_ = sum(
        level * np.exp(-t * ratio / decay) * np.sin(2 * np.pi * freq * ratio * t) for ratio, level in BELL.items()
    )
    return wave_ * envelope(t.size, 0.004, min(0.08, seconds / 3))


def sweep(f_start: float, f_end: float, seconds: float) -> np.ndarray:
    """A bright rising beep: exponential glide with a few harmonics."""
    n = n_samples(seconds)
    freq = f_start * (f_end / f_start) ** (np.arange(n) / n)
    phase = 2 * np.pi * np.cumsum(freq) / RATE
    wave_ = np.sin(phase) + 0.35 * np.sin(2 * phase) + 0.2 * np.sin(3 * phase)
    return wave_ * envelope(n, 0.008, 0.06)


def place(seconds: float, *parts: tuple[float, np.ndarray]) -> np.ndarray:
    """Lay (start in seconds, clip) parts on a silent track ``seconds`` long."""
    out = np.zeros(n_samples(seconds))
    for start, clip in parts:
        i = n_samples(start)
        out[i : i + clip.size] += clip[: out.size - i]
    return out


def tick() -> np.ndarray:
    return tone(880, 0.09, {1: 1.0, 2: 0.12}, 0.004, 0.03)


def go() -> np.ndarray:
    return sweep(660, 1320, 0.30)


def switch() -> np.ndarray:
    """Ding-dong: a high chime then a lower one."""
    return place(0.55, (0.0, bell(1319, 0.22, 0.12)), (0.18, bell(988, 0.37, 0.15)))


def turn() -> np.ndarray:
    """Two quick reedy beeps (odd harmonics), a rhythm no other sound has."""
    beep = tone(1175, 0.07, {1: 1.0, 3: 0.3, 5: 0.12}, 0.004, 0.02)
    return place(0.21, (0.0, beep), (0.14, beep))


def restover() -> np.ndarray:
    """A soft, slow rising pair of pure notes."""
    low = tone(523, 0.22, {1: 1.0}, 0.03, 0.08)
    high = tone(784, 0.32, {1: 1.0}, 0.03, 0.15)
    return place(0.52, (0.0, low), (0.2, high))


def done() -> np.ndarray:
    """Three rising chimes, the last left to ring out: about a second."""
    return place(
        1.0,
        (0.0, bell(1047, 0.3, 0.15)),
        (0.18, bell(1319, 0.3, 0.15)),
        (0.36, bell(1568, 0.64, 0.25)),
    )


def step() -> np.ndarray:
    """A short soft wooden click, about 20 ms."""
    t = np.arange(n_samples(0.02)) / RATE
    wave_ = np.exp(-t / 0.004) * (np.sin(2 * np.pi * 1800 * t) + 0.4 * np.sin(2 * np.pi * 3400 * t))
    return wave_ * envelope(t.size, 0.001, 0.005)


SOUNDS: dict[str, tuple[Callable[[], np.ndarray], float]] = {
    "tick": (tick, PEAK),
    "go": (go, PEAK),
    "switch": (switch, PEAK),
    "turn": (turn, PEAK),
    "restover": (restover, PEAK),
    "done": (done, PEAK),
    "step": (step, STEP_PEAK),
}


def to_pcm(clip: np.ndarray, peak: float) -> bytes:
    scaled = clip * (peak / np.abs(clip).max())
    return np.clip(np.rint(scaled * 32767), -32768, 32767).astype("<i2").tobytes()


def write_wav(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "sounds"
    folder.mkdir(parents=True, exist_ok=True)
    for name, (make, peak) in SOUNDS.items():
        write_wav(folder / f"{name}.wav", to_pcm(make(), peak))
    print(f"Wrote {len(SOUNDS)} sounds to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
