"""The one error family the domain code raises, and the exit statuses.

Only the CLI turns these into a message and an exit status; everything else
raises and lets them travel.
"""

from enum import IntEnum


class ExitStatus(IntEnum):
    """What coach's exit status means; the README lists the same."""

    OK = 0
    ENVIRONMENT = 1  # something missing or failing on this machine
    INPUT = 2  # something typed, or a file given
    NO_DEVICE = 3  # no sound device, or it failed
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


def reason(err: OSError) -> str:
    """Why an OSError happened, in words (some carry no ``strerror``)."""
    return err.strerror or str(err) or err.__class__.__name__


class CoachError(Exception):
    """Base of every error coach reports to a person. ``exit_code`` is the CLI's status."""

    exit_code = ExitStatus.ENVIRONMENT


class InputError(CoachError):
    """Bad input from the user: a routine, an option, a file. Exit status 2."""

    exit_code = ExitStatus.INPUT


class EnvironmentProblem(CoachError):
    """Something missing or failing on this machine (engine, disk, folder). Exit status 1."""

    exit_code = ExitStatus.ENVIRONMENT


class DeviceError(CoachError):
    """No audio output device, or it failed mid-session. Exit status 3."""

    exit_code = ExitStatus.NO_DEVICE


class Stopped(CoachError):
    """The runner stopped coach (Ctrl-C, or a signal) and coach says where. Exit status 128 + signal."""

    exit_code = ExitStatus.INTERRUPTED
