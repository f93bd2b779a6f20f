"""Routine files: every problem at once, each with its file, exact line, field, found and expected."""

from __future__ import annotations

import re
import tomllib

import pytest

from coach.routine import fields
from coach.errors import CoachError, InputError
from coach.routine.loader import COMMON_FIELDS, CUE_FIELDS, KIND_FIELDS, TOP_FIELDS, load, parse, read_text
from coach.routine.model import Cues, Distance, Holds, Leg, Reps, Range
from coach.routine.problems import RoutineInvalid, describe
from coach.routine.builtin import BUILTIN, load_builtin
from coach.plan.scheduler import schedule
from coach.routine.starter import STARTER
from coach.units import h_min

TOP = 'id = "my-warmup"\ntitle = "My warm-up"\n'
REPS = 'id = "swings"\nname = "Swings"\nkind = "reps"\nposition = "standing"\nhow = "Swing."\nreps = 10\ntempo = 2\n'
HOLDS = 'id = "stretch"\nname = "Stretch"\nkind = "holds"\nposition = "kneeling"\nhow = "Hold."\nsets = 2\nhold = 20\n'
DISTANCE = (
    'id = "march"\nname = "March"\nkind = "distance"\nposition = "standing"\nhow = "March."\npace = 20\n'
    'legs = [{ lead = "right" }, { lead = "left" }]\n'
)


def problems(text: str, name: str = "my-warmup.toml") -> list[str]:
    with pytest.raises(RoutineInvalid) as caught:
        parse(text, name)
    lines = str(caught.value).split("\n")
    assert lines == [str(p) for p in caught.value.problems]  # one line each, nothing else
    return lines


def routine(*drills: str) -> str:
    return TOP + "".join(f"\n[[drills]]\n{d}" for d in drills)


def test_the_example_from_the_issue_reads_exactly_so():
    one = '  {{ id = "{}", name = "A", kind = "reps", position = "lying", how = "Go.", reps = {}, tempo = 2 }},'
    lines = ['id = "my-warmup"', 'title = "My warm-up"', "drills = [", one.format("a", 5), one.format("b", 5)]
    lines += ["  # a note"] * (13 - len(lines)) + [one.format("c", '"ten"'), "]"]
    assert problems("\n".join(lines) + "\n") == [
        'my-warmup.toml:14: drills[2].reps: expected a whole number of at least 1, got "ten"'
    ]


def test_every_problem_at_once_each_on_its_exact_line():
    text = '''\
id = "my-warmup"
title = "My warm-up"
rets = 10
summary = """A summary
reps = 5
"""

[[drills]]
id = "swings"
name = "Swings"
kind = "reps"
position = "standing"
how = ["Swing.", """
tempo = 2"""]
"reps" = "ten"
tempo = 0
sets = 3

[drills.cues]
intro = "Easy."
go = 5
outro = "Done."

[[drills]]
id = "march"
name = "March"
kind = "distance"
position = "standing"
how = "March."
cues.finish = ""
pace = 700
legs = [
  { lead = "right", heading = "out" },
  { lead = "up", heading = "back" },
  { lead = "left", header = "again" },
]

[[drills]]
id = "stretch"
name = "Stretch"
kind = "holds"
position = "kneel"
how = "Hold."
sets = [5, 3]
hold = [0, 30]
'''
    assert problems(text) == [
        'my-warmup.toml:3: rets: unknown field; did you mean "rest"?',
        'my-warmup.toml:15: drills[0].reps: expected a whole number of at least 1, got "ten"',
        "my-warmup.toml:16: drills[0].tempo: expected at least 0.5 seconds per rep, got 0",
        'my-warmup.toml:17: drills[0].sets: not used by reps drills; "sets" is for holds drills',
        "my-warmup.toml:21: drills[0].cues.go: expected some text in quotes, got 5",
        'my-warmup.toml:22: drills[0].cues.outro: unknown field; did you mean "intro"?',
        'my-warmup.toml:30: drills[1].cues.finish: expected some text in quotes, got ""',
        "my-warmup.toml:31: drills[1].pace: expected at most 600 seconds per leg, got 700",
        'my-warmup.toml:34: drills[1].legs[1].lead: expected one of "left", "right", got "up"',
        'my-warmup.toml:35: drills[1].legs[2].header: unknown field; did you mean "heading"?',
        'my-warmup.toml:42: drills[2].position: expected one of "standing", "lying", "kneeling", "plank",'
        ' got "kneel"; did you mean "kneeling"?',
        "my-warmup.toml:44: drills[2].sets: expected a range written [low, high], the smaller number first, got [5, 3]",
        "my-warmup.toml:45: drills[2].hold[0]: expected at least 1 second, got 0",
    ]


