"""Export sinks: a rendered session as a WAV or MP3 file (plus WebVTT subtitles) for a phone."""

from __future__ import annotations

from coach.export.formats import FORMATS, Writer, format_for
from coach.export.meta import Caption, Chapter, SessionMeta
from coach.export.session import export_session

__all__ = ["FORMATS", "Caption", "Chapter", "SessionMeta", "Writer", "export_session", "format_for"]
