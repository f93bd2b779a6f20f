"""Fixtures for the whole suite: every test isolated, and what is expensive made once per run and shared.

Every test gets its own coach cache and settings folders (``COACH_CACHE_DIR``
and ``COACH_CONFIG_DIR`` under its tmp_path), without asking: no test reads or
writes the real user's, and none sees another's. A test that runs `coach`
makes its environment with ``support.tools.coach_env``.

The suite runs in parallel workers (pytest-xdist, see scripts/test); each
worker is its own process with its own temporary folders, rigs and sound
servers. What every worker would otherwise make again, the built-in
routines spoken by the default voice, is made once per run under a file
lock in the folder all the workers share, and copied by each test that
uses it: no test ever writes into the shared copy.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.tools import coach_env

SPOKEN_ROUTINES = ("pre-run", "post-run")

# The slowest files, slowest first (measured on a clean clone): they start at once, each on a worker of its
# own, and the many quick files fill the gaps after them, instead of one long file starting last and leaving
# a core idle. The first speaks the shared phrase cache (two Piper processes, both cores); the browser and
# HTTP files beside it need no cache and mostly wait on servers, so no worker sits blocked on the cache.
# xdist hands out whole files in this order (--no-loadscope-reorder in pyproject.toml; by default it would
# hand out the files with the most tests first).
SLOWEST_FIRST = (
    "speech/test_speech_listening.py", "web/test_web_browser.py", "web/test_web_http.py",
    "speech/test_speech_noise.py", "cli/test_cli_export.py", "cli/test_cli_play.py", "cli/test_cli_edges.py",
    "cli/test_cli_own_routines.py", "cli/test_cli_music.py", "routine/test_loader_fuzz.py",
    "playback/test_playback_pulse.py", "speech/test_speech_espeak.py", "audio/test_audio_bed.py",
    "cli/test_cli_faults.py", "speech/test_shipped_lengths.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slowest files first (the order within a file is kept)."""
    def rank(item: pytest.Item) -> int:
        return next((i for i, name in enumerate(SLOWEST_FIRST) if item.nodeid.startswith(f"tests/{name}")),
                    len(SLOWEST_FIRST))

    items.sort(key=rank)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test's own phrase cache and settings folder (never the user's)."""
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "coach-cache"))
    monkeypatch.setenv("COACH_CONFIG_DIR", str(tmp_path / "coach-config"))


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder that every worker sees (each worker's own base folder lies in it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def spoken_phrases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A phrase folder holding every line of the built-in routines at their default options, default voice.

    Spoken by the real `coach export` (one process per routine, at once), by
    the first worker that needs it while the others wait; pass it to
    ``tools.coach_env`` to start a cache warm. Tests of a cold cache make
    their own environment without it.
    """
    folder = run_folder(tmp_path_factory) / "spoken"
    with open(f"{folder}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this worker dies
        if not (folder / "done").exists():
            _speak(folder)
    return folder / "cache" / "phrases"


@pytest.fixture(scope="session")
def cold_exports(spoken_phrases: Path) -> dict[str, Path]:
    """The WAV of each built-in routine that ``spoken_phrases`` exported from an empty cache (read, never write)."""
    folder = spoken_phrases.parent.parent
    return {routine: folder / f"{routine}.wav" for routine in SPOKEN_ROUTINES}


def _speak(folder: Path) -> None:
    env = coach_env(folder)
    folder.mkdir(parents=True, exist_ok=True)  # export -o checks its folder before any work
    exports = [
        subprocess.Popen(
            [sys.executable, "-m", "coach", "export", routine, "--force", "-o", str(folder / f"{routine}.wav")],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        for routine in SPOKEN_ROUTINES
    ]
    failed = [(p.args[4], err) for p in exports for _, err in [p.communicate(timeout=600)] if p.returncode != 0]
    if failed:
        pytest.fail("speaking the built-in routines for the shared phrase cache failed:\n" + "\n".join(
            f"{routine}: {err.strip()}" for routine, err in failed
        ))
    (folder / "done").touch()  # the WAVs stay: each was made from an empty cache (see cold_exports)
