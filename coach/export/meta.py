"""What an exported file says about itself: title, album, chapters, captions.

All times are sample indices at :data:`coach.plan.timeline.SAMPLE_RATE`.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.plan.timeline import SAMPLE_RATE, Chapter

__all__ = ["Caption", "Chapter", "SessionMeta", "chapter_list", "check_meta", "millis", "timestamp"]


@dataclass(frozen=True)
class Caption:
    """One spoken line, shown from ``start`` to ``end`` (samples)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SessionMeta:
    """Tags, chapters and captions for one exported session."""

    title: str
    album: str
    artist: str = "coach"
    chapters: tuple[Chapter, ...] = ()
    captions: tuple[Caption, ...] = ()


def millis(samples: int) -> int:
    """Sample index -> whole milliseconds (ID3 and WebVTT count in ms)."""
    return (samples * 1000 + SAMPLE_RATE // 2) // SAMPLE_RATE


def timestamp(ms: int) -> str:
    """Milliseconds -> ``HH:MM:SS.mmm`` (WebVTT cues, Ogg chapter comments)."""
    secs, ms = divmod(ms, 1000)
    mins, secs = divmod(secs, 60)
    hours, mins = divmod(mins, 60)
    return f"{hours:02d}:{mins:02d}:{secs:02d}.{ms:03d}"


def chapter_list(meta: SessionMeta) -> str:
    """The chapters as text, one ``m:ss Title`` line each, for players that show only a comment.

    Times are rounded down to the second, so a jump to one never lands before its chapter.
    """
    return "\n".join(f"{clock(c.start)} {c.title}" for c in meta.chapters)


def clock(samples: int) -> str:
    """Sample index -> ``m:ss``, or ``h:mm:ss`` from an hour on, rounded down to the second."""
    minutes, secs = divmod(samples // SAMPLE_RATE, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def check_meta(meta: SessionMeta, total: int) -> None:
    """Raise ValueError if a chapter or caption lies outside ``0..total`` or ends before it starts.

    These come from the scheduler, so a bad span is a bug, not a user mistake.
    """
    spans = [("chapter", c.title, c.start, c.end) for c in meta.chapters]
    spans += [("caption", c.text, c.start, c.end) for c in meta.captions]
    for kind, label, start, end in spans:
        if not 0 <= start < end <= total:
            raise ValueError(f"{kind} {label!r} spans {start}..{end}, outside 0..{total}")
