"""WebVTT subtitles: every spoken line as a cue, a NOTE naming each drill where it starts.

Follows https://www.w3.org/TR/webvtt1/: a ``WEBVTT`` line, then blocks
separated by blank lines; cue times are ``HH:MM:SS.mmm``.
"""

from __future__ import annotations

from pathlib import Path

from coach.export.meta import SessionMeta
from coach.units import hh_mm_ss_mmm, millis


def render_vtt(meta: SessionMeta) -> str:
    """The whole WebVTT document for ``meta``'s captions and chapters."""
    blocks: list[tuple[int, int, str]] = []  # (sample, 0 = note before 1 = cue, text)
    for chapter in meta.chapters:
        blocks.append((chapter.start, 0, f"NOTE {_one_line(chapter.title)}"))
    for caption in meta.captions:
        start, end = millis(caption.start), max(millis(caption.end), millis(caption.start) + 1)
        blocks.append((caption.start, 1, f"{hh_mm_ss_mmm(start)} --> {hh_mm_ss_mmm(end)}\n{_cue_text(caption.text)}"))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return "\n\n".join(["WEBVTT"] + [text for _, _, text in blocks]) + "\n"


def write_vtt(path: Path, meta: SessionMeta) -> None:
    """Write :func:`render_vtt` to ``path`` as UTF-8 with plain ``\\n`` line ends."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(render_vtt(meta))


def _one_line(text: str) -> str:
    """Collapse whitespace so that text can't end a block; ``-->`` is not allowed in a NOTE."""
    return " ".join(text.split()).replace("-->", "->")


def _cue_text(text: str) -> str:
    """Cue text with the characters WebVTT gives meaning to escaped."""
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
