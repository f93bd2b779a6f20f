"""Find the line of each field in a TOML routine file, for error messages.

``tomllib`` gives values, not positions, so :class:`Locator` walks the same
text and notes the line where each field path starts: top-level keys, the N-th
``[[drills]]`` table, ``[drills.cues]`` (a part of the drill above it), dotted
and quoted keys, and the items of arrays and inline tables written across
several lines. Strings (multi-line ones too) and comments are skipped whole, so
``key =`` inside them is never taken for a key. The scan never recurses and
never fails: on text it does not understand it stops and keeps what it found.
"""

from __future__ import annotations

import bisect
import re

Path = tuple[str | int, ...]  # a field's place: ("drills", 2, "reps")
MAX_DEPTH = 50  # arrays, inline tables and dotted names nested deeper than this are noted in `too_deep`
MAX_ITEMS = 1000  # items of one array whose lines are noted (routine lists are short)
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}#\n")


def deep_name_line(text: str) -> int | None:
    """The first line whose key or table name has more than :data:`MAX_DEPTH` dotted parts, or None.

    A cheap look before ``tomllib``, whose memory grows with the square of a
    dotted name's length (10,000 parts take 385 MB). On each line it reads
    the name (to the first ``=``, or the ``]`` of a ``[table]``, outside
    quotes) and counts the dots outside quotes.
    """
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if stripped and stripped[0] != "#" and _name_dots(stripped) >= MAX_DEPTH:
            return number
    return None


