#!/usr/bin/env python3
"""Listen to the built-in routines with a real recognizer and print what it misheard.

    .venv/bin/python scripts/listen.py                       # the default engine
    .venv/bin/python scripts/listen.py --engine espeak-ng --routine pre-run

Not a test: it prints, per routine, the lines understood word for word, the
word error rate and each misheard line, so lines can be rephrased. The
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

from support.listening import describe, listen_routine, load_recognizer, side_misheard  # noqa: E402

ROUTINES = ["pre-run", "post-run"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default=None, help="speech engine (default: coach's default, piper)")
    parser.add_argument(
        "--routine", action="append", choices=ROUTINES,
        help="a built-in routine; repeat for several (default: all)",
    )
    parser.add_argument("--cache-dir", type=Path, help="coach cache folder (default: a temporary one)")
    return parser.parse_args(argv)


def report_routine(routine: str, engine: str | None, cache_dir: Path) -> None:
    """Listen to one routine and print its figures, misheard lines and side errors."""
    start = time.perf_counter()
    report = listen_routine(routine, engine, cache_dir)
    seconds = time.perf_counter() - start
    print(describe(report, f"{routine} ({engine or 'default engine'}, {seconds:.1f} s)"))
    for r in side_misheard(report):
        print(f'  side misheard: "{r.text}" -> "{r.heard}"')


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    load_recognizer()
    print(f"recognizer loaded in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory(prefix="coach-listen-") as tmp:
        cache_dir = args.cache_dir or Path(tmp)
        for routine in args.routine or ROUTINES:
            report_routine(routine, args.engine, cache_dir)
    print(f"total {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
