"""From what a runner typed to their choices: every setting with its source, and the file to write.

What was typed is a :data:`Typed`, made from the settings table (one field per
setting); :func:`choices` resolves it against the profile, the routine and
coach's defaults. :func:`coach.app.produce.production` then makes the session.
"""

from __future__ import annotations

from dataclasses import field, fields, make_dataclass
from pathlib import Path
from typing import Any

from coach.app.settings import Choices, gather
from coach.profile.table import TABLE

Typed = make_dataclass("Typed", [(spec.key, Any, field(default=None)) for spec in TABLE], frozen=True)
Typed.__module__ = __name__
Typed.__doc__ = """What the runner typed for a session, one field per setting of the table; None means not typed.

Examples: ``Typed(level="full", pace=["leg-swings=20"])``, ``Typed(pan=False)`` (every cue in both ears).
"""


def choices(routines: list[str], typed: Any = None) -> Choices:
    """Settings for this session: typed options beat the profile, which beats the routine and the defaults."""
    given = typed if typed is not None else Typed()
    return gather(routines, {f.name: getattr(given, f.name) for f in fields(given)})


def export_path(chosen: Choices, typed: str, *, force: bool = False, subtitles: bool = False) -> Path:
    """The file ``coach export -o typed`` writes, checked before any work: never over the music it reads."""
    from coach.export.target import Input, export_path as checked

    paths, setting = chosen.get("music") or (), chosen.settings["music"]
    named = "--music {}" if setting.source == "command line" else "music {}, saved in " + setting.source[9:-1]
    inputs = [Input(Path(p).expanduser(), named.format(p)) for p in ([paths] if isinstance(paths, str) else paths)]
    return checked(typed, default_format=chosen.get("format"), force=force, subtitles=subtitles, inputs=inputs)