@pytest.mark.parametrize(
    ("drill", "expected"),
    [
        (HOLDS.replace("hold = 20", "hold = 0"), "11: drills[0].hold: expected at least 1 second, got 0"),
        (REPS.replace("reps = 10", "reps = 500"), "10: drills[0].reps: expected a whole number of at most 200, got 500"),
        (REPS.replace("tempo = 2", "tempo = 0"), "11: drills[0].tempo: expected at least 0.5 seconds per rep, got 0"),
        (DISTANCE.replace("pace = 20", "pace = 601"), "10: drills[0].pace: expected at most 600 seconds per leg, got 601"),
        (DISTANCE.split("legs")[0], '4: drills[0]: missing field "legs" (like [{ lead = "right" }, { lead = "left" }])'),
        (
            DISTANCE.split("legs")[0] + "legs = []\n",
            '11: drills[0].legs: expected a list of 1 to 20 legs, like [{ lead = "right" }, { lead = "left" }],'
            " got an empty list",
        ),
        (REPS.replace("reps = 10\n", ""), '4: drills[0]: missing field "reps" (how many, or a range like [8, 12])'),
        (HOLDS.replace("kind", "# kind"), '4: drills[0]: missing field "kind" ("distance", "reps" or "holds")'),
        (
            REPS.replace("reps = 10", "reps = 200").replace("tempo = 2", "tempo = 30"),
            "4: drills[0]: this drill would take 3 h 20 min at the full level; keep a drill under 30 min",
        ),
    ],
)
def test_a_routine_that_cannot_be_scheduled_is_refused_with_the_reason(drill, expected):
    assert problems(routine(drill)) == [f"my-warmup.toml:{expected}"]


def test_no_drills_and_empty_or_single_drills_tables():
    assert problems(TOP) == ["my-warmup.toml:1: no drills; add at least one [[drills]] table"]
    assert problems(TOP + "drills = []\n") == [
        "my-warmup.toml:3: drills: expected 1 to 50 [[drills]] tables, got an empty list"
    ]
    assert problems(TOP + "[drills]\n" + REPS) == [
        "my-warmup.toml:3: drills: expected [[drills]] tables, with double brackets, got a table"
    ]
    assert problems(TOP + "[drills.cues]\ngo = 'Go!'\n") == [
        "my-warmup.toml:3: drills: expected [[drills]] tables, with double brackets, got a table"
    ]
    assert problems("# nothing yet\n") == [
        "my-warmup.toml:1: no routine here; a routine needs an id, a title and at least one [[drills]] table"
    ]


def test_missing_top_fields_and_a_routine_too_long_in_all():
    assert problems("[[drills]]\n" + REPS) == [
        'my-warmup.toml:1: missing field "id" (the routine\'s id, like "my-warmup")',
        "my-warmup.toml:1: missing field \"title\" (the routine's name)",
    ]
    long = REPS.replace("tempo = 2", "tempo = 20").replace("reps = 10", "reps = 40")  # 26 min 40 s each
    drills = [long.replace('"swings"', f'"swings-{k}"') for k in range(5)]
    assert problems(routine(*drills)) == [
        "my-warmup.toml:4: drills: the drills add up to 2 h 13 min at the full level; keep a routine under 2 h"
    ]


