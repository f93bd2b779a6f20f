"""Coaching as the articles ask, read off the plan as `coach plan --json` prints it.

Each test names the review finding it guards (issue 9). The plans here use
estimated lengths; tests/cli/test_cli_plan.py checks the rule on sounds with
the real voice.
"""

from __future__ import annotations

import pytest

from coach.plan.options import PlanOptions
from coach.routine.builtin import load_builtin
from coach.plan.scheduler import schedule
from support.plans import drill_events, speech_over_sounds

RATE = 44100
LEVELS = ("short", "standard", "full")


def plan_of(routine_id: str, **options) -> dict:
    return schedule(load_builtin(routine_id), PlanOptions(**options)).to_json()


def ends(event: dict) -> int:
    return event["sample"] + round(event["length"] * RATE)


def said(plan: dict, drill: str | None = None) -> list[str]:
    return [e["text"] for e in plan["events"] if e["type"] == "say" and (drill is None or e["drill"] == drill)]


def test_crossover_comes_back_without_turning_and_the_march_turns():
    """Error 1: same facing on the way back, travelling right, left knee leading."""
    plan = plan_of("pre-run")
    first, back = (e["text"] for e in drill_events(plan, "knee-drive-crossover", "leg"))
    assert first == "Right knee leads. Travel to your left."
    assert back == "Left knee leads. Face the same way, travel back right."
    assert [e["sound"] for e in drill_events(plan, "knee-drive-crossover") if e["cue"] in ("turn", "switch")] == ["switch"]
    march = [e["text"] for e in drill_events(plan, "straight-leg-march", "leg")]
    assert march[1].startswith("Turn around. Left leg")


def test_lunge_twists_away_from_the_front_knee():
    """Error 2: right leg forward, the ball goes left."""
    lines = " ".join(said(plan_of("pre-run"), "walking-lunge-twist"))
    assert "twist away from the front knee" in lines and "toward the front knee" not in lines


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("drill", ["spiderman", "supine-hip-rotation", "kneeling-hip-flexor"])
def test_every_hold_lasts_its_dose_after_the_runner_is_in_position(level, drill):
    """Errors 3 and 4: the move is cued, there is time to get there, then "Hold" and the full count."""
    plan = plan_of("post-run", level=level)
    events = drill_events(plan, drill)
    holds = [e for e in events if e["cue"] == "hold"]
    for hold in holds:
        release = next(e for e in events if e["sample"] > hold["sample"] and e["cue"] in ("release", "rest", "move"))
        assert release["sample"] - ends(hold) >= round(hold["seconds"] * RATE)
        before = [e for e in events if e["sample"] < hold["sample"]]
        moved = [e for e in before if e["cue"] in ("move", "position", "switch")][-1]
        go_or_ticks = [e for e in before if e["sample"] > ends(moved)]
        waited = hold["sample"] - ends(moved)
        assert waited >= 2 * RATE or any(e["cue"] == "go" for e in go_or_ticks), hold


def test_hip_flexor_rounds_have_the_move_and_a_countdown():
    """Error 4: "Round 2 of 4", which foot, a 3-2-1, then "Hold"."""
    events = drill_events(plan_of("post-run"), "kneeling-hip-flexor")
    for k, event in enumerate(events):
        if event["cue"] == "set":
            move, *ticks, hold = events[k + 1 : k + 6]
            assert move["cue"] == "move" and move["text"].endswith("foot forward, " + ("left" if move["side"] == "right" else "right") + " knee down.")
            assert [t["sound"] for t in ticks] == ["tick"] * 3 and hold["cue"] == "hold"
    assert sum(e["cue"] == "set" for e in events) == 6


