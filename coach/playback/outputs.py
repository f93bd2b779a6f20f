"""Sound outputs for live playback, chosen by name (``coach play --output NAME``).

Every output plays stereo int16 frames at :data:`coach.units.SAMPLE_RATE`
pulled from a :class:`coach.playback.ring.Ring`; the player writes the ring.
Backend libraries are imported inside the factories, so a missing one is
reported with what to install. This module imports neither numpy nor any
backend, so the simpleaudio refusal below works on a bare interpreter.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from coach.errors import CoachError, DeviceError, EnvironmentProblem, InputError
from coach.playback.output import Output

DEFAULT_OUTPUT = "sounddevice"


def simpleaudio_refusal(version_info: tuple[int, ...] = sys.version_info) -> str | None:
    """Why simpleaudio cannot be used on this Python, or None when it can."""
    if tuple(version_info[:2]) >= (3, 12):
        return (
            "The simpleaudio output crashes at the end of every playback on Python 3.12 "
            "and newer; use `--output sounddevice` instead."
        )
    return None


def _sounddevice() -> Output:
    from coach.playback.probe import check_starts

    try:
        check_starts("sounddevice")  # a broken setup can abort the process that starts PortAudio
        import sounddevice
    except ImportError:
        raise EnvironmentProblem(
            "The sounddevice output needs the Python package sounddevice: pip install sounddevice."
        ) from None
    except CoachError:
        raise
    except OSError:
        raise EnvironmentProblem(
            "The sound library PortAudio is missing: install libportaudio2 (for example `apt install libportaudio2`)."
        ) from None
    except Exception as err:  # PortAudio's own error, raised while it starts
        raise DeviceError(f"the sound system could not start ({err}); use `coach export` instead") from None
    from coach.playback.sd_output import SoundDeviceOutput

    return SoundDeviceOutput(sounddevice)


def _simpleaudio() -> Output:
    refusal = simpleaudio_refusal()
    if refusal:
        raise InputError(refusal)
    try:
        import simpleaudio
    except ImportError:
        raise EnvironmentProblem(
            "The simpleaudio output needs the package simpleaudio: pip install "
            "'hipcoach[simpleaudio]' (building it needs gcc and libasound2-dev)."
        ) from None
    from coach.playback.sa_output import SimpleAudioOutput

    return SimpleAudioOutput(simpleaudio)


OUTPUTS: dict[str, Callable[[], Output]] = {
    "sounddevice": _sounddevice,
    "simpleaudio": _simpleaudio,
}


def open_output(name: str = DEFAULT_OUTPUT) -> Output:
    """The output called ``name``, ready to :meth:`Output.start`. Raises CoachError."""
    factory = OUTPUTS.get(name)
    if factory is None:
        known = ", ".join(sorted(OUTPUTS))
        raise InputError(f"Unknown output {name!r}; choose one of: {known}.")
    return factory()
