"""Planning: one or more routines planned with the lengths the audio will really have.

The scheduler is pure and takes phrase lengths as data. Here we ask the speech
layer to synthesize (and so measure) every line a plan speaks, then plan again
with those lengths, until every spoken line has a measured length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from coach.errors import InputError
from coach.plan.joiner import MAX_GAP_MINUTES, join
from coach.plan.lengths import Lengths
from coach.routine.model import Routine
from coach.plan.options import PlanOptions, check_paces
from coach.plan.scheduler import schedule, spoken_texts
from coach.plan.timeline import Timeline
from coach.units import h_min

Measure = Callable[[Iterable[str]], Mapping[str, int]]
MAX_ROUNDS = 6
MAX_ROUTINES = 10  # joined in one session
MAX_HOURS = 8  # the longest session coach makes


def plan(
    routines: Sequence[Routine] | Routine,
    options: PlanOptions,
    measure: Measure | None = None,
    sounds: Mapping[str, int] | None = None,
    gap_minutes: float = 0.0,
    check: Callable[[Timeline], object] | None = None,
) -> Timeline:
    """The session's timeline; with ``measure``, every spoken line has its measured length.

    ``check`` is shown the plan on estimated lengths first, before any line is
    measured (a file kind that cannot hold the session says so at once).
    """
    parts = [routines] if isinstance(routines, Routine) else list(routines)
    if len(parts) > MAX_ROUTINES:
        raise InputError(f"{len(parts)} routines in one session; coach joins at most {MAX_ROUTINES}")
    check_paces(parts, options.pace)
    if not 0 <= gap_minutes <= MAX_GAP_MINUTES:
        raise InputError(f"--gap: expected minutes from 0 to {MAX_GAP_MINUTES:g}, got {gap_minutes:g}")
    if gap_minutes and len(parts) == 1:
        raise InputError("--gap: the running time goes between routines; give two or more, like: pre-run post-run")

    def build(lengths: Lengths) -> Timeline:
        timelines = [schedule(r, options.for_routine(r), lengths) for r in parts]
        return join(timelines, gap_minutes * 60, lengths)

    lengths = Lengths(sounds=dict(sounds or {}))
    timeline = check_session_length(build(lengths))  # on estimated lengths: before any line is synthesized
    if check is not None:
        check(timeline)
    if measure is None:
        return timeline
    for _ in range(MAX_ROUNDS):
        missing = [t for t in spoken_texts(timeline) if t not in lengths.speech]
        if not missing:
            return timeline
        lengths = lengths.with_speech(measure(missing))
        timeline = check_session_length(build(lengths))
    raise AssertionError("planning did not settle on measured phrase lengths")


def check_session_length(timeline: Timeline) -> Timeline:
    """``timeline``, if it lasts no longer than :data:`MAX_HOURS`; else InputError."""
    if timeline.duration > MAX_HOURS * 3600:
        raise InputError(
            f"this session would last {h_min(timeline.duration)}; coach makes sessions of up to "
            f"{MAX_HOURS} hours: join fewer routines or give a shorter --gap"
        )
    return timeline
