"""Coaching, round 3 (issue 23), read off the plans of both routines and of a routine with long legs.

No long silences, every hand, foot and way named, setup in the rests, tips in
turn, varied praise, the routine's place said, the beeps explained, and a real
finish. Plans on estimated lengths, at every level and at --pace-scale 1, 1.5 and 2.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from coach.errors import CoachError
from coach.plan.options import PlanOptions
from coach.plan.scheduler import schedule
from coach.plan.timeline import Event, Timeline
from coach.routine.builtin import load_builtin
from coach.routine.loader import parse
from coach.units import samples

LEVELS = ("short", "standard", "full")
SCALES = (1.0, 1.5, 2.0)
MAX_SILENCE = 20.0

LONG_LEGS = """\
format = 1
id = "long-legs"
title = "Long legs"
before = "Have 100 metres marked out."
after = "Now your run."
breaths = 3

[[drills]]
id = "walk-lunge"
name = "Walking lunge"
kind = "distance"
position = "standing"
how = "Lunge forward, one leg then the other."
meters = 100
pace = 60
legs = [{ lead = "right" }, { lead = "left" }, { lead = "right", turn = false }]

[drills.cues]
tip = ["Tall chest.", "Front knee over the ankle."]
both = "{side} leg forward, twist to the {other}"

[[drills]]
id = "swings"
name = "Swings"
kind = "reps"
position = "standing"
how = "Hand on a fence, swing one leg."
reps = 6
tempo = 2
sides = "each"
directions = ["forward", "sideways"]

[drills.cues]
setup = "Walk to the fence."
move = ["{other} hand on the fence, {side} leg swings forward", "Face the fence. {side} leg swings across"]

[[drills]]
id = "stretch"
name = "Long stretch"
kind = "holds"
position = "kneeling"
how = "One knee down, lean forward."
sets = 5
hold = 40
sides = "each"

[drills.cues]
move = "{side} foot forward, {other} knee down"
tip = "Hips forward."

