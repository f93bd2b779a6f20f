"""Synthetic sessions for testing playback, and a child program that plays one.

``index`` encodes each frame's own session sample index (left: low 14 bits,
right: next 14 bits, each plus one so no frame is silent), so any stretch of a
capture says exactly which samples were played. ``clicks`` is silence with a
short click every ``every`` samples; ``tone`` is a steady 440 Hz tone.

Run ``python tests/support/synthetic.py --help``: it plays a session through
:func:`coach.playback.player.play` like ``coach play`` will, prints the result
as one JSON line and exits 0, 130 (Ctrl-C) or the CoachError's status.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator

import numpy as np

from coach.plan.timeline import SAMPLE_RATE

BLOCK = 4096


def index_signal(start: int, n: int) -> np.ndarray:
    i = np.arange(start, start + n, dtype=np.int64)
    return np.stack([(i & 0x3FFF) + 1, ((i >> 14) & 0x3FFF) + 1], axis=1).astype(np.int16)


def decode_index(frames: np.ndarray) -> np.ndarray:
    """Session sample index of each frame of an ``index`` capture (-1 where silent)."""
    low = frames[:, 0].astype(np.int64) - 1
    high = frames[:, 1].astype(np.int64) - 1
    silent = (frames[:, 0] == 0) & (frames[:, 1] == 0)
    return np.where(silent, -1, low | (high << 14))


def click_signal(every: int) -> Callable[[int, int], np.ndarray]:
    click = (np.hanning(64) * 20000).astype(np.int16)

    def signal(start: int, n: int) -> np.ndarray:
        out = np.zeros((n, 2), dtype=np.int16)
        first = -(-start // every) * every
        for at in range(first, start + n, every):
            piece = click[: start + n - at]
            out[at - start : at - start + len(piece)] = piece[:, None]
        return out

    return signal


def tone_signal(start: int, n: int) -> np.ndarray:
    t = np.arange(start, start + n) / SAMPLE_RATE
    wave = (np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16)
    return np.stack([wave, wave], axis=1)


def blocks_factory(signal: Callable[[int, int], np.ndarray], length: int) -> Callable[[int], Iterator[np.ndarray]]:
    """``factory(start)`` yielding ``signal`` in 4096-frame blocks from ``start`` to ``length``."""

    def factory(start: int) -> Iterator[np.ndarray]:
        for at in range(start, length, BLOCK):
            yield signal(at, min(BLOCK, length - at))

    return factory


def signal_named(name: str, every: int) -> Callable[[int, int], np.ndarray]:
    table: dict[str, Callable[[], Callable[[int, int], np.ndarray]]] = {
        "index": lambda: index_signal,
        "clicks": lambda: click_signal(every),
        "tone": lambda: tone_signal,
    }
    return table[name]()


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python tests/support/synthetic.py")
    parser.add_argument("--signal", choices=["index", "clicks", "tone"], default="index")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--output", default="sounddevice")
    parser.add_argument("--start", type=int, default=0, help="first sample")
    parser.add_argument("--preroll", type=int, default=None, help="samples of silence first")
    parser.add_argument("--every", type=int, default=SAMPLE_RATE, help="samples between clicks")
    parser.add_argument("--drills", default="", help="drill start samples, comma separated")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from coach.errors import CoachError
    from coach.playback.keys import KeyboardControls
    from coach.playback.outputs import open_output
    from coach.playback.player import PREROLL, play

    args = _parse(argv)
    length = round(args.seconds * SAMPLE_RATE)
    factory = blocks_factory(signal_named(args.signal, args.every), length)
    drills = [int(s) for s in args.drills.split(",") if s]
    try:
        output = open_output(args.output)
        with KeyboardControls.for_stream(sys.stdin) as controls:
            result = play(
                factory,
                output,
                start=args.start,
                drill_starts=drills,
                controls=controls,
                preroll_samples=PREROLL if args.preroll is None else args.preroll,
            )
    except CoachError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return exc.exit_code
    print(
        json.dumps(
            {
                "outcome": result.outcome,
                "position": result.position,
                "underruns": result.underruns,
                "xruns": getattr(output, "underflows", 0),
            }
        ),
        flush=True,
    )
    return 130 if result.stopped else 0


if __name__ == "__main__":
    sys.exit(main())
