"""The built-in routines carry the articles' drills and doses (issue 2's table)."""

from __future__ import annotations

import pytest

from coach.routine.model import Distance, Holds, Reps, Range
from coach.routine.builtin import BUILTIN, find_routine, load_builtin
from coach.errors import InputError

PRE = ["knee-drive-crossover", "straight-leg-march", "supine-scorpion", "drop-step-lunge", "leg-swings", "walking-lunge-twist"]
POST = ["supine-leg-rotation", "kneeling-hip-flexor", "walking-butt-kick", "spiderman", "supine-hip-rotation"]


def test_builtin_ids_and_drill_order():
    assert BUILTIN == ("pre-run", "post-run")
    assert list(load_builtin("pre-run").drill_ids) == PRE
    assert list(load_builtin("post-run").drill_ids) == POST


@pytest.mark.parametrize("routine_id", BUILTIN)
def test_every_drill_has_name_howto_position(routine_id):
    for drill in load_builtin(routine_id).drills:
        assert drill.name and 1 <= len(drill.how) <= 2
        assert drill.position in ("standing", "lying", "kneeling", "plank")
        for line in drill.how:
            assert len(line.split()) <= 14, line


def test_doses_match_the_articles():
    pre = {d.id: d.dose for d in load_builtin("pre-run").drills}
    post = {d.id: d.dose for d in load_builtin("post-run").drills}
    kdc = pre["knee-drive-crossover"]
    assert isinstance(kdc, Distance) and kdc.meters == 20 and [leg.lead for leg in kdc.legs] == ["right", "left"]
    assert isinstance(pre["straight-leg-march"], Distance) and len(pre["straight-leg-march"].legs) == 2
    assert pre["supine-scorpion"] == Reps(Range(10, 10), 3.5, "alternate", "right")
    assert pre["drop-step-lunge"].reps == Range(10, 10) and pre["drop-step-lunge"].sides == "alternate"
    swings = pre["leg-swings"]
    assert swings.reps == Range(15, 15) and swings.sides == "each" and swings.directions == ("forward", "sideways")
    lunge = pre["walking-lunge-twist"]
    assert isinstance(lunge, Distance) and lunge.meters == 20 and len(lunge.legs) == 1
    assert post["supine-leg-rotation"].reps == Range(15, 15) and post["supine-leg-rotation"].sides == "each"
    hip = post["kneeling-hip-flexor"]
    assert isinstance(hip, Holds) and hip.sets == Range(4, 5) and hip.hold == Range(30, 30) and hip.sides == "each"
    assert post["walking-butt-kick"].reps == Range(8, 8) and post["walking-butt-kick"].sides == "alternate"
    spider = post["spiderman"]
    assert spider.sets == Range(3, 5) and spider.hold == Range(3, 5) and spider.sides == "alternate"
    rot = post["supine-hip-rotation"]
    assert rot.sets == Range(6, 6) and rot.sides == "alternate"


def test_levels_pick_low_middle_high():
    span = Range(3, 5)
    assert (span.pick("short"), span.pick("standard"), span.pick("full")) == (3, 4, 5)
    assert Range(4, 5).pick("standard") == 4


def test_unknown_routine_names_the_valid_ones():
    with pytest.raises(InputError, match=r'unknown routine "warmup"; built-in routines: pre-run, post-run'):
        find_routine("warmup")
