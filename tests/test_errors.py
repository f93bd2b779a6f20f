"""The exit statuses the README promises, in one enum the errors and the CLI share."""

from __future__ import annotations

import re

from coach.errors import CoachError, DeviceError, EnvironmentProblem, ExitStatus, InputError, Stopped


def test_each_error_carries_its_documented_status():
    assert [InputError.exit_code, EnvironmentProblem.exit_code, DeviceError.exit_code] == [2, 1, 3]
    assert CoachError.exit_code == ExitStatus.ENVIRONMENT
    assert ExitStatus.INTERRUPTED == Stopped.exit_code == 130


def test_the_readme_lists_the_same_statuses():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    text = " ".join(readme[readme.index("The exit status is"):].split("\n\n")[0].split())
    found = re.findall(r"(\d+) (?:for|when|\()", text)
    assert found[:4] == ["2", "1", "3", "130"], text
    assert "128 + the signal's number" in text and "143 for SIGTERM" in text
