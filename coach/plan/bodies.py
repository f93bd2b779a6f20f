"""The working part of each kind of drill, from "go" to the last rep, hold or leg.

One function per dose kind, chosen from :data:`BODIES`; what varies by
position or kind lives in the tables below.
"""

from __future__ import annotations

from collections.abc import Callable

from coach.plan import phrases, progress
from coach.routine.model import Distance, Drill, Holds, Level, Position, Reps, Side, other
from coach.plan.options import PlanOptions
from coach.units import samples
from coach.plan.cursor import GAP, SOUND_GAP, Cursor
from coach.plan.rotation import Rotation

# Seconds to change sides (or swing direction) in each position.
SWITCH_SECONDS: dict[Position, float] = {"standing": 3, "lying": 5, "kneeling": 6, "plank": 4}
# Beeps in the last seconds of a long hold, and the 3-2-1 into it.
HOLD_TICKS = 3
LONG_HOLD = 10.0
"""Seconds: a hold this long gets a countdown into it, a line while it lasts and beeps at its end."""
SETTLE_SECONDS = 2.5
"""Silence after a short hold's move cue, to get into position before "Hold"."""
TIME_LEFT = 15
"""Seconds left that are called on a hold of at least :data:`TIME_LEFT_FROM` seconds (and every
15 s more on longer holds: 30, 45 ...), so a long hold is never quiet for long."""
TIME_LEFT_FROM = 20.0


def _sides(first: Side, mode: str) -> tuple[Side | None, ...]:
    return (first, other(first)) if mode == "each" else (None,)


def _order(n: int, first: Side, mode: str, side: Side | None) -> list[tuple[int, Side | None]]:
    """(number, side) for each rep or hold of a block: alternating sides, or one side."""
    if mode == "alternate":
        return [(i, s) for i in range(1, n + 1) for s in (first, other(first))]
    return [(i, side) for i in range(1, n + 1)]


def _switch(track: Cursor, drill: Drill, side: Side | None, direction: str | None, block: int = 0, turned: bool = False) -> int:
    """Announce a change of side or direction, give time to change, return the go sample.

    ``turned``: the direction changed too (a routine's own move then says how, with no "Other side").
    """
    track.sound("switch", "switch", side=side)
    move = move_of(drill, block)
    way = direction if (turned or move is None) else None
    text = phrases.switch(side, way, move, part=drill.cues.count)
    track.say(text, "switch", side=side, direction=direction)
    track.wait(SWITCH_SECONDS[drill.position])
    go = track.sound("go", "go", side=side)
    return _after(track, go.at, "go")


def move_of(drill: Drill, block: int) -> str | None:
    """The routine's move for a hold, or for a block of reps on one side."""
    dose = drill.dose
    if isinstance(dose, Holds) or (isinstance(dose, Reps) and dose.sides == "each"):
        return drill.cues.move_for(block)
    return None


def _after(track: Cursor, at: int, sound: str) -> int:
    """The first sample after ``sound`` played at ``at``, with the usual short gap."""
    return at + track.lengths.sound(sound) + SOUND_GAP


def form_lines(drill: Drill) -> tuple[str, ...]:
    """A drill's form lines in the order they come round: its side rules between its tips."""
    rules = side_rules(drill)
    tips = drill.cues.tips
    out: list[str] = []
    for k in range(max(len(rules), len(tips))):
        out += [*rules[k : k + 1], *tips[k : k + 1]]
    return tuple(out)


def side_rules(drill: Drill) -> tuple[str, ...]:
    """The routine's ``both`` template filled for the first side, then the other."""
    dose = drill.dose
    if not drill.cues.both:
        return ()
    first = dose.legs[0].lead if isinstance(dose, Distance) else dose.first
    return tuple(f"{phrases.fill(drill.cues.both, s)}." for s in (first, other(first)))


def distance(track: Cursor, drill: Drill, options: PlanOptions, level: Level, go: int) -> None:
    """The legs on the runner's pace: a turn sound at each (a switch sound where the runner does
    not turn), which side leads and which way, then halfway, the metres to go and form lines."""
    dose = drill.dose
    assert isinstance(dose, Distance)
    pace = samples(options.leg_seconds(drill))
    step = samples(60 / options.cadence) if options.cadence else 0
    form = Rotation(form_lines(drill))
    leg_cues = progress.Leg(track, form, Rotation(phrases.KEEP_GOING, times=None))
    start = go
    for j, leg in enumerate(dose.legs):
        if j:
            sound = "turn" if leg.turn else "switch"
            track.sound(sound, sound, at=start, side=leg.lead)
        for beat in range(start + step, start + pace, step) if step else ():
            track.sound("step", "step", at=beat)
        if j:
            text = phrases.leg(leg, False, drill.cues.lead)
            track.say(text, "leg", at=_after(track, start, sound), side=leg.lead, meters=dose.meters, lead=leg.lead)
        leg_cues.run(start, start + pace, dose.meters, leg.lead)
        start += pace
    track.now = start


