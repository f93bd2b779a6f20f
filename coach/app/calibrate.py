"""Pacing calibration: time one 20 m leg of a drill, with the clock passed in.

The go cue is played by the caller; this module only turns "go was heard at
t0, Enter was pressed at t1" into a checked pace, so it is tested with a fake
clock (like CPython's sched takes its timefunc).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from coach.errors import InputError
from coach.routine.model import MAX_PACE, MIN_PACE, PACE_EXPECTED
from coach.routine.model import Distance, Drill, Routine
from coach.plan.timeline import Timeline
from coach.plan.cursor import Cursor
from coach.plan.lengths import Lengths


def find_distance_drill(routines: Sequence[Routine], drill_id: str) -> Drill:
    """The 20 m drill ``drill_id`` of these routines; InputError listing them otherwise."""
    drills = [d for r in routines for d in r.drills if isinstance(d.dose, Distance)]
    for drill in drills:
        if drill.id == drill_id:
            return drill
    valid = ", ".join(dict.fromkeys(d.id for d in drills))
    raise InputError(f'"{drill_id}" is not a 20 m drill; choose from: {valid}')


def check_leg(seconds: float) -> float:
    if not MIN_PACE <= seconds <= MAX_PACE:  # the bounds of --pace and config set pace.DRILL
        raise InputError(f"a 20 m leg of {seconds:g} s? expected {PACE_EXPECTED}; try again")
    return round(seconds, 1)


def time_leg(play_go: Callable[[], float], wait_for_enter: Callable[[], None], clock: Callable[[], float]) -> float:
    """Seconds from the go cue (``play_go`` returns the clock time it was heard) to Enter."""
    heard = play_go()
    wait_for_enter()
    return check_leg(clock() - heard)


def go_timeline(drill: Drill, lengths: Lengths) -> Timeline:
    """What the runner hears before timing: the drill, a countdown and go."""
    track = Cursor(lengths)
    track.drill = drill.id
    track.say(f"Pace check: {drill.name}.", "intro")
    track.say("Do one 20 metre leg at your own pace.", "howto")
    track.say("Press Enter when you reach 20 metres.", "howto")
    go = track.countdown()
    track.until(go + lengths.sound("go"))
    return Timeline("pace", "Pace check", track.end(), (), tuple(track.events))
