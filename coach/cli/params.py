"""Options shared by several commands, each with help text and an example.

Each command lists the ones it takes in its own signature, typed, and hands
the session options to coach.app as one `Typed`.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer



Routine = Annotated[
    str,
    typer.Argument(help="A built-in routine (pre-run, post-run) or the path to your own routine file."),
]
Routines = Annotated[
    list[str],
    typer.Argument(
        help="One or more routines, built-in (pre-run, post-run) or the path to your own file; "
        "several are joined into one session. Example: pre-run post-run",
        show_default=False,
    ),
]
Level = Annotated[
    Optional[str],
    typer.Option(
        "--level", "-l",
        help="How much of each range to do: short (low end), standard (middle), full (high end). "
        "Default: standard. Example: --level full",
    ),
]
Pace = Annotated[
    Optional[list[str]],
    typer.Option(
        "--pace",
        metavar="DRILL=SECONDS",
        help="Your own time for one 20 m leg of a drill; repeat for more drills. "
        "Example: --pace knee-drive-crossover=25",
    ),
]
PaceScale = Annotated[
    Optional[float],
    typer.Option(
        "--pace-scale",
        help="Stretch (over 1) or shrink (under 1) the default time of every 20 m leg. "
        "Drills given with --pace keep your time. Example: --pace-scale 1.3",
    ),
]
TempoScale = Annotated[
    Optional[float],
    typer.Option(
        "--tempo-scale",
        help="Slow down (over 1) or speed up (under 1) the counted reps. Example: --tempo-scale 1.2",
    ),
]
Cadence = Annotated[
    Optional[int],
    typer.Option(
        "--cadence",
        metavar="STEPS_PER_MIN",
        help="Click a metronome at this many steps a minute during the 20 m legs. Example: --cadence 170",
    ),
]
VoiceEngine = Annotated[
    Optional[str],
    typer.Option("--voice-engine", help="Speech engine: piper (a natural voice, the default), espeak-ng or pyttsx3 (your system's voices). Example: --voice-engine espeak-ng"),
]
VoiceName = Annotated[
    Optional[str],
    typer.Option("--voice", help="Voice to speak with: one that `coach voices` lists, or a Piper voice you downloaded (its .onnx file, with the .onnx.json beside it). Example: --voice ~/voices/en_GB-alba-medium.onnx"),
]
VoiceRate = Annotated[
    Optional[int],
    typer.Option("--rate", help="Speaking speed in words per minute (80 to 400, default 170). Example: --rate 160"),
]
Mono = Annotated[
    Optional[bool],
    typer.Option("--mono/--pan", help="--mono: every cue in both ears. --pan (default): left and right cues sit in that ear. Example: --mono", show_default=False),
]
Gap = Annotated[
    float,
    typer.Option("--gap", metavar="MINUTES", help="With several routines: minutes of running between them, called out by time. Example: --gap 20"),
]
Explain = Annotated[
    bool,
    typer.Option("--explain", help="Also list every setting and where it came from (command line, your profile, the routine, coach). Example: --explain"),
]
Music = Annotated[
    Optional[list[str]],
    typer.Option(
        "--music",
        metavar="PATH",
        help="Play your music under the session: a folder (its tracks in name order) or a file; "
        "repeat for more. It dips under every cue. Example: --music ~/Music/warm-up",
        show_default=False,
    ),
]
Shuffle = Annotated[
    bool, typer.Option("--shuffle", help="Play the music tracks in a shuffled order (the same each time for a --seed). Example: --shuffle")
]
Seed = Annotated[
    Optional[int],
    typer.Option("--seed", min=0, metavar="N", help="With --shuffle: another number gives another order (default 1). Example: --seed 7"),
]
MusicLevel = Annotated[
    Optional[float],
    typer.Option(
        "--music-level",
        metavar="DB",
        help="How loud the music is against the voice, in dB: -10 (default) is 10 dB under it, "
        "-3 louder, -20 quieter. Example: --music-level -14",
    ),
]
Duck = Annotated[
    Optional[float],
    typer.Option(
        "--duck",
        metavar="DB",
        help="How far the music dips under every cue, in dB (default 14; 0: no dip). Example: --duck 18",
    ),
]
