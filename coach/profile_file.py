"""The profile file itself: read and check ``profile.toml``, write it back atomically.

The file is small and flat (top-level values and one ``[pace]`` table), so it
is written here by hand, always in the same order. Reading never raises
anything but a :class:`CoachError` whose one line names the file, what is
wrong (with the line, when known) and how to start fresh.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from coach.atomic import write_whole
from coach.errors import CoachError, EnvironmentProblem, InputError
from coach.routine.problems import describe
from coach.profile_keys import KEYS, PACE_PREFIX, spec_for, unknown

MAX_BYTES = 64_000
HEADER = (
    "# coach: your own settings (voice, speed, pacing), used by every coach command.",
    "# `coach config set KEY VALUE` edits this file and `coach config show` lists the keys.",
    "# Delete it, or run `coach config reset`, to go back to coach's own defaults.",
)
RESET_HINT = 'run "coach config reset" to put it aside and start fresh, or delete the file'

Values = dict[str, Any]
Pace = dict[str, float]


def read(path: Path) -> tuple[Values, Pace] | None:
    """The checked values and per-drill pace in ``path``; ``None`` if there is no file."""
    text = _text(path)
    if text is None:
        return None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        detail = str(err).split(" (at ")[0]
        raise damaged(path, f"is not valid TOML{_at(_parse_line(err))} ({detail})") from None
    except (RecursionError, ValueError):
        raise damaged(path, "is not valid TOML") from None
    return _check(raw, text, path)


def write(path: Path, values: Values, pace: Pace) -> None:
    """Write to a hidden temporary file in the same folder, then rename it over ``path``."""
    data = to_toml(values, pace).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, data)
    except OSError as err:
        raise _unsaved(path, err) from None


def to_toml(values: Values, pace: Pace) -> str:
    """The file text: header, values in the order of KEYS, then ``[pace]`` sorted by drill id."""
    lines = [*HEADER, ""]
    lines += [f"{key} = {_toml_value(values[key])}" for key in KEYS if key in values]
    if pace:
        lines += ["", "[pace]  # seconds for one 20 m leg, by drill id"]
        lines += [f"{drill} = {_toml_value(pace[drill])}" for drill in sorted(pace)]
    return "\n".join(lines) + "\n"


def damaged(path: Path, what: str) -> InputError:
    return InputError(f"your settings file {path} {what}; {RESET_HINT}")


# -- reading -----------------------------------------------------------------


def _text(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):  # no file, or no folder it could be in
        return None
    except IsADirectoryError:
        raise damaged(path, "is a folder, not a settings file") from None
    except OSError as err:
        raise EnvironmentProblem(
            f"could not read your settings file {path} ({err.strerror or err}); "
            f'check its permissions, or run "coach config reset" to start fresh'
        ) from None
    if len(data) > MAX_BYTES:
        raise damaged(path, f"is too large for a settings file (over {MAX_BYTES // 1000} kB)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise damaged(path, f"is not plain UTF-8 text (bad byte at position {err.start})") from None


def _check(raw: dict[str, Any], text: str, path: Path) -> tuple[Values, Pace]:
    values: Values = {}
    pace: Pace = {}
    for key, value in raw.items():
        where = _at(_key_line(text, "", key))
        if key == "pace":
            if not isinstance(value, dict):
                raise damaged(path, f"has a problem{where}: pace: expected a [pace] table, got {describe(value)}")
            for drill, seconds in value.items():
                pace[drill] = _accept(PACE_PREFIX + drill, seconds, _at(_key_line(text, "pace", drill)), path)
        elif key in KEYS:
            values[key] = _accept(key, value, where, path)
        else:
            raise damaged(path, f"has a problem{where}: {unknown(key)}")
    return values, pace


def _accept(name: str, value: Any, where: str, path: Path) -> Any:
    try:
        spec = spec_for(name)[1]
    except CoachError as err:  # a pace key that is not a drill id
        raise damaged(path, f"has a problem{where}: {err}") from None
    try:
        return spec.kind.accept(value)
    except (ValueError, TypeError):
        what = f"{name}: expected {spec.kind.expected}, got {describe(value)}"
        raise damaged(path, f"has a problem{where}: {what}") from None


def _at(line: int | None) -> str:
    return f" at line {line}" if line else ""


def _parse_line(err: tomllib.TOMLDecodeError) -> int | None:
    line = getattr(err, "lineno", None)  # Python 3.14 and later
    if line:
        return line
    match = re.search(r"\(at line (\d+)", str(err))
    return int(match.group(1)) if match else None


def _key_line(text: str, table: str, key: str) -> int | None:
    """The line where ``key`` is set inside ``[table]`` ("" for the top), if it is written plainly."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[\s*([A-Za-z0-9_\-]+)\s*\]", line)
        if header:
            current = header.group(1)
        elif current == table and re.match(rf'^\s*("?){re.escape(key)}\1\s*=', line):
            return number
    return None


# -- writing -----------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return _toml_string(str(value))


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _unsaved(path: Path, err: OSError) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"could not save your settings to {path} ({err.strerror or err}); nothing was changed "
        f"(set COACH_CONFIG_DIR to a folder you can write to, if needed)"
    )
