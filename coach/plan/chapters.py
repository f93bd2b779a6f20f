"""Chapters: the stretches of a session a player lists and jumps between. Pure.

A routine's chapters are its opening, from 0:00, then one per drill, each up
to the next one's start (the last to the session's end). A joined session
names each routine's opening after the routine and adds one for the run
between routines.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.plan import phrases
from coach.plan.timeline import Chapter, DrillSpan

OPENING = "Introduction"


def routine_chapters(spans: Sequence[DrillSpan], length: int) -> tuple[Chapter, ...]:
    """The opening from sample 0, then one chapter per drill, together covering ``0..length``."""
    starts = [0] + [span.start for span in spans]
    titles = [OPENING] + [span.name for span in spans]
    ends = starts[1:] + [length]
    return tuple(Chapter(title, a, b) for title, a, b in zip(titles, starts, ends) if a < b)


def run_title(seconds: float) -> str:
    """The chapter title for the run between two routines."""
    if seconds < 60:
        return f"Easy run, {round(seconds)} s"
    return f"Easy run, {phrases.minutes(seconds)} min"


def shifted(chapters: Sequence[Chapter], offset: int) -> list[Chapter]:
    return [Chapter(c.title, c.start + offset, c.end + offset) for c in chapters]
