"""The profile file itself: read and check ``profile.toml``, write it back atomically.

The file is small and flat (top-level values and one ``[pace]`` table). It is
written through tomlkit. A file as coach wrote it is written anew, in coach's
order (KEYS, then ``[pace]`` sorted), so the same settings always give the same
bytes; a file the runner edited is edited in place: their comments and layout
stay, a changed value keeps its own comment, and a new key goes after theirs. Reading never raises anything
but a :class:`CoachError` whose one line names the file, what is wrong (with the
line, when known) and how to start fresh.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.atomic import write_whole
from coach.regular import NotAFile, read_regular
from coach.errors import CoachError, EnvironmentProblem, InputError
from coach.profile.keys import KEYS, PACE_PREFIX, spec_for, unknown
from coach.routine.fields import Bad
from coach.routine.locate import Locator, deep_name_line
from coach.routine.problems import describe

if TYPE_CHECKING:  # tomlkit is loaded to write only: reading is tomllib's (start-up stays fast)
    from tomlkit.container import Container
    from tomlkit.toml_document import TOMLDocument

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
    return None if text is None else _parsed(text, path)


def _parsed(text: str, path: Path) -> tuple[Values, Pace]:
    deep = deep_name_line(text)
    if deep is not None:  # before tomllib, which would need gigabytes for it
        raise damaged(path, f"has names nested too deeply (line {deep})")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        detail = str(err).split(" (at ")[0]
        raise damaged(path, f"is not valid TOML{_at(_parse_line(err))} ({detail})") from None
    except (RecursionError, ValueError):
        raise damaged(path, "is not valid TOML") from None
    return _check(raw, Locator(text), path)


def write(path: Path, values: Values, pace: Pace) -> None:
    """Save these values (the whole profile) into the file at ``path``, atomically.

    ``path`` holds a profile that :func:`read` accepted, or nothing.
    """
    text = _text(path)
    mine = text is None or text == to_toml(*_parsed(text, path))  # as coach wrote it: write it anew, in its order
    data = to_toml(values, pace, None if mine else _edited(text)).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, data)
    except OSError as err:
        raise _unsaved(path, err) from None


def to_toml(values: Values, pace: Pace, document: TOMLDocument | None = None) -> str:
    """``document`` (a new file with coach's header if None) holding exactly these values."""
    doc = document if document is not None else _new_document()
    _put(doc, {key: values[key] for key in KEYS if key in values})
    if pace:
        if "pace" not in doc:
            doc["pace"] = _pace_table()
        _put(doc["pace"], {drill: pace[drill] for drill in sorted(pace)})
    elif "pace" in doc:
        del doc["pace"]
    return doc.as_string()


def damaged(path: Path, what: str) -> InputError:
    return InputError(f"your settings file {path} {what}; {RESET_HINT}")


# -- reading -----------------------------------------------------------------


def _text(path: Path) -> str | None:
    try:
        data = read_regular(path, MAX_BYTES)
    except (FileNotFoundError, NotADirectoryError):  # no file, or no folder it could be in
        return None
    except IsADirectoryError:
        raise damaged(path, "is a folder, not a settings file") from None
    except NotAFile as err:
        raise damaged(path, f"{err.strerror}") from None
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


def _check(raw: dict[str, Any], lines: Locator, path: Path) -> tuple[Values, Pace]:
    values: Values = {}
    pace: Pace = {}
    for key, value in raw.items():
        where = _at(lines.lines.get((key,)))
        if key == "pace":
            if not isinstance(value, dict):
                raise damaged(path, f"has a problem{where}: pace: expected a [pace] table, got {describe(value)}")
            for drill, seconds in value.items():
                pace[drill] = _accept(PACE_PREFIX + drill, seconds, _at(lines.lines.get(("pace", drill))), path)
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
    except (Bad, ValueError, TypeError):
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


# -- writing -----------------------------------------------------------------


def _edited(text: str) -> TOMLDocument:
    import tomlkit

    return tomlkit.parse(text)


def _new_document() -> TOMLDocument:
    import tomlkit

    doc = tomlkit.document()
    for line in HEADER:
        doc.add(tomlkit.comment(line.removeprefix("# ")))
    doc.add(tomlkit.nl())
    return doc


def _pace_table() -> Container:
    import tomlkit

    table = tomlkit.table().comment("seconds for one 20 m leg, by drill id")
    table.trivia.comment_ws = "  "  # as coach has always written it
    return table


def _put(table: Container, wanted: dict[str, Any]) -> None:
    """Make ``table``'s keys exactly ``wanted``; what is unchanged is not touched, a new key is added last.

    A file as coach wrote it is made anew (in coach's order) rather than
    edited, so only a file the runner edited gets keys in the order they came.
    """
    for key in [k for k in table if k not in wanted and not isinstance(table[k], dict)]:
        del table[key]
    for key, value in wanted.items():
        if key in table:
            current = table.item(key).unwrap()
            if current != value or isinstance(current, bool) != isinstance(value, bool):
                table[key] = value  # keeps the comment on its line
            continue
        table[key] = value  # after the keys there (top level: above the first table)


def _unsaved(path: Path, err: OSError) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"could not save your settings to {path} ({err.strerror or err}); nothing was changed "
        f"(set COACH_CONFIG_DIR to a folder you can write to, if needed)"
    )
