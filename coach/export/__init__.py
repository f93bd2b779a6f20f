"""Export sinks: a rendered session as an MP3, M4B/M4A, Opus or WAV file (plus WebVTT subtitles) for a phone.

Names are loaded on first use: choosing a format (``coach --help`` does, for
its list of kinds) loads neither the timeline, nor NumPy, nor the encoders.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.export.formats import FORMATS, Writer, format_for
    from coach.export.meta import Caption, Chapter, SessionMeta
    from coach.export.session import export_session

_HOMES = {
    "FORMATS": "formats",
    "Writer": "formats",
    "format_for": "formats",
    "Caption": "meta",
    "Chapter": "meta",
    "SessionMeta": "meta",
    "export_session": "session",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
