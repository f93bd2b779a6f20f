"""From a runner's choices to sound: open the voice, plan with measured lengths, render blocks.

Export and live playback both go through :class:`Production`, so what is
played is exactly what is exported, and both match ``coach plan``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from coach.app.music import Music
from coach.audio.render import render
from coach.audio.sounds import load_sounds, sound_lengths
from coach.export.meta import Caption, SessionMeta
from coach.routine.model import Routine
from coach.plan.options import PlanOptions
from coach.app.session import plan
from coach.app.voice import VoiceChoice  # noqa: F401  (made here before; coach pace imports it from here)
from coach.speech.speech import Speech
from coach.plan.timeline import Timeline


PLAY_BLOCK = 4096  # samples a block for live playback (93 ms)
EXPORT_BLOCK = 16384  # for export: the same samples, less work per block


@dataclass(frozen=True)
class Production:
    timeline: Timeline
    speech: Speech
    mono: bool = False
    music: Music | None = None

    def blocks(self, start: int = 0, end: int | None = None, block: int = PLAY_BLOCK) -> Iterator[np.ndarray]:
        """The session's sound as int16 stereo blocks, from sample ``start`` (the music too).

        The samples do not depend on ``block``: export takes bigger blocks
        (:data:`EXPORT_BLOCK`, less work per sample) than live playback.
        """
        bed = self.music.bed(self.timeline, self.mono) if self.music else None
        sounds = load_sounds()
        return render(self.timeline, self.speech.clip, sounds, mono=self.mono, start=start, end=end, block=block, bed=bed)

    def meta(self) -> SessionMeta:
        return session_meta(self.timeline)


def measured_plan(routines: Sequence[Routine], options: PlanOptions, speech: Speech, gap_minutes: float = 0.0) -> Timeline:
    """The plan with every line's real spoken length, as the audio will have it."""
    return plan(routines, options, measure=speech.prepare, sounds=sound_lengths(), gap_minutes=gap_minutes)


def session_meta(timeline: Timeline) -> SessionMeta:
    """Tags for an exported file: the plan's chapters, a caption per spoken line."""
    captions = tuple(Caption(e.at, e.end, e.text) for e in timeline.events if e.type == "say" and e.text)
    return SessionMeta(title=timeline.title, album="coach sessions", chapters=timeline.chapters, captions=captions)