[[drills]]
id = "skip"
name = "Skips"
kind = "distance"
position = "standing"
how = "Skip tall."
meters = 100
pace = 60
legs = [{ lead = "right" }, { lead = "left" }]
"""


def custom() -> object:
    return parse(LONG_LEGS, "long-legs.toml")


def routine_of(name: str):
    return custom() if name == "long-legs" else load_builtin(name)


def plan(name: str, level: str = "standard", scale: float = 1.0) -> Timeline:
    return schedule(routine_of(name), PlanOptions(level=level, pace_scale=scale))


def spoken(timeline: Timeline, drill: str | None = None, cue: str | None = None) -> list[Event]:
    return [e for e in timeline.spoken() if (drill is None or e.drill == drill) and (cue is None or e.cue == cue)]


def texts(timeline: Timeline, drill: str | None = None, cue: str | None = None) -> list[str]:
    return [e.text or "" for e in spoken(timeline, drill, cue)]


def first_go(timeline: Timeline, drill: str) -> Event:
    return next(e for e in timeline.events if e.drill == drill and e.cue == "go")


EVERY_PLAN = [(name, level, scale) for name in ("pre-run", "post-run", "long-legs") for level in LEVELS for scale in SCALES]


@pytest.mark.parametrize(("name", "level", "scale"), EVERY_PLAN)
def test_no_silence_between_spoken_lines_over_20_seconds(name, level, scale):
    said = plan(name, level, scale).spoken()
    gaps = [((b.at - a.end) / samples(1), a.text, b.text) for a, b in zip(said, said[1:])]
    assert max(gaps)[0] <= MAX_SILENCE, max(gaps)


@pytest.mark.parametrize(("name", "level", "scale"), EVERY_PLAN)
def test_no_tip_more_than_twice_in_a_drill(name, level, scale):
    timeline = plan(name, level, scale)
    for drill in timeline.drills:
        counts = Counter(texts(timeline, drill.id, "tip"))
        assert max(counts.values(), default=0) <= 2, (drill.id, counts)


@pytest.mark.parametrize("name", ["pre-run", "post-run", "long-legs"])
@pytest.mark.parametrize("level", LEVELS)
def test_at_most_half_the_drills_end_with_the_same_line(name, level):
    timeline = plan(name, level)
    finishes = [texts(timeline, d.id, "finish")[-1] for d in timeline.drills]
    assert len(finishes) == len(timeline.drills)
    assert max(Counter(finishes).values()) <= len(finishes) / 2, finishes


@pytest.mark.parametrize("name", ["pre-run", "post-run", "long-legs"])
def test_every_drill_is_placed_in_the_routine(name):
    timeline = plan(name)
    names = [d.name for d in timeline.drills]
    announced = texts(timeline, cue="next")
    total = len(names)
    expected = [f"First up: {names[0]}."]
    expected += [f"Drill {k} out of {total}: {n}." for k, n in enumerate(names[1:-1], start=2)]
    expected += [f"Final drill: {names[-1]}."]
    assert announced == expected


@pytest.mark.parametrize("name", ["pre-run", "post-run", "long-legs"])
def test_the_beeps_are_explained_once_before_the_first_countdown(name):
    timeline = plan(name)
    first_sound = next(e for e in timeline.events if e.type == "sound")
    beeps = [e for e in timeline.spoken() if "count you in" in (e.text or "").lower()]
    assert len(beeps) == 1 and beeps[0].end <= first_sound.at and beeps[0].drill is None


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", ["pre-run", "long-legs"])
def test_every_leg_has_halfway_and_the_last_metres_on_the_runners_pace(name, scale):
    timeline = plan(name, scale=scale)
    routine = routine_of(name)
    for drill in routine.drills:
        if drill.dose.kind != "distance":
            continue
        go = first_go(timeline, drill.id).at
        pace = samples(PlanOptions(pace_scale=scale).leg_seconds(drill))
        left = "25 metres to go." if drill.dose.meters == 100 else "5 metres to go."
        for k in range(len(drill.dose.legs)):
            start, end = go + k * pace, go + (k + 1) * pace
            during = [e.text for e in spoken(timeline, drill.id) if start <= e.at < end]
            assert "Halfway." in during and left in during, (drill.id, k, during)
            halfway = next(e for e in spoken(timeline, drill.id) if start <= e.at < end and e.text == "Halfway.")
            assert abs(halfway.at - (start + pace // 2)) < samples(0.5)


def test_the_lunge_twist_is_named_for_each_leg_away_from_the_front_leg():
    for name, drill in (("pre-run", "walking-lunge-twist"), ("long-legs", "walk-lunge")):
        timeline = plan(name)
        go = first_go(timeline, drill).at
        twists = [(e.at, re.fullmatch(r"(Right|Left) leg forward, twist to the (left|right)\.", e.text or ""))
                  for e in spoken(timeline, drill)]
        named = [(at, m.group(1).lower(), m.group(2)) for at, m in twists if m]
        assert all(front != way for _, front, way in named), named
        assert {front for at, front, _ in named if at < go} == {"left", "right"}


def test_the_hand_on_the_wall_is_named_for_every_block_of_leg_swings():
    timeline = plan("pre-run")
    blocks = [e for e in spoken(timeline, "leg-swings") if e.cue in ("position", "switch")]
    assert len(blocks) == 4
    forward, sideways = blocks[:2], blocks[2:]
    for event in forward:
        hand = "left" if event.side == "right" else "right"
        assert (event.text or "").endswith(f"{hand.capitalize()} hand on the wall, {event.side} leg swings forward."), event.text
    for event in sideways:
        assert "Face the wall" in (event.text or "") and f"{event.side.capitalize()} leg swings across" in (event.text or "")
    setup = texts(timeline, cue="setup")
    assert "Walk to your wall." in setup and "Grab your ball, go to your start line." in setup


def test_the_butt_kick_catches_the_heel_with_the_hand_on_its_side():
    timeline = plan("post-run")
    rules = [re.fullmatch(r"Step (left|right), (left|right) hand to (left|right) heel\.", t)
             for t in texts(timeline, "walking-butt-kick", "howto")]
    rules = [m.groups() for m in rules if m]
    assert sorted(rules) == [("left", "right", "right"), ("right", "left", "left")]
    go = first_go(timeline, "walking-butt-kick").at
    assert all(e.at < go for e in spoken(timeline, "walking-butt-kick", "howto"))


def test_knee_rocks_name_which_ankle_goes_on_which_knee():
    lines = texts(plan("post-run"), "supine-leg-rotation")
    assert "Right ankle on your left knee." in lines
    assert "Other side. Left ankle on your right knee." in lines


def test_the_crossover_comes_back_without_the_turn_sound():
    timeline = plan("pre-run")
    mine = [e for e in timeline.events if e.drill == "knee-drive-crossover"]
    assert not [e for e in mine if e.sound == "turn"]
    assert [e.sound for e in mine if e.cue == "switch"] == ["switch"]
    assert not [e for e in mine if "turn around" in (e.text or "").lower()]
    march = [e for e in timeline.events if e.drill == "straight-leg-march"]
    assert [e.sound for e in march if e.type == "sound" and e.sound in ("turn", "switch")] == ["turn"]


def test_drop_step_counts_name_the_stepping_foot():
    reps = spoken(plan("pre-run"), "drop-step-lunge", "rep")
    assert len(reps) == 20
    for rep in reps:
        assert re.match(rf"{rep.side.capitalize()} foot crosses, ", rep.text or ""), rep.text


@pytest.mark.parametrize("level", LEVELS)
def test_the_plank_is_called_at_most_15_seconds_before_the_first_go(level):
    timeline = plan("post-run", level)
    go = first_go(timeline, "spiderman").at
    plank = [e for e in timeline.spoken() if "plank" in (e.text or "").lower() and e.at < go and e.drill == "spiderman"
             and e.cue == "position"]
    assert len(plank) == 1 and (go - plank[0].at) / samples(1) <= 15
    assert "knees down" in (plank[0].text or "").lower()
    rest = [e for e in timeline.spoken() if e.drill is None and e.at < go and "plank" in (e.text or "").lower()]
    assert not rest  # not called in the rest, where the runner would wait in it
    holds = spoken(timeline, "spiderman", "hold")
    assert texts(timeline, "spiderman").count("Back to plank.") == len(holds) - 1


@pytest.mark.parametrize("name", ["pre-run", "post-run"])
def test_where_to_lie_down_is_said_once(name):
    lines = texts(plan(name))
    assert sum("infield" in t for t in lines) == 1
    assert not [t for t in lines if "lane" in t.lower() and "infield" not in t]


@pytest.mark.parametrize("name", ["pre-run", "post-run"])
def test_lead_ins_are_honest(name):
    """Nothing to do "first" once the audio has started, and no minute that is not in the audio."""
    for line in texts(plan(name)):
        lowered = line.lower()
        assert "walk for a minute" not in lowered and "before this" not in lowered and " first," not in lowered, line


def test_the_warm_up_hands_over_to_the_run():
    timeline = plan("pre-run")
    last = timeline.drills[-1]
    after = " ".join(t.lower() for e in timeline.spoken() if e.at >= last.end for t in [e.text or ""])
    for needed in ("jog easy", "two minutes", "strides", "session"):
        assert needed in after, after
    assert after.index("jog easy") < after.index("strides") < after.index("session")


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name", ["post-run", "long-legs"])
def test_the_cool_down_ends_with_breaths_and_a_recap(name, level):
    timeline = plan(name, level)
    last = timeline.drills[-1]
    after = [e for e in timeline.spoken() if e.at >= last.end]
    assert len(after) >= 3
    assert (timeline.length - last.end) / samples(1) >= 30
    breaths = [e for e in after if e.cue == "breathe"]
    assert len(breaths) == 1 + 2 * 3  # "three slow breaths", then in and out three times
    assert [e.cue for e in after][-1] == "after"


def test_the_pre_run_stays_near_ten_minutes():
    assert 9 * 60 <= plan("pre-run").duration <= 12 * 60


LOADER_PROBLEMS = [
    ('tip = "Hips forward."', 'tip = ["a", "b", "c", "d", "e"]', "drills[2].cues.tip: expected one to 4 lines of text in quotes"),
    ('setup = "Walk to the fence."', 'setup = ["a", "b", "c"]', "drills[1].cues.setup: expected one or 2 lines of text in quotes"),
    ('"Face the fence. {side} leg swings across"]', '"Face the fence. {side} leg swings across", "{side} up"]',
     "drills[1].cues.move: expected one template, or 2 in a list, one per direction (forward, sideways), got a list of 3"),
    ('move = "{side} foot forward, {other} knee down"', 'move = ["{side} foot", "{other} foot"]',
     "drills[2].cues.move: expected one template; a list is for reps drills with directions"),
    ('both = "{side} leg forward, twist to the {other}"', 'both = "{front} leg"',
     "drills[0].cues.both: expected text where only {side} and {other} stand in braces"),
    ("breaths = 3", "breaths = 11", "breaths: expected a whole number of at most 10"),
    ('after = "Now your run."', "after = []", "after: expected one to three lines of text in quotes"),
]


@pytest.mark.parametrize(("good", "bad", "message"), LOADER_PROBLEMS)
def test_the_new_fields_refuse_bad_values_in_one_line(good, bad, message):
    assert good in LONG_LEGS
    text = LONG_LEGS.replace(good, bad)
    with pytest.raises(CoachError) as err:
        parse(text, "long-legs.toml")
    said = str(err.value)
    line = next(k for k, row in enumerate(text.splitlines(), start=1) if bad in row)
    assert said.startswith(f"long-legs.toml:{line}: ") and "\n" not in said, said
    assert message in said, said
