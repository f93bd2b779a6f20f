"""The scheduler: routine + options + phrase lengths -> timeline. Pure and deterministic.

No I/O, no clock, no speech engine: phrase lengths come in as data
(:class:`coach.plan.lengths.Lengths`), estimated where not given. The times it
returns are final; the renderer places sound exactly there.

Shape of a session: the title, what to have ready, what the beeps mean, the
first drill, its starting position and setup; per drill its name and dose,
how-to, its side rules, which side starts, a 3-2-1 countdown and go, the
drill's body (see :mod:`coach.plan.bodies`) and a line of praise, then a rest
that names the next drill, where it sits in the routine, its starting position
and setup; at the end, guided breaths, done and the total time, and the
routine's closing lines.
"""

from __future__ import annotations

from coach.plan import phrases
from coach.plan.bodies import BODIES, TIP_BEFORE, move_of, side_rules
from coach.plan.chapters import routine_chapters
from coach.plan.lengths import Lengths
from coach.routine.model import Distance, Drill, Holds, Position, Reps, Routine
from coach.plan.options import PlanOptions, check
from coach.plan.timeline import DrillSpan, Timeline, session_length
from coach.units import samples
from coach.plan.cursor import Cursor

READY_SECONDS = 1.0  # after the last line before a countdown
BREATH_IN = 4.0  # seconds from "breathe in" to "and out"
BREATH_SECONDS = 10.0  # seconds from one guided breath to the next
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
    track = Cursor(lengths)
    for line in phrases.intro(routine.title, len(routine.drills), total):
        track.say(line, "intro")
    for line in routine.before:
        track.say(line, "before")
    track.say(phrases.beeps(), "intro")
    count = len(routine.drills)
    _announce(track, routine.drills[0], "standing", 1, count)
    spans = []
    for k, drill in enumerate(routine.drills):
        track.drill = drill.id
        start = track.free()
        _drill(track, drill, options)
        track.say(drill.cues.finish or phrases.finish(isinstance(drill.dose, Distance), k), "finish")
        spans.append(DrillSpan(drill.id, drill.name, start, track.end()))
        track.drill = None
        if k + 1 < count:
            _rest(track, routine.rest, drill.position, routine.drills[k + 1], k + 2, count)
    _breathe(track, routine.breaths)
    track.sound("done", "done")
    track.say(phrases.all_done(total), "done")
    for line in routine.after:
        track.say(line, "after")
    length = session_length(track.end() + samples(TAIL_SECONDS))
    events = sorted(enumerate(track.events), key=lambda p: (p[1].at, _TYPE_ORDER[p[1].type], p[0]))
    return Timeline(
        routine.id, routine.title, length, tuple(spans), tuple(e for _, e in events),
        chapters=routine_chapters(spans, length),
    )


def _announce(track: Cursor, drill: Drill, here: Position, number: int, count: int) -> None:
    """The next drill's name and place, where to get to for it when that is somewhere else, its setup."""
    track.say(phrases.first_up(drill) if number == 1 else phrases.next_up(drill, number, count), "next")
    if drill.position != here or drill.position in phrases.LATE_POSITION_LINES:
        track.say(phrases.POSITION_LINES[drill.position], "position")
    for line in drill.cues.setup:
        track.say(line, "setup")


def _breathe(track: Cursor, breaths: int) -> None:
    """Slow breaths, guided: breathe in, and out, one every :data:`BREATH_SECONDS`."""
    if not breaths:
        return
    track.say(phrases.breaths_start(breaths), "breathe")
    for k in range(breaths):
        start = track.free()
        inhale, exhale = phrases.breath(k)
        track.say(inhale, "breathe")
        track.say(exhale, "breathe", at=start + samples(BREATH_IN))
        track.until(start + samples(BREATH_SECONDS))


def _drill(track: Cursor, drill: Drill, options: PlanOptions) -> None:
    """Everything the runner must know before the countdown, then the countdown and the body."""
    level = options.level
    track.say(f"{drill.name}. {phrases.dose(drill, level)}", "drill")
    if drill.cues.intro:
        track.say(drill.cues.intro, "howto")
    for line in drill.how:
        track.say(line, "howto")
    for line in side_rules(drill):
        track.say(line, "howto")
    if drill.cues.tip and TIP_BEFORE[drill.dose.kind](drill, level):
        track.say(drill.cues.tip, "tip")
    if drill.position in phrases.LATE_POSITION_LINES:
        track.say(phrases.LATE_POSITION_LINES[drill.position], "position")
    _first_block(track, drill)
    if drill.cues.go:
        track.say(drill.cues.go, "ready")
    track.wait(READY_SECONDS)
    go = track.countdown()
    BODIES[drill.dose.kind](track, drill, options, level, go)


def _first_block(track: Cursor, drill: Drill) -> None:
    """Which side, leg or direction starts, said before the countdown."""
    dose = drill.dose
    if isinstance(dose, Distance):
        leg = dose.legs[0]
        track.say(phrases.leg(leg, True, drill.cues.lead), "leg", side=leg.lead, meters=dose.meters, lead=leg.lead)
        return
    side = dose.first if dose.sides != "none" else None
    direction = dose.directions[0] if isinstance(dose, Reps) and dose.directions else None
    if isinstance(dose, Reps) and dose.sides != "each":
        return  # alternating reps name their side with every count
    if side or isinstance(dose, Holds):
        move = move_of(drill, 0)
        text = phrases.block_start(side, direction, move, part=drill.cues.count)
        track.say(text, "position", side=side, direction=direction)


def _rest(track: Cursor, seconds: float, here: Position, upcoming: Drill, number: int, count: int) -> None:
    """Rest, and get ready: the next drill, its place, starting position and setup, time enough to get there."""
    start = track.free()
    track.say(phrases.rest(seconds), "rest")
    _announce(track, upcoming, here, number, count)
    track.until(start + samples(max(seconds, TRANSITION_SECONDS[(here, upcoming.position)])))
    track.sound("restover", "restover")


def spoken_texts(timeline: Timeline) -> list[str]:
    """Every distinct line a timeline speaks, in order of first use."""
    return list(dict.fromkeys(e.text for e in timeline.spoken() if e.text))

