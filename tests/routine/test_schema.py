"""The JSON Schema for editors describes the same format the loader reads."""

from __future__ import annotations

import copy
import json
import tomllib
from importlib import resources

import jsonschema
import pytest

from coach.routine import fields
from coach.errors import CoachError
from coach.routine.loader import COMMON_FIELDS, CUE_FIELDS, KIND_FIELDS, LEG_FIELDS, TOP_FIELDS, parse
from coach.routine.model import POSITIONS, SIDE_MODES, SIDES
from coach.routine.builtin import BUILTIN
from coach.routine.starter import STARTER

SCHEMA = json.loads(resources.files("coach.routine").joinpath("routine.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

REPS = {"id": "swings", "name": "Swings", "kind": "reps", "position": "standing", "how": "Swing.", "reps": 10, "tempo": 2}
HOLDS = {"id": "stretch", "name": "Stretch", "kind": "holds", "position": "lying", "how": ["Hold."], "sets": 2, "hold": 20}
DISTANCE = {
    "id": "march", "name": "March", "kind": "distance", "position": "standing", "how": "March.",
    "pace": 20, "legs": [{"lead": "right"}, {"lead": "left", "heading": "back"}],
}
GOOD = {"id": "mine", "title": "Mine", "drills": [REPS, HOLDS, DISTANCE]}


def toml_text(data) -> str:
    """A routine as TOML, every table inline so any shape can be written."""
    return "\n".join(f"{_key(k)} = {_value(v)}" for k, v in data.items()) + "\n"


def _key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return json.dumps(value, ensure_ascii=False).replace("NaN", "nan").replace("Infinity", "inf")
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"


def changed(path: tuple, value) -> dict:
    """GOOD with one value set (or removed, for ...)."""
    data = copy.deepcopy(GOOD)
    *outer, last = path
    target = data
    for part in outer:
        target = target[part]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return data


def loader_accepts(data) -> bool:
    try:
        parse(toml_text(data), "example.toml")
    except CoachError:
        return False
    return True


def schema_accepts(data) -> bool:
    return VALIDATOR.is_valid(data)


def test_the_schema_is_a_valid_2020_12_schema_with_descriptions():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, prop in SCHEMA["properties"].items():
        assert prop.get("description"), name
    for kind in KIND_FIELDS:
        for name, prop in SCHEMA["$defs"][kind]["properties"].items():
            assert prop.get("description") or "$ref" in prop, (kind, name)


@pytest.mark.parametrize("routine_id", BUILTIN)
def test_builtins_are_valid(routine_id):
    text = resources.files("coach.routine").joinpath(f"{routine_id}.toml").read_text("utf-8")
    VALIDATOR.validate(tomllib.loads(text))


def test_the_starter_is_valid():
    VALIDATOR.validate(tomllib.loads(STARTER))


def test_the_schema_names_the_same_fields_as_the_loader():
    drill = SCHEMA["$defs"]["drill"]
    assert set(SCHEMA["properties"]) == set(TOP_FIELDS)
    assert set(SCHEMA["required"]) == {k for k, f in TOP_FIELDS.items() if f.required} | {"drills"}
    assert set(drill["properties"]) == set(COMMON_FIELDS)
    assert set(drill["required"]) == {k for k, f in COMMON_FIELDS.items() if f.required}
    for kind, spec in KIND_FIELDS.items():
        assert set(SCHEMA["$defs"][kind]["properties"]) == set(spec), kind
        assert set(SCHEMA["$defs"][kind]["required"]) == {k for k, f in spec.items() if f.required}, kind
    legs = SCHEMA["$defs"]["distance"]["properties"]["legs"]["items"]
    assert set(legs["properties"]) == set(LEG_FIELDS) and legs["required"] == ["lead"]
    assert set(drill["properties"]["cues"]["properties"]) == set(CUE_FIELDS)
    assert drill["properties"]["position"]["enum"] == list(POSITIONS)
    assert drill["properties"]["kind"]["enum"] == list(fields.KINDS)
    assert SCHEMA["$defs"]["sides"]["enum"] == list(SIDE_MODES)
    assert SCHEMA["$defs"]["side"]["enum"] == list(SIDES)


R, H, D = ("drills", 0), ("drills", 1), ("drills", 2)
GOOD_CHANGES = [
    (("format",), 1),
    (("rest",), 0),
    (("rest",), 600),
    (("summary",), "x" * 200),
    (R + ("reps",), 200),
    (R + ("reps",), [1, 200]),
    (R + ("reps",), 12.0),
    (R + ("tempo",), 0.5),
    (R + ("sides",), "none"),
    (R + ("directions",), ["forward", "side-ways", "back", "up"]),
    (R + ("how",), ["one", "two", "three"]),
    (R + ("cues",), {"intro": "Hi.", "go": "Go!", "finish": "Done."}),
    (H + ("sets",), [4, 5]),
    (H + ("hold",), [1, 300]),
    (H + ("hold",), 2.5),
    (H + ("rest",), 0),
    (H + ("first",), "left"),
    (D + ("pace",), 600),
    (D + ("meters",), 400),
    (D + ("legs",), [{"lead": "left"}] * 20),
    (D + ("summary",), "Tab\tand\nnewline are white space"),
    (("id",), "a" * 60),
]
BAD_CHANGES = [
    (("format",), 2),
    (("id",), "My Warmup"),
    (("id",), "a" * 61),
    (("id",), "trailing-"),
    (("id",), "line\n"),
    (("title",), "   "),
    (("title",), "x" * 201),
    (("title",), "a\u0000b"),
    (("title",), 5),
    (("rets",), 10),
    (("rest",), -1),
    (("rest",), 601),
    (("drills",), []),
    (("drills",), [REPS] * 51),
    (R + ("reps",), "ten"),
    (R + ("reps",), 0),
    (R + ("reps",), 500),
    (R + ("reps",), 10.5),
    (R + ("reps",), True),
    (R + ("reps",), [1, 2, 3]),
    (R + ("reps",), [0, 5]),
    (R + ("reps",), ...),
    (R + ("tempo",), 0),
    (R + ("tempo",), 31),
    (R + ("sides",), "both"),
    (R + ("first",), "up"),
    (R + ("directions",), []),
    (R + ("directions",), ["a", "a"]),
    (R + ("directions",), ["a", "b", "c", "d", "e"]),
    (R + ("how",), []),
    (R + ("how",), ["1", "2", "3", "4"]),
    (R + ("how",), ...),
    (R + ("sets",), 3),
    (R + ("kind",), "rep"),
    (R + ("kind",), ...),
    (R + ("position",), "sitting"),
    (R + ("cues",), {"outro": "x"}),
    (R + ("cues",), "Go!"),
    (R + ("cues",), {"go": ""}),
    (H + ("hold",), 0),
    (H + ("hold",), 601),
    (H + ("hold",), [0, 5]),
    (H + ("sets",), 51),
    (H + ("rest",), 601),
    (H + ("meters",), 20),
    (D + ("legs",), []),
    (D + ("legs",), ...),
    (D + ("legs",), [{"lead": "up"}]),
    (D + ("legs",), [{"lead": "left", "header": "x"}]),
    (D + ("legs",), [{"heading": "x"}]),
    (D + ("legs",), [{"lead": "left"}] * 21),
    (D + ("legs",), ["right"]),
    (D + ("pace",), 601),
    (D + ("pace",), 1),
    (D + ("pace",), ...),
    (D + ("meters",), 0),
    (D + ("tempo",), 2),
]
# What a JSON Schema cannot say; coach's loader still refuses these (the schema's description says so).
LOADER_ONLY = [
    (("drills",), [REPS, dict(HOLDS, id="swings")]),  # the same id twice
    (R + ("reps",), [12, 8]),  # a range with the low end last
    (H + ("hold",), [30, 20]),
    (R + ("tempo",), float("nan")),  # JSON has no NaN
]


def test_the_good_example_is_good_for_both():
    assert loader_accepts(GOOD) and schema_accepts(GOOD)


@pytest.mark.parametrize(("path", "value"), GOOD_CHANGES)
def test_both_accept(path, value):
    data = changed(path, value)
    assert schema_accepts(data), list(VALIDATOR.iter_errors(data))
    assert loader_accepts(data)


@pytest.mark.parametrize(("path", "value"), BAD_CHANGES)
def test_both_refuse(path, value):
    data = changed(path, value)
    assert not schema_accepts(data)
    assert not loader_accepts(data)


@pytest.mark.parametrize(("path", "value"), LOADER_ONLY)
def test_the_loader_refuses_what_the_schema_cannot_express(path, value):
    assert not loader_accepts(changed(path, value))


def test_too_long_a_drill_is_refused_by_the_loader_alone():
    data = changed(R + ("reps",), 200)
    data["drills"][0]["tempo"] = 30
    assert schema_accepts(data) and not loader_accepts(data)
