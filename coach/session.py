"""Glue between stages: plan a routine with the lengths the audio will really have.

The scheduler is pure and takes phrase lengths as data. Here we ask the speech
layer to synthesize (and so measure) every line a plan speaks, then plan again
with those lengths, until every spoken line has a measured length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from coach.lengths import Lengths
from coach.model import Routine
from coach.options import PlanOptions
from coach.scheduler import schedule, spoken_texts
from coach.timeline import Timeline

Measure = Callable[[Iterable[str]], Mapping[str, int]]
MAX_ROUNDS = 6


def plan(
    routine: Routine,
    options: PlanOptions,
    measure: Measure | None = None,
    sounds: Mapping[str, int] | None = None,
) -> Timeline:
    """The routine's timeline; with ``measure``, every spoken line has its measured length."""
    lengths = Lengths(sounds=dict(sounds or {}))
    timeline = schedule(routine, options, lengths)
    if measure is None:
        return timeline
    for _ in range(MAX_ROUNDS):
        missing = [t for t in spoken_texts(timeline) if t not in lengths.speech]
        if not missing:
            return timeline
        lengths = lengths.with_speech(measure(missing))
        timeline = schedule(routine, options, lengths)
    raise AssertionError("planning did not settle on measured phrase lengths")
