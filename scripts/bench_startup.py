"""Start-up figures (issue 20): `coach --help`, `coach list` warm and cold, against bare Python, medians."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15
COACH = Path(sys.executable).with_name("coach")


def _env(home: Path) -> dict[str, str]:
    """A runner's environment: bytecode is written as an installed coach has it, caches under ``home``."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "COACH_CACHE_DIR", "COACH_CONFIG_DIR")}
    return {**env, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "XDG_CONFIG_HOME": str(home / ".config")}


def _once(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _median(args: list[str], env: dict[str, str], runs: int = RUNS) -> float:
    _once(args, env)  # bytecode written, files in the page cache
    return statistics.median(_once(args, env) for _ in range(runs))


def _cold_list(root: Path, runs: int) -> tuple[float, bool]:
    """Median of `coach list` in a new, empty HOME each run; True if every run printed what a warm one does."""
    times, same = [], True
    warm_home = root / "warm"
    warm = subprocess.run([str(COACH), "list"], env=_env(warm_home), capture_output=True, text=True, check=True).stdout
    for i in range(runs):
        home = root / f"cold-{i}"
        home.mkdir()
        start = time.perf_counter()
        done = subprocess.run([str(COACH), "list"], env=_env(home), capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        same = same and done.stdout == warm
        shutil.rmtree(home)
    return statistics.median(times), same


def startup_figures() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="coach-bench-start-") as tmp:
        root = Path(tmp)
        (root / "warm").mkdir()
        env = _env(root / "warm")
        bare = _median([sys.executable, "-c", "pass"], env)
        help_ = _median([str(COACH), "--help"], env)
        warm_list = _median([str(COACH), "list"], env)
        bare_again = _median([sys.executable, "-c", "pass"], env)
        cold_list, same = _cold_list(root, 7)
    base = min(bare, bare_again)
    return [
        f"start-up (medians of {RUNS} runs; bare `python -c pass`: {bare:.3f} s, again after: {bare_again:.3f} s)",
        f"  coach --help: {help_:.3f} s = {help_ / base:.1f}x bare Python (target <= 0.15 s)",
        f"  coach list, warm: {warm_list:.3f} s = {warm_list / base:.1f}x bare Python (target <= 0.25 s)",
        f"  coach list, new HOME (nothing cached): {cold_list:.3f} s (target < 1 s); "
        f"the same durations as warm: {same}",
    ]
