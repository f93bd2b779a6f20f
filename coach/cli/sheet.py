"""Text a runner reads: the drill sheet, the plan table, the routine list."""

from __future__ import annotations

from coach.plan import phrases
from coach.routine.model import Routine
from coach.plan.timeline import Timeline
from coach.units import m_ss_nearest, m_ss_tenths


def drill_sheet(routine: Routine) -> str:
    lines = [routine.title, "=" * len(routine.title)]
    if routine.summary:
        lines.append(routine.summary)
    lines.append(f"{len(routine.drills)} drills, {routine.rest:g} s rest between them.")
    lines += [f"Before you start: {line}" for line in routine.before]
    for number, drill in enumerate(routine.drills, start=1):
        lines += ["", f"{number}. {drill.name}  [{drill.id}]"]
        lines.append(f"   Dose: {drill.summary or _dose_words(drill)}")
        lines.append(f"   Start: {drill.position}")
        lines += [f"   {line}" for line in drill.how]
        if drill.cues.tip:
            lines.append(f"   Tip: {drill.cues.tip}")
    return "\n".join(lines)


def _dose_words(drill) -> str:
    return phrases.dose(drill, "standard").rstrip(".")


def plan_table(timeline: Timeline) -> str:
    names = {d.id: d.name for d in timeline.drills}
    rows = [("time", "drill", "side", "what")]
    for event in timeline.events:
        what = event.text if event.type == "say" else f"({event.sound})"
        rows.append((m_ss_tenths(event.at), names.get(event.drill, "") if event.drill else "", event.side or "", what or ""))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    out = [f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip() for r in rows]
    out.append(f"\n{timeline.title}: {m_ss_nearest(timeline.duration)} in all, {len(timeline.drills)} drills.")
    return "\n".join(out)
