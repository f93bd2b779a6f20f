"""Sessions made once: built on first request, in a worker thread, kept in coach's cache folder.

A build is found by its session's key and its format. Asking again while it
builds gets the same build (one build however many phones ask); asking after
finds the file in the cache folder, even after a restart. One build runs at a
time (each takes the machine's cores); the server's requests go on meanwhile.
Files are written as `coach export` writes them: whole or not at all.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coach.atomic import write_whole
from coach.errors import CoachError
from coach.progress import Progress

# The formats offered for download: suffix -> (MIME type, what it is for).
FORMATS: dict[str, tuple[str, str]] = {
    "mp3": ("audio/mpeg", "MP3, for any phone"),
    "m4b": ("audio/mp4", "M4B audiobook, for Apple Books and audiobook players"),
    "opus": ("audio/ogg", "Opus, the smallest, for Android audiobook players"),
    "wav": ("audio/wav", "WAV, uncompressed"),
}
PLAYED = "mp3"  # what the page's player plays: every phone browser plays MP3
KEPT = 24  # sessions' files kept in the cache folder: older ones are removed after each build (a WAV is 100 MB)

Make = Callable[[Path, Progress, Progress], dict]


class Cancelled(Exception):
    """The server is stopping: the build gives up (export_session removes its temporary file)."""


@dataclass
class Build:
    key: str
    fmt: str
    path: Path
    plan_path: Path
    name: str = ""  # the file's name for a download
    state: str = "new"  # new | building | ready | failed
    phase: str = ""
    done: int = 0
    total: int = 0
    error: str = ""
    seconds: float = 0.0
    finished: threading.Event = field(default_factory=threading.Event)

    def status(self) -> dict:
        return {"format": self.fmt, "state": self.state, "phase": self.phase, "done": self.done,
                "total": self.total, "error": self.error}


class Builds:
    """The table of builds by (key, format); the only way to a built file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._table: dict[tuple[str, str], Build] = {}
        self._lock = threading.Lock()  # guards the table
        self._one_at_a_time = threading.Lock()  # builds take turns
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def get(self, key: str, fmt: str) -> Build | None:
        """The build of a key this server has been asked for, else None (never a path from a request)."""
        with self._lock:
            return self._table.get((key, fmt))

    def plan_of(self, key: str) -> dict | None:
        """The plan's JSON of a session built in one format or another, else None."""
        for fmt in FORMATS:
            build = self.get(key, fmt)
            if build is not None and build.state == "ready":
                try:
                    return json.loads(build.plan_path.read_text("utf-8"))
                except (OSError, ValueError):
                    continue
        return None

    def ask(self, key: str, fmt: str, make: Make, name: str = "") -> Build:
        """The build of ``key`` in ``fmt``: ready if made before, else started (once)."""
        with self._lock:
            build = self._table.get((key, fmt))
            if build is None:
                build = Build(key, fmt, self.folder / f"{key}.{fmt}", self.folder / f"{key}.plan.json", name)
                self._table[(key, fmt)] = build
            if build.state == "ready" and not (build.path.is_file() and build.plan_path.is_file()):
                build.state = "new"  # removed from the cache folder since: made again
            if build.state in ("new", "failed"):
                if build.path.is_file() and build.plan_path.is_file():
                    build.state = "ready"
                    build.finished.set()
                else:
                    self._start(build, make)
            return build

    def _start(self, build: Build, make: Make) -> None:
        build.state, build.phase, build.error, build.done, build.total = "building", "waiting", "", 0, 0
        build.finished.clear()
        thread = threading.Thread(target=self._run, args=(build, make), name=f"build-{build.key[:8]}", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _run(self, build: Build, make: Make) -> None:
        started = time.monotonic()
        try:
            with self._one_at_a_time:
                self._check()
                self.folder.mkdir(parents=True, exist_ok=True)
                plan = make(build.path, self._told(build, "voice"), self._told(build, "audio"))
                write_whole(build.plan_path, json.dumps(plan, ensure_ascii=False).encode("utf-8"), durable=False)
                self._prune()
            build.state = "ready"
        except Cancelled:
            build.state, build.error = "failed", "coach serve stopped"
        except CoachError as err:
            build.state, build.error = "failed", str(err)
        except Exception as err:  # noqa: BLE001  (a build's failure must not stop the server)
            build.state, build.error = "failed", f"{err.__class__.__name__}: {err}"
        finally:
            build.seconds = time.monotonic() - started
            build.finished.set()

    def _prune(self) -> None:
        """Remove the files of all but the :data:`KEPT` newest sessions, never one this server has handed out."""
        with self._lock:
            served = {(b.path.name, b.plan_path.name) for b in self._table.values()}
        keep = {name for pair in served for name in pair}
        sessions: dict[str, float] = {}
        for path in self.folder.glob("[!.]*.*"):  # not the hidden files of a file being written
            key = path.name.split(".", 1)[0]
            try:
                sessions[key] = max(sessions.get(key, 0.0), path.stat().st_mtime)
            except OSError:
                continue
        newest = set(sorted(sessions, key=sessions.get, reverse=True)[:KEPT])
        for path in self.folder.glob("[!.]*.*"):
            if path.name.split(".", 1)[0] not in newest and path.name not in keep:
                path.unlink(missing_ok=True)

    def _told(self, build: Build, phase: str) -> Progress:
        def progress(done: int, total: int) -> None:
            self._check()
            build.phase, build.done, build.total = phase, done, total
        return progress

    def _check(self) -> None:
        if self._stopping.is_set():
            raise Cancelled()

    def stop(self, wait: float = 0.5) -> None:
        """Ask running builds to give up, waiting a little for them to tidy up."""
        self._stopping.set()
        deadline = time.monotonic() + wait
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
