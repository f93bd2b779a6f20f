"""Noise for the listener: traffic and a babble of the session's own lines, at a set level under each line.

Test and bench code, not part of the coach package. The same seed and lines
give the same noise, so clear and plain speech are heard against exactly the
same sound.

- **traffic**: pink noise low-passed at 1 kHz (engines and tyres), with a slow
  swell of a few decibels as vehicles pass;
- **babble**: four other lines of the session at once, looped, 6 dB under the traffic.

The mixture is set :data:`SNRS` dB under the line's own loudness (BS.1770),
over the line and the silence around it.
"""

from __future__ import annotations

import math

import numpy as np

from support.listening import PAD_SECONDS

from coach.audio.level import loudness
from coach.units import SAMPLE_RATE

SNRS = (10.0, 5.0)
"""The noise levels heard: dB under the speech."""

BABBLE_VOICES = 4
BABBLE_DB = -6.0
TRAFFIC_CUTOFF_HZ = 1000.0


def traffic(n: int, seed: int, rate: int = SAMPLE_RATE) -> np.ndarray:
    """``n`` samples of low-passed pink noise with a slow swell (float64, unit RMS)."""
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    shape = 1 / np.sqrt(np.maximum(freqs, 20.0))  # pink
    shape /= np.sqrt(1 + (freqs / TRAFFIC_CUTOFF_HZ) ** 4)  # second-order low-pass
    noise = np.fft.irfft(spectrum * shape, n)
    t = np.arange(n) / rate
    swell = 1 + 0.4 * np.sin(2 * math.pi * (0.23 * t + rng.uniform()))
    noise *= swell
    return noise / (np.sqrt(np.mean(noise * noise)) or 1.0)


def babble(n: int, others: list[np.ndarray], seed: int) -> np.ndarray:
    """``n`` samples of :data:`BABBLE_VOICES` of ``others`` spoken at once, looped (float64, unit RMS)."""
    rng = np.random.default_rng(seed)
    out = np.zeros(n)
    if not others:
        return out
    for pick in rng.choice(len(others), size=min(BABBLE_VOICES, len(others)), replace=False):
        line = np.asarray(others[pick], dtype=np.float64)
        loop = np.tile(line, -(-n // line.size) + 1)
        start = int(rng.integers(line.size))
        out += loop[start : start + n]
    rms = np.sqrt(np.mean(out * out))
    return out / rms if rms > 0 else out


def in_noise(clip: np.ndarray, snr_db: float, others: list[np.ndarray], seed: int, rate: int = SAMPLE_RATE) -> np.ndarray:
    """``clip`` with the listener's :data:`PAD_SECONDS` around it, in noise ``snr_db`` dB under its loudness (float32)."""
    pad = round(PAD_SECONDS * rate)
    speech = np.concatenate((np.zeros(pad), np.asarray(clip, dtype=np.float64), np.zeros(pad)))
    noise = traffic(speech.size, seed, rate) + 10 ** (BABBLE_DB / 20) * babble(speech.size, others, seed + 1)
    gain = 10 ** ((loudness(clip, rate) - snr_db - loudness(noise, rate)) / 20)
    return (speech + gain * noise).astype(np.float32)
