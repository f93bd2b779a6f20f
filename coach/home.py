"""coach's own folders for the runner (settings, caches), never under a home folder that does not exist.

platformdirs puts them under the home folder (``~/.config/coach``,
``~/.cache/coach``, or the system's equivalents). When ``HOME`` names a folder
that is not there (a service account, a typo, a container), making them would
create that home; coach refuses instead, in one line.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import EnvironmentProblem


def user_folder(folder: str | Path, what: str, override: str) -> Path:
    """``folder`` (platformdirs' place for ``what``) if the home folder it lies in exists; ``override`` names the way out."""
    path = Path(folder)
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no user entry to find one
        return path
    if path.is_relative_to(home) and not home.is_dir():
        raise EnvironmentProblem(
            f"your home folder {home} does not exist, and coach keeps {what} in {path}; "
            f"set HOME to your home folder, or {override} to a folder coach may use"
        )
    return path
