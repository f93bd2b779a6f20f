"""The locator finds the exact line of every field path, whatever TOML's layout."""

from __future__ import annotations

import json
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.routine.locate import Locator

ROUTINE = '''\
# A note: id = "not a key", [[drills]] is not a header here
format = 1
"id" = 'quoted-key'
title = """A title
reps = 99
[[drills]]
with fake keys and headers inside"""
summary = "a # inside a string, and a \\" quote"

[[drills]]
id = "first"
kind = "reps"
how = [
  "line one",   # a comment after an item
  # a comment line between items
  """line
two""",
]
reps = [8, 12]

[drills.cues]
intro = "Hi"
go = 'Off you go'

[[ drills ]]   # spaces inside the brackets
id = "second"
cues.finish = "Done"
legs = [
  { lead = "right", heading = "out" },

  { lead = "left",  heading = "back" },
]

[[drills]]
id = "third"
"tempo" = 2
'sides' = "each"
[drills . "cues"]
go = """
ready = 1
"""
[[drills.legs]]
lead = "right"
[[drills.legs]]
lead = "left"
'''

EXPECTED = {
    ("format",): 2,
    ("id",): 3,
    ("title",): 4,
    ("summary",): 8,
    ("drills",): 10,
    ("drills", 0): 10,
    ("drills", 0, "id"): 11,
    ("drills", 0, "kind"): 12,
    ("drills", 0, "how"): 13,
    ("drills", 0, "how", 0): 14,
    ("drills", 0, "how", 1): 16,
    ("drills", 0, "reps"): 19,
    ("drills", 0, "reps", 1): 19,
    ("drills", 0, "cues"): 21,
    ("drills", 0, "cues", "intro"): 22,
    ("drills", 0, "cues", "go"): 23,
    ("drills", 1): 25,
    ("drills", 1, "id"): 26,
    ("drills", 1, "cues"): 27,
    ("drills", 1, "cues", "finish"): 27,
    ("drills", 1, "legs"): 28,
    ("drills", 1, "legs", 0): 29,
    ("drills", 1, "legs", 0, "heading"): 29,
    ("drills", 1, "legs", 1): 31,
    ("drills", 1, "legs", 1, "lead"): 31,
    ("drills", 2): 34,
    ("drills", 2, "id"): 35,
    ("drills", 2, "tempo"): 36,
    ("drills", 2, "sides"): 37,
    ("drills", 2, "cues"): 38,
    ("drills", 2, "cues", "go"): 39,
    ("drills", 2, "legs"): 42,
    ("drills", 2, "legs", 0): 42,
    ("drills", 2, "legs", 0, "lead"): 43,
    ("drills", 2, "legs", 1): 44,
    ("drills", 2, "legs", 1, "lead"): 45,
}


def paths(value, prefix=()):
    """Every field path in a parsed TOML document."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, inner in items:
        yield prefix + (key,)
        yield from paths(inner, prefix + (key,))


def test_every_path_of_a_tricky_routine_has_its_exact_line():
    locator = Locator(ROUTINE)
    for path, line in EXPECTED.items():
        assert locator.line(path) == line, path
    assert set(locator.lines) == set(paths(tomllib.loads(ROUTINE)))


def test_keys_inside_multiline_strings_are_not_keys():
    locator = Locator(ROUTINE)
    assert ("reps",) not in locator.lines and ("ready",) not in locator.lines
    assert ("drills", 3) not in locator.lines  # the [[drills]] inside the title is text


def test_missing_parts_fall_back_to_the_nearest_enclosing_line():
    locator = Locator(ROUTINE)
    assert locator.line(("drills", 1, "pace")) == 25  # the drill's header
    assert locator.line(("drills", 0, "cues", "finish")) == 21  # its [drills.cues] header
    assert locator.line(("drills", 9, "id")) == 10  # no such drill: where drills start
    assert locator.line(("rest",)) == 1
    assert locator.line(()) == 1


def test_windows_line_ends_count_the_same():
    locator = Locator(ROUTINE.replace("\n", "\r\n"))
    assert all(locator.line(path) == line for path, line in EXPECTED.items())


def test_repeats_and_unclosed_things_are_noted():
    twice = 'a = 1\n[[drills]]\nreps = 1\n\nreps = 2\n[t]\n[t]\n'
    assert Locator(twice).repeats == [(("drills", 0, "reps"), 5), (("t",), 7)]
    assert Locator('a = 1\nb = """\nnever closed\n').unclosed == (2, "string")
    assert Locator("a = 1\nb = [\n  1,\n  2,\n").unclosed == (2, "list")
    assert Locator("a = 1\nb = " + "[" * 80 + "]" * 80 + "\n").too_deep == 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='[]{}="\'#.,\n \tabc1-\\', max_size=200))
