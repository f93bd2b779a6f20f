"""Find the line of a field in a TOML routine file, for error messages.

``tomllib`` gives values, not positions. Routine files are simple (top-level
keys, ``[[drills]]`` tables, one key per line), so a scan of the text finds the
line a field path like ``drills[2].reps`` was written on, or the nearest line
that contains it (the drill's header, or the file's first line).
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")
_PATH_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


class Locator:
    """Maps field paths to 1-based line numbers of one file's text."""

    def __init__(self, text: str) -> None:
        # Each section: (header name, index among same-named arrays, start line, {key: line}).
        self.sections: list[tuple[str, int, int, dict[str, int]]] = [("", 0, 1, {})]
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                name = header.group(1).strip().strip("\"'")
                index = counts.get(name, 0)
                counts[name] = index + 1
                self.sections.append((name, index, number, {}))
                continue
            key = _KEY.match(line)
            if key:
                self.sections[-1][3].setdefault(key.group(1).strip('"'), number)

    def line(self, path: str) -> int:
        """The line of ``path`` (``drills[2].reps``), or of the closest enclosing part."""
        parts = [(m.group(1), m.group(2)) for m in _PATH_PART.finditer(path)]
        if not parts:
            return 1
        first, index = parts[0]
        if index is not None and len(parts) >= 1:
            section = self._section(first, int(index))
            if section is None:
                return self._top_key(first)
            if len(parts) == 1:
                return section[2]
            return section[3].get(parts[1][0], section[2])
        return self._top_key(first)

    def _section(self, name: str, index: int):
        for section in self.sections:
            if section[0] == name and section[1] == index:
                return section
        return None

    def _top_key(self, key: str) -> int:
        return self.sections[0][3].get(key, 1)