def _name_dots(line: str) -> int:
    """Dots outside quotes in the name a line starts with (before ``=``, or inside ``[...]``)."""
    end = "]" if line[0] == "[" else "="
    dots, quote, i = 0, "", 1 if end == "]" else 0
    while i < len(line):
        char = line[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1  # an escaped character, a quote perhaps
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ".":
            dots += 1
        elif char == end or char == "#":
            break
        i += 1
    return dots


class Locator:
    """Maps field paths like ``("drills", 2, "reps")`` to 1-based line numbers of one text.

    Also notes, for messages about text ``tomllib`` refused: ``repeats`` (fields
    given twice, with the line of the second), ``unclosed`` (the line and
    kind, "string", "list" or "table", of what runs to the end of the text) and
    ``too_deep`` (the line where nesting first goes past :data:`MAX_DEPTH`).
    """

    def __init__(self, text: str) -> None:
        scan = _Scanner(text)
        scan.run()
        self.lines: dict[Path, int] = scan.lines
        self.repeats: list[tuple[Path, int]] = scan.repeats
        self.unclosed: tuple[int, str] | None = scan.unclosed
        self.too_deep: int | None = scan.too_deep

    def line(self, path: Path) -> int:
        """The line of ``path``, or of the closest enclosing part found (the file's first line)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


class _Stop(Exception):
    """The text ends or stops making sense here."""


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[Path, int] = {}
        self.arrays: dict[Path, int] = {}  # [[array]] path -> tables so far
        self.given: set[Path] = set()  # keys set and [tables] declared
        self.repeats: list[tuple[Path, int]] = []
        self.unclosed: tuple[int, str] | None = None
        self.too_deep: int | None = None

    def run(self) -> None:
        table: Path = ()
        try:
            while True:
                self.blank()
                if self.i >= len(self.text):
                    return
                if self.text[self.i] == "[":
                    table = self.header()
                else:
                    self.keyval(table, self.i)
        except _Stop:
            return

    # -- lines and paths

    def line_at(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def mark(self, path: Path | None, pos: int) -> None:
        if path is not None:
            self.lines.setdefault(path, self.line_at(pos))

    def give(self, path: Path | None, pos: int) -> None:
        if path is None:
            return
        if path in self.given:
            self.repeats.append((path, self.line_at(pos)))
        self.given.add(path)

    def resolve(self, keys: list[str], pos: int) -> Path:
        """A dotted header name as a path: a name of a [[table]] array means its latest table."""
        path: Path = ()
        for key in keys:
            path += (key,)
            self.mark(path, pos)
            if path in self.arrays:
                path += (self.arrays[path] - 1,)
        return path

    def shallow(self, keys: list[str], pos: int) -> list[str]:
        """``keys``, unless a dotted name goes deeper than :data:`MAX_DEPTH`: then noted, and the scan stops."""
        if len(keys) > MAX_DEPTH:
            self.too_deep = self.too_deep or self.line_at(pos)
            raise _Stop
        return keys

    # -- statements

    def header(self) -> Path:
        start = self.i
        array = self.text.startswith("[[", start)
        self.i += 2 if array else 1
        keys = self.shallow(self.key(), start)
        close = "]]" if array else "]"
        if not self.text.startswith(close, self.i):
            raise _Stop
        self.i += len(close)
        path = self.resolve(keys[:-1], start) + (keys[-1],)
        self.mark(path, start)
        if not array:
            self.give(path, start)
            return path
        count = self.arrays.get(path, 0)
        self.arrays[path] = count + 1
        path += (count,)
        self.mark(path, start)
        return path

    def keyval(self, table: Path, start: int) -> None:
        """``key = value`` under ``table``."""
        self.value(self.assign(table, start))

    def assign(self, table: Path | None, start: int) -> Path | None:
        """Read ``key =`` (dotted keys too) and note where it is; the value's path."""
        keys = self.shallow(self.key(), start)
        if self.peek() != "=":
            raise _Stop
        self.i += 1
        self.spaces()
        path = table
        for key in keys:
            path = None if path is None else path + (key,)
            self.mark(path, start)
        self.give(path, start)
        return path

    def value(self, path: Path | None) -> None:
        """Skip one value; arrays and inline tables are walked with a stack, not recursion.

        Paths are not noted past :data:`MAX_DEPTH` levels or :data:`MAX_ITEMS` items
        (``None``), so even a megabyte of brackets takes little memory.
        """
        stack: list[list] = []  # [closing bracket, path, items so far, start]
        self.item(path, stack)
        while stack:
            frame = stack[-1]
            self.blank()
            c = self.peek()
            if c == "":
                self.unclosed = self.unclosed or (self.line_at(frame[3]), "list" if frame[0] == "]" else "table")
                raise _Stop
            if c == frame[0]:
                self.i += 1
                stack.pop()
            elif c == ",":
                self.i += 1
            elif frame[0] == "]":
                item = frame[1] + (frame[2],) if frame[1] is not None and frame[2] < MAX_ITEMS else None
                frame[2] += 1
                self.mark(item, self.i)
                self.item(item, stack)
            else:
                self.item(self.assign(frame[1], self.i), stack)

    def item(self, path: Path | None, stack: list[list]) -> None:
        c = self.peek()
        if c in ("[", "{"):
            if len(stack) >= MAX_DEPTH:
                self.too_deep = self.too_deep or self.line_at(self.i)
                path = None
            stack.append(["]" if c == "[" else "}", path, 0, self.i])
            self.i += 1
        elif c in ('"', "'"):
            self.string()
        else:
            start = self.i
            while self.i < len(self.text) and self.text[self.i] not in _SCALAR_END:
                self.i += 1
            if self.i == start:
                raise _Stop

    # -- tokens

    def peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def spaces(self) -> None:
        while self.peek() in (" ", "\t"):
            self.i += 1

    def blank(self) -> None:
        """Skip white space, line ends and comments."""
        while True:
            c = self.peek()
            if c in (" ", "\t", "\r", "\n"):
                self.i += 1
            elif c == "#":
                end = self.text.find("\n", self.i)
                self.i = len(self.text) if end < 0 else end
            else:
                return

    def key(self) -> list[str]:
        """A dotted key, its parts unquoted: ``drills . "cues"`` -> ["drills", "cues"]."""
        parts = []
        while True:
            self.spaces()
            start = self.i
            if self.peek() in ('"', "'"):
                self.string()
                parts.append(_unquote(self.text[start : self.i]))
            else:
                while self.peek() in _BARE:
                    self.i += 1
                if self.i == start:
                    raise _Stop
                parts.append(self.text[start : self.i])
            self.spaces()
            if self.peek() != ".":
                return parts
            self.i += 1

    def string(self) -> None:
        """Skip a string of any of TOML's four kinds, escapes and all."""
        start, quote = self.i, self.text[self.i]
        delimiter = quote * 3 if self.text.startswith(quote * 3, start) else quote
        self.i += len(delimiter)
        while True:
            if self.i >= len(self.text) or (len(delimiter) == 1 and self.text[self.i] == "\n"):
                self.unclosed = self.unclosed or (self.line_at(start), "string")
                raise _Stop
            if quote == '"' and self.text[self.i] == "\\":
                self.i += 2
            elif self.text.startswith(delimiter, self.i):
                self.i += len(delimiter)
                for _ in range(2 if len(delimiter) == 3 else 0):
                    if self.peek() == quote:  # up to two quotes of content before the closing three
                        self.i += 1
                return
            else:
                self.i += 1


def _unquote(token: str) -> str:
    """A quoted key as TOML reads it (escapes decoded)."""
    import tomllib  # only for a message about a quoted key; the reader itself is loaded by whoever reads

    try:
        return str(tomllib.loads(f"k = {token}")["k"])
    except (ValueError, KeyError):
        return token[1:-1]
