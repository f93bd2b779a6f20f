"""An installed distribution's version, read from its ``.dist-info`` folder without importlib.metadata.

Voice keys hold the versions of the speech libraries, and every command that
plans needs its voice key. ``importlib.metadata`` costs about 12 ms to import
(it brings the email package) and scans every path entry per call; the
folders that pip and uv install are found here with one listing of each
``sys.path`` folder, in the same order. Anything else (eggs, zips, odd
layouts) goes to importlib.metadata, which gives the same answer.
"""

from __future__ import annotations

import os
import re
import sys


def dist_version(name: str) -> str | None:
    """The version of the installed distribution ``name``; None if it is not installed."""
    wanted = re.sub(r"[-_.]+", "_", name).lower() + "-"
    for entry in sys.path:
        try:
            found = [e.name for e in os.scandir(entry or ".") if e.name.lower().startswith(wanted)]
        except OSError:
            continue
        for folder in sorted(found):
            if folder.lower().endswith(".dist-info"):
                version = _metadata_version(os.path.join(entry or ".", folder, "METADATA"))
                if version is not None:
                    return version
    return _from_importlib(name)


def _metadata_version(path: str) -> str | None:
    """The ``Version:`` header of a METADATA file (headers end at the first empty line)."""
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    return None
                if line.startswith("Version:"):
                    return line.removeprefix("Version:").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _from_importlib(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
