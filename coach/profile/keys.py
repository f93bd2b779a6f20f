"""The keys a runner can keep in their profile: what each accepts, with help and an example.

Each key has a :class:`Kind` that turns typed text (``coach config set rate 160``)
or a TOML value (``rate = 160``) into a clean value. The TOML values are checked
by the same checkers as routine files (:mod:`coach.routine.fields`), which
raise ``Bad``; typed text is read first (``"160"`` -> 160), which may raise
``ValueError``. The message is always built from :attr:`Kind.expected`, so the
command line and the file say the same thing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coach.errors import InputError
from coach.regular import ADDRESS
from coach.routine import fields
from coach.routine.fields import Bad, slug
from coach.routine.model import LEVELS, PACE_EXPECTED, PACE_RANGE
from coach.plan.options import CADENCE_RANGE, MAX_PACE_SCALE, MAX_TEMPO_SCALE
from coach.audio.mixing import DUCK_RANGE, LEVEL_RANGE
from coach.export.formats import FORMATS as EXPORT_FORMATS
from coach.playback.outputs import OUTPUTS as OUTPUT_TABLE
from coach.speech.engines import ENGINES

VOICE_ENGINES = tuple(ENGINES)
OUTPUTS = tuple(OUTPUT_TABLE)
FORMATS = tuple(suffix.lstrip(".") for suffix in EXPORT_FORMATS)
PACE_PREFIX = "pace."
MAX_TEXT = 100
MAX_PATH = 1000
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Kind:
    """What a key accepts: ``parse`` reads typed text, ``accept`` checks a TOML value."""

    expected: str  # e.g. "a whole number from 80 to 400"
    parse: Callable[[str], Any]
    accept: Callable[[Any], Any]


@dataclass(frozen=True)
class KeySpec:
    kind: Kind
    help: str
    example: str  # a value, as typed after the key


def whole(low: int, high: int) -> Kind:
    accept = fields.whole(low, high)
    return Kind(f"a whole number from {low} to {high}", lambda text: accept(int(text.strip())), accept)


def number(low: float, high: float, *, above: bool = False, unit: str = "") -> Kind:
    """A number from ``low`` (or above it, with ``above``) to ``high``."""
    what = f"a number of {unit}" if unit else "a number"
    expected = f"{what} above {low:g} and at most {high:g}" if above else f"{what} from {low:g} to {high:g}"
    within = fields.number(low, high, unit or "units")

    def accept(value: Any) -> float:
        clean = within(value)
        if above and clean <= low:
            raise Bad(f"expected {expected}")
        return clean

    return Kind(expected, lambda text: accept(float(text.strip())), accept)


def choice(options: tuple[str, ...]) -> Kind:
    accept = fields.choice(options)
    return Kind("one of " + ", ".join(options), lambda text: accept(text.strip().lower()), accept)


def _switch_text(text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(text)


SWITCH = Kind("true or false", _switch_text, fields.boolean)


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    """Text kept as written (a path may hold two spaces), trimmed, on one line."""
    if not isinstance(value, str):
        raise Bad("expected text")
    clean = value.strip()
    if not clean or len(clean) > limit or _CONTROL.search(clean):
        raise Bad(f"expected 1 to {limit} characters on one line")
    clean.encode("utf-8")  # a lone surrogate (from a badly encoded argument) raises ValueError
    return clean


def _voice(value: Any) -> str:
    return _text(value, MAX_PATH)


def _voice_typed(text: str) -> str:
    """A voice name as typed; a voice file's path is kept whole, so it works from any folder."""
    clean = _voice(text)
    return _path_typed(clean) if clean.lower().endswith((".onnx", ".onnx.json")) else clean


VOICE = Kind(f"a voice name or a voice file's path, 1 to {MAX_PATH} characters", _voice_typed, _voice)


def _path(value: Any) -> str:
    """A file or folder on this computer (a web address is not one)."""
    clean = _voice(value)
    if ADDRESS.match(clean):
        raise Bad("expected a path on this computer, not a web address")
    return clean


def _path_typed(text: str) -> str:
    """A file or folder as typed, kept whole so it works from any folder."""
    try:
        return _voice(str(Path(_path(text)).expanduser().absolute()))
    except RuntimeError:  # ~user that does not exist
        raise Bad("expected a path that exists") from None


PATH = Kind(f"a music file's or folder's path on this computer, 1 to {MAX_PATH} characters", _path_typed, _path)