def test_never_fails_on_any_text(text):
    locator = Locator(text)
    assert all(isinstance(line, int) and line >= 1 for line in locator.lines.values())
    assert 1 <= locator.line(("drills", 0, "id")) <= text.count("\n") + 1


# -- generated documents: a small TOML writer that knows which line it wrote each path on

bare_keys = st.from_regex(r"[A-Za-z0-9_-]{1,6}", fullmatch=True)
odd_keys = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=6)
keys = st.one_of(bare_keys, odd_keys)
plain = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\"'\\"), max_size=12)
scalars = st.one_of(
    st.integers(-(2**40), 2**40).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.text(max_size=12).map(lambda s: quote(s)),
    plain.map(lambda s: f"'{s}'"),
    st.lists(plain, min_size=1, max_size=3).map(lambda parts: '"""' + "\n".join(parts) + '"""'),
)


def quote(text: str) -> str:
    """A TOML basic string for any text (JSON's escapes are TOML's, except DEL)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def key_text(key: str) -> str:
    return key if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key) else quote(key)


class Writer:
    """Writes lines of TOML; a tuple among the pieces marks where a path starts."""

    def __init__(self) -> None:
        self.text = ""
        self.expected: dict[tuple, int] = {}

    def write(self, *pieces: str | tuple) -> None:
        for piece in pieces:
            if isinstance(piece, tuple):
                self.expected.setdefault(piece, self.text.count("\n") + 1)
            else:
                self.text += piece
        self.text += "\n"

    def keyvals(self, draw, table: tuple) -> None:
        for key in draw(st.lists(keys, max_size=4, unique=True)):
            path = table + (key,)
            kind = draw(st.sampled_from(["scalar", "array", "inline", "dotted"]))
            if kind == "scalar":
                self.write(path, f"{key_text(key)} = {draw(scalars)}  # {draw(plain)}")
            elif kind == "dotted":
                inner = draw(keys)
                self.write(path, path + (inner,), f"{key_text(key)} . {key_text(inner)} = {draw(scalars)}")
            elif kind == "inline":
                pieces: list = [path, f"{key_text(key)} = {{ "]
                for k in draw(st.lists(keys, max_size=3, unique=True)):
                    pieces += [", " if len(pieces) > 2 else "", path + (k,), f"{key_text(k)} = {draw(scalars)}"]
                self.write(*pieces, " }")
            else:
                self.write(path, f"{key_text(key)} = [")
                for i, item in enumerate(draw(st.lists(st.one_of(scalars, st.just("{}")), max_size=4))):
                    if draw(st.booleans()):
                        self.write(f"  # {draw(plain)}")
                    self.write("  ", path + (i,), f"{item},")
                self.write("]")


@st.composite
def documents(draw):
    out = Writer()
    out.keyvals(draw, ())
    names = draw(st.lists(keys, max_size=3, unique=True))
    names = [n for n in names if (n,) not in out.expected]
    for name in names:
        count = draw(st.integers(1, 3))
        for index in range(count):
            out.write((name,), (name, index), f"[[{key_text(name)}]]")
            out.keyvals(draw, (name, index))
            sub = draw(st.one_of(st.none(), keys))
            if sub is not None and (name, index, sub) not in out.expected:
                out.write((name, index, sub), f"[ {key_text(name)} . {key_text(sub)} ]")
                out.keyvals(draw, (name, index, sub))
    return out.text, out.expected


@settings(max_examples=150, deadline=None)
@given(documents())
def test_generated_documents_get_the_line_each_path_was_written_on(document):
    text, expected = document
    parsed = tomllib.loads(text)  # the writer writes valid TOML
    locator = Locator(text)
    assert set(locator.lines) == set(paths(parsed))
    for path, line in expected.items():
        assert locator.lines[path] == line, (path, text)
