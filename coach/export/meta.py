"""What an exported file says about itself: title, album, chapters, captions.

All times are sample indices at :data:`coach.plan.timeline.SAMPLE_RATE`.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.plan.timeline import Chapter
from coach.units import m_ss_down

__all__ = ["Caption", "Chapter", "SessionMeta", "chapter_list", "check_meta"]


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


def chapter_list(meta: SessionMeta) -> str:
    """The chapters as text, one ``m:ss Title`` line each, for players that show only a comment.

    Times are rounded down to the second, so a jump to one never lands before its chapter.
    """
    return "\n".join(f"{m_ss_down(c.start)} {c.title}" for c in meta.chapters)


def check_meta(meta: SessionMeta, total: int) -> None:
    """Raise ValueError if a chapter or caption lies outside ``0..total`` or ends before it starts.

    These come from the scheduler, so a bad span is a bug, not a user mistake.
    """
    spans = [("chapter", c.title, c.start, c.end) for c in meta.chapters]
    spans += [("caption", c.text, c.start, c.end) for c in meta.captions]
    for kind, label, start, end in spans:
        if not 0 <= start < end <= total:
            raise ValueError(f"{kind} {label!r} spans {start}..{end}, outside 0..{total}")