def test_a_long_list_of_problems_ends_with_how_many_more():
    text = routine(REPS + "".join(f"extra-{k} = {k}\n" for k in range(40)))
    with pytest.raises(RoutineInvalid) as caught:
        parse(text, "my-warmup.toml")
    lines = str(caught.value).split("\n")
    assert len(caught.value.problems) == 40 and len(lines) == 31
    assert lines[29].startswith("my-warmup.toml:41: drills[0].extra-29: unknown field")
    assert lines[30] == "my-warmup.toml:42: and 10 more problems from here on"


def test_the_same_drill_id_twice_is_one_clear_line():
    assert problems(routine(REPS, HOLDS.replace('"stretch"', '"swings"'))) == [
        'my-warmup.toml:14: drills[1].id: "swings" is already the id of drills[0]; give each drill its own id'
    ]


def test_a_field_given_twice_is_one_clear_line_on_the_second():
    assert problems(routine(REPS + "reps = 12\n")) == ["my-warmup.toml:12: drills[0].reps: given twice; keep only one"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TOP + 'summary = Leg swings\n', '3: not valid TOML at column 11: invalid value; text goes in quotes, like "Leg swings"'),
        (TOP + "rest = 15 15\n", "3: not valid TOML at column 11: expected newline or end of document after a statement"),
        (TOP + '[[drills]\nid = "a"\n', "3: not valid TOML at column 9: expected ']]' at the end of an array declaration"),
        (TOP + 'summary = """never\nclosed\n', "3: not valid TOML: the string that starts here is never closed"),
        (TOP + "x = [1,\n2,\n", "3: not valid TOML: the list that starts here is never closed"),
        (TOP + "x = " + "[" * 2000 + "]" * 2000 + "\n", "3: lists or tables nested too deeply"),
        (TOP + "\nrest = " + "9" * 5000 + "\n", "4: not valid TOML: a number with too many digits"),
    ],
)
def test_text_that_is_not_toml_gives_the_parsers_line_and_column(text, expected):
    assert problems(text) == [f"my-warmup.toml:{expected}"]


def test_unknown_fields_name_the_closest_known_one_or_list_them():
    text = routine(REPS.replace("tempo = 2", "tempo = 2\nrep = 3\nmeters = 20\nzzz = 1"))
    assert problems(text) == [
        'my-warmup.toml:12: drills[0].rep: unknown field; did you mean "reps"?',
        'my-warmup.toml:13: drills[0].meters: not used by reps drills; "meters" is for distance drills',
        "my-warmup.toml:14: drills[0].zzz: unknown field; known fields here: id, name, kind, position, how,"
        " summary, cues, reps, tempo, sides, first, directions",
    ]
    # With no valid kind, only the kind is wrong: its own fields are not called unknown.
    assert problems(routine(REPS.replace('"reps"\n', '"rep"\n'))) == [
        'my-warmup.toml:7: drills[0].kind: expected one of "distance", "reps", "holds", got "rep"; did you mean "reps"?'
    ]


def test_odd_values_are_shown_on_one_line():
    text = routine(REPS.replace('"Swings"', '"Sw\\u0000ings"').replace('"Swing."', '"line\\nbreak\\u0085"'))
    assert problems(text) == [
        'my-warmup.toml:6: drills[0].name: expected text without control characters, got "Sw\\u0000ings"',
        'my-warmup.toml:9: drills[0].how: expected text without control characters, got "line\\nbreak\\u0085"',
    ]
    assert problems(TOP + '"odd key\\n" = 1\n' + "\n[[drills]]\n" + REPS)[0].startswith(
        'my-warmup.toml:3: "odd key\\n": unknown field'
    )
    assert describe("x" * 100) == '"' + "x" * 37 + '..."'
    assert describe(float("nan")) == "nan" and describe([1, "a"]) == '[1, "a"]' and describe({}) == "an empty table"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("how = \"Swing.\"", "how = []"), '9: drills[0].how: expected one to three lines of text in quotes, got an empty list'),
        (("how = \"Swing.\"", 'how = ["a", 5]'), "9: drills[0].how[1]: expected some text in quotes, got 5"),
        (("tempo = 2", 'tempo = 2\ndirections = ["up", "up"]'), '12: drills[0].directions[1]: expected each direction once, got "up"'),
        (("tempo = 2", 'tempo = 2\ndirections = ["Up"]'), "12: drills[0].directions[0]: expected a direction"
         ' in lowercase letters and dashes, like "forward", got "Up"'),
        (("name = \"Swings\"", f'name = "{"x" * 201}"'), "6: drills[0].name: expected text of at most 200 characters, got 201 characters"),
        (("reps = 10", "reps = [1, 2, 3]"), "10: drills[0].reps: expected one number, or a range written [low, high], got [1, 2, 3]"),
        (("reps = 10", "reps = 10.5"), "10: drills[0].reps: expected a whole number of at least 1, got 10.5"),
        (("reps = 10", "reps = true"), "10: drills[0].reps: expected a whole number of at least 1, got true"),
        (("tempo = 2", "tempo = nan"), "11: drills[0].tempo: expected a number of seconds per rep, got nan"),
        (("tempo = 2", "tempo = inf"), "11: drills[0].tempo: expected at most 30 seconds per rep, got inf"),
    ],
)
def test_field_messages(change, expected):
    old, new = change
    assert old in REPS
    assert problems(routine(REPS.replace(old, new))) == [f"my-warmup.toml:{expected}"]


