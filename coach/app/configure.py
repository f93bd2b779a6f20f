"""Saving a setting, checked the way the commands that use it will check it.

A voice is looked up with its engine before it is saved: a name no engine
knows is refused now, with the close matches, not at the next export. A pace
is saved only for a 20 m drill of a built-in routine.
"""

from __future__ import annotations

from coach.app.calibrate import find_distance_drill
from coach.errors import CoachError, InputError
from coach.profile import store
from coach.profile.keys import PACE_PREFIX, parse_text
from coach.routine.builtin import BUILTIN, find_routine
from coach.speech.engines import make_engine

VOICE_KEYS = ("voice_engine", "voice")


def save_setting(key: str, value: str) -> store.Profile:
    """Check ``value`` for ``key`` (a voice against its engine too), save it, return the new profile."""
    name, clean = parse_text(key, value)
    if name.startswith(PACE_PREFIX):
        _check_drill(name[len(PACE_PREFIX):])
    if name in VOICE_KEYS:
        saved = store.load_profile().values
        chosen = {**{k: saved.get(k) for k in VOICE_KEYS}, name: clean}
        try:
            make_engine(chosen["voice_engine"]).resolve_voice(chosen["voice"])
        except CoachError as err:
            raise InputError(f"{name} {value}: {err}; nothing was saved") from None
    return store.set_value(key, value)


def _check_drill(drill: str) -> None:
    """A pace is saved only for a 20 m drill of a built-in routine (``coach pace --routine`` times your own)."""
    try:
        find_distance_drill([find_routine(name) for name in BUILTIN], drill)
    except InputError as err:
        raise InputError(
            f"{PACE_PREFIX}{drill}: {err}; nothing was saved "
            f"(a drill of your own routine: coach pace {drill} --routine FILE --seconds N)"
        ) from None


def from_settings_file(err: CoachError, sources: dict[str, str]) -> CoachError:
    """``err`` about the voice, saying which saved settings it came from (``sources``: key -> source)."""
    saved = [key for key in VOICE_KEYS if sources.get(key, "").startswith("profile (")]
    if not saved or not isinstance(err, InputError):
        return err
    where = sources[saved[0]][len("profile ("):-1]
    return InputError(f"{err} ({saved[0]} saved in {where}; change it with: coach config set {saved[0]} ...)")
