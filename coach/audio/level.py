"""Loudness and peak control, numpy only.

``loudness`` measures integrated loudness as ITU-R BS.1770 does (K-weighting,
400 ms blocks with 75 % overlap, absolute gate -70 LUFS, relative gate -10 LU).
The K-weighting is applied in the FFT domain from the standard's two biquads,
designed for any sample rate as libebur128 does.

``limit`` is a look-ahead peak limiter with no state: the gain at a sample
depends only on the signal within ``LIMIT_WINDOW`` samples around it, so a
region limited on its own matches the same region of a longer signal.
"""

from __future__ import annotations

import functools
import math
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from coach.units import SAMPLE_RATE

SPEECH_LUFS = -15.2
"""Target loudness of every spoken line.

A little above the -16 LUFS a session aims at: the pauses inside and between
lines pull a whole session's integrated loudness down by about 0.8 LU
(measured on pre-run and post-run with ffmpeg's ebur128).
"""

CEILING = 10 ** (-1.1 / 20)
"""Highest sample value allowed anywhere (just under -1 dBFS)."""

LIMIT_WINDOW = 256
"""Look-ahead and release of the peak limiter, in samples (about 6 ms)."""

SOUND_LUFS: dict[str, float] = {
    "tick": -14.2,
    "go": -14.2,
    "switch": -16.2,
    "turn": -15.2,
    "restover": -17.2,
    "done": -16.2,
    "step": -25.2,
}
"""Target loudness of each sound, measured over the sound itself.

Short beeps sound quieter than their measured loudness (the ear sums over
about 200 ms), so the shortest are set higher, to sound a little below speech;
the metronome step sits well below.
"""

DEFAULT_SOUND_LUFS = -17.2

_BLOCK_SECONDS = 0.4
_STEP_SECONDS = 0.1
_ABSOLUTE_GATE = -70.0
_RELATIVE_GATE = -10.0
_TAIL = 8192  # zero padding so the filters' ringing does not wrap around
_GAIN_STEPS = 1 << 24  # the limiter's gains are integers in these units


def k_weighting(rate: int = SAMPLE_RATE) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The BS.1770 pre-filter (high shelf) and RLB high-pass as (b1, a1, b2, a2)."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    b1 = np.array([(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0])
    a1 = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    b2 = np.array([1.0, -2.0, 1.0])
    a2 = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    return b1, a1, b2, a2


def _fast_length(n: int) -> int:
    """The smallest 2**a * 3**b * 5**c >= n (FFT sizes numpy handles fast), even."""
    best = 1 << max(1, (n - 1).bit_length())
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            size = p35
            while size < n:
                size *= 2
            if size % 2 == 0:
                best = min(best, size)
            p35 *= 3
        p5 *= 5
    return best


