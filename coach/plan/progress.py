"""Progress cues during a distance leg: halfway, the metres to go, and form lines in the quiet between.

Placed on the runner's own pace for any leg length: the landmarks at their
share of the leg's time, then the drill's form lines (its tips and side
rules, in turn), then coach's own, wherever a stretch would otherwise be
quieter than :data:`MAX_QUIET`.
"""

from __future__ import annotations

import math

from coach.plan import phrases
from coach.plan.cursor import GAP, Cursor
from coach.plan.rotation import Rotation
from coach.units import samples

MAX_QUIET = 14.0
"""Seconds: the longest a leg goes without a spoken line (the session's rule is 20)."""
HALFWAY_FROM = 10.0
"""Seconds: a leg at least this long gets "Halfway."."""
TO_GO_FROM = 12.0
"""Seconds: a leg at least this long gets "5 metres to go." (or more metres on a long leg)."""
FORM_AFTER = 3.0
"""Seconds into a leg when its first form line is said, if it ends a second before the next call."""


def metres_to_go(meters: int) -> int | None:
    """The metres left when the last stretch is called: 5 on a 20 m leg, a quarter on long legs."""
    left = max(5, 5 * (meters // 20))
    return left if meters >= 4 * left else None


class Leg:
    """One leg's cues, from the end of its first line to ``end`` (where it turns or finishes)."""

    def __init__(self, track: Cursor, form: Rotation, spare: Rotation) -> None:
        self.track = track
        self.form = form  # the drill's tips and side rules, each at most twice
        self.spare = spare  # coach's own lines, when the drill's are used up

    def run(self, start: int, end: int, meters: int, side: str | None) -> None:
        """Landmarks at their times, and form lines wherever the quiet would be too long."""
        seconds = (end - start) / samples(1)
        marks: list[tuple[int, str]] = []
        if seconds >= HALFWAY_FROM:
            marks.append((start + (end - start) // 2, phrases.halfway()))
        left = metres_to_go(meters)
        if left is not None and seconds >= TO_GO_FROM:
            marks.append((end - round((end - start) * left / meters), phrases.to_go(left)))
        marks.sort()
        self.early(start + samples(FORM_AFTER), marks[0][0] if marks else end, side)
        for at, text in marks:
            self.fill(at, side)
            self.track.say(text, "progress", at=at, side=side)
        self.fill(end, side)

    def early(self, at: int, before: int, side: str | None) -> None:
        """The drill's next form line at ``at`` (or once the voice is free), if it ends a second before ``before``."""
        text = self.form.peek()
        at = max(at, self.track.voice_free)
        if text is not None and at + self.track.lengths.say(text) + GAP + samples(1) <= before:
            self.track.say(self.form.take() or text, "tip", at=at, side=side)

    def fill(self, until: int, side: str | None) -> None:
        """Form lines, evenly spaced, so that no quiet stretch before ``until`` is over :data:`MAX_QUIET`."""
        begin = self.track.voice_free
        quiet = samples(MAX_QUIET)
        if until - begin <= quiet:
            return
        for n in range(1, 1 + math.ceil((until - begin) / quiet)):
            lines = self._preview(n)
            spoken = sum(self.track.lengths.say(text) + GAP for text, _ in lines)
            space = (until - begin - spoken) // (n + 1)
            if space <= quiet or n == math.ceil((until - begin) / quiet):
                break
        at = begin
        for _ in range(n):
            text, cue = self._take()
            at += max(0, space)
            event = self.track.say(text, cue, at=at, side=side)
            at = event.end + GAP

    def _preview(self, n: int) -> list[tuple[str, str]]:
        """The next ``n`` lines, without counting them as said."""
        form, spare = self.form.copy(), self.spare.copy()
        return [_next(form, spare) for _ in range(n)]

    def _take(self) -> tuple[str, str]:
        return _next(self.form, self.spare)


def _next(form: Rotation, spare: Rotation) -> tuple[str, str]:
    """The drill's next form line (a "tip"), else coach's own (a "progress" line)."""
    text = form.take()
    if text is not None:
        return text, "tip"
    text = spare.take()
    assert text is not None  # a spare rotation never runs out
    return text, "progress"