def test_no_promise_of_a_start_that_does_not_come():
    """Error 5: the first sounds after the intro are the first drill's own countdown."""
    for routine_id in ("pre-run", "post-run"):
        plan = plan_of(routine_id)
        assert not [t for t in said(plan) if "start in" in t]
        first_sound = next(e for e in plan["events"] if e["type"] == "sound")
        assert first_sound["drill"] == plan["drills"][0]["id"] and first_sound["cue"] == "countdown"


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("routine_id", ["pre-run", "post-run"])
def test_no_spoken_line_overlaps_a_sound(routine_id, level):
    """Error 6: the lead leg before the countdown, the turn's line after the turn sound."""
    plan = plan_of(routine_id, level=level)
    assert speech_over_sounds(plan) == []
    for drill in ("knee-drive-crossover", "straight-leg-march", "walking-lunge-twist"):
        if routine_id == "pre-run":
            lead = drill_events(plan, drill, "leg")[0]
            assert ends(lead) < drill_events(plan, drill, "countdown")[0]["sample"]


def test_the_body_part_that_moves_is_named():
    """Error 7: which foot goes forward, which knee goes down, which foot steps."""
    post = plan_of("post-run")
    assert "Right foot forward, left knee down." in said(post, "kneeling-hip-flexor")
    counts = [e["text"] for e in drill_events(post, "walking-butt-kick", "rep")]
    assert counts[:2] == ["Right foot steps, 1.", "Left foot steps, 1."]
    assert "Right ankle on your left knee." in said(post, "supine-leg-rotation")


def test_distance_drills_have_honest_paces():
    """Error 8: about 22 slow lunges of 3 s make 20 m; a straight-leg march takes about 25 s."""
    plan = plan_of("pre-run")
    gaps = {}
    for drill in ("straight-leg-march", "walking-lunge-twist"):
        go = drill_events(plan, drill, "go")[0]["sample"]
        finish = drill_events(plan, drill, "finish")[0]["sample"]
        gaps[drill] = (finish - go) / RATE
    assert gaps["straight-leg-march"] == pytest.approx(2 * 25)
    assert 60 <= gaps["walking-lunge-twist"] <= 75


def test_what_to_have_ready_comes_before_the_first_drill():
    """Error 9: the jog (as done before pressing play), 20 metres, a wall and a ball, before anything starts."""
    plan = plan_of("pre-run")
    first_drill = plan["drills"][0]["start"]
    early = " ".join(e["text"] for e in plan["events"] if e["type"] == "say" and e["t"] < first_drill)
    for needed in ("after your easy jog", "20 metres", "a wall", "ball"):
        assert needed in early


def test_the_rest_names_the_next_drill_and_where_to_get_to():
    plan = plan_of("pre-run")
    rests = [e for e in plan["events"] if e["cue"] == "rest" and e["drill"] is None]
    assert len(rests) == 5
    after = said(plan)
    k = after.index("Drill 3 out of 6: Supine scorpion.")
    assert after[k + 1] == "Lie down on your back."
    assert not [t for t in after if t.startswith("Stay ")]  # no "Stay on your feet" warnings


def test_long_holds_talk_and_short_holds_stay_calm():
    post = plan_of("post-run")
    flexor = drill_events(post, "kneeling-hip-flexor")
    assert "Tall through the chest, hands on your hips." in [e.get("text") for e in flexor]
    assert sum(e.get("text") == "15 seconds to go." for e in flexor) == 8
    spider = drill_events(post, "spiderman")
    assert not [e for e in spider if e["cue"] == "countdown" and e["sample"] > spider[0]["sample"] + 30 * RATE]


def test_sideways_swings_are_explained_before_they_start():
    lines = said(plan_of("pre-run"), "leg-swings")
    sideways = lines.index("Face the wall, hands on it. Right leg swings across.")
    assert lines.index("Left hand on the wall, right leg swings forward.") < sideways


def test_a_form_line_for_every_drill():
    for routine_id in ("pre-run", "post-run"):
        plan = plan_of(routine_id)
        for drill in plan["drills"]:
            assert drill_events(plan, drill["id"], "tip"), drill["id"]
