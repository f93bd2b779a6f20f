"""Phrase lengths known without speaking: the phrase cache's headers, then the table shipped with coach.

Planning needs only how long each line lasts. For a voice whose lines were
spoken before, the cache's file headers say; for the default voice, coach
ships the length of every line of its built-in routines (``lengths.json``,
made by ``scripts/ship_lengths.py`` from the real voice), so the first
``coach list`` or ``coach plan`` answers at once. A line found in neither is
left for the speech engine to make (see :meth:`coach.speech.speech.Speech.prepare`).

Nothing here loads NumPy or a speech model.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from coach.regular import open_regular
from coach.speech.engines import make_engine
from coach.speech.entry import CACHE_FORMAT, cache_root, clip_length, phrase_key
from coach.speech.rates import PACING, checked_rate
from coach.speech.spoken import spoken_form

SHIPPED = "lengths.json"

CLARITY_VERSION = 1
"""Bump when :mod:`coach.audio.clarity` makes other samples: part of every clear clip's cache key."""


@dataclass(frozen=True)
class VoiceKey:
    """Everything but the text that decides a clip's samples (and so its length)."""

    engine: str
    version: str
    fingerprint: str
    rate: int

    def phrase_key(self, clean: str) -> str:
        return phrase_key(self.engine, self.version, self.fingerprint, self.rate, clean)

    def clear_key(self, clean: str) -> str:
        """The key of the line's clear clip (:mod:`coach.audio.clarity`), made from the plain one."""
        return phrase_key(self.engine, self.version, self.fingerprint, self.rate, clean, clarity=CLARITY_VERSION)


@functools.lru_cache(maxsize=16)
def voice_key(engine: str | None = None, voice: str | None = None, rate: int | None = None) -> VoiceKey:
    """The key of a voice as chosen (None: the defaults); the same errors as opening it. Made once per process."""
    rate = checked_rate(rate)
    made = make_engine(engine)
    voice_id = made.resolve_voice(voice)
    return VoiceKey(made.name, made.version(), made.fingerprint(voice_id), rate)


def known_lengths(key: VoiceKey, texts: Iterable[str], cache_dir: Path | None = None) -> dict[str, int]:
    """Samples of each text whose length is known without speaking it, keyed by the text as given.

    The cache (under ``cache_dir``, default the coach cache folder) comes first:
    it holds what this machine's engine really made.
    """
    folder = (Path(cache_dir) if cache_dir is not None else cache_root()) / "phrases"
    shipped = shipped_lengths(key)
    found: dict[str, int] = {}
    for text in dict.fromkeys(texts):
        clean = spoken_form(text)
        length = _cached_length(folder / f"{key.phrase_key(clean)}.npy")
        if length is None:
            length = shipped.get(clean)
        if length is not None:
            found[text] = length
    return found


def shipped_lengths(key: VoiceKey) -> Mapping[str, int]:
    """The shipped table's lengths by spoken form, when it was made with exactly this voice; else empty."""
    table = _shipped_table()
    same = table.get("voice") == asdict(key) and table.get("format") == [CACHE_FORMAT, PACING]
    return table["lengths"] if same else {}


def table(key: VoiceKey, lengths: Mapping[str, int]) -> dict:
    """The shipped table for ``key`` (what ``scripts/ship_lengths.py`` writes)."""
    return {"voice": asdict(key), "format": [CACHE_FORMAT, PACING], "lengths": dict(sorted(lengths.items()))}


@functools.cache
def _shipped_table() -> dict:
    try:
        return json.loads(resources.files(__package__).joinpath(SHIPPED).read_text("utf-8"))
    except (OSError, ValueError):  # not shipped (a trimmed install): every line is spoken first
        return {}


def _cached_length(path: Path) -> int | None:
    """The clip's length from a cache entry's header; None if absent or not a sound entry.

    A damaged entry is left for the speech layer, which removes and remakes it.
    """
    try:
        with open_regular(path) as f:
            return clip_length(f, os.fstat(f.fileno()).st_size)
    except (OSError, ValueError, EOFError):
        return None
