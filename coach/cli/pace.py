"""`coach pace DRILL`: time your own 20 m leg and keep it in your profile."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Optional

import typer

from coach.cli.params import VoiceEngine, VoiceName, VoiceRate
from coach.errors import InputError

if TYPE_CHECKING:
    from coach.app.voice import VoiceChoice


def pace(
    drill: str = typer.Argument(..., help="A 20 m drill, e.g. knee-drive-crossover."),
    seconds: Optional[float] = typer.Option(
        None, "--seconds", help="Type your time for one 20 m leg instead of timing it. Example: --seconds 22"
    ),
    routine: Optional[str] = typer.Option(
        None, "--routine", help="Where the drill is, if not in a built-in routine. Example: --routine my-warmup.toml"
    ),
    output: Optional[str] = typer.Option(None, "--output", help="How the go cue reaches you. Example: --output sounddevice"),
    voice_engine: VoiceEngine = None,
    voice: VoiceName = None,
    rate: VoiceRate = None,
) -> None:
    """Time one 20 m leg at your own pace and save it: later sessions call "turn around" on your time.

    Stand at the start with your headphones on; after the go, do the leg and
    press Enter at 20 metres. Or type the time with --seconds.

    Examples: coach pace knee-drive-crossover | coach pace straight-leg-march --seconds 24
    """
    from coach.app import calibrate  # the use-cases and settings load on use: `coach --help` stays quick
    from coach.app.voice import VoiceChoice
    from coach.profile import store as profile
    from coach.routine.builtin import BUILTIN, find_routine

    routines = [find_routine(routine)] if routine else [find_routine(r) for r in BUILTIN]
    found = calibrate.find_distance_drill(routines, drill)
    if seconds is None:
        if not sys.stdin.isatty():
            raise InputError("coach pace times you with the Enter key; give --seconds when there is no keyboard")
        seconds = calibrate.time_leg(lambda: _play_go(found, VoiceChoice(voice_engine, voice, rate), output),
                                     lambda: input(), time.monotonic)
    else:
        seconds = calibrate.check_leg(seconds)
    saved = profile.set_value(f"pace.{found.id}", str(seconds))
    typer.echo(f"{found.name}: {seconds:g} s per 20 m leg, saved in {saved.path}.")


def _play_go(drill, voice: VoiceChoice, output: str | None) -> float:
    """Play the pace-check cues; return the monotonic time the go sound was heard."""
    from coach.app import calibrate
    from coach.app.produce import Production  # sound and the sound system: loaded when played
    from coach.audio.sounds import sound_lengths
    from coach.plan.lengths import Lengths
    from coach.plan.scheduler import spoken_texts
    from coach.playback.outputs import open_output
    from coach.playback.player import play
    from coach.profile import store as profile

    speech = voice.open()
    draft = calibrate.go_timeline(drill, Lengths(sounds=sound_lengths()))
    lengths = Lengths(speech=speech.prepare(spoken_texts(draft)), sounds=sound_lengths())
    timeline = calibrate.go_timeline(drill, lengths)
    go_at = next(e.at for e in timeline.events if e.cue == "go")
    heard: list[float] = []

    def note(position: int) -> None:
        if position >= go_at and not heard:
            heard.append(time.monotonic())

    made = Production(timeline, speech)
    device = open_output(output or profile.load_profile().values.get("output", "sounddevice"))
    result = play(made.blocks, device, on_position=note)
    if result.stopped:
        raise KeyboardInterrupt
    typer.echo("Go! Press Enter at 20 metres.", err=True)
    return heard[0] if heard else time.monotonic()
