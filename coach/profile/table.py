"""Every setting a runner can choose, declared once: what it accepts, its default, its help and where it applies.

The command-line options (``coach/cli/params.py``), what a command hands to
``coach.app`` (a plain mapping of what was typed), the defaults and the keys of
the settings file (``coach/profile/keys.py``) are all made from :data:`TABLE`.
Adding a setting is one entry here, plus the code that uses its value.

Bounds come from the stages that own them; none is written here twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from coach.audio.mixing import DEFAULT_DUCK_DB, DEFAULT_LEVEL_DB, DUCK_RANGE, LEVEL_RANGE
from coach.export.formats import FORMATS as EXPORT_FORMATS
from coach.playback.outputs import DEFAULT_OUTPUT, OUTPUTS as OUTPUT_TABLE
from coach.plan.options import CADENCE_RANGE, MAX_PACE_SCALE, MAX_TEMPO_SCALE
from coach.profile.kinds import PATH, SWITCH, VOICE, Kind, choice, number, whole
from coach.routine.model import LEVELS, PACE_EXPECTED, PACE_RANGE
from coach.speech.engines import ENGINES
from coach.speech.rates import RATE_RANGE

VOICE_ENGINES = tuple(ENGINES)
OUTPUTS = tuple(OUTPUT_TABLE)
FORMATS = tuple(suffix.lstrip(".") for suffix in EXPORT_FORMATS)

# Which commands take a setting as an option.
SPEAKING = frozenset({"list", "plan", "export", "play"})
SESSION = frozenset({"plan", "export", "play"})
SOUNDING = frozenset({"export", "play"})
PLAYING = frozenset({"play"})


@dataclass(frozen=True)
class Option:
    """How a setting is typed on the command line (the CLI turns this into its own option)."""

    flags: tuple[str, ...]  # "--level", "-l"; a switch: "--pan/--mono"
    type: Any  # str, int, float, bool, list[str]
    help: str  # with an example
    metavar: str | None = None
    min: int | None = None


@dataclass(frozen=True)
class Spec:
    """One setting."""

    key: str  # as kept in the settings file and named in --explain
    kind: Kind  # what `coach config set` and the settings file accept
    default: Any  # None: coach's own (the voice's rate, the default engine, ...)
    help: str  # for `coach config keys`
    example: str  # a value, as typed after `coach config set KEY`
    uses: frozenset[str] = field(default=frozenset())  # the commands that take it as an option
    option: Option | None = None
    saved: bool = True  # may be kept in the settings file (a pace: one key per drill, pace.DRILL)
    each_drill: bool = False  # given per drill: --pace DRILL=SECONDS, pace.DRILL in the settings file


TABLE: tuple[Spec, ...] = (
    Spec(
        "voice", VOICE, None, "The voice to speak with: a name from `coach voices`, or a Piper .onnx file.",
        "en_US-joe-medium", SPEAKING,
        Option(("--voice",), str, "Voice to speak with: one that `coach voices` lists, or a Piper voice you downloaded "
               "(its .onnx file, with the .onnx.json beside it). Example: --voice ~/voices/en_GB-alba-medium.onnx"),
    ),
    Spec(
        "rate", whole(*RATE_RANGE), None, "Speaking speed in words per minute.", "160", SPEAKING,
        Option(("--rate",), int, "Speaking speed in words per minute ({low} to {high}, default 170). Example: --rate 160"
               .format(low=RATE_RANGE[0], high=RATE_RANGE[1])),
    ),
    Spec(
        "voice_engine", choice(VOICE_ENGINES), None,
        "The speech engine: piper (natural, the default), espeak-ng or pyttsx3.", "espeak-ng", SPEAKING,
        Option(("--voice-engine",), str, "Speech engine: piper (a natural voice, the default), espeak-ng or pyttsx3 "
               "(your system's voices). Example: --voice-engine espeak-ng"),
    ),
    Spec(
        "level", choice(LEVELS), "standard", "How much of each range to do.", "standard", SESSION,
        Option(("--level", "-l"), str, "How much of each range to do: short (low end), standard (middle), "
               "full (high end). Default: standard. Example: --level full"),
    ),
    Spec(
        "pace", replace(number(*PACE_RANGE, unit="seconds"), expected=PACE_EXPECTED),  # the words of every pace check
        None, "Your own time for one 20 m leg of a drill.", "25", SESSION,
        Option(("--pace",), list[str], "Your own time for one 20 m leg of a drill; repeat for more drills. "
               "Example: --pace knee-drive-crossover=25", metavar="DRILL=SECONDS"),
        saved=False, each_drill=True,
    ),
    Spec("format", choice(FORMATS), "mp3", "File type when you save with -o and give no suffix (mp3, m4b, opus...).", "mp3"),
    Spec(
        "pan", SWITCH, True, "Put left and right cues in that ear (false: both ears).", "true", SESSION,
        Option(("--pan/--mono",), bool, "--mono: every cue in both ears. --pan (default): left and right cues sit "
               "in that ear. Example: --mono"),
    ),
    Spec(
        "clarity", SWITCH, True, "Clear speech for noisy places: the voice shaped to cut through traffic, "
        "at the same loudness (false: the plain voice).", "false", SESSION,
        Option(("--clarity/--no-clarity",), bool, "--clarity (default): the voice is shaped to be understood in "
               "traffic and wind, at the same loudness. --no-clarity: the plain voice. Example: --no-clarity"),
    ),
    Spec(
        "output", choice(OUTPUTS), DEFAULT_OUTPUT, "How sound reaches your speakers or headphones.", DEFAULT_OUTPUT,
        PLAYING,
        Option(("--output",), str, f"How the sound reaches you: {', '.join(OUTPUTS)} (default {DEFAULT_OUTPUT}). "
               f"Example: --output {DEFAULT_OUTPUT}"),
    ),
    Spec(
        "tempo_scale", number(1 / MAX_TEMPO_SCALE, MAX_TEMPO_SCALE), 1.0,
        "Slow down (over 1) or speed up (under 1) the counted reps.", "1.2", SESSION,
        Option(("--tempo-scale",), float, "Slow down (over 1) or speed up (under 1) the counted reps. "
               "Example: --tempo-scale 1.2"),
    ),
    Spec(
        "pace_scale", number(0, MAX_PACE_SCALE, above=True), 1.0, "Stretch (over 1) or shrink (under 1) every 20 m leg.",
        "1.3", SESSION,
        Option(("--pace-scale",), float, "Stretch (over 1) or shrink (under 1) the default time of every 20 m leg. "
               "Drills given with --pace keep your time. Example: --pace-scale 1.3"),
    ),
    Spec(
        "cadence", whole(*CADENCE_RANGE), None, "Metronome steps per minute during the 20 m legs.", "170", SESSION,
        Option(("--cadence",), int, "Click a metronome at this many steps a minute during the 20 m legs. "
               "Example: --cadence 170", metavar="STEPS_PER_MIN"),
    ),
    Spec(
        "music", PATH, None, "Music to play under every session: a folder or one file.", "~/Music/warm-up", SOUNDING,
        Option(("--music",), list[str], "Play your music under the session: a folder (its tracks in name order) or a "
               "file; repeat for more. It dips under every cue. Example: --music ~/Music/warm-up", metavar="PATH"),
    ),
    Spec(
        "music_level", number(*LEVEL_RANGE, unit="dB"), DEFAULT_LEVEL_DB,
        f"How loud the music is against the voice ({DEFAULT_LEVEL_DB:g}: {-DEFAULT_LEVEL_DB:g} dB under it).", "-12",
        SOUNDING,
        Option(("--music-level",), float, f"How loud the music is against the voice, in dB: {DEFAULT_LEVEL_DB:g} "
               f"(default) is {-DEFAULT_LEVEL_DB:g} dB under it, -3 louder, -20 quieter. Example: --music-level -14",
               metavar="DB"),
    ),
    Spec(
        "duck", number(*DUCK_RANGE, unit="dB"), DEFAULT_DUCK_DB, "How far the music dips under every cue.",
        f"{DEFAULT_DUCK_DB:g}", SOUNDING,
        Option(("--duck",), float, f"How far the music dips under every cue, in dB (default {DEFAULT_DUCK_DB:g}; "
               "0: no dip). Example: --duck 18", metavar="DB"),
    ),
    Spec(
        "shuffle", SWITCH, False, "Play the music tracks in a shuffled order.", "true", SOUNDING,
        Option(("--shuffle",), bool, "Play the music tracks in a shuffled order (the same each time for a --seed). "
               "Example: --shuffle"),
        saved=False,
    ),
    Spec(
        "seed", whole(0, 2**31 - 1), 1, "With shuffle: another number gives another order.", "7", SOUNDING,
        Option(("--seed",), int, "With --shuffle: another number gives another order (default 1). Example: --seed 7",
               metavar="N", min=0),
        saved=False,
    ),
)

SPECS: dict[str, Spec] = {spec.key: spec for spec in TABLE}
DEFAULTS: dict[str, Any] = {spec.key: spec.default for spec in TABLE if not spec.each_drill}
SAVED: tuple[str, ...] = tuple(spec.key for spec in TABLE if spec.saved)


def options_for(command: str) -> tuple[Spec, ...]:
    """The settings ``command`` takes as options, in the table's order."""
    return tuple(spec for spec in TABLE if command in spec.uses and spec.option is not None)
