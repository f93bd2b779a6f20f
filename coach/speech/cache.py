"""The phrase cache: every clip is synthesized once, then read from disk.

One ``.npy`` file per clip (float32, mono, 44.1 kHz, trimmed), named by the
sha256 of what made it, with the BLAKE2b digest of its samples after them
(NumPy ignores bytes after the array). Files are written through coach.atomic
(a hidden name in the same folder, renamed into place), so two coach
processes can fill the cache at once. A damaged entry of any kind (cut
short, bytes changed inside, a folder or a pipe in its place) is noticed by
its digest or its type, removed and made again. A small in-memory
LRU, bounded in bytes, saves disk reads for the phrases used most.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from coach.atomic import remove_stale, write_whole
from coach.regular import open_regular, read_regular
from coach.errors import EnvironmentProblem, reason
from coach.speech.entry import (  # noqa: F401  (cache_root, phrase_key, CACHE_FORMAT, ENV_VAR: this module's interface)
    CACHE_FORMAT,
    DIGEST_BYTES,
    ENV_VAR,
    SAMPLE_DTYPE,
    cache_root,
    clip_length,
    phrase_key,
)

MEMORY_BYTES = 4 * 1024 * 1024  # about 24 s of clips: the counts and cues said again and again
LENGTHS_KEPT = 8192
_STALE_TEMP_SECONDS = 3600
_DTYPE = np.dtype(SAMPLE_DTYPE)
_DIGEST = DIGEST_BYTES
MAX_CLIP_BYTES = 64 * 1024 * 1024  # 6 minutes of one clip: more is not a phrase


class PhraseCache:
    """Clips on disk under ``folder``, the recent ones also in memory."""

    def __init__(self, folder: Path, memory_bytes: int = MEMORY_BYTES) -> None:
        self.folder = Path(folder)
        self.memory_bytes = memory_bytes
        self._clips: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lengths: OrderedDict[str, int] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise EnvironmentProblem(
                f"cannot create the phrase cache folder {self.folder} ({reason(e)}); "
                f"set {ENV_VAR} to a folder you can write"
            ) from None
        self._remove_stale_temporaries()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.npy"

    def get(self, key: str) -> np.ndarray | None:
        """The clip, or None when it is not cached (or its file was damaged)."""
        with self._lock:
            clip = self._clips.get(key)
            if clip is not None:
                self._clips.move_to_end(key)
                return clip
        clip = self._read(key)
        if clip is not None:
            self._remember(key, clip)
        return clip

    def length(self, key: str) -> int | None:
        """The clip's length in samples from memory or the file header, without loading it."""
        with self._lock:
            if key in self._lengths:
                self._lengths.move_to_end(key)
                return self._lengths[key]
        length = self._header_length(key)
        if length is not None:
            self._remember_length(key, length)
        return length

    def put(self, key: str, clip: np.ndarray) -> np.ndarray:
        """Store ``clip`` (atomically) and return the read-only array kept in memory."""
        clip = np.array(clip, dtype=_DTYPE, copy=True)  # ours alone, so it can be read-only
        clip.flags.writeable = False
        self._write(key, clip)
        self._remember(key, clip)
        return clip

    def held_bytes(self) -> int:
        """Bytes of clips held in memory now (never above ``memory_bytes``)."""
        with self._lock:
            return self._held

    def _read(self, key: str) -> np.ndarray | None:
        path = self.path(key)
        try:
            data = read_regular(path, MAX_CLIP_BYTES)
            clip = _unpack(data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, EOFError):
            self._discard(path)
            return None
        clip.flags.writeable = False
        return clip

    def _header_length(self, key: str) -> int | None:
        path = self.path(key)
        try:
            with open_regular(path) as f:
                return clip_length(f, os.fstat(f.fileno()).st_size)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, EOFError):
            self._discard(path)
            return None

    def _write(self, key: str, clip: np.ndarray) -> None:
        data = io.BytesIO()
        np.save(data, clip, allow_pickle=False)
        data.write(_digest(clip))
        try:
            write_whole(self.path(key), data.getvalue(), durable=False)  # a lost entry is made again
        except OSError as e:
            raise EnvironmentProblem(
                f"cannot write to the phrase cache folder {self.folder} ({reason(e)}); "
                f"free some space or set {ENV_VAR} to another folder"
            ) from None

    def _remember(self, key: str, clip: np.ndarray) -> None:
        with self._lock:
            old = self._clips.pop(key, None)
            if old is not None:
                self._held -= old.nbytes
            if clip.nbytes <= self.memory_bytes:
                self._clips[key] = clip
                self._held += clip.nbytes
            while self._held > self.memory_bytes:
                _, dropped = self._clips.popitem(last=False)
                self._held -= dropped.nbytes
        self._remember_length(key, len(clip))

    def _remember_length(self, key: str, length: int) -> None:
        with self._lock:
            self._lengths[key] = length
            self._lengths.move_to_end(key)
            while len(self._lengths) > LENGTHS_KEPT:
                self._lengths.popitem(last=False)

    def _discard(self, path: Path) -> None:
        """Forget a damaged entry so the next request makes it again."""
        with self._lock:
            key = path.stem
            if key in self._clips:
                self._held -= self._clips.pop(key).nbytes
            self._lengths.pop(key, None)
        _unlink(path)

    def _remove_stale_temporaries(self) -> None:
        """Temporary files left by a coach process that was killed mid-write."""
        remove_stale(self.folder, _STALE_TEMP_SECONDS)
        remove_stale(self.folder, _STALE_TEMP_SECONDS, ".*.tmp")  # as coach named them before coach.atomic


def _unpack(data: bytes) -> np.ndarray:
    """The clip in a cache file's bytes; ValueError if anything about it is wrong."""
    f = io.BytesIO(data)
    length = clip_length(f, len(data))
    clip = np.frombuffer(data, dtype=_DTYPE, count=length, offset=f.tell())
    if data[-_DIGEST:] != _digest(clip) or not _valid(clip):
        raise ValueError("damaged clip")
    return clip


def _digest(clip: np.ndarray) -> bytes:
    return hashlib.blake2b(np.ascontiguousarray(clip, dtype=_DTYPE).tobytes(), digest_size=_DIGEST).digest()


def _valid(clip: np.ndarray) -> bool:
    return (
        clip.ndim == 1
        and clip.dtype == _DTYPE
        and clip.size > 0
        and bool(np.isfinite(clip).all())
    )


def _unlink(path: Path) -> None:
    """Remove a damaged entry, whatever it is (a folder too), so it can be made again."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        pass
