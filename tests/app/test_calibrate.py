"""Pacing calibration with a fake clock: the time from go to Enter becomes the pace."""

from __future__ import annotations

import pytest

from coach.app import calibrate
from coach.errors import InputError
from coach.plan.lengths import Lengths
from coach.routine.builtin import load_builtin


def test_time_from_go_to_enter():
    now = iter([100.0, 123.46])
    heard = lambda: next(now)  # noqa: E731  (the go cue is heard at t = 100)
    assert calibrate.time_leg(heard, lambda: None, lambda: next(now)) == 23.5


@pytest.mark.parametrize("seconds", [0.4, 1.9, 601.0])
def test_implausible_legs_are_refused(seconds):
    with pytest.raises(InputError, match="expected 2 to 600 seconds"):
        calibrate.check_leg(seconds)


def test_only_distance_drills_can_be_paced():
    routines = [load_builtin("pre-run"), load_builtin("post-run")]
    assert calibrate.find_distance_drill(routines, "walking-lunge-twist").name == "Walking lunges with a twist"
    with pytest.raises(InputError, match='"spiderman" is not a 20 m drill; choose from: knee-drive-crossover, '):
        calibrate.find_distance_drill(routines, "spiderman")


def test_the_go_cue_comes_after_the_instructions():
    drill = load_builtin("pre-run").drill("knee-drive-crossover")
    timeline = calibrate.go_timeline(drill, Lengths())
    cues = [e.cue for e in timeline.events]
    assert cues[:3] == ["intro", "howto", "howto"] and cues[-1] == "go"
    said = [e for e in timeline.events if e.type == "say"]
    go = timeline.events[-1]
    assert all(e.end <= go.at for e in said) and timeline.length >= go.end
