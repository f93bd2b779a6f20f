"""From what a runner typed to a production: settings with their sources, the voice, the plan.

The commands, ``scripts/bench.py`` and the tests all start here, so what is
played, exported and shown is made the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.app.music import Music, Notice, gather_music
from coach.audio.music import find_tracks
from coach.app.produce import Production, VoiceChoice, measured_plan
from coach.app.settings import Choices, gather
from coach.plan.timeline import Timeline
from coach.speech.speech import Progress

@dataclass(frozen=True)
class Typed:
    """What the runner typed for a session, as given; None means not typed."""

    level: str | None = None
    pace: tuple[str, ...] = ()  # DRILL=SECONDS, as typed
    pace_scale: float | None = None
    tempo_scale: float | None = None
    cadence: int | None = None
    voice_engine: str | None = None
    voice: str | None = None
    rate: int | None = None
    mono: bool | None = None  # True: every cue in both ears
    output: str | None = None
    music: tuple[str, ...] = ()  # files and folders, as typed
    shuffle: bool | None = None
    seed: int | None = None
    music_level: float | None = None
    duck: float | None = None


def choices(routines: list[str], typed: Typed = Typed()) -> Choices:
    """Settings for this session: typed options beat the profile, which beats the defaults."""
    cli = {
        "level": typed.level,
        "pace": list(typed.pace),
        "pace_scale": typed.pace_scale,
        "tempo_scale": typed.tempo_scale,
        "cadence": typed.cadence,
        "voice_engine": typed.voice_engine,
        "voice": typed.voice,
        "rate": typed.rate,
        "pan": None if typed.mono is None else not typed.mono,
        "output": typed.output,
        "music": typed.music or None,
        "shuffle": typed.shuffle,
        "seed": typed.seed,
        "music_level": typed.music_level,
        "duck": typed.duck,
    }
    return gather(routines, cli)


def voice_of(chosen: Choices) -> VoiceChoice:
    return VoiceChoice(chosen.get("voice_engine"), chosen.get("voice"), chosen.get("rate"))


def music_paths(chosen: Choices) -> list[str]:
    """The music files and folders chosen (typed or saved), checked to exist; [] for none."""
    paths = chosen.get("music")
    if not paths:
        return []
    paths = [paths] if isinstance(paths, str) else list(paths)
    find_tracks([Path(p) for p in paths])  # a wrong path is told now, before the voice is made
    return paths


def music_of(
    chosen: Choices,
    length: int | None = None,
    notice: Notice | None = None,
    leave_out: Path | None = None,
    progress: Progress | None = None,
) -> Music | None:
    """The session's music, measured as far as a session of ``length`` needs; None without music."""
    paths = music_paths(chosen)
    if not paths:
        return None
    return gather_music(
        paths,
        shuffle=chosen.get("shuffle"),
        seed=chosen.get("seed"),
        level_db=chosen.get("music_level"),
        duck_db=chosen.get("duck"),
        notice=notice,
        leave_out=leave_out,
        progress=progress,
        length=length,
    )


def production(
    chosen: Choices,
    gap: float = 0.0,
    progress: Progress | None = None,
    notice: Notice | None = None,
    out: Path | None = None,
    music_progress: Progress | None = None,
) -> Production:
    """The session planned with every line's measured length, with its music, ready to render.

    ``out`` is the file being exported, so that it is not taken for music.
    """
    music_paths(chosen)  # a wrong path is told before the voice is made
    speech = voice_of(chosen).open(progress)
    timeline = measured_plan(chosen.routines, chosen.options, speech, gap)
    music = music_of(chosen, timeline.length, notice, out, music_progress)
    return Production(timeline, speech, chosen.mono, music)


def timeline_for(chosen: Choices, gap: float = 0.0, progress: Progress | None = None) -> Timeline:
    """The plan alone (what `coach plan` and `coach list` show): the production's timeline."""
    return production(chosen, gap, progress).timeline
