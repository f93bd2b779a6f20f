#!/usr/bin/env python3
"""Listen to the built-in routines with a real recognizer and print what it misheard.

    .venv/bin/python scripts/listen.py                       # the default engine
    .venv/bin/python scripts/listen.py --engine espeak-ng --routine pre-run
    .venv/bin/python scripts/listen.py --noise               # also in traffic, clarity on and off

Not a test: it prints, per routine, the lines understood word for word, the
word error rate and each misheard line, so lines can be rephrased. With
``--noise`` every line is heard again in traffic and babble 10 and 5 dB
under it, clear and plain, with the figures per cue kind. The
recognizer is Whisper tiny.en (faster-whisper); the helper lives with the
tests in tests/support/listening.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from support.listening import (  # noqa: E402
    by_kind,
    describe,
    figures,
    listen,
    listen_in_noise,
    listen_routine,
    load_recognizer,
    routine_cues,
    side_misheard,
)
from support.noise import SNRS  # noqa: E402

ROUTINES = ["pre-run", "post-run"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default=None, help="speech engine (default: coach's default, piper)")
    parser.add_argument(
        "--routine", action="append", choices=ROUTINES,
        help="a built-in routine; repeat for several (default: all)",
    )
    parser.add_argument("--cache-dir", type=Path, help="coach cache folder (default: a temporary one)")
    parser.add_argument("--noise", action="store_true", help="also listen in noise, with clarity on and off")
    return parser.parse_args(argv)


def report_routine(routine: str, engine: str | None, cache_dir: Path) -> None:
    """Listen to one routine and print its figures, misheard lines and side errors."""
    start = time.perf_counter()
    report = listen_routine(routine, engine, cache_dir)
    seconds = time.perf_counter() - start
    print(describe(report, f"{routine} ({engine or 'default engine'}, {seconds:.1f} s)"))
    for r in side_misheard(report):
        print(f'  side misheard: "{r.text}" -> "{r.heard}"')


def report_noise(routine: str, engine: str | None, cache_dir: Path) -> None:
    """Every line of a routine in quiet and in noise, clear and plain: per routine and per cue kind."""
    from coach.speech import open_speech

    clear, plain = (open_speech(engine, cache_dir=cache_dir, clarity=c) for c in (True, False))
    cues = routine_cues(routine, clear)
    lines = list(cues)
    clips = {"clear": [clear.clip(t) for t in lines], "plain": [plain.clip(t) for t in lines]}
    for name, made in clips.items():
        reports = {"quiet": listen(lines, made)}
        reports.update({f"{snr:g} dB": listen_in_noise(lines, made, clips["plain"], snr) for snr in SNRS})
        print(f"{routine} {name}: " + ", ".join(f"{k} {figures(r)}" for k, r in reports.items()))
        kinds = {k: by_kind(r, cues) for k, r in reports.items()}
        for kind in kinds["quiet"]:
            cells = ", ".join(f"{k} {figures(kinds[k][kind])}" for k in reports)
            print(f"  {kind:<9} ({len(kinds['quiet'][kind].lines):>3} lines) {cells}")
        if name == "clear":
            print(describe(reports[f"{SNRS[0]:g} dB"], f"{routine} clear, misheard {SNRS[0]:g} dB under the speech"))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    load_recognizer()
    print(f"recognizer loaded in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory(prefix="coach-listen-") as tmp:
        cache_dir = args.cache_dir or Path(tmp)
        for routine in args.routine or ROUTINES:
            report_routine(routine, args.engine, cache_dir)
            if args.noise:
                report_noise(routine, args.engine, cache_dir)
    print(f"total {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
