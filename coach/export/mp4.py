"""AAC in MP4: ``.m4b`` for Apple Books and audiobook players, ``.m4a`` for music players.

FFmpeg's MP4 muxer writes the chapters twice, as a QuickTime chapter track
(Apple Books, iOS) and as a Nero ``chpl`` box (AntennaPod, VLC, most Android
players). The AAC encoder starts with 1024 samples of priming, which the
muxer's edit list skips; with the movie time scale at the sample rate the
edit list also ends on the session's last sample. A decoder that honours the
edit list's end (Apple's) gives back the session's exact length; FFmpeg and
most Android decoders play the last AAC frame whole: up to 1023 samples
(23 ms) of silence more. ``+faststart`` puts the index first, so a player
reads chapters and tags without seeking to the end.
"""

from __future__ import annotations

from coach.export.avsink import AvSpec
from coach.export.meta import SessionMeta, chapter_list
from coach.units import SAMPLE_RATE

BIT_RATE = 128_000
AUDIOBOOK = "2"  # the iTunes media kind ("stik") Apple Books files under Audiobooks
OPTIONS = {"movflags": "+faststart", "movie_timescale": str(SAMPLE_RATE)}


def mp4_tags(meta: SessionMeta) -> dict[str, str]:
    tags = {"title": meta.title, "artist": meta.artist, "album_artist": meta.artist, "album": meta.album}
    if meta.chapters:
        tags["comment"] = tags["synopsis"] = chapter_list(meta)
    return tags


def _audiobook_tags(meta: SessionMeta) -> dict[str, str]:
    return {**mp4_tags(meta), "media_type": AUDIOBOOK}


TITLE_BYTES = 255  # a Nero chapter title's length is one byte: FFmpeg cuts longer ones mid-character

M4B = AvSpec(
    "M4B", "ipod", "aac", "fltp", SAMPLE_RATE, BIT_RATE, _audiobook_tags, {**OPTIONS, "brand": "M4B "},
    title_bytes=TITLE_BYTES,
)
M4A = AvSpec("M4A", "ipod", "aac", "fltp", SAMPLE_RATE, BIT_RATE, mp4_tags, OPTIONS, title_bytes=TITLE_BYTES)
