"""One line for the screen during live playback: where the runner is in the session."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from coach.units import m_ss_down

if TYPE_CHECKING:  # `coach --help` loads this module, not the timeline
    from coach.plan.timeline import Timeline


class Status:
    """Answers "what is happening at sample N" for one timeline, quickly and repeatedly."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.starts = [e.at for e in timeline.events]
        self.drill_starts = [d.start for d in timeline.drills]

    def line(self, position: int) -> str:
        tl = self.timeline
        k = bisect_right(self.drill_starts, position) - 1
        drill = tl.drills[k] if k >= 0 and position < tl.drills[k].end else None
        upcoming = tl.drills[k + 1].name if k + 1 < len(tl.drills) else "the finish"
        parts = [drill.name if drill else "between drills"]
        detail = self._detail(position, drill.id if drill else None)
        if detail:
            parts.append(detail)
        parts.append(f"{m_ss_down(position)} done, {m_ss_down(tl.length - position)} left")
        parts.append(f"next: {upcoming}")
        return " | ".join(parts)

    def _detail(self, position: int, drill_id: str | None) -> str:
        """The latest side, rep or set said in this drill up to ``position``."""
        if drill_id is None:
            return ""
        i = bisect_right(self.starts, position) - 1
        while i >= 0 and self.timeline.events[i].drill == drill_id:
            e = self.timeline.events[i]
            if e.cue in ("rep", "hold", "leg"):
                side = f"{e.side} " if e.side else ""
                if e.cue == "rep":
                    return f"{side}rep {e.rep}"
                if e.cue == "hold":
                    return f"{side}hold {e.set}"
                return f"{e.meters} m, {side}leads"
            i -= 1
        return ""
