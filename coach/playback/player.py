"""The live player: streams a session's blocks to an output, with pause, skip and quit.

Rendering happens here, in the caller's thread, a block at a time into a
small :class:`Ring`; the output's device thread only copies frames out of it.
The output and the waiting function are passed in (as :mod:`sched` takes its
clock), so the whole controller runs against fakes in tests.

Positions are session sample indices of what is being heard: frames handed
to the device minus its latency.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Literal, Protocol

import numpy as np

from coach import stopping
from coach.playback.output import Output
from coach.playback.ring import Ring
from coach.units import SAMPLE_RATE

Blocks = Iterator[np.ndarray]
BlocksFactory = Callable[[int], Iterable[np.ndarray]]
"""``factory(start_sample)`` -> fresh int16 (n, 2) blocks of the session from that sample."""
CountIn = Callable[[int], Iterable[np.ndarray]]
"""``count_in(resume_sample)`` -> blocks played before resuming after a pause."""
Outcome = Literal["finished", "quit", "stopped"]
Command = Literal["pause", "next", "quit"]

PREROLL = SAMPLE_RATE // 2
"""Half a second of silence first, so Bluetooth headphones wake before the first word."""
RING_FRAMES = 2 * SAMPLE_RATE
"""Rendered audio kept ready ahead of the device: two seconds."""
TICK = 0.02
"""Seconds between two looks at the keys, the device and the ring."""


class Controls(Protocol):
    """Where commands come from (the keyboard, or a script in tests)."""

    def poll(self) -> Command | None:
        """The next command, or None when there is none waiting."""


@dataclass(frozen=True)
class PlayResult:
    """How a session ended: ``finished``, ``quit`` (q key) or ``stopped`` (Ctrl-C)."""

    outcome: Outcome
    position: int
    underruns: int

    @property
    def stopped(self) -> bool:
        return self.outcome == "stopped"


def ticks(resume: int) -> Iterator[np.ndarray]:
    """The default count-in: three short ticks half a second apart; play resumes on the fourth beat."""
    beat = SAMPLE_RATE // 2
    n = SAMPLE_RATE * 3 // 100
    t = np.arange(n) / SAMPLE_RATE
    tick = (np.sin(2 * np.pi * 1200 * t) * np.hanning(n) * 12000).astype(np.int16)
    out = np.zeros((3 * beat, 2), dtype=np.int16)
    for k in range(3):
        out[k * beat : k * beat + n] = tick[:, None]
    yield out


def play(
    blocks_factory: BlocksFactory,
    output: Output,
    *,
    start: int = 0,
    preroll_samples: int = PREROLL,
    drill_starts: Sequence[int] = (),
    on_position: Callable[[int], None] | None = None,
    controls: Controls | None = None,
    count_in: CountIn = ticks,
    sleep: Callable[[float], None] = time.sleep,
    ring_frames: int = RING_FRAMES,
) -> PlayResult:
    """Play the session from ``start`` until it ends, ``q`` is pressed or Ctrl-C.

    Raises DeviceError if the output cannot open or fails; any error from the
    blocks (the renderer) is raised as is. The output is silenced either way.
    """
    player = _Player(blocks_factory, output, Ring(ring_frames), sorted(drill_starts), count_in)
    return player.run(start, preroll_samples, on_position, controls, sleep)


class _Player:
    def __init__(
        self,
        factory: BlocksFactory,
        output: Output,
        ring: Ring,
        drill_starts: list[int],
        count_in: CountIn,
    ) -> None:
        self.factory = factory
        self.output = output
        self.ring = ring
        self.drill_starts = drill_starts
        self.count_in = count_in
        self.source: Blocks | None = None
        self.pending: np.ndarray | None = None
        self.seg_sample = 0  # session sample of the segment's first frame
        self.seg_frame = 0  # ring frame count when the segment began
        self.floor = 0  # first sample of real content in the segment
        self.paused_at: int | None = None

    def run(
        self,
        start: int,
        preroll: int,
        on_position: Callable[[int], None] | None,
        controls: Controls | None,
        sleep: Callable[[float], None],
    ) -> PlayResult:
        lead = [np.zeros((preroll, 2), dtype=np.int16)] if preroll > 0 else []
        self._switch(chain(lead, self.factory(start)), start - preroll, start)
        try:
            self._fill()
            self.output.start(self.ring)
            outcome = self._loop(on_position, controls, sleep)
            if outcome == "finished":
                self.output.finish()
        except KeyboardInterrupt:
            outcome = "stopped"
        finally:
            self.output.abort()
        end = self._handed() if outcome == "finished" else self.position()
        return PlayResult(outcome, end, self.ring.underruns)

    def _loop(
        self,
        on_position: Callable[[int], None] | None,
        controls: Controls | None,
        sleep: Callable[[float], None],
    ) -> Outcome:
        while True:
            while controls is not None and (command := controls.poll()) is not None:
                if command == "quit":
                    return "quit"
                self._command(command)
            self.output.check()
            self._fill()
            if self.paused_at is None and self.source is None and self.ring.queued() == 0:
                return "finished"
            if on_position is not None:
                on_position(self.position())
            stopping.check()
            sleep(TICK)

    def position(self) -> int:
        """The session sample being heard now (where a pause resumes)."""
        if self.paused_at is not None:
            return self.paused_at
        return max(self.floor, self._handed() - self.output.latency())

    def _handed(self) -> int:
        """The session sample the device will take next."""
        return max(self.floor, self.seg_sample + self.ring.consumed - self.seg_frame)

    def _command(self, command: Command) -> None:
        here = self.position()
        if command == "pause" and self.paused_at is None:
            self._switch(None, here, here)
            self.paused_at = here
        elif command == "pause":
            assert self.paused_at is not None
            resume, self.paused_at = self.paused_at, None
            lead = [np.asarray(b, dtype=np.int16) for b in self.count_in(resume)]
            length = sum(len(b) for b in lead)
            self._switch(chain(lead, self.factory(resume)), resume - length, resume)
        elif command == "next":
            target = next((s for s in self.drill_starts if s > here), None)
            if target is None:
                return
            if self.paused_at is not None:
                self.paused_at = target
            else:
                self._switch(iter(self.factory(target)), target, target)

    def _switch(self, source: Iterable[np.ndarray] | None, seg_sample: int, floor: int) -> None:
        """Drop what is queued and continue with ``source`` (None: silence)."""
        self.source = iter(source) if source is not None else None
        self.pending = None
        self.seg_frame = self.ring.flush()
        self.seg_sample = seg_sample
        self.floor = floor

    def _fill(self) -> None:
        """Render into the ring until it is full or the source has ended."""
        while self.source is not None:
            if self.pending is None:
                try:
                    self.pending = np.asarray(next(self.source), dtype=np.int16)
                except StopIteration:
                    self.source = None
                    self.ring.end()
                    return
            taken = self.ring.write(self.pending)
            if taken < len(self.pending):
                self.pending = self.pending[taken:]
                return
            self.pending = None
