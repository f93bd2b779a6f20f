"""Export sinks: a rendered session as an MP3, M4B/M4A, Opus or WAV file (plus WebVTT subtitles) for a phone.

``export_session`` is loaded on first use: choosing a format or reading the
chapters does not load NumPy or the encoders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.export.formats import FORMATS, Writer, format_for
from coach.export.meta import Caption, Chapter, SessionMeta

if TYPE_CHECKING:
    from coach.export.session import export_session

__all__ = ["FORMATS", "Caption", "Chapter", "SessionMeta", "Writer", "export_session", "format_for"]


def __getattr__(name: str) -> Any:
    if name == "export_session":
        from coach.export.session import export_session

        return export_session
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
