"""The scheduler: routine + options + phrase lengths -> timeline. Pure and deterministic.

No I/O, no clock, no speech engine: phrase lengths come in as data
(:class:`coach.lengths.Lengths`), estimated where not given. The times it
returns are final; the renderer places sound exactly there.

Shape of a session: intro and lead-in; per drill its name and dose, how-to,
getting into position, a 3-2-1 countdown and go, the drill's body (see
:mod:`coach.bodies`), then a rest naming the next drill; at the end, done and
the total time.
"""

from __future__ import annotations

from coach import phrases
from coach.bodies import BODIES
from coach.lengths import Lengths
from coach.model import Drill, Position, Routine
from coach.options import PlanOptions, check
from coach.timeline import DrillSpan, Timeline, samples
from coach.track import Track

LEAD_IN_SECONDS = 5.0
TAIL_SECONDS = 1.0
# Seconds to get from one starting position into the next.
TRANSITION_SECONDS: dict[tuple[Position, Position], float] = {
    (a, b): (4.0 if a == b else 8.0 if "lying" in (a, b) else 6.0)
    for a in ("standing", "lying", "kneeling", "plank")
    for b in ("standing", "lying", "kneeling", "plank")
}
_TYPE_ORDER = {"sound": 0, "say": 1}


def schedule(routine: Routine, options: PlanOptions | None = None, lengths: Lengths | None = None) -> Timeline:
    """The session's timeline. The spoken total is made true by re-planning until it is stable."""
    options = options or PlanOptions()
    lengths = lengths or Lengths()
    check(routine, options)
    total = 0.0
    timeline = _build(routine, options, lengths, total)
    for _ in range(5):
        if phrases.minutes(timeline.duration) == phrases.minutes(total):
            break
        total = timeline.duration
        timeline = _build(routine, options, lengths, total)
    return timeline


def _build(routine: Routine, options: PlanOptions, lengths: Lengths, total: float) -> Timeline:
    track = Track(lengths)
    for line in phrases.intro(routine.title, len(routine.drills), total):
        track.say(line, "intro")
    _lead_in(track, routine.drills[0])
    spans = []
    position: Position = "standing"
    for k, drill in enumerate(routine.drills):
        track.drill = drill.id
        start = track.free()
        _drill(track, drill, options, position)
        spans.append(DrillSpan(drill.id, drill.name, start, track.end()))
        track.drill = None
        position = drill.position
        if k + 1 < len(routine.drills):
            _rest(track, routine.rest, routine.drills[k + 1])
    track.sound("done", "done")
    track.say(phrases.all_done(total), "done")
    length = track.end() + samples(TAIL_SECONDS)
    events = sorted(enumerate(track.events), key=lambda p: (p[1].at, _TYPE_ORDER[p[1].type], p[0]))
    return Timeline(routine.id, routine.title, length, tuple(spans), tuple(e for _, e in events))


def _lead_in(track: Track, first: Drill) -> None:
    track.say(phrases.first_up(first), "next")
    event = track.say(phrases.lead_in(), "leadin")
    start = event.at + samples(LEAD_IN_SECONDS)
    for k in (3, 2, 1):
        track.sound("tick", "countdown", at=start - samples(k))
    track.until(start)


def _drill(track: Track, drill: Drill, options: PlanOptions, position: Position) -> None:
    level = options.level
    track.say(f"{drill.name}. {phrases.dose(drill, level)}", "drill")
    if drill.cues.intro:
        track.say(drill.cues.intro, "howto")
    for line in drill.how:
        track.say(line, "howto")
    same = drill.position == position
    track.say((phrases.STAY_LINES if same else phrases.POSITION_LINES)[drill.position], "position")
    side, direction = _first_block(drill)
    if side:
        track.say(phrases.block_start(side, direction), "position", side=side, direction=direction)
    track.wait(TRANSITION_SECONDS[(position, drill.position)])
    if drill.cues.go:
        track.say(drill.cues.go, "ready")
    go = track.countdown()
    BODIES[drill.dose.kind](track, drill, options, level, go)


def _first_block(drill: Drill):
    dose = drill.dose
    if getattr(dose, "sides", None) == "each":
        directions = getattr(dose, "directions", ())
        return dose.first, (directions[0] if directions else None)
    return None, None


def _rest(track: Track, seconds: float, upcoming: Drill) -> None:
    start = track.free()
    track.say(phrases.rest(seconds), "rest")
    track.say(phrases.next_up(upcoming), "next")
    track.until(start + samples(seconds))
    track.sound("restover", "restover")


def spoken_texts(timeline: Timeline) -> list[str]:
    """Every distinct line a timeline speaks, in order of first use."""
    return list(dict.fromkeys(e.text for e in timeline.events if e.type == "say" and e.text))

