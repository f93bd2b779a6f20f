"""Problems found in a routine file, each one line a person can act on.

A problem reads ``file:line: field: what was expected, got what was found``,
e.g. ``my-warmup.toml:14: drills[2].reps: expected a whole number of at least 1, got "ten"``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from coach.errors import InputError
from coach.routine.locate import Locator, Path

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SHOWN = 40  # characters of a found text shown in a message
MAX_SHOWN = 30  # problems listed in one message
_UNSEEN = re.compile("[\x7f-\x9f\u2028\u2029]")  # left unescaped by json.dumps


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class RoutineInvalid(InputError):
    """A routine file with one or more problems; ``str()`` is one line per problem.

    Past :data:`MAX_SHOWN` problems, one last line says how many more there are.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        shown = [str(p) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            first = self.problems[MAX_SHOWN]
            shown.append(f"{first.file}:{first.line}: and {len(self.problems) - MAX_SHOWN} more problems from here on")
        super().__init__("\n".join(shown))


def field_path(path: Path) -> str:
    """``("drills", 2, "legs", 0, "lead")`` -> ``drills[2].legs[0].lead``; odd keys in quotes."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        key = part if _BARE_KEY.fullmatch(part) else _quoted(part)
        out += f".{key}" if out else key
    return out


def describe(value: object) -> str:
    """How a found value is shown in a message: on one line, short, written as in the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quoted(value if len(value) <= _SHOWN else value[: _SHOWN - 3] + "...")
    if isinstance(value, int):
        return str(value) if abs(value) < 10**18 else "a very large number"
    if isinstance(value, float):
        return repr(value)  # 3.5, 10.0, inf, nan: as TOML writes them
    if isinstance(value, (datetime.date, datetime.time)):
        return f"a date or time ({value.isoformat()})"
    if isinstance(value, dict):
        return "a table" if value else "an empty table"
    if isinstance(value, list):
        return _list(value)
    return "a value coach does not read"


def _list(items: list) -> str:
    if not items:
        return "an empty list"
    if len(items) <= 4 and all(isinstance(v, (bool, int, float, str)) for v in items):
        shown = "[" + ", ".join(describe(v) for v in items) + "]"
        if len(shown) <= _SHOWN:
            return shown
    return f"a list of {len(items)}"


def _quoted(text: str) -> str:
    """Text in double quotes with control characters escaped, so a message stays one line."""
    import json  # messages are rare: loaded when one is written, not by `coach --help`

    shown = json.dumps(text, ensure_ascii=False)
    return _UNSEEN.sub(lambda m: f"\\u{ord(m.group()):04x}", shown)


_WHERE = re.compile(r"^(.*) \(at (?:line (\d+), column (\d+)|end of document)\)$", re.DOTALL)


def too_deep(source: str, name: str, line: int | None = None) -> Problem:
    """The problem for text nested too deeply for the TOML reader (at ``line``, or where the scan finds it)."""
    return Problem(name, line or Locator(source).too_deep or 1, "", "lists or tables nested too deeply")


def not_toml(source: str, name: str, err: ValueError) -> Problem:
    """One problem for text tomllib refused: its line and column, in plain words where we can."""
    import tomllib

    message = str(err)
    match = _WHERE.match(message)
    if not isinstance(err, tomllib.TOMLDecodeError) or not match:  # Python's limit on long numbers
        digits = re.search(r"[0-9a-fA-F_]{1000}", source)
        line = source.count("\n", 0, digits.start()) + 1 if digits else 1
        return Problem(name, line, "", "not valid TOML: a number with too many digits")
    detail, line, column = match.group(1), match.group(2), match.group(3)
    detail = detail[:1].lower() + detail[1:]
    locator = Locator(source)
    if "overwrite" in detail or "twice" in detail:
        if locator.repeats:
            path, at = locator.repeats[0]
            return Problem(name, at, field_path(path), "given twice; keep only one")
    if line is None and locator.unclosed:
        at, what = locator.unclosed
        return Problem(name, at, "", f"not valid TOML: the {what} that starts here is never closed")
    if line is None:
        return Problem(name, source.count("\n") + 1, "", f"not valid TOML at the end of the file: {detail}")
    hint = _hint(source, int(line), int(column), detail)
    return Problem(name, int(line), "", f"not valid TOML at column {column}: {detail}{hint}")


def _hint(source: str, line: int, column: int, detail: str) -> str:
    """A plain-words hint for the commonest slip: text without quotes."""
    rest = (source.split("\n")[line - 1] if line <= source.count("\n") + 1 else "")[column - 1 :]
    word = rest.split("#")[0].strip()
    if detail == "invalid value" and word[:1].isalpha():
        return f"; text goes in quotes, like {describe(word)}"
    return ""
