"""Which writer makes which kind of file: a plain table, suffix -> writer factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from coach.errors import InputError
from coach.units import SAMPLE_RATE, h_min

if TYPE_CHECKING:  # the writers load NumPy and the chapters the timeline; choosing a format does neither
    import numpy as np

    from coach.export.meta import SessionMeta


class Writer(Protocol):
    """A sink for one file. ``close`` finishes it (tags included); ``abort`` just lets go of it."""

    def open(self, path: Path, total: int, meta: SessionMeta) -> None: ...
    def write(self, block: np.ndarray) -> None: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...


def _wav() -> Writer:
    from coach.export.wav import WavWriter

    return WavWriter()


def _mp3() -> Writer:
    from coach.export.mp3 import Mp3Writer

    return Mp3Writer()


def _m4b() -> Writer:
    from coach.export.avsink import AvWriter
    from coach.export.mp4 import M4B

    return AvWriter(M4B)


def _m4a() -> Writer:
    from coach.export.avsink import AvWriter
    from coach.export.mp4 import M4A

    return AvWriter(M4A)


def _opus() -> Writer:
    from coach.export.avsink import AvWriter
    from coach.export.opus import OPUS

    return AvWriter(OPUS)


FORMATS: dict[str, Callable[[], Writer]] = {
    ".mp3": _mp3,
    ".m4b": _m4b,
    ".m4a": _m4a,
    ".opus": _opus,
    ".wav": _wav,
}


WAV_MAX_SAMPLES = (2**32 - 1 - 44 - 2**20) // 4
"""A WAV file counts its bytes in 32 bits: 4 GiB, less the header and room for the tags (6 h 45 min)."""

MAX_SAMPLES: dict[str, int] = {".wav": WAV_MAX_SAMPLES}


def check_file_length(path: Path, total: int) -> None:
    """InputError if a file of ``path``'s kind cannot hold ``total`` samples."""
    limit = MAX_SAMPLES.get(format_for(path))
    if limit is not None and total > limit:
        longest = limit // SAMPLE_RATE // 60 * 60  # whole minutes
        raise InputError(
            f"{path}: a {format_for(path)[1:].upper()} file holds at most {h_min(longest)} "
            "(4 GB); save this session as .mp3, .m4b or .opus"
        )


def format_for(path: Path) -> str:
    """The table key for ``path``'s suffix (any case), or InputError naming what we can write."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        given = f"'{Path(path).suffix}'" if Path(path).suffix else "no suffix"
        raise InputError(f"can't export to {path} ({given}); the file name must end in one of: {known}")
    return suffix