KEYS: dict[str, KeySpec] = {
    "voice": KeySpec(VOICE, "The voice to speak with: a name from `coach voices`, or a Piper .onnx file.", "en_US-joe-medium"),
    "rate": KeySpec(whole(80, 400), "Speaking speed in words per minute.", "160"),
    "voice_engine": KeySpec(choice(VOICE_ENGINES), "The speech engine: piper (natural, the default), espeak-ng or pyttsx3.", "espeak-ng"),
    "level": KeySpec(choice(LEVELS), "How much of each range to do.", "standard"),
    "format": KeySpec(choice(FORMATS), "File type when you save with -o and give no suffix (mp3, m4b, opus...).", "mp3"),
    "pan": KeySpec(SWITCH, "Put left and right cues in that ear (false: both ears).", "true"),
    "output": KeySpec(choice(OUTPUTS), "How sound reaches your speakers or headphones.", "sounddevice"),
    "tempo_scale": KeySpec(
        number(1 / MAX_TEMPO_SCALE, MAX_TEMPO_SCALE), "Slow down (over 1) or speed up (under 1) the counted reps.", "1.2"
    ),
    "pace_scale": KeySpec(
        number(0, MAX_PACE_SCALE, above=True), "Stretch (over 1) or shrink (under 1) every 20 m leg.", "1.3"
    ),
    "cadence": KeySpec(whole(*CADENCE_RANGE), "Metronome steps per minute during the 20 m legs.", "170"),
    "music": KeySpec(PATH, "Music to play under every session: a folder or one file.", "~/Music/warm-up"),
    "music_level": KeySpec(
        number(*LEVEL_RANGE, unit="dB"), "How loud the music is against the voice (-10: 10 dB under it).", "-12"
    ),
    "duck": KeySpec(number(*DUCK_RANGE, unit="dB"), "How far the music dips under every cue.", "14"),
}
PACE = KeySpec(
    replace(number(*PACE_RANGE, unit="seconds"), expected=PACE_EXPECTED),  # the words of every pace check
    "Your own time for one 20 m leg of a drill.",
    "25",
)
PACE_KEY = PACE_PREFIX + "DRILL"  # how the per-drill key is shown in lists
ALL_KEYS = (*KEYS, PACE_KEY)


def spec_for(key: str) -> tuple[str, KeySpec]:
    """The key as stored (``tempo-scale`` -> ``tempo_scale``) and its spec; InputError if unknown."""
    if key.startswith(PACE_PREFIX):
        drill = key[len(PACE_PREFIX):]
        try:
            slug(drill)
        except Bad:
            raise InputError(
                f'"{echo(key)}": after "pace." give a drill id of lowercase letters, digits and dashes, '
                f"like pace.knee-drive-crossover"
            ) from None
        return key, PACE
    name = key.strip().replace("-", "_").lower()
    if name in KEYS:
        return name, KEYS[name]
    raise unknown(key)


def unknown(key: str) -> InputError:
    """An unknown key, naming the closest known one and listing them all."""
    return InputError(f'unknown setting "{echo(key)}"{_hint(key)}; the settings are: {", ".join(ALL_KEYS)}')


def _hint(key: str) -> str:
    match = re.match(r"^pace[-_:/ ]+(.+)$", key)
    if match:
        return f' (did you mean "{PACE_PREFIX}{echo(match.group(1))}"?)'
    close = difflib.get_close_matches(key.replace("-", "_").lower(), list(KEYS) + ["pace"], n=1)
    if not close:
        return ""
    if close[0] == "pace":
        return f' (did you mean "{PACE_KEY}", like pace.knee-drive-crossover?)'
    return f' (did you mean "{close[0]}"?)'


def parse_text(key: str, text: str) -> tuple[str, Any]:
    """``("rate", "160")`` -> ``("rate", 160)``; InputError with what was expected."""
    name, spec = spec_for(key)
    try:
        return name, spec.kind.parse(text)
    except (Bad, ValueError, TypeError, OverflowError):
        raise InputError(f'{name}: expected {spec.kind.expected}, got "{echo(text)}"') from None


def echo(text: str, limit: int = 40) -> str:
    """Something the runner typed, safe to repeat in a one-line message."""
    clean = _CONTROL.sub("?", text).encode("utf-8", "replace").decode("utf-8")
    return clean if len(clean) <= limit else clean[: limit - 3] + "..."


def shown(value: Any) -> str:
    """A value as a person reads it: true/false, 1.2 (not 1.2000), text as is."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def keys_help() -> str:
    """One line per key: name, what it does, an example command."""
    specs = [*KEYS.items(), (PACE_KEY, PACE)]
    width = max(len(name) for name, _ in specs)
    example = {PACE_KEY: "pace.knee-drive-crossover"}
    return "\n".join(
        f"{name:<{width}}  {spec.help} ({spec.kind.expected}) e.g. "
        f"coach config set {example.get(name, name)} {spec.example}"
        for name, spec in specs
    )