def reps(track: Cursor, drill: Drill, options: PlanOptions, level: Level, go: int) -> None:
    dose = drill.dose
    assert isinstance(dose, Reps)
    n = dose.reps.pick_int(level)
    tempo = samples(options.rep_seconds(drill))
    at = _after(track, go, "go")
    ways = dose.directions or (None,)
    blocks = [(w, way, side) for w, way in enumerate(ways) for side in _sides(dose.first, dose.sides)]
    for b, (w, way, side) in enumerate(blocks):
        if b:
            at = _switch(track, drill, side, way, w, turned=way != blocks[b - 1][1])
        for i, s in _order(n, dose.first, dose.sides, side):
            text = phrases.rep(i, i == n, s, named=dose.sides == "alternate", count=drill.cues.count)
            event = track.say(text, "rep", at=at, side=s, rep=i, direction=way)
            at = event.at + max(tempo, event.length + GAP)
        track.now = at


def holds(track: Cursor, drill: Drill, options: PlanOptions, level: Level, go: int) -> None:
    """Each hold: the move, time to get there, "Hold", then its full seconds, then release and rest."""
    dose = drill.dose
    assert isinstance(dose, Holds)
    n, seconds = dose.sets.pick_int(level), dose.hold.pick(level)
    alternate = dose.sides == "alternate"
    settle = max(SETTLE_SECONDS, dose.rest) if alternate else SETTLE_SECONDS
    lines = Rotation((*drill.cues.tips, *phrases.CALM))  # a long hold's line: the tips, then calm ones, in turn
    at = _after(track, go, "go")
    for b, side in enumerate(_sides(dose.first, dose.sides)):
        if b:
            at = _switch(track, drill, side, None)
        order = _order(n, dose.first, dose.sides, side)
        for k, (i, s) in enumerate(order):
            last = k == len(order) - 1
            if k:
                at = _back_into(track, drill, at, s, i, n, seconds, settle)
            end = _hold(track, phrases.hold(last), at, s, i, seconds, lines)
            if last:
                track.say(phrases.release(False), "release", at=end, side=s)
            elif alternate:
                at = end  # the other side's move is the release: fewer words, a calmer rhythm
            else:
                track.say(phrases.release(True), "rest", at=end, side=s)
                at = max(track.free(), end + samples(dose.rest))


def _back_into(
    track: Cursor, drill: Drill, at: int, side: Side | None, number: int, total: int, seconds: float, settle: float
) -> int:
    """The round (holds on one side) and the move, then time to settle; returns where "Hold" goes."""
    if getattr(drill.dose, "sides", None) != "alternate":
        track.say(phrases.set_of(number, total), "set", at=at, side=side)
        at = track.free()
    elif drill.position in phrases.RETURN_LINES:
        track.say(phrases.RETURN_LINES[drill.position], "release", at=at, side=side)
        at = track.free()
    track.say(phrases.move(side, drill.cues.move_for(0)), "move", at=at, side=side)
    start = track.free()
    if seconds < LONG_HOLD:
        return start + samples(settle)
    for k in range(HOLD_TICKS):
        track.sound("tick", "countdown", at=start + samples(k), side=side)
    return start + samples(HOLD_TICKS)


def _hold(track: Cursor, text: str, at: int, side: Side | None, number: int, seconds: float, lines: Rotation) -> int:
    """Say "Hold"; the seconds count from its end. A long hold gets the next of ``lines``, time left and beeps."""
    cue = track.say(text, "hold", at=at, side=side, set=number, seconds=seconds)
    end = cue.end + samples(seconds)
    if seconds >= LONG_HOLD:
        ticks = [end - samples(k) for k in range(HOLD_TICKS, 0, -1)]
        calls = _time_calls(seconds)  # seconds left, the most first
        first_call = end - samples(calls[0]) if calls else ticks[0]
        line = lines.peek()
        if line is not None and _say_if_room(track, line, "tip", cue.end + GAP, first_call, side):
            lines.take()
        for k, left in enumerate(calls):
            before = end - samples(calls[k + 1]) if k + 1 < len(calls) else ticks[0]
            _say_if_room(track, phrases.time_left(left), "left", end - samples(left), before, side)
        for tick in ticks:
            track.sound("tick", "countdown", at=tick, side=side)
    track.until(end)
    return end


def _time_calls(seconds: float) -> list[int]:
    """The seconds left that a hold calls: every :data:`TIME_LEFT` (15, 30, ...) short of its start."""
    if seconds < TIME_LEFT_FROM:
        return []
    return [k * TIME_LEFT for k in range(int((seconds - TIME_LEFT_FROM) // TIME_LEFT) + 1, 0, -1)]


def _say_if_room(track: Cursor, text: str, cue: str, at: int, before: int, side: Side | None) -> bool:
    """Say ``text`` at ``at`` only if it ends, with its gap, before ``before``; whether it was said."""
    if at + track.lengths.say(text) + GAP <= before:
        track.say(text, cue, at=at, side=side)
        return True
    return False


def _tip_before_holds(drill: Drill, level: Level) -> bool:
    assert isinstance(drill.dose, Holds)
    return drill.dose.hold.pick(level) < LONG_HOLD


Body = Callable[[Cursor, Drill, PlanOptions, Level, int], None]
BODIES: dict[str, Body] = {"distance": distance, "reps": reps, "holds": holds}
TIP_BEFORE: dict[str, Callable[[Drill, Level], bool]] = {
    "distance": lambda drill, level: False,  # said on the move, early in the first leg
    "reps": lambda drill, level: True,  # every beat is counted: no room once it starts
    "holds": _tip_before_holds,  # a long hold has room for it
}
"""Whether a drill's tip is said before the countdown rather than once it is under way."""
