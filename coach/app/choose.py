"""From what a runner typed to a production: settings with their sources, the voice, the plan.

The commands, ``scripts/bench.py`` and the tests all start here, so what is
played, exported and shown is made the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coach.app.configure import from_settings_file
from coach.app.session import plan
from coach.app.settings import Choices, gather
from coach.app.voice import VoiceChoice
from coach.audio.sounds import sound_lengths
from coach.export.formats import check_length
from coach.errors import CoachError
from coach.plan.timeline import Timeline

if TYPE_CHECKING:  # what renders (NumPy, the engines, PyAV) is loaded only by what makes sound
    from coach.app.music import MusicChoice, Notice
    from coach.app.produce import Production
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


def export_path(chosen: Choices, typed: str, *, force: bool = False, subtitles: bool = False) -> Path:
    """The file ``coach export -o typed`` writes, checked before any work: never over the music it reads."""
    from coach.export.target import Input, export_path as checked

    paths, setting = chosen.get("music") or (), chosen.settings["music"]
    named = "--music {}" if setting.source == "command line" else "music {}, saved in " + setting.source[9:-1]
    inputs = [Input(Path(p).expanduser(), named.format(p)) for p in ([paths] if isinstance(paths, str) else paths)]
    return checked(typed, default_format=chosen.get("format"), force=force, subtitles=subtitles, inputs=inputs)


def production(
    chosen: Choices,
    gap: float = 0.0,
    progress: Progress | None = None,
    notice: Notice | None = None,
    out: Path | None = None,
    music_progress: Progress | None = None,
) -> Production:
    """The session planned with every line's measured length, with its music, ready to render.

    ``out`` is the file being exported (see :func:`export_path`): its kind may limit the length.
    """
    music = music_choice(chosen)  # a wrong path is told before the voice is made
    if out is not None:  # a session too long for the file's kind is told before the voice is made
        check_length(out, plan(chosen.routines, chosen.options, gap_minutes=gap).length)
    made = planned(chosen, gap, progress)
    if music is None:
        return made
    measured = music.measure(length=made.timeline.length, notice=notice, progress=music_progress)
    return replace(made, music=measured)


def planned(chosen: Choices, gap: float = 0.0, progress: Progress | None = None) -> Production:
    """The session with every line's measured length, without music."""
    from coach.app.produce import Production, measured_plan

    try:
        speech = voice_of(chosen).open(progress)
    except CoachError as err:
        raise from_settings_file(err, {k: s.source for k, s in chosen.settings.items()}) from None
    return Production(measured_plan(chosen.routines, chosen.options, speech, gap), speech, chosen.mono)


def timeline_for(chosen: Choices, gap: float = 0.0, progress: Progress | None = None) -> Timeline:
    """The plan alone (what `coach plan` and `coach list` show): music plays no part in it.

    Lines whose lengths are known (spoken before, or shipped for the default
    voice) are not spoken again; only new ones are, with ``progress`` told.
    """
    try:
        measure = voice_of(chosen).lengths(progress)
    except CoachError as err:
        raise from_settings_file(err, {k: s.source for k, s in chosen.settings.items()}) from None
    return plan(chosen.routines, chosen.options, measure=measure, sounds=sound_lengths(), gap_minutes=gap)
