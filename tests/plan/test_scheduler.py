"""The scheduler: doses, pacing, cues, on the built-in routines (pure, estimated lengths)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coach.errors import InputError
from coach.plan.lengths import Lengths
from coach.plan.options import PlanOptions
from coach.routine.builtin import load_builtin
from coach.app.planning import plan as plan_session
from coach.plan.scheduler import schedule
from coach.plan.cursor import SOUND_GAP
from coach.plan.timeline import SAMPLE_RATE
from support.plans import drill_events, reps_per_side, spoken_overlaps

GOLDEN = Path(__file__).parent / "golden"


def plan_of(routine_id: str, **options) -> dict:
    return schedule(load_builtin(routine_id), PlanOptions(**options)).to_json()


@pytest.mark.parametrize("routine_id", ["pre-run", "post-run"])
def test_plan_matches_golden(routine_id):
    """The whole plan, as JSON, is stable; set COACH_UPDATE_GOLDEN=1 to rewrite after a deliberate change."""
    path = GOLDEN / f"{routine_id}.plan.json"
    text = json.dumps(plan_of(routine_id), indent=1) + "\n"
    if os.environ.get("COACH_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()


@pytest.mark.parametrize("routine_id", ["pre-run", "post-run"])
def test_chapters_from_the_opening_one_per_drill_without_gaps(routine_id):
    plan = plan_of(routine_id)
    chapters, drills = plan["chapters"], plan["drills"]
    assert [c["title"] for c in chapters] == ["Introduction"] + [d["name"] for d in drills]
    assert chapters[0]["start"] == 0 and chapters[-1]["end"] == plan["duration"]
    assert [c["start"] for c in chapters[1:]] == [d["start"] for d in drills]
    assert all(a["end"] == b["start"] for a, b in zip(chapters, chapters[1:]))


def test_joined_session_chapters_name_each_routine_and_the_run():
    pre, post = load_builtin("pre-run"), load_builtin("post-run")
    joined = plan_session([pre, post], PlanOptions(), gap_minutes=20)
    titles = [c.title for c in joined.chapters]
    assert titles == [pre.title, *(d.name for d in pre.drills), "Easy run, 20 min", post.title, *(d.name for d in post.drills)]
    run = joined.chapters[len(pre.drills) + 1]
    assert 20 * 60 <= (run.end - run.start) / SAMPLE_RATE < 20 * 60 + 30
    assert joined.chapters[0].start == 0 and joined.chapters[-1].end == joined.length
    assert joined.length * 48000 % 44100 == 0  # a whole number of 48 kHz samples: Opus lasts as long
    assert all(a.end == b.start for a, b in zip(joined.chapters, joined.chapters[1:]))
    no_gap = plan_session([pre, post], PlanOptions(), gap_minutes=0)
    assert "Easy run" not in " ".join(c.title for c in no_gap.chapters)
    assert [c.title for c in no_gap.chapters].index(post.title) == len(pre.drills) + 1


def test_pre_run_doses_from_the_plan_alone():
    plan = plan_of("pre-run")
    assert [d["id"] for d in plan["drills"]] == [
        "knee-drive-crossover", "straight-leg-march", "supine-scorpion",
        "drop-step-lunge", "leg-swings", "walking-lunge-twist",
    ]
    legs = drill_events(plan, "knee-drive-crossover", "leg")
    assert [(e["meters"], e["lead"]) for e in legs] == [(20, "right"), (20, "left")]
    assert [e["lead"] for e in drill_events(plan, "straight-leg-march", "leg")] == ["right", "left"]
    assert [e["meters"] for e in drill_events(plan, "walking-lunge-twist", "leg")] == [20]
    assert reps_per_side(plan, "supine-scorpion") == {("right", None): 10, ("left", None): 10}
    assert reps_per_side(plan, "drop-step-lunge") == {("right", None): 10, ("left", None): 10}
    assert reps_per_side(plan, "leg-swings") == {
        ("right", "forward"): 15, ("left", "forward"): 15, ("right", "sideways"): 15, ("left", "sideways"): 15,
    }
    scorpion = drill_events(plan, "supine-scorpion", "rep")
    assert [e["side"] for e in scorpion[:4]] == ["right", "left", "right", "left"]
    assert [e["rep"] for e in scorpion[:4]] == [1, 1, 2, 2]
    assert "last one" in scorpion[-1]["text"].lower() and "left" in scorpion[-1]["text"].lower()
    swings = drill_events(plan, "leg-swings", "rep")
    assert [e["direction"] for e in swings[::15]] == ["forward", "forward", "sideways", "sideways"]
    assert [e["side"] for e in swings[::15]] == ["right", "left", "right", "left"]


def test_post_run_doses_from_the_plan_alone():
    plan = plan_of("post-run")
    assert reps_per_side(plan, "supine-leg-rotation") == {("right", None): 15, ("left", None): 15}
    holds = drill_events(plan, "kneeling-hip-flexor", "hold")
    assert [(e["side"], e["set"], e["seconds"]) for e in holds] == [
        (side, n, 30.0) for side in ("right", "left") for n in (1, 2, 3, 4)
    ]
    sets = [e["text"] for e in drill_events(plan, "kneeling-hip-flexor", "set")]
    assert sets[:3] == ["Round 2 of 4.", "Round 3 of 4.", "Round 4 of 4."]
    assert reps_per_side(plan, "walking-butt-kick") == {("right", None): 8, ("left", None): 8}
    spider = drill_events(plan, "spiderman", "hold")
    assert [e["side"] for e in spider] == ["right", "left"] * 4 and {e["seconds"] for e in spider} == {4.0}
    rotation = drill_events(plan, "supine-hip-rotation", "hold")
    assert len(rotation) == 12 and [e["side"] for e in rotation[:2]] == ["left", "right"]


@pytest.mark.parametrize(("level", "sets", "hold"), [("short", 3, 3.0), ("standard", 4, 4.0), ("full", 5, 5.0)])
def test_level_picks_from_ranges(level, sets, hold):
    plan = plan_of("post-run", level=level)
    spider = drill_events(plan, "spiderman", "hold")
    assert len(spider) == 2 * sets and spider[0]["seconds"] == hold
    assert len(drill_events(plan, "kneeling-hip-flexor", "hold")) == 2 * (4 if level != "full" else 5)


def test_durations_tell_the_truth():
    pre, post = plan_of("pre-run"), plan_of("post-run")
    assert 7 * 60 <= pre["duration"] <= 13 * 60
    assert 6 * 60 <= post["duration"] <= 16 * 60
    for plan in (pre, post):
        intro = next(e["text"] for e in plan["events"] if e["cue"] == "intro" and "minutes" in e["text"])
        done = [e["text"] for e in plan["events"] if e["cue"] == "done" and e["type"] == "say"][-1]
        minutes = max(1, round(plan["duration"] / 60))
        assert f", {minutes} minutes." in intro and f"{minutes} minutes" in done


def test_turn_cue_lands_exactly_at_the_pace():
    """The crossover comes back without turning: its leg ends with the switch sound, on the pace."""
    plan = plan_of("pre-run", pace={"knee-drive-crossover": 25.0})
    go = drill_events(plan, "knee-drive-crossover", "go")[0]
    turn = drill_events(plan, "knee-drive-crossover", "switch")[0]
    assert turn["sound"] == "switch" and not drill_events(plan, "knee-drive-crossover", "turn")
    assert turn["sample"] - go["sample"] == 25 * SAMPLE_RATE
    legs = drill_events(plan, "knee-drive-crossover", "leg")
    assert legs[0]["sample"] < go["sample"]  # the first lead is said before the countdown
    assert legs[1]["sample"] == turn["sample"] + round(turn["length"] * SAMPLE_RATE) + SOUND_GAP


def test_pace_scale_stretches_defaults_but_not_own_paces():
    base = plan_of("pre-run")
    scaled = plan_of("pre-run", pace_scale=2.0, pace={"straight-leg-march": 30.0})

    def leg_gap(plan, drill):
        ends = [e for e in drill_events(plan, drill) if e["cue"] in ("turn", "switch")]
        return ends[0]["sample"] - drill_events(plan, drill, "go")[0]["sample"]

    assert leg_gap(scaled, "knee-drive-crossover") == 2 * leg_gap(base, "knee-drive-crossover")
    assert leg_gap(scaled, "straight-leg-march") == 30 * SAMPLE_RATE


def test_tempo_scale_spaces_reps():
    slow = plan_of("pre-run", tempo_scale=2.0)
    reps = drill_events(slow, "supine-scorpion", "rep")
    assert reps[1]["sample"] - reps[0]["sample"] == round(7.0 * SAMPLE_RATE)


def test_cadence_clicks_steps_only_during_legs():
    plan = plan_of("pre-run", cadence=120)
    steps = [e for e in plan["events"] if e["cue"] == "step"]
    go = drill_events(plan, "knee-drive-crossover", "go")[0]
    inside = [e for e in steps if go["sample"] < e["sample"] < go["sample"] + 14 * SAMPLE_RATE]
    assert len(inside) == 27  # every half second of a 14 s leg, after the go
    assert all(e["drill"] in ("knee-drive-crossover", "straight-leg-march", "walking-lunge-twist") for e in steps)
    assert not [e for e in plan_of("pre-run")["events"] if e["cue"] == "step"]


def test_no_spoken_overlap_and_sorted():
    for routine_id in ("pre-run", "post-run"):
        plan = plan_of(routine_id)
        assert not spoken_overlaps(plan)
        samples = [e["sample"] for e in plan["events"]]
        assert samples == sorted(samples)
        assert all(e["sample"] + round(e["length"] * SAMPLE_RATE) <= plan["samples"] for e in plan["events"])


def test_measured_lengths_move_later_cues_but_keep_them_apart():
    routine = load_builtin("pre-run")
    fast = schedule(routine)
    intro = next(e.text for e in fast.events if e.cue == "intro" and "minutes" in (e.text or ""))
    slow = schedule(routine, None, Lengths(speech={intro: 10 * SAMPLE_RATE}))
    assert slow.length > fast.length
    said = slow.spoken()
    assert all(b.at >= a.end for a, b in zip(said, said[1:]))


def test_same_inputs_same_plan():
    assert plan_of("post-run", level="full") == plan_of("post-run", level="full")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"pace": {"leg-swings": 20.0}}, '"leg-swings" is not a 20 m drill of pre-run; choose from: knee-drive-crossover'),
        ({"pace": {"knee-drive-crossover": 601.0}}, "expected 2 to 600 seconds per leg, got 601"),
        ({"pace": {"knee-drive-crossover": 0.01}}, "expected 2 to 600 seconds per leg, got 0.01"),
        ({"pace_scale": 0.01}, "--pace-scale: knee-drive-crossover would take 0.14 s per leg; expected 2 to 600"),
        ({"pace_scale": 11.0}, "--pace-scale: 11 is too much"),
        ({"pace_scale": 0.0}, "--pace-scale: expected a positive number"),
        ({"tempo_scale": -1.0}, "--tempo-scale: expected a positive number"),
        ({"cadence": 500}, "--cadence: expected steps per minute from 30 to 240"),
    ],
)
def test_bad_options_are_one_clear_line(options, message):
    with pytest.raises(InputError) as err:
        schedule(load_builtin("pre-run"), PlanOptions(**options))
    assert message in str(err.value) and "\n" not in str(err.value)
