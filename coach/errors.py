"""The one error family the domain code raises.

Only the CLI turns these into a message and an exit status; everything else
raises and lets them travel.
"""


class CoachError(Exception):
    """Base of every error coach reports to a person. ``exit_code`` is the CLI's status."""

    exit_code = 1


class InputError(CoachError):
    """Bad input from the user: a routine, an option, a file. Exit status 2."""

    exit_code = 2


class EnvironmentProblem(CoachError):
    """Something missing or failing on this machine (engine, disk, folder). Exit status 1."""

    exit_code = 1


class DeviceError(CoachError):
    """No audio output device, or it failed mid-session. Exit status 3."""

    exit_code = 3
