"""Join several routines' timelines into one session, with an announced gap between them.

Pure, like the scheduler: e.g. a warm-up, twenty minutes of easy running
announced by time, then the cooldown.
"""

from __future__ import annotations

from dataclasses import replace

from coach.plan import phrases
from coach.plan.lengths import Lengths
from coach.plan.chapters import run_title, shifted
from coach.plan.timeline import Chapter, DrillSpan, Timeline, session_length
from coach.units import samples
from coach.plan.cursor import Cursor

MAX_GAP_MINUTES = 240.0
REMINDER_AFTER = 4 * 60  # gaps at least this long get "halfway" and "one minute" calls


def join(timelines: list[Timeline], gap_seconds: float, lengths: Lengths) -> Timeline:
    """One timeline: each part in turn, with ``gap_seconds`` between parts, called by time."""
    if len(timelines) == 1:
        return timelines[0]
    events, drills, chapters, offset = [], [], [], 0
    for k, part in enumerate(timelines):
        opening_from = offset
        if k:
            gap = _gap(gap_seconds, part.title, lengths)
            events += [replace(e, at=e.at + offset) for e in gap.events]
            if gap_seconds > 0:
                chapters.append(Chapter(run_title(gap_seconds), offset, offset + gap.length))
                opening_from = offset + gap.length
            offset += gap.length
        events += [replace(e, at=e.at + offset) for e in part.events]
        drills += [DrillSpan(d.id, d.name, d.start + offset, d.end + offset) for d in part.drills]
        chapters += _named_opening(shifted(part.chapters, offset), part.title, opening_from)
        offset += part.length
    return Timeline(
        routine="+".join(t.routine for t in timelines),
        title=" + ".join(t.title for t in timelines),
        length=offset,  # every part, and every gap, is a whole session length
        drills=tuple(drills),
        events=tuple(sorted(events, key=lambda e: (e.at, e.type != "sound"))),
        chapters=tuple(chapters),
    )


def _named_opening(chapters: list[Chapter], title: str, start: int) -> list[Chapter]:
    """A part's chapters, its opening named after the routine and starting at ``start``."""
    first, *rest = chapters
    return [Chapter(title, start, first.end), *rest]


def _gap(seconds: float, upcoming: str, lengths: Lengths) -> Timeline:
    """The stretch between two routines: announced, reminded, and called back."""
    track = Cursor(lengths)
    if seconds >= 60:
        track.say(phrases.gap_start(seconds, upcoming), "gap")
    end = samples(seconds)
    if seconds >= REMINDER_AFTER:
        track.say(phrases.gap_halfway(), "gap", at=end // 2)
        track.say(phrases.gap_one_minute(), "gap", at=end - samples(60))
    track.until(end)
    track.sound("restover", "restover")
    track.say(phrases.welcome_back(upcoming), "gap")
    return Timeline("gap", "gap", session_length(track.end() + samples(1.0)), (), tuple(track.events))
