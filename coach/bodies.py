"""The working part of each kind of drill, from "go" to the last rep, hold or leg.

One function per dose kind, chosen from :data:`BODIES`; what varies by
position lives in the tables below.
"""

from __future__ import annotations

from collections.abc import Callable

from coach import phrases
from coach.model import Distance, Drill, Holds, Level, Position, Reps, Side, other
from coach.options import PlanOptions
from coach.timeline import samples
from coach.track import GAP, Track

# Seconds to change sides (or swing direction) in each position.
SWITCH_SECONDS: dict[Position, float] = {"standing": 3, "lying": 5, "kneeling": 6, "plank": 4}
# Beeps in the last seconds of a hold.
HOLD_TICKS = 3


def _sides(first: Side, mode: str) -> tuple[Side | None, ...]:
    return (first, other(first)) if mode == "each" else (None,)


def _order(n: int, first: Side, mode: str, side: Side | None) -> list[tuple[int, Side | None]]:
    """(number, side) for each rep or hold of a block: alternating sides, or one side."""
    if mode == "alternate":
        return [(i, s) for i in range(1, n + 1) for s in (first, other(first))]
    return [(i, side) for i in range(1, n + 1)]


def _switch(track: Track, drill: Drill, side: Side | None, direction: str | None) -> int:
    """Announce a change of side or direction, give time to change, return the go sample."""
    track.sound("switch", "switch", side=side)
    track.say(phrases.switch(side, direction), "switch", side=side, direction=direction)
    track.wait(SWITCH_SECONDS[drill.position])
    go = track.sound("go", "go", side=side)
    return _after_go(track, go.at)


def _after_go(track: Track, go: int) -> int:
    """Where the first rep or hold starts: just after the go sound."""
    return go + track.lengths.sound("go") + GAP


def distance(track: Track, drill: Drill, options: PlanOptions, level: Level, go: int) -> None:
    dose = drill.dose
    assert isinstance(dose, Distance)
    pace = samples(options.leg_seconds(drill))
    step = samples(60 / options.cadence) if options.cadence else 0
    start = go
    for j, leg in enumerate(dose.legs):
        if j:
            track.sound("turn", "turn", at=start, side=leg.lead)
        track.say(phrases.leg(leg.lead, j == 0), "leg", at=start, side=leg.lead, meters=dose.meters, lead=leg.lead)
        for beat in range(start + step, start + pace, step) if step else ():
            track.sound("step", "step", at=beat)
        start += pace
    track.now = start
    track.say(drill.cues.finish or phrases.finish(distance=True), "finish", at=start)


def reps(track: Track, drill: Drill, options: PlanOptions, level: Level, go: int) -> None:
    dose = drill.dose
    assert isinstance(dose, Reps)
    n = dose.reps.pick_int(level)
    tempo = samples(options.rep_seconds(drill))
    at = _after_go(track, go)
    blocks = [(way, side) for way in (dose.directions or (None,)) for side in _sides(dose.first, dose.sides)]
    for b, (way, side) in enumerate(blocks):
        if b:
            at = _switch(track, drill, side, way)
        for i, s in _order(n, dose.first, dose.sides, side):
            text = phrases.rep(i, i == n, s, named=dose.sides == "alternate")
            event = track.say(text, "rep", at=at, side=s, rep=i, direction=way)
            at = event.at + max(tempo, event.length + GAP)
        track.now = at
    track.say(drill.cues.finish or phrases.finish(distance=False), "finish")


def holds(track: Track, drill: Drill, options: PlanOptions, level: Level, go: int) -> None:
    dose = drill.dose
    assert isinstance(dose, Holds)
    n, seconds = dose.sets.pick_int(level), dose.hold.pick(level)
    at = _after_go(track, go)
    for b, side in enumerate(_sides(dose.first, dose.sides)):
        if b:
            at = _switch(track, drill, side, None)
        order = _order(n, dose.first, dose.sides, side)
        for k, (i, s) in enumerate(order):
            last_of_block = k == len(order) - 1
            if i > 1 and dose.sides != "alternate":
                track.say(phrases.set_of(i, n), "set", at=at, side=s)
                at = track.free()
            end = _hold(track, phrases.hold(s, last_of_block, named=dose.sides == "alternate"), at, s, i, seconds)
            resting = not last_of_block and dose.sides != "alternate"
            track.say(phrases.release(resting), "rest" if resting else "release", at=end, side=s)
            if not last_of_block:
                at = max(track.free(), end + samples(dose.rest))
    track.say(drill.cues.finish or phrases.finish(distance=False), "finish")


def _hold(track: Track, text: str, at: int, side: Side | None, number: int, seconds: float) -> int:
    """Say the hold cue, beep its last seconds; return the sample where it ends."""
    event = track.say(text, "hold", at=at, side=side, set=number, seconds=seconds)
    end = event.at + samples(seconds)
    for k in range(HOLD_TICKS, 0, -1):
        tick = end - samples(k)
        if tick >= event.end + GAP:
            track.sound("tick", "countdown", at=tick, side=side)
    track.until(end)
    return end


Body = Callable[[Track, Drill, PlanOptions, Level, int], None]
BODIES: dict[str, Body] = {"distance": distance, "reps": reps, "holds": holds}
