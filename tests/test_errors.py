"""The exit statuses the README promises, in one enum the errors and the CLI share."""

from __future__ import annotations

from coach.errors import CoachError, DeviceError, EnvironmentProblem, ExitStatus, InputError


def test_each_error_carries_its_documented_status():
    assert [InputError.exit_code, EnvironmentProblem.exit_code, DeviceError.exit_code] == [2, 1, 3]
    assert CoachError.exit_code == ExitStatus.ENVIRONMENT
    assert ExitStatus.INTERRUPTED == 130


def test_the_readme_lists_the_same_statuses():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert "The exit status is 2 for something you typed or a file you gave, 1 for" in readme
    assert "something missing on this machine, 3 when there is no sound device, and 130" in readme