def _biquad_response(b: np.ndarray, a: np.ndarray, nfft: int) -> np.ndarray:
    z1 = np.exp(-2j * np.pi * np.arange(nfft // 2 + 1) / nfft)
    z2 = z1 * z1
    return (b[0] + b[1] * z1 + b[2] * z2) / (a[0] + a[1] * z1 + a[2] * z2)


@functools.lru_cache(maxsize=4)
def _k_response(rate: int, nfft: int) -> np.ndarray:
    """The K-weighting filter's frequency response on ``nfft`` points (a clip is measured several times)."""
    b1, a1, b2, a2 = k_weighting(rate)
    response = _biquad_response(b1, a1, nfft) * _biquad_response(b2, a2, nfft)
    response.flags.writeable = False
    return response


def k_weighted_power(x: np.ndarray, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Per-sample K-weighted power summed over channels; ``x`` is (n,) or (n, channels)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    n = x.shape[0]
    nfft = _fast_length(n + _TAIL)
    spectrum = np.fft.rfft(x, nfft, axis=0) * _k_response(rate, nfft)[:, None]
    weighted = np.fft.irfft(spectrum, nfft, axis=0)[:n]
    return np.sum(weighted * weighted, axis=1)


def _block_powers(power: np.ndarray, rate: int) -> np.ndarray:
    size = round(_BLOCK_SECONDS * rate)
    step = round(_STEP_SECONDS * rate)
    if power.size < size:  # too short for one block: the whole clip is the block
        return np.array([power.mean()]) if power.size else np.zeros(0)
    sums = np.concatenate(([0.0], np.cumsum(power)))
    starts = np.arange(0, power.size - size + 1, step)
    return (sums[starts + size] - sums[starts]) / size


def _lufs(mean_power: float) -> float:
    return -0.691 + 10 * math.log10(mean_power) if mean_power > 0 else -math.inf


def loudness(x: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness in LUFS (``-inf`` for silence). Clips under 400 ms count as one block."""
    return _gated(_block_powers(k_weighted_power(x, rate), rate))


def _gated(blocks: np.ndarray) -> float:
    """BS.1770 gating over 400 ms block powers: absolute, then relative."""
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(blocks)
    kept = blocks[levels > _ABSOLUTE_GATE]
    if kept.size == 0:
        return -math.inf
    gate = _lufs(float(kept.mean())) + _RELATIVE_GATE
    kept = blocks[levels > max(gate, _ABSOLUTE_GATE)]
    return _lufs(float(kept.mean())) if kept.size else -math.inf


def gain_to(x: np.ndarray, target_lufs: float) -> float:
    """The linear gain that brings ``x`` to ``target_lufs`` (1.0 for silence)."""
    level = loudness(x)
    return 1.0 if math.isinf(level) else 10 ** ((target_lufs - level) / 20)


def sound_gain(name: str, clip: np.ndarray) -> float:
    """The gain that sets sound ``name`` at its loudness in :data:`SOUND_LUFS`."""
    return gain_to(clip, SOUND_LUFS.get(name, DEFAULT_SOUND_LUFS))


def _running_min(values: np.ndarray, window: int) -> np.ndarray:
    """``out[i] = min(values[i : i + window])``, with 1.0 beyond the end (van Herk / Gil-Werman)."""
    n = values.size
    rows = -(-(n + window) // window)
    padded = np.ones(rows * window, dtype=values.dtype)
    padded[:n] = values
    grid = padded.reshape(rows, window)
    prefix = np.minimum.accumulate(grid, axis=1).ravel()
    suffix = np.minimum.accumulate(grid[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(suffix[:n], prefix[window - 1 : window - 1 + n])


def limiter_gain(peaks: np.ndarray, ceiling: float = CEILING, window: int = LIMIT_WINDOW) -> np.ndarray:
    """Smooth gains (float64) that keep ``peaks * gain <= ceiling`` at every sample.

    The needed gain is held for ``window`` samples ahead of each peak and then
    averaged over ``window`` samples, so the gain at ``i`` depends only on
    ``peaks[i - window + 1 : i + window]`` (1.0 assumed outside the array).
    Integer sums keep it exact wherever the region starts.
    """
    peaks = np.asarray(peaks, dtype=np.float64)
    needed = np.ones(peaks.size + window - 1)  # from window - 1 samples before the start
    loud = peaks > ceiling
    needed[window - 1 :][loud] = ceiling / peaks[loud]
    held = np.floor(_running_min(needed, window) * _GAIN_STEPS).astype(np.int64)
    sums = np.concatenate(([0], np.cumsum(held)))
    return (sums[window:] - sums[:-window]) / (window * _GAIN_STEPS)


def limit(x: np.ndarray, ceiling: float = CEILING) -> np.ndarray:
    """``x`` (n,) or (n, channels) with sample peaks brought down to ``ceiling``; float32."""
    x = np.asarray(x, dtype=np.float32)
    peaks = np.abs(x) if x.ndim == 1 else np.abs(x).max(axis=1)
    if peaks.size == 0 or peaks.max() <= ceiling:
        return x
    gain = limiter_gain(peaks, ceiling).astype(np.float32)
    return x * (gain if x.ndim == 1 else gain[:, None])


def speech_gain(clip: np.ndarray, rounds: int = 4) -> float:
    """The gain that puts a spoken line at :data:`SPEECH_LUFS` once :func:`limit` has run.

    Limiting the peaks costs some loudness, so the limited line is measured
    again and the shortfall made up, a few rounds until it is within 0.1 LU.
    """
    x = np.asarray(clip, dtype=np.float32)
    gain = gain_to(x, SPEECH_LUFS)
    for _ in range(rounds):
        shortfall = gain_to(limit(x * np.float32(gain)), SPEECH_LUFS)
        if shortfall <= 10 ** (0.1 / 20):
            break
        gain *= shortfall
    return gain


def level_speech(clip: np.ndarray) -> np.ndarray:
    """A spoken line at :data:`SPEECH_LUFS`, peaks limited: ready to mix."""
    x = np.asarray(clip, dtype=np.float32)
    return limit(x * np.float32(speech_gain(x)))


class GainCache:
    """Gains remembered by key for the most recent ``size`` keys, so a repeated clip is measured once."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._gains: OrderedDict[object, float] = OrderedDict()

    def get(self, key: object, measure: Callable[[], float]) -> float:
        if key in self._gains:
            self._gains.move_to_end(key)
            return self._gains[key]
        gain = self._gains[key] = measure()
        if len(self._gains) > self._size:
            self._gains.popitem(last=False)
        return gain
