"""Lines said in turn, so a drill does not say the same thing again and again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

TIMES = 2
"""How often one line of a rotation may be said in one drill."""


class Rotation:
    """The lines in turn, each at most ``times`` times (``times=None``: the least said, without end)."""

    def __init__(self, lines: Iterable[str], times: int | None = TIMES) -> None:
        self.lines = tuple(dict.fromkeys(lines))
        self.times = times
        self.said: Counter[str] = Counter()
        self.turn = 0

    def copy(self) -> Rotation:
        twin = Rotation(self.lines, self.times)
        twin.said, twin.turn = Counter(self.said), self.turn
        return twin

    def peek(self) -> str | None:
        """The line due next, or None when every line has been said its times."""
        n = len(self.lines)
        for k in range(n):
            line = self.lines[(self.turn + k) % n]
            if self.times is None or self.said[line] < self.times:
                return line
        return None

    def take(self) -> str | None:
        """The line due next, counted as said."""
        line = self.peek()
        if line is not None:
            self.turn = (self.lines.index(line) + 1) % len(self.lines)
            self.said[line] += 1
        return line
