"""The runner's music for a session: find and measure the tracks, then make its bed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from coach import stopping
from coach.audio.bed import CROSSFADE, DEFAULT_LEVEL_DB, LEVEL_RANGE, Bed
from coach.audio.duck import DUCK_RANGE, Ducking
from coach.audio.music import Found, MusicProblem, Track, find_tracks, measure, recall
from coach.plan.timeline import Timeline
from coach.progress import Progress
from coach.speech.cache import cache_root

Notice = Callable[[str], None]


@dataclass(frozen=True)
class Music:
    """Measured tracks and how they sit under the voice."""

    tracks: tuple[Track, ...]
    level_db: float = DEFAULT_LEVEL_DB
    ducking: Ducking = Ducking()

    def bed(self, timeline: Timeline, mono: bool = False) -> Bed:
        return Bed(self.tracks, timeline, self.level_db, self.ducking, mono)


@dataclass(frozen=True)
class MusicChoice:
    """The runner's music before it is measured: the files found, and the levels, checked."""

    paths: tuple[str, ...]
    found: tuple[Found, ...]
    level_db: float = DEFAULT_LEVEL_DB
    duck_db: float = Ducking.depth_db

    def measure(
        self,
        *,
        length: int | None = None,
        notice: Notice | None = None,
        progress: Progress | None = None,
    ) -> Music:
        """The playable tracks, measured (from the cache when measured before).

        A file named on its own that cannot be played is a MusicProblem; one found
        in a folder is left out, with one line to ``notice``. No playable track at
        all is a MusicProblem. (The file being exported is never one of them:
        ``coach.export.target`` refuses it before any work.)
        ``progress(done, total)`` follows the tracks measured for the first time.
        With ``length`` (the session's, in samples), tracks are taken in order only
        until they fill it: a big folder is not read through for a short session.
        """
        cache = cache_root() / "music"
        found = self.found
        tracks: list[Track] = []
        measuring = _Measuring(progress)
        for item in found:
            try:
                track = recall(item.path, cache)
                if track is None:
                    measuring.start(len(found) - len(tracks))
                    track = measure(item.path, cache)
                    measuring.step()
                tracks.append(track)
            except MusicProblem as problem:
                measuring.end()
                _left_out(item, problem, notice)
            if length is not None and sum(t.length - CROSSFADE for t in tracks) >= length:
                break
        measuring.end()
        if not tracks:
            raise MusicProblem(f"--music {', '.join(self.paths)}: none of these tracks can be played")
        return Music(tuple(tracks), self.level_db, Ducking(depth_db=self.duck_db))


def choose_music(
    paths: Sequence[str | Path],
    *,
    shuffle: bool = False,
    seed: int = 1,
    level_db: float = DEFAULT_LEVEL_DB,
    duck_db: float = Ducking.depth_db,
) -> MusicChoice:
    """Check the levels and find the tracks (cheap: nothing is decoded); MusicProblem if a path is wrong."""
    _check("--music-level", level_db, LEVEL_RANGE)
    _check("--duck", duck_db, DUCK_RANGE)
    found = find_tracks(list(paths), shuffle, seed)  # as typed: an address must not lose a slash
    return MusicChoice(tuple(str(p) for p in paths), tuple(found), level_db, duck_db)


def _check(option: str, value: float, limits: tuple[float, float]) -> None:
    low, high = limits
    if not low <= value <= high:
        raise MusicProblem(f"{option}: expected a number of dB from {low:g} to {high:g}, got {value:g}")


class _Measuring:
    """Progress over the tracks measured for the first time (their number is known only as they come)."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress, self._done, self._total = progress, 0, 0

    def start(self, at_most: int) -> None:
        if not self._total:
            self._total = at_most

    def step(self) -> None:
        stopping.check()
        self._done += 1
        if self._progress and self._done < self._total:
            self._progress(self._done, self._total)

    def end(self) -> None:
        """Close the bar (it may have been sized for more tracks than were needed)."""
        if self._progress and self._total:
            self._progress(self._total, self._total)
        self._total = self._done = 0


def _left_out(found: Found, problem: MusicProblem, notice: Notice | None) -> None:
    if found.named:
        raise problem
    if notice:
        notice(f"left out {problem}")