def test_format_and_top_level_values():
    assert problems("format = 2\n" + routine(REPS)) == [
        "my-warmup.toml:1: format: expected 1, the only format this version of coach reads, got 2"
    ]
    assert problems(routine(REPS).replace("My warm-up", "   ")) == [
        'my-warmup.toml:2: title: expected some text in quotes, got "   "'
    ]
    assert problems(TOP + "rest = 1979-05-27\n" + "\n[[drills]]\n" + REPS) == [
        "my-warmup.toml:3: rest: expected a number of seconds, got a date or time (1979-05-27)"
    ]


def test_a_good_routine_reads_into_the_model():
    text = "\ufeff" + routine(REPS, HOLDS, DISTANCE).replace("\n", "\r\n")  # a BOM and Windows line ends
    loaded = parse(text, "mine.toml")
    assert loaded.id == "my-warmup" and loaded.rest == 15.0 and loaded.source == "mine.toml"
    swings, stretch, march = loaded.drills
    assert swings.dose == Reps(Range(10, 10), 2.0, "alternate", "right") and swings.how == ("Swing.",)
    assert stretch.dose == Holds(Range(2, 2), Range(20.0, 20.0), 10.0, "each", "right")
    assert march.dose == Distance((Leg("right"), Leg("left")), 20, 20.0) and march.cues == Cues()
    ranged = parse(routine(REPS.replace("reps = 10", "reps = [8.0, 12]")), "r.toml")
    assert ranged.drills[0].dose.reps == Range(8, 12)


def test_builtins_load_through_the_same_loader():
    for routine_id in BUILTIN:
        assert load_builtin(routine_id).id == routine_id


def test_the_starter_loads_schedules_and_shows_every_field():
    starter = parse(STARTER, "starter.toml")
    assert [d.dose.kind for d in starter.drills] == ["distance", "reps", "holds"]
    assert schedule(starter).duration > 60
    raw = tomllib.loads(STARTER)
    assert set(raw) == set(TOP_FIELDS)  # every top field is shown
    for drill in raw["drills"]:  # every field of its kind; the common ones, cues aside, in each
        assert set(drill) - {"cues"} == (set(COMMON_FIELDS) - {"cues"}) | set(KIND_FIELDS[drill["kind"]])
    shown = set().union(*(set(d.get("cues", {})) for d in raw["drills"]))
    assert shown == set(CUE_FIELDS) - {"count"}  # every cue but count (alternating reps only) is shown
    assert set(raw["drills"][2]["cues"]) == {"move"}
    assert isinstance(raw["drills"][1]["cues"]["move"], list)  # one move per direction
    assert raw["drills"][0]["legs"][1]["turn"] is False
    assert any(isinstance(d.get("hold"), list) for d in raw["drills"])  # a range is shown
    assert all(len(line) <= 100 for line in STARTER.splitlines())


# -- reading the file itself


