"""Whatever a routine file holds, the loader gives a Routine or one-line problems, never a crash.

Inputs: the built-in files mutated (lines deleted, doubled, swapped, values
replaced, files cut short), random bytes, and routine-shaped TOML documents
generated field by field. Every routine that loads must also plan.
"""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from importlib import resources

import jsonschema
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from coach.errors import CoachError, InputError
from coach.routine.loader import load, parse
from coach.routine.locate import Locator
from coach.routine.model import LEVELS, POSITIONS, SIDE_MODES, SIDES, Routine
from coach.plan.options import PlanOptions
from coach.routine.problems import RoutineInvalid
from coach.routine.builtin import BUILTIN
from coach.plan.scheduler import schedule

NAME = "fuzz.toml"
SOURCES = [resources.files("coach.routine").joinpath(f"{r}.toml").read_text("utf-8") for r in BUILTIN]
SCHEMA = json.loads(resources.files("coach.routine").joinpath("routine.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
FIELD_NAMES = [
    "format", "id", "title", "summary", "rest", "drills", "name", "kind", "position", "how", "cues", "intro",
    "go", "finish", "meters", "pace", "legs", "lead", "heading", "reps", "tempo", "sides", "first",
    "directions", "sets", "hold", "rep", "Reps", "tempo ", "", "drills.cues", "a.b",
    "before", "turn", "move", "count", "tip",
]


def check(text: str, name: str = NAME) -> Routine | None:
    """The one property: a Routine that plans, or a CoachError whose every line is ``name:line: ...``."""
    check_locator(text)
    try:
        routine = parse(text, name)
    except CoachError as err:
        assert isinstance(err, (RoutineInvalid, InputError))
        check_lines(str(err), name, text.count("\n") + 1)
        event("refused")
        return None
    assert isinstance(routine, Routine)
    event("loaded")
    for level in LEVELS:
        try:
            timeline = schedule(routine, PlanOptions(level=level))
        except CoachError:
            continue
        assert timeline.length > 0 and len(timeline.drills) == len(routine.drills)
    return routine


def check_lines(message: str, name: str, last_line: int) -> None:
    shape = re.compile(re.escape(name) + r":(\d+): \S")
    lines = message.split("\n")
    assert lines and all(line == line.strip() for line in lines), message
    for line in lines:
        found = shape.match(line)
        assert found, line
        assert 1 <= int(found.group(1)) <= last_line, line
    assert len(message.splitlines()) == len(lines)  # no stray line breaks of any kind


def check_locator(text: str) -> None:
    """Where TOML reads the text, the locator finds a line for every field path in it."""
    try:
        parsed = tomllib.loads(text)
    except (ValueError, RecursionError):
        return
    assert set(paths(parsed)) <= set(Locator(text).lines)


def paths(value, prefix=()):
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        yield prefix + (key,)
        yield from paths(inner, prefix + (key,))


# -- mutated built-in files

def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value) -> str:
    """A Python value as TOML text; tables inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else "inf" if value == float("inf") else "-inf" if value == -float("inf") else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{quote(k)} = {toml_value(v)}" for k, v in value.items()) + " }"


scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.booleans(),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(["x", "", "right", "left", "each", "none", "reps", "holds", "distance", "lying"]),
)
wild = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=3),
    ),
    max_leaves=8,
)
raw_values = st.one_of(
    wild.map(toml_value),
    st.text(max_size=15),  # not TOML at all
    st.sampled_from(['"""\nkey = 1\n[[drills]]\n"""', "'''\n'''", "[\n1,\n2,\n]", "[[[[[]]]]]", '{ lead = "up" }', "1979-05-27T07:32:00Z"]),
)
extra_lines = st.one_of(
    st.sampled_from(["[[drills]]", "[drills.cues]", "[drills]", "[cues]", "[[drills.legs]]", 'lead = "left"', "# a note", ""]),
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(FIELD_NAMES), raw_values),
    st.text(max_size=20),
)


@st.composite
def mutated(draw) -> str:
    lines = draw(st.sampled_from(SOURCES)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "double", "swap", "value", "key", "insert"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        j = draw(st.integers(0, max(0, len(lines) - 1)))
        if not lines:
            lines = [""]
        if op == "delete":
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=")[0] + "= " + draw(raw_values)
        elif op == "key" and "=" in lines[i]:
            lines[i] = draw(st.sampled_from(FIELD_NAMES)) + " =" + lines[i].split("=", 1)[1]
        else:
            lines.insert(i, draw(extra_lines))
    text = "\n".join(lines)
    if draw(st.integers(0, 4)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_builtins_load_or_fail_cleanly(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(source=st.sampled_from(SOURCES), junk=st.binary(max_size=40), cut=st.floats(0, 1))
def test_random_bytes_load_or_fail_cleanly(tmp_path_factory, source, junk, cut):
    data = source.encode()
    at = int(len(data) * cut)
    path = tmp_path_factory.getbasetemp() / "bytes.toml"
    path.write_bytes(data[:at] + junk + data[at:])
    try:
        routine = load(path)
    except CoachError as err:
        check_lines(str(err), str(path), data.count(b"\n") + junk.count(b"\n") + 1)
    else:
        assert isinstance(routine, Routine)


# -- routine-shaped documents, generated field by field

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,200}>")  # what the loader strips before asking for words
words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: any(c.isalnum() for c in MARKUP.sub(" ", s))  # something to say
)
templates = st.lists(st.sampled_from(["{side}", "{other}", " knee ", "foot", "x"]), min_size=1, max_size=5).map("".join)


def amount(low, high, usual, whole=False):
    """A number in [low, high], mostly an everyday one up to ``usual``."""
    make = st.integers if whole else st.floats
    return st.one_of(make(low, usual), make(low, usual), make(low, high))


def ranged(low, high, usual, whole=True):
    one = amount(low, high, usual, whole)
    return st.one_of(one, st.lists(one, min_size=2, max_size=2).map(sorted))


def maybe_wild(chaos: int):
    """A field strategy: its good value, or with a chance of ``chaos`` in 30, anything."""
    return lambda good: st.integers(0, 29).flatmap(lambda k: wild if k < chaos else good)


legs = st.lists(
    st.fixed_dictionaries({"lead": st.sampled_from(SIDES)}, optional={"heading": words, "turn": st.booleans()}),
    min_size=1, max_size=20,
)
COMMON = {
    "id": slugs, "name": words, "position": st.sampled_from(POSITIONS),
    "how": st.one_of(words, st.lists(words, min_size=1, max_size=3)),
}
OPTIONAL = {
    "summary": words,
    "cues": st.fixed_dictionaries(
        {},
        optional={
            "intro": words, "go": words, "finish": words, "tip": words,
            "lead": templates, "move": templates, "count": templates,
        },
    ),
}
KINDS = {
    "distance": ({"pace": amount(2, 600, 60), "legs": legs}, {"meters": amount(1, 400, 40, whole=True)}),
    "reps": (
        {"reps": ranged(1, 200, 30), "tempo": amount(0.5, 30, 5)},
        {
            "sides": st.sampled_from(SIDE_MODES), "first": st.sampled_from(SIDES),
            "directions": st.lists(slugs, min_size=1, max_size=4, unique=True),
        },
    ),
    "holds": (
        {"sets": ranged(1, 50, 6), "hold": ranged(1, 600, 60, whole=False)},
        {"rest": amount(0, 600, 30), "sides": st.sampled_from(SIDE_MODES), "first": st.sampled_from(SIDES)},
    ),
}


@st.composite
def drills(draw, chaos: int) -> dict:
    """A drill with good values, except that with a chance of ``chaos`` in 30 a field is anything or missing."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    required, optional = KINDS[kind]
    pick = maybe_wild(chaos)
    drill = {"kind": draw(pick(st.just(kind)))}
    for name, strategy in (COMMON | required).items():
        if draw(st.integers(0, 29)) >= chaos // 2:
            drill[name] = draw(pick(strategy))
    for name, strategy in (OPTIONAL | optional).items():
        if draw(st.booleans()):
            drill[name] = draw(pick(strategy))
    if draw(st.integers(0, 29)) < chaos:
        drill[draw(st.sampled_from(FIELD_NAMES))] = draw(wild)
    return drill


@st.composite
def routines(draw, good_only: bool = False) -> dict:
    chaos = 0 if good_only else draw(st.sampled_from([0, 0, 1, 2, 5, 30]))
    pick = maybe_wild(chaos)
    data = {"id": draw(pick(slugs)), "title": draw(pick(words))}
    if draw(st.booleans()):
        data["rest"] = draw(pick(st.floats(0, 600)))
    if draw(st.booleans()):
        data["summary"] = draw(pick(words))
    if draw(st.booleans()):
        data["format"] = 1
    items = draw(st.lists(drills(chaos), min_size=1 if chaos < 30 else 0, max_size=4))
    for k, drill in enumerate(items):
        if isinstance(drill.get("id"), str) and draw(st.integers(0, 29)) >= chaos:
            drill["id"] = f"{drill['id']}-{k}"  # mostly each its own id
    data["drills"] = items
    return data


def layout(data: dict, draw) -> str:
    """TOML text for a routine, each drill in a [[drills]] table, its cues inline or in [drills.cues]."""
    out = [f"{quote(k) if draw(st.booleans()) else k} = {toml_value(v)}" for k, v in data.items() if k != "drills"]
    for drill in data["drills"]:
        out.append("\n[[drills]]")
        cues = drill.get("cues")
        cue_table = isinstance(cues, dict) and bool(cues) and draw(st.booleans())
        for key, value in drill.items():
            if key == "legs" and isinstance(value, list):
                out.append("legs = [\n" + "".join(f"  {toml_value(v)},\n" for v in value) + "]")
            elif key != "cues" or not cue_table:
                out.append(f"{quote(key)} = {toml_value(value)}")
        if cue_table:
            out += ["[drills.cues]"] + [f"{quote(k)} = {toml_value(v)}" for k, v in cues.items()]
    return "\n".join(out) + "\n"


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_documents_load_or_fail_cleanly_and_agree_with_the_schema(data):
    document = data.draw(routines())
    routine = check(layout(document, data.draw))
    if routine is not None:
        assert VALIDATOR.is_valid(document), list(VALIDATOR.iter_errors(document))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_good_routines_load_and_plan(data):
    document = data.draw(routines(good_only=True))
    text = layout(document, data.draw)
    try:
        routine = parse(text, NAME)
    except RoutineInvalid as err:  # only a drill or routine too long may be refused
        assert all("would take" in str(p) or "add up to" in str(p) for p in err.problems), str(err)
        return
    assert [d.id for d in routine.drills] == [d["id"] for d in document["drills"]]
    check(text)
    assert VALIDATOR.is_valid(document)


# -- hostile structure: what a file under the 1 MB limit can still do to a parser ----------------

PEAK_BYTES = 200 * 2**20  # traced Python memory for one file; 40,000 nested tables cost tomllib about 60 MB


@st.composite
def hostile(draw) -> str:
    """A built-in routine with one structure added that is legal TOML, or nearly: deep, long, wide or odd."""
    base = draw(st.sampled_from(SOURCES))
    depth = draw(st.one_of(st.integers(1, 60), st.integers(60, 40_000)))
    kind = draw(st.sampled_from([
        "dotted header", "dotted key", "arrays", "inline tables", "array tables", "long key", "many keys",
        "odd values", "long string",
    ]))
    key = draw(st.sampled_from(FIELD_NAMES[:12] + ["a", "x y", "é", "=", "]", ".", "#", '"']))  # quoted: = ] . # "
    quoted = quote(key)
    if kind == "dotted header":
        added = "[" + ".".join([quoted] * depth) + "]\nx = 1"
    elif kind == "dotted key":
        added = ".".join([quoted] * depth) + " = 1"
    elif kind == "arrays":
        added = f"{quoted} = " + "[" * depth + "1" + "]" * depth
    elif kind == "inline tables":
        added = f"{quoted} = " + "{a = " * depth + "1" + "}" * depth
    elif kind == "array tables":
        added = "\n".join(f"[[{quoted}]]\nx = {i}" for i in range(min(depth, 20_000)))
    elif kind == "long key":
        added = quote(key * min(depth * 10, 200_000)) + " = 1"
    elif kind == "many keys":
        added = "\n".join(f"k{i} = {i}" for i in range(min(depth, 30_000)))
    elif kind == "odd values":
        added = "\n".join(draw(st.lists(st.sampled_from([
            f"{quoted} = 1979-05-27T07:32:00Z", f"{quoted} = inf", f"{quoted} = nan", f"{quoted} = -0.0",
            f"{quoted} = 9" + "9" * 4000, f"{quoted} = 0x7fffffffffffffff", f"{quoted} = [[], {{}}, [{{}}]]",
            f"{quoted} = {{a.b.c = 1}}", f"{quoted} = 07:32:00", f"{quoted} = true",
        ]), min_size=1, max_size=5)))
    else:
        added = f'{quoted} = "' + "x" * min(depth * 20, 900_000) + '"'
    where = draw(st.sampled_from(["end", "start"]))
    text = f"{base}\n{added}\n" if where == "end" else f"{added}\n{base}"
    event(kind)
    return text[:1_000_000]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile())
def test_hostile_structure_is_refused_cleanly_in_bounded_memory(text):
    import tracemalloc

    tracemalloc.start()
    try:
        try:
            routine = parse(text, NAME)
        except CoachError as err:
            assert isinstance(err, (RoutineInvalid, InputError))
            check_lines(str(err), NAME, text.count("\n") + 1)
            routine = None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MB traced"
    assert routine is None or isinstance(routine, Routine)
