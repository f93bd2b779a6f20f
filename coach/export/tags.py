"""ID3 tags (title, artist, album, length, chapters, the chapter list as a comment) for the finished file.

mutagen builds and saves the tag, but it orders frames by size, and some
readers (ffprobe, for one) list chapters in the order the CHAP frames appear.
:func:`sort_chapter_frames` then swaps the CHAP frames, in place, into time
order; the CTOC frame lists them in time order too.

We save ID3v2.3, the most widely read version (a few players still skip v2.4).
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.errors import EnvironmentProblem
from coach.export.meta import SessionMeta, chapter_list
from coach.units import millis

ID3_VERSION = 3
NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets unknown: readers use the times


def build_tags(meta: SessionMeta, total: int, tags=None):
    """A new ``mutagen.id3.ID3`` (or ``tags``, given empty) filled from ``meta``.

    Chapters get element ids ``chp0``, ``chp1``... in time order.
    """
    id3 = _mutagen_id3()
    tags = id3.ID3() if tags is None else tags
    tags.add(id3.TIT2(encoding=3, text=[meta.title]))
    tags.add(id3.TPE1(encoding=3, text=[meta.artist]))
    tags.add(id3.TALB(encoding=3, text=[meta.album]))
    tags.add(id3.TLEN(encoding=3, text=[str(millis(total))]))
    if meta.chapters:
        tags.add(id3.COMM(encoding=3, lang="eng", desc="", text=[chapter_list(meta)]))
    chapters = sorted(meta.chapters, key=lambda c: (c.start, c.end))
    ids = [f"chp{i}" for i in range(len(chapters))]
    for element_id, chapter in zip(ids, chapters):
        tags.add(id3.CHAP(
            element_id=element_id,
            start_time=millis(chapter.start),
            end_time=millis(chapter.end),
            start_offset=NO_OFFSET,
            end_offset=NO_OFFSET,
            sub_frames=[id3.TIT2(encoding=3, text=[chapter.title])],
        ))
    if ids:
        flags = id3.CTOCFlags.TOP_LEVEL | id3.CTOCFlags.ORDERED
        tags.add(id3.CTOC(element_id="toc", flags=flags, child_element_ids=ids, sub_frames=[]))
    return tags


def id3_bytes(meta: SessionMeta, total: int) -> bytes:
    """The whole ID3 tag, chapters in time order, to write at the start of an MP3 file."""
    out = io.BytesIO()
    build_tags(meta, total).save(out, v1=0, v2_version=ID3_VERSION)
    return sorted_chapter_frames(out.getvalue())


def tag_wav(path: Path, meta: SessionMeta, total: int) -> None:
    """Add an ``id3 `` chunk to a WAV file (ffprobe and many players read it)."""
    _mutagen_id3()
    from mutagen.wave import WAVE

    with _os_errors():
        wav = WAVE(path)
        wav.add_tags()
        build_tags(meta, total, wav.tags)
        wav.save(v2_version=ID3_VERSION)
    sort_chapter_frames(path, riff_chunk_offset(path, b"id3 "))


def sort_chapter_frames(path: Path, offset: int) -> None:
    """Put the CHAP frames of the ID3 tag at ``offset`` of ``path`` in time order, in place."""
    with open(path, "r+b") as f:
        f.seek(offset)
        header = f.read(10)
        tag = header + f.read(_syncsafe(header[6:10]) if len(header) == 10 else 0)
        f.seek(offset)
        f.write(sorted_chapter_frames(tag))


def sorted_chapter_frames(tag: bytes) -> bytes:
    """An ID3v2 tag with its CHAP frames in time order.

    Only frame positions change, so the tag keeps its size and nothing around it moves.
    """
    header = tag[:10]
    if header[:3] != b"ID3" or len(header) < 10 or header[5] != 0:
        raise ValueError("expected a plain ID3v2 tag")
    body = tag[10:10 + _syncsafe(header[6:10])]
    frames = list(_frames(body, header[3]))
    chaps = iter(sorted((fr for fr in frames if fr[:4] == b"CHAP"), key=_chap_times))
    ordered = [next(chaps) if fr[:4] == b"CHAP" else fr for fr in frames]
    used = sum(map(len, frames))
    return header + b"".join(ordered) + body[used:]


def riff_chunk_offset(path: Path, chunk_id: bytes) -> int:
    """Where the data of the first ``chunk_id`` chunk of a RIFF file starts."""
    with open(path, "rb") as f:
        f.seek(12)
        while header := f.read(8):
            cid, size = header[:4], struct.unpack("<I", header[4:])[0]
            if cid == chunk_id:
                return f.tell()
            f.seek(size + (size & 1), 1)
    raise ValueError(f"{path}: no {chunk_id!r} chunk")


def _frames(body: bytes, version: int) -> Iterator[bytes]:
    """Each whole frame (header included) of an ID3v2.3/2.4 tag body, up to the padding."""
    pos = 0
    while pos + 10 <= len(body) and body[pos] != 0:
        raw = body[pos + 4:pos + 8]
        size = _syncsafe(raw) if version == 4 else struct.unpack(">I", raw)[0]
        yield body[pos:pos + 10 + size]
        pos += 10 + size


def _chap_times(frame: bytes) -> tuple[int, int]:
    times = frame.index(b"\0", 10) + 1
    return struct.unpack(">II", frame[times:times + 8])


def _syncsafe(raw: bytes) -> int:
    return (raw[0] << 21) | (raw[1] << 14) | (raw[2] << 7) | raw[3]


@contextmanager
def _os_errors() -> Iterator[None]:
    """mutagen wraps OSError in its own error; unwrap it, so a full disk reads as a full disk."""
    from mutagen import MutagenError

    try:
        yield
    except MutagenError as err:
        cause = err.__cause__ or err.__context__
        if isinstance(cause, OSError):
            raise cause from err
        raise


def _mutagen_id3():
    try:
        import mutagen.id3
    except ImportError as err:
        raise EnvironmentProblem("tagging needs mutagen; install it with: pip install mutagen") from err
    return mutagen.id3