def test_a_folder(tmp_path):
    with pytest.raises(InputError, match=r"^.*: is a folder; give a routine file \(\.toml\)$"):
        load(tmp_path)


def test_no_such_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.toml: no such file$"):
        load(tmp_path / "nope.toml")


def test_over_one_megabyte(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text(routine(REPS) + "# " + "x" * 1_000_000 + "\n")
    with pytest.raises(InputError, match=r"big\.toml: too large for a routine file \(over 1 MB\)$"):
        load(big)


def test_not_utf8_names_the_line(tmp_path):
    bad = tmp_path / "latin.toml"
    bad.write_bytes(routine(REPS).replace("Swing.", "Swing \xe9").encode("latin-1"))
    with pytest.raises(InputError) as caught:
        load(bad)
    assert str(caught.value) == f"{bad}:9: not UTF-8 text; save the file as UTF-8"
    wide = tmp_path / "wide.toml"
    wide.write_text(routine(REPS), encoding="utf-16")
    with pytest.raises(InputError, match=r"wide\.toml:1: saved as UTF-16; save the file as UTF-8$"):
        read_text(wide)


def test_a_file_with_problems_names_its_path(tmp_path):
    mine = tmp_path / "my-warmup.toml"
    mine.write_text(routine(REPS.replace("reps = 10", 'reps = "ten"')))
    with pytest.raises(CoachError) as caught:
        load(mine)
    assert caught.value.exit_code == 2
    assert str(caught.value) == f'{mine}:10: drills[0].reps: expected a whole number of at least 1, got "ten"'
    assert re.fullmatch(r".+:\d+: .+", str(caught.value))


def test_limits_the_messages_name_are_the_checkers_limits():
    assert fields.whole(1, fields.MAX_REPS)(200.0) == 200
    with pytest.raises(fields.Bad, match="at most 200"):
        fields.whole(1, fields.MAX_REPS)(201)
    assert h_min(5400) == "1 h 30 min" and h_min(90) == "2 min" and h_min(7200) == "2 h"


def test_coaching_fields_read_and_bad_ones_say_what_is_expected():
    text = (
        TOP + 'before = ["Jog first.", "Find a wall."]\n[[drills]]\n' + DISTANCE.replace(
            'legs = [{ lead = "right" }, { lead = "left" }]',
            'legs = [{ lead = "right", heading = "travel left" }, { lead = "left", turn = false }]',
        )
        + '[drills.cues]\nlead = "{side} knee leads"\nmove = "{side} foot, {other} knee"\ncount = "{other} heel"\ntip = "Tall."\n'
    )
    routine = parse(text, "my-warmup.toml")
    assert routine.before == ("Jog first.", "Find a wall.")
    assert [leg.turn for leg in routine.drills[0].dose.legs] == [True, False]
    cues = routine.drills[0].cues
    assert (cues.lead, cues.move, cues.count, cues.tips) == ("{side} knee leads", ("{side} foot, {other} knee",), "{other} heel", ("Tall.",))
    bad = text.replace('count = "{other} heel"', 'count = "{left} heel"').replace("turn = false", 'turn = "no"')
    assert problems(bad) == [
        "my-warmup.toml:11: drills[0].legs[1].turn: expected true or false, got \"no\"",
        'my-warmup.toml:15: drills[0].cues.count: expected text where only {side} and {other} stand in braces, got "{left} heel"',
    ]


def test_quoted_names_do_not_hide_deep_nesting_from_the_early_check():
    import tracemalloc
    from pathlib import Path

    from coach.routine.loader import parse
    from coach.routine.problems import RoutineInvalid

    base = (Path(__file__).resolve().parents[2] / "coach" / "routine" / "pre-run.toml").read_text("utf-8")
    for deep in ['"=" ' + ".a" * 10_000 + " = 1", '["]"' + ".a" * 10_000 + "]\nx = 1"]:
        tracemalloc.start()
        try:
            with pytest.raises(RoutineInvalid, match="nested too deeply"):
                parse(base + "\n" + deep + "\n", "deep.toml")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 50 * 2**20  # tomllib alone would take 400 MB for these
