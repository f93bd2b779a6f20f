"""The one way to a production: a runner's choices planned with measured lengths, then rendered.

``coach plan``, ``coach list``, ``coach export``, ``coach play``, the phone
page, ``scripts/bench.py`` and the tests all call :func:`production`, so what
is shown, played and exported is made the same way. Rendering loads NumPy, the
voice and the music only when sound is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coach.app.configure import from_settings_file
from coach.app.planning import plan
from coach.app.settings import Choices
from coach.app.voice import VoiceChoice
from coach.audio.sounds import sound_lengths
from coach.errors import CoachError
from coach.export.formats import check_file_length
from coach.export.meta import Caption, SessionMeta
from coach.plan.timeline import Timeline

if TYPE_CHECKING:  # what renders (NumPy, the engines, PyAV) is loaded only by what makes sound
    import numpy as np

    from coach.app.music import Music, MusicChoice, Notice
    from coach.speech.speech import Progress, Speech

PLAY_BLOCK = 4096  # samples a block for live playback (93 ms)
EXPORT_BLOCK = 16384  # for export: the same samples, less work per block


@dataclass(frozen=True)
class Production:
    """A session ready to render: its timeline, its voice (None for a plan alone), its music."""

    timeline: Timeline
    speech: Speech | None = None
    pan: bool = True  # left and right cues in that ear; False: every cue in both ears
    music: Music | None = None

    def blocks(self, start: int = 0, end: int | None = None, block: int = PLAY_BLOCK) -> Iterator[np.ndarray]:
        """The session's sound as int16 stereo blocks, from sample ``start`` (the music too).

        The samples do not depend on ``block``: export takes bigger blocks
        (:data:`EXPORT_BLOCK`, less work per sample) than live playback.
        """
        from coach.audio.render import render
        from coach.audio.sounds import load_sounds

        if self.speech is None:
            raise AssertionError("a plan alone has no sound: ask production() for audio")
        mono = not self.pan
        bed = self.music.bed(self.timeline, mono) if self.music else None
        return render(self.timeline, self.speech.clip, load_sounds(), mono=mono, start=start, end=end, block=block, bed=bed)

    def meta(self) -> SessionMeta:
        return session_meta(self.timeline)


def production(
    chosen: Choices,
    gap: float = 0.0,
    *,
    audio: bool = True,
    progress: Progress | None = None,
    out: Path | None = None,
    notice: Notice | None = None,
    music_progress: Progress | None = None,
) -> Production:
    """The session planned with every line's measured length, ready to render, with its music.

    ``audio=False`` wants the plan alone (``coach plan``, ``coach list``): lines
    whose lengths are known (spoken before, or shipped for the default voice)
    are not spoken, and the music plays no part. ``out`` is the file being
    exported (see :func:`coach.app.choose.export_path`): its kind may limit
    the length, which is told before any line is spoken. ``progress`` follows
    new lines being spoken, ``music_progress`` new tracks being measured.
    """
    music = music_choice(chosen) if audio else None  # a wrong path is told before the voice is made
    voice = voice_of(chosen)
    try:
        speech = voice.open(progress) if audio else None
        measure = speech.prepare if speech is not None else voice.lengths(progress)
    except CoachError as err:
        raise from_settings_file(err, {k: s.source for k, s in chosen.settings.items()}) from None
    fits = (lambda timeline: check_file_length(out, timeline.length)) if out is not None else None
    timeline = plan(chosen.routines, chosen.options, measure, sound_lengths(), gap, check=fits)
    made = Production(timeline, speech, chosen.get("pan"))
    if music is None:
        return made
    measured = music.measure(length=timeline.length, notice=notice, progress=music_progress)
    return replace(made, music=measured)


def voice_of(chosen: Choices) -> VoiceChoice:
    return VoiceChoice(chosen.get("voice_engine"), chosen.get("voice"), chosen.get("rate"), chosen.get("clarity"))


def music_choice(chosen: Choices) -> MusicChoice | None:
    """The music chosen (typed or saved), its tracks found and levels checked; None without music."""
    paths = chosen.get("music")
    if not paths:
        return None
    from coach.app.music import choose_music

    return choose_music(
        [paths] if isinstance(paths, str) else list(paths),
        shuffle=chosen.get("shuffle"),
        seed=chosen.get("seed"),
        level_db=chosen.get("music_level"),
        duck_db=chosen.get("duck"),
    )


def session_meta(timeline: Timeline) -> SessionMeta:
    """Tags for an exported file: the plan's chapters, a caption per spoken line."""
    captions = tuple(Caption(e.at, e.end, e.text) for e in timeline.spoken() if e.text)
    return SessionMeta(title=timeline.title, album="coach sessions", chapters=timeline.chapters, captions=captions)
