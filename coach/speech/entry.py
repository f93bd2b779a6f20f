"""A phrase cache entry's name and header, read without NumPy.

An entry is a ``.npy`` file of float32 samples followed by a BLAKE2b digest of
them (see :mod:`coach.speech.cache`). Its key is the sha256 of everything that
decides the samples. The header alone gives the clip's length, which is all
that planning needs, so ``coach plan`` and ``coach list`` read only this.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import struct
from pathlib import Path
from typing import BinaryIO

import platformdirs

from coach.home import user_folder
from coach.speech.rates import PACING

CACHE_FORMAT = 6
"""Bump when the clips change for the same key (trimming, resampling, layout).

2: espeak-ng clips no longer depend on the phrases spoken before them.
4: the voice is keyed by its fingerprint (a Piper model's digest), texts are written out.
5: each file ends with the digest of its samples.
6: a rushed line is said again slower (rates.paced_length, rates.next_rate).
"""

ENV_VAR = "COACH_CACHE_DIR"
DIGEST_BYTES = 32  # BLAKE2b after the samples
SAMPLE_DTYPE = "<f4"
_MAGIC = b"\x93NUMPY"
_MAX_HEADER = 4096


def cache_root() -> Path:
    """The coach cache folder: ``$COACH_CACHE_DIR`` or the user's cache folder."""
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else user_folder(platformdirs.user_cache_dir("coach"), "its cache", ENV_VAR)


def phrase_key(engine: str, version: str, voice: str, rate: int, text: str, clarity: int | None = None) -> str:
    """sha256 of everything that decides a clip's samples; ``voice`` is the engine's fingerprint of it.

    ``clarity``: the version of the clear-speech processing a clear clip went through (None: a plain clip).
    """
    fields: list[object] = [CACHE_FORMAT, engine, version, voice, rate, PACING, text]
    if clarity is not None:
        fields.append(f"clarity {clarity}")
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def clip_length(f: BinaryIO, size: int) -> int:
    """Samples in the entry open as ``f`` (``size`` bytes), from its header, leaving ``f`` at the first one.

    ValueError unless the header is a clip's and the size is the header, the samples and the digest.
    """
    shape, descr, fortran = _read_header(f)
    if len(shape) != 1 or descr != SAMPLE_DTYPE or fortran or shape[0] <= 0:
        raise ValueError("not a clip of this cache's format")
    if size != f.tell() + shape[0] * 4 + DIGEST_BYTES:
        raise ValueError("not a clip of this cache's format")
    return int(shape[0])


def _read_header(f: BinaryIO) -> tuple[tuple[int, ...], str, bool]:
    """Shape, dtype and order from an ``.npy`` header (format 1.0 or 2.0), as NumPy writes it."""
    start = f.read(len(_MAGIC) + 2)
    if len(start) != len(_MAGIC) + 2 or not start.startswith(_MAGIC):
        raise ValueError("not a .npy file")
    version = (start[-2], start[-1])
    if version == (1, 0):
        (count,) = struct.unpack("<H", _exactly(f, 2))
    elif version == (2, 0):
        (count,) = struct.unpack("<I", _exactly(f, 4))
    else:
        raise ValueError(f"unexpected .npy version {version}")
    if count > _MAX_HEADER:
        raise ValueError("a .npy header too long for a clip")
    try:
        header = ast.literal_eval(_exactly(f, count).decode("latin-1"))
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise ValueError("a damaged .npy header") from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise ValueError("a damaged .npy header")
    shape = header["shape"]
    if not isinstance(shape, tuple) or not all(isinstance(n, int) and not isinstance(n, bool) for n in shape):
        raise ValueError("a damaged .npy header")
    return shape, str(header["descr"]), bool(header["fortran_order"])


def _exactly(f: BinaryIO, count: int) -> bytes:
    data = f.read(count)
    if len(data) != count:
        raise EOFError("a .npy header cut short")
    return data
