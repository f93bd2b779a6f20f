"""Opus in Ogg (``.opus``): small files with chapters for Android audiobook players.

Opus runs at 48 kHz, so the session is resampled (FFmpeg's resampler, delay
compensated; it gives the shortest 48 kHz length that holds every sample).
Ogg Opus trims the encoder's lookahead (the pre-skip) and the last page's
padding (its granule position), so a decoder gives back exactly that length:
the session's, rounded up to the next 48 kHz sample (at most 21 us more).
A planned session lasts a whole number of 48 kHz samples
(:data:`coach.plan.timeline.LENGTH_STEP`), so its Opus file lasts exactly
as long as its WAV.

Chapters are Vorbis comments as the chapter extension names them,
``CHAPTER001=00:00:00.000`` and ``CHAPTER001NAME=Introduction``, numbered
from 001; FFmpeg's own chapter writer would start at 000.
"""

from __future__ import annotations

from coach.export.avsink import AvSpec
from coach.export.meta import SessionMeta, chapter_list
from coach.units import hh_mm_ss_mmm, millis

RATE = 48_000
BIT_RATE = 96_000


def vorbis_tags(meta: SessionMeta) -> dict[str, str]:
    tags = {"TITLE": meta.title, "ARTIST": meta.artist, "ALBUM": meta.album}
    if meta.chapters:
        tags["DESCRIPTION"] = chapter_list(meta)
    for k, chapter in enumerate(meta.chapters, start=1):
        tags[f"CHAPTER{k:03d}"] = hh_mm_ss_mmm(millis(chapter.start))
        tags[f"CHAPTER{k:03d}NAME"] = chapter.title
    return tags


OPUS = AvSpec("Opus", "ogg", "libopus", "flt", RATE, BIT_RATE, vorbis_tags, chapters=False)
